package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelArchiveException;
import org.attentionworkbench.model.NonFiniteOutputException;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A model whose weights are all finite can still overflow: out.W set to +-Float.MAX_VALUE (checksums
 * recomputed) loads, but every logit is infinite and softmax gives NaN. No command, view or audit
 * row may show a label from that (before: {@code label: neg (NaN%)}, exit code 0); each says so in
 * one line. And saving a model never leaves or depends on a fixed {@code name.tmp}.
 */
class HostileModelOutputTest {

    @TempDir
    static Path dir;

    private static Path overflowing;

    @BeforeAll
    static void writeOverflowingModel() throws IOException {
        ShippedArchive a = ShippedArchive.read();
        List<ShippedArchive.Array> w = a.weights();
        ShippedArchive.Array out = ShippedArchive.named(w, "out.W"); // [128, 2], row-major
        for (int i = 0; i < out.length(); i++) out.setFloat(i, i % 2 == 0 ? Float.MAX_VALUE : -Float.MAX_VALUE);
        a.putWeights(w);
        overflowing = a.fixChecksums().write(dir.resolve("overflowing.zip"));
    }

    private static final String TEXT = "a gorgeous , witty , seductive movie .";

    @Test
    void theModelRefusesToGiveAnOutputThatIsNotANumber() {
        AttentionModel m = AttentionModel.load(overflowing); // finite weights: it loads
        NonFiniteOutputException e = assertThrows(NonFiniteOutputException.class, () -> m.predict(TEXT));
        assertTrue(e.getMessage().contains("model sst2-average gives an output that is not a number"), e.getMessage());
        // The window's analysis encodes through the same call, and evaluate and the audit classify:
        assertThrows(NonFiniteOutputException.class, () -> m.encode(TEXT));
        assertThrows(NonFiniteOutputException.class, () -> m.classify(List.of(TEXT, "dull")));
        assertTrue(ModelArchiveException.class.isInstance(e), "a problem of the model file, reported as one");
        HostileOutput.assertClean(e.getMessage());
    }

    /**
     * In the window: the text gets no prediction, and the place of the results says why in the
     * model's words (a message, not a label with NaN%).
     */
    @Test
    void theWindowShowsNoLabelAndSaysWhy() throws Exception {
        org.attentionworkbench.ui.WorkbenchViewModel vm = new org.attentionworkbench.ui.WorkbenchViewModel(
                org.attentionworkbench.model.ModelCatalog.of(Path.of("models")),
                org.attentionworkbench.task.LatestTaskRunner.sameThread("test-loader"),
                org.attentionworkbench.task.LatestTaskRunner.sameThread("test-analysis"));
        vm.textProperty().set(TEXT);
        vm.start(java.util.Optional.of(overflowing));
        long end = System.nanoTime() + 60_000_000_000L;
        while (vm.messageProperty().get() == null || !vm.messageProperty().get().contains("not a number")) {
            if (System.nanoTime() > end) throw new AssertionError("no message; status: " + vm.statusProperty().get());
            Thread.sleep(20);
        }
        assertEquals(null, vm.predictionProperty().get(), "no prediction from a non-finite output");
        assertTrue(vm.messageProperty().get().contains("model sst2-average gives an output that is not a number"),
                vm.messageProperty().get());
        HostileOutput.assertClean(vm.messageProperty().get() + "\n" + vm.statusProperty().get());
        vm.close();
    }

    @Test
    void predictExplainAndEvaluatePrintNoLabel() throws IOException {
        Path data = Files.writeString(dir.resolve("two.tsv"), "1\t" + TEXT + "\n0\ta dull film\n", StandardCharsets.UTF_8);
        for (String[] args : new String[][] {
            {"predict", "-m", overflowing.toString(), "--text", TEXT},
            {"predict", "-m", overflowing.toString(), "--text", TEXT, "--json"},
            {"explain", "-m", overflowing.toString(), "--text", TEXT, "--only", "uniform"},
            {"evaluate", "-m", overflowing.toString(), "--data", data.toString()}}) {
            HostileCli r = HostileCli.run(args);
            String what = String.join(" ", args);
            assertEquals(1, r.exit(), what + ": " + r.all());
            assertEquals("", r.out(), what + ": nothing on stdout, so no label");
            assertTrue(r.err().contains("gives an output that is not a number"), what + ": " + r.err());
            assertFalse(r.all().contains("NaN%") || r.all().contains("label"), what + ": " + r.all());
            assertEquals(1, r.err().strip().lines().count(), what + ": one line: " + r.err());
            HostileOutput.assertClean(r.all());
        }
    }

    @Test
    void theAuditStopsNamingTheDocumentAndWritesNoRowFromIt() throws IOException {
        Path data = Files.writeString(dir.resolve("audit.tsv"), "1\t" + TEXT + "\n0\ta dull film\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("audit-out");
        HostileCli r = HostileCli.run("audit", "-m", overflowing.toString(), "--data", data.toString(), "--sections",
                "uniform", "--threads", "1", "--out", out.toString(), "--no-progress");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("gives an output that is not a number"), r.err());
        assertTrue(r.err().contains("document "), "names the document: " + r.err());
        HostileOutput.assertClean(r.all());
        Path rows = out.resolve("documents.csv");
        if (Files.exists(rows)) {
            try (Stream<String> lines = Files.lines(rows)) {
                assertEquals(1, lines.count(), "the header only: no row carries a label read from NaN");
            }
        }
    }

    // ------------------------------------------------------------------ saving

    @Test
    void aFailedSaveLeavesNoTemporaryFile(@TempDir Path folder) throws IOException {
        AttentionModel m = AttentionModel.load(ShippedArchive.path());
        Path target = folder.resolve("model.zip");
        Files.createDirectories(target.resolve("in-the-way")); // a non-empty folder: the move fails
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> m.save(target));
        assertTrue(e.getMessage().contains(target.toString()), e.getMessage());
        HostileOutput.assertClean(e.getMessage());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(List.of(target), files.toList(), "nothing left beside the target");
        }
    }

    @Test
    void aSaveDoesNotDependOnAFixedTemporaryName(@TempDir Path folder) throws IOException {
        // Something else holds model.zip.tmp (another save, or a folder of that name): the old fixed
        // name failed here; a temporary file of its own does not.
        AttentionModel m = AttentionModel.load(ShippedArchive.path());
        Path target = folder.resolve("model.zip");
        Files.createDirectories(folder.resolve("model.zip.tmp"));
        m.save(target);
        assertEquals(m.card(), AttentionModel.load(target).card());
        try (Stream<Path> files = Files.list(folder)) {
            assertEquals(2, files.count(), "the archive and the folder that was in the way, no temporary file");
        }
    }
}
