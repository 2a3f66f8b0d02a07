package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditLock;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.audit.GroupBy;
import org.attentionworkbench.audit.ReportFile;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "The audit's output folder": one audit at a time per folder, no document counted twice,
 * and a report that cannot be written (a full disk) named and left whole.
 */
class HostileAuditFolderTest {

    private static String[] audit(Path out, int limit, String... more) {
        List<String> a = new ArrayList<>(List.of("audit", "-m", HostileCli.MODEL, "--data", HostileCli.sst2(),
                "--limit", String.valueOf(limit), "--sections", "uniform,permutation", "--threads", "1", "--no-progress",
                "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(new String[0]);
    }

    @Test
    void aFolderInUseIsRefusedNamingItsHolder(@TempDir Path dir) {
        Path out = dir.resolve("audit");
        String[] args = audit(out, 3);
        try (AuditLock held = AuditLock.acquire(out)) {
            HostileCli r = HostileCli.run(args);
            assertEquals(1, r.exit(), r.all());
            assertTrue(r.err().contains("is in use by another audit") && r.err().contains(
                    "process " + ProcessHandle.current().pid()) && r.err().contains("another --out folder"), r.err());
            HostileOutput.assertClean(r.all());
            assertTrue(!Files.exists(out.resolve(DocumentsCsv.FILE_NAME)), "nothing written while refused");
        }
        HostileCli after = HostileCli.run(args);
        assertEquals(0, after.exit(), after.all());
    }

    /** A folder of someone's rows without a plan is refused, and the refused audit leaves no lock file in it. */
    @Test
    void aRefusedFolderKeepsNothingOfTheAudit(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("theirs");
        Files.createDirectories(out);
        Files.writeString(out.resolve(DocumentsCsv.FILE_NAME), "model,index\nx,1\n");
        HostileCli r = HostileCli.run(audit(out, 2));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("use another --out folder"), r.err());
        try (var files = Files.list(out)) {
            assertEquals(List.of(DocumentsCsv.FILE_NAME), files.map(p -> p.getFileName().toString()).toList());
        }
    }

    @Test
    void aStaleLockOfADeadProcessIsTakenOver(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("audit");
        Files.createDirectories(out);
        // What a killed audit leaves: the file, with its holder line, but no process holding it.
        Files.writeString(out.resolve(AuditLock.FILE_NAME), "process 999999 on host elsewhere, since 2020-01-01T00:00:00Z\n");
        HostileCli r = HostileCli.run(audit(out, 3));
        assertEquals(0, r.exit(), r.all());
        assertEquals(4, Files.readAllLines(out.resolve(DocumentsCsv.FILE_NAME)).size());
    }

    @Test
    void theWindowsRunnerTakesTheSameLock(@TempDir Path dir) throws IOException {
        HostileCli.sst2();
        Path out = dir.resolve("audit");
        AuditPlan plan = new AuditPlan(List.of(HostileCli.MODEL), HostileCli.SST2.toString(), 2, 1,
                Section.parseList("uniform"), 1, 0.05, 1000, 5000, AdversarialSearch.Variant.PUBLISHED, GroupBy.PREDICTED);
        AuditRunner runner = new AuditRunner(plan, 1, name -> AttentionModel.load(Path.of(name)));
        var data = DatasetLoader.load(HostileCli.SST2.toString());
        try (AuditLock held = AuditLock.acquire(out)) {
            AuditException e = assertThrows(AuditException.class, () -> runner.runAndReport(data, out, false,
                    new AuditRunner.Listener() { }, Cancellation.NEVER));
            assertTrue(e.getMessage().contains("in use by another audit"), e.getMessage());
        }
    }

    @Test
    void twoAuditsStartedAtOnceNeverDoubleTheRows(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("audit");
        String[] args = audit(out, 12);
        CountDownLatch go = new CountDownLatch(1);
        ExecutorService pool = Executors.newFixedThreadPool(2);
        try {
            List<Future<HostileCli>> runs = new ArrayList<>();
            for (int i = 0; i < 2; i++) {
                runs.add(pool.submit(() -> {
                    go.await();
                    return HostileCli.run(args);
                }));
            }
            go.countDown();
            for (Future<HostileCli> f : runs) {
                HostileCli r = f.get();
                HostileOutput.assertClean(r.all());
                assertTrue(r.exit() == 0 || (r.exit() == 1 && r.err().contains("in use by another audit")), r.all());
            }
        } finally {
            pool.shutdownNow();
        }
        List<AuditRow> rows = DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME));
        assertEquals(12, rows.size(), "every document once");
        Set<String> keys = new HashSet<>();
        for (AuditRow r : rows) assertTrue(keys.add(r.key()), "twice: " + r.key());
    }

    @Test
    void aFolderWhoseRowsHoldADocumentTwiceIsRefused(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("audit");
        assertEquals(0, HostileCli.run(audit(out, 3)).exit());
        // What two unlocked audits left: every row appended a second time.
        Path csv = out.resolve(DocumentsCsv.FILE_NAME);
        List<String> lines = Files.readAllLines(csv);
        Files.write(csv, lines.subList(1, lines.size()), StandardOpenOption.APPEND);
        HostileCli r = HostileCli.run(audit(out, 3));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("twice (lines 2 and 5)") && r.err().contains("--restart"), r.err());
        HostileOutput.assertClean(r.all());
    }

    @Test
    void aReportFileThatCannotBeWrittenIsNamedAndThePreviousSummarySurvives(@TempDir Path dir) throws IOException {
        Path out = dir.resolve("audit");
        assertEquals(0, HostileCli.run(audit(out, 3)).exit());
        byte[] summary = Files.readAllBytes(out.resolve("summary.json"));
        // A table's place taken by a non-empty folder: its write fails as a full disk's would,
        // without filling a disk.
        Path table = out.resolve("table_counterfactual.csv"); // the permutation section's
        Files.delete(table);
        Files.createDirectories(table.resolve("inside"));
        HostileCli r = HostileCli.run(audit(out, 3, "--group-by", "true"));
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("cannot write " + table), r.err());
        HostileOutput.assertClean(r.all());
        assertArrayEquals(summary, Files.readAllBytes(out.resolve("summary.json")), "the previous summary, whole");
        try (var files = Files.list(out)) {
            assertEquals(List.of(), files.map(p -> p.getFileName().toString()).filter(n -> n.endsWith(".tmp")).toList(),
                    "no temporary file left behind");
        }
    }

    @Test
    void aFullDiskIsSaidInWordsNamingTheFileAndTheSpaceNeeded(@TempDir Path dir) {
        Path file = dir.resolve("summary.json");
        String plain = ReportFile.problem(file, 12_345, new IOException("No space left on device"));
        assertTrue(plain.contains("cannot write " + file) && plain.contains("no space left on the device")
                && plain.contains("free at least 12.1 KB") && plain.contains("run the same command again"), plain);
        String fs = ReportFile.problem(file, -1, new FileSystemException(file.toString(), null, "No space left on device"));
        assertTrue(fs.contains("cannot write " + file) && fs.contains("no space left"), fs);
        HostileOutput.assertClean(plain + fs);
    }

    @Test
    void aRowThatCannotBeWrittenNamesDocumentsCsv(@TempDir Path dir) throws IOException {
        Path csv = dir.resolve(DocumentsCsv.FILE_NAME);
        DocumentsCsv w = DocumentsCsv.append(csv);
        w.close(); // a closed channel fails every write, as a full device fails the next one
        AuditRow row = new AuditRow("m", 0, "d0", "pos", "pos", 0.9, 3, java.util.Map.of());
        AuditException e = assertThrows(AuditException.class, () -> w.write(row));
        assertTrue(e.getMessage().contains("cannot write " + csv) && e.getMessage().contains("continues"), e.getMessage());
        assertEquals(List.of(String.join(",", org.attentionworkbench.audit.AuditColumns.all())),
                Files.readAllLines(csv, StandardCharsets.UTF_8));
    }
}
