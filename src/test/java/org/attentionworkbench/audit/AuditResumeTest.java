package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.cli.Main;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit's promise: a run killed with SIGKILL and re-run with the same folder ends with every
 * document exactly once, and with the same numbers as a run that was never interrupted. Real model
 * (sst2-average), real SST-2 test sentences, a real child JVM killed mid-run.
 */
class AuditResumeTest {

    private static final int LIMIT = 40;

    @Test
    void aRunKilledMidwayResumesWithNoRowLostOrDuplicated(@TempDir Path dir) throws Exception {
        Dataset data = sst2();
        Path killed = dir.resolve("killed");
        Path csv = killed.resolve(DocumentsCsv.FILE_NAME);
        Process child = new ProcessBuilder(javaCommand("audit", "-m", "sst2-average", "--data", "sst2:test",
                "--limit", "" + LIMIT, "--threads", "2", "--out", killed.toString(), "--no-progress"))
                .redirectErrorStream(true).redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (rows(csv) < 5 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int before = rows(csv);
        assumeTrue(before >= 5, "the child wrote its first rows: " + Files.readString(dir.resolve("child.log")));
        assertTrue(before < LIMIT, "killed before the end (" + before + " rows)");

        AuditPlan plan = AuditPlan.of(List.of("sst2-average"), "sst2:test", LIMIT, 1);
        AuditRunner.Result resumed = runner(plan).run(data, killed, false, new AuditRunner.Listener() { }, Cancellation.NEVER);
        List<AuditRow> rows = DocumentsCsv.read(csv);
        assertEquals(LIMIT, rows.size(), "every sampled document once");
        Set<String> keys = new HashSet<>();
        for (AuditRow r : rows) assertTrue(keys.add(r.key()), "duplicate row " + r.key());
        assertEquals(LIMIT - before, resumed.rowsThisRun(), "only the missing rows were computed");

        Path clean = dir.resolve("clean");
        runner(plan).run(data, clean, false, new AuditRunner.Listener() { }, Cancellation.NEVER);
        assertEquals(withoutTimings(DocumentsCsv.read(clean.resolve(DocumentsCsv.FILE_NAME))), withoutTimings(rows),
                "the resumed audit has the numbers of an uninterrupted one");
    }

    @Test
    void aFolderWithAnotherPlanIsRefusedWithAMessage(@TempDir Path dir) throws IOException {
        Dataset data = sst2();
        AuditPlan plan = AuditPlan.of(List.of("sst2-average"), "sst2:test", 3, 1).withSections(Set.of(Section.UNIFORM));
        runner(plan).run(data, dir, false, new AuditRunner.Listener() { }, Cancellation.NEVER);
        AuditPlan other = AuditPlan.of(List.of("sst2-average"), "sst2:test", 3, 2).withSections(Set.of(Section.UNIFORM));
        AuditException e = assertThrows(AuditException.class,
                () -> runner(other).run(data, dir, false, new AuditRunner.Listener() { }, Cancellation.NEVER));
        assertTrue(e.getMessage().contains("sample_seed"), e.getMessage());
        AuditRunner.Result r = runner(other).run(data, dir, true, new AuditRunner.Listener() { }, Cancellation.NEVER);
        assertEquals(3, r.rowsTotal(), "--restart replaces the old rows");
    }

    /**
     * docs/methods.md section 4: k = max(10, 10% of the corpus mean length), one k for the whole audit.
     * Two long documents (about 120 and 280 tokens) so that the corpus k (20) differs from what each
     * document's own length gives (12 and 28), which is what the audit used before.
     */
    @Test
    void theTopKDistanceUsesTheSampleMeanLength(@TempDir Path dir) throws IOException {
        Dataset sst = sst2();
        StringBuilder shortText = new StringBuilder();
        StringBuilder longText = new StringBuilder();
        AttentionModel model = AttentionModel.load(ModelCatalog.fromEnvironment().resolve("sst2-average"));
        for (Document d : sst.documents()) {
            if (model.tokenizer().tokenize(shortText.toString()).size() < 120) shortText.append(d.text()).append(' ');
            else if (model.tokenizer().tokenize(longText.toString()).size() < 280) longText.append(d.text()).append(' ');
            else break;
        }
        Dataset data = new Dataset("long", sst.labels(), List.of(new Document("short", shortText.toString(), 0),
                new Document("long", longText.toString(), 1)), 0);
        int n0 = model.tokenizer().tokenize(shortText.toString()).size();
        int n1 = model.tokenizer().tokenize(longText.toString()).size();
        double mean = (n0 + n1) / 2.0;
        int k = Math.max(10, (int) Math.ceil(0.1 * mean - 1e-9));
        assertTrue(k != Math.ceil(0.1 * n0) && k != Math.ceil(0.1 * n1), "the corpus k is not a document's own");

        AuditPlan plan = AuditPlan.of(List.of("sst2-average"), "long", 0, 1).withSections(Set.of(Section.AGREEMENT));
        runner(plan).run(data, dir, false, new AuditRunner.Listener() { }, Cancellation.NEVER);
        List<AuditRow> rows = DocumentsCsv.read(dir.resolve(DocumentsCsv.FILE_NAME));
        assertEquals(2, rows.size());
        for (AuditRow r : rows) {
            assertEquals(mean, r.value("topk_mean_length"), 1e-12, "the sample's mean length, set by the audit");
            assertEquals(k, r.value("topk_k"), 0.0, r.id());
            assertTrue(Double.isFinite(r.value(AuditColumns.topK(org.attentionworkbench.explain.SaliencyMethod.GRADIENT))));
        }
        assertEquals(mean, AuditRunner.meanLength(data, new int[] {0, 1}, model), 1e-12);
        AuditReport.write(dir, plan, data.labels(), null);
        AuditSummary summary = AuditReport.summarise(dir, plan, data.labels());
        assertEquals(k, summary.topK("sst2-average"));
        String json = Files.readString(dir.resolve(AuditReport.SUMMARY));
        assertTrue(json.contains("\"topk_distance\"") && json.contains("\"k\" : " + k), "k is in summary.json");
        assertTrue(Files.readString(dir.resolve("table_topk.tex")).contains("$k = " + k + "$"), "and in the caption");
    }

    @Test
    void cancellingStopsAndKeepsTheRowsWritten(@TempDir Path dir) throws IOException {
        Dataset data = sst2();
        AuditPlan plan = AuditPlan.of(List.of("sst2-average"), "sst2:test", 30, 1);
        int[] seen = new int[1];
        AuditRunner.Result r = runner(plan).run(data, dir, false, new AuditRunner.Listener() {
            @Override
            public void row(AuditRow row) {
                synchronized (seen) {
                    seen[0]++;
                }
            }
        }, Cancellation.when(() -> seen[0] >= 4));
        assertTrue(r.cancelled());
        int kept = DocumentsCsv.read(dir.resolve(DocumentsCsv.FILE_NAME)).size();
        assertTrue(kept >= 4 && kept < 30, kept + " rows kept");
        assertEquals(kept, r.rowsTotal());
    }

    @Test
    void aModelWithOtherClassesIsRefused(@TempDir Path dir) throws IOException {
        Dataset data = sst2();
        AuditPlan plan = AuditPlan.of(List.of("sst5-bilstm"), "sst2:test", 2, 1);
        AuditException e = assertThrows(AuditException.class,
                () -> runner(plan).run(data, dir, false, new AuditRunner.Listener() { }, Cancellation.NEVER));
        assertTrue(e.getMessage().contains("classes"), e.getMessage());
    }

    private static Dataset sst2() throws IOException {
        try {
            return DatasetLoader.load("sst2:test");
        } catch (IOException | RuntimeException e) {
            assumeTrue(false, "SST-2 not available: " + e.getMessage());
            throw e;
        }
    }

    private static AuditRunner runner(AuditPlan plan) {
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        return new AuditRunner(plan, 2, name -> AttentionModel.load(catalog.resolve(name)));
    }

    private static int rows(Path csv) {
        try {
            if (!Files.exists(csv)) return 0;
            long lines = Files.readString(csv).chars().filter(c -> c == '\n').count();
            return (int) Math.max(0, lines - 1);
        } catch (IOException e) {
            return 0;
        }
    }

    private static Map<String, Map<String, Double>> withoutTimings(List<AuditRow> rows) {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        for (AuditRow r : rows) {
            Map<String, Double> v = new TreeMap<>(r.values());
            v.keySet().removeIf(k -> k.startsWith("ms_"));
            v.put("confidence", r.confidence());
            v.put("length", (double) r.length());
            out.put(r.key() + " " + r.id() + " " + r.trueLabel() + " " + r.prediction(), v);
        }
        return out;
    }

    static List<String> javaCommand(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-Xmx1g", "-Djava.awt.headless=true",
                "-cp", System.getProperty("java.class.path")));
        for (String p : List.of("workbench.shared.datasets", "workbench.models.dir", "workbench.config.dir")) {
            if (System.getProperty(p) != null) cmd.add(cmd.size() - 2, "-D" + p + "=" + System.getProperty(p));
        }
        cmd.add(Main.class.getName());
        cmd.addAll(List.of(args));
        assertFalse(cmd.isEmpty());
        return cmd;
    }
}
