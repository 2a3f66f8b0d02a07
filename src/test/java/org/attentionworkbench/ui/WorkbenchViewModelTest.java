package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.explain.PlainJavaClassifier;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Opening model archives from disk (a foreign one keeps the current model and says why), and what
 * one text change costs.
 */
class WorkbenchViewModelTest {

    @Test
    void aForeignArchiveIsRefusedAndTheCurrentModelStays(@TempDir Path dir) throws Exception {
        Path models = Path.of("models");
        assumeTrue(Files.isRegularFile(models.resolve("sst2-average.zip")), "shipped model missing");
        WorkbenchViewModel vm = new WorkbenchViewModel(ModelCatalog.of(models),
                new LatestTaskRunner("test-loader", Runnable::run), new LatestTaskRunner("test-analysis", Runnable::run));
        vm.start(Optional.of(models.resolve("sst2-average.zip")));
        waitFor(() -> vm.modelProperty().get() != null);
        assertEquals("sst2-average", vm.modelProperty().get().name());
        // Let the first analysis finish: with the FX toolkit running (the whole suite), its result
        // arrives on the FX thread and would otherwise replace the status line this test waits for.
        waitFor(() -> !vm.busyProperty().get());

        Path foreign = dir.resolve("holiday-photos.zip");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(foreign))) {
            zip.putNextEntry(new ZipEntry("beach.jpg"));
            zip.write(new byte[] {1, 2, 3});
            zip.closeEntry();
        }
        vm.openArchive(foreign);
        waitFor(() -> vm.statusProperty().get().startsWith("Could not open the model"));
        assertTrue(vm.statusProperty().get().contains("not an Attention Workbench model"), vm.statusProperty().get());
        assertNotNull(vm.modelProperty().get());
        assertEquals("sst2-average", vm.modelProperty().get().name(), "the current model stays");
        vm.close();
    }

    /**
     * One text change costs one encoder pass on the real shipped model: the label shown comes
     * from the encoded document the explanation uses, not from a second {@code predict}.
     */
    @Test
    void aTextChangeRunsTheEncoderOnce() throws Exception {
        WorkbenchViewModel vm = startedOnSst2Average();
        AnalysisViewModel analysis = vm.analysis();
        waitFor(() -> !analysis.progressProperty().get().running());
        AttentionModel model = (AttentionModel) vm.modelProperty().get();
        Thread.sleep(2 * WorkbenchViewModel.DEBOUNCE.toMillis());
        long before = model.encodeCount();

        vm.textProperty().set("a dull and boring film");
        waitFor(() -> vm.predictionProperty().get() != null
                && vm.predictionProperty().get().tokens().equals(List.of("a", "dull", "and", "boring", "film"))
                && !analysis.progressProperty().get().running()
                && analysis.documentProperty().get() != null
                && analysis.documentProperty().get().tokens().size() == 5);
        Thread.sleep(2 * WorkbenchViewModel.DEBOUNCE.toMillis()); // a second, late pass would show now
        assertEquals(1, model.encodeCount() - before, "encoder passes for one text change");
        vm.close();
    }

    /** The long-text rule is stated where the user reads the prediction: the status line. */
    @Test
    void aTextPastTheTokenLimitIsSaidToBeCutInTheStatusLine() throws Exception {
        WorkbenchViewModel vm = startedOnSst2Average();
        vm.textProperty().set("a good film . ".repeat(1_300)); // 5,200 tokens
        // The status follows the prediction in the same delivery: wait for it, not for the prediction.
        waitFor(() -> vm.statusProperty().get().contains("5000 tokens"));
        assertTrue(vm.statusProperty().get().contains("only the first 5,000 of 5,200 tokens are read"),
                vm.statusProperty().get());
        vm.textProperty().set("a good film");
        waitFor(() -> vm.statusProperty().get().contains(" 3 tokens"));
        assertFalse(vm.statusProperty().get().contains("tokens are read"), vm.statusProperty().get());
        assertFalse(vm.statusProperty().get().contains("known to model"), vm.statusProperty().get());
        // A text the model knows nothing of gets an answer, and the status says what it is worth.
        vm.textProperty().set("zqxjv vwqzk");
        waitFor(() -> vm.statusProperty().get().contains(" 2 tokens"));
        assertTrue(vm.statusProperty().get().contains("none of the text's 2 tokens is known to model sst2-average"),
                vm.statusProperty().get());
        vm.close();
    }

    /**
     * The window's view models need only the model interface: with a plain-Java model (no ND4J)
     * typing a review gives its prediction, every explanation section and the status line's words.
     */
    @Test
    void theWindowRunsOnAnyAttentionClassifier() throws Exception {
        Path models = Path.of("models");
        assumeTrue(Files.isRegularFile(models.resolve("sst2-average.zip")), "shipped model missing");
        WorkbenchViewModel vm = new WorkbenchViewModel(ModelCatalog.of(models), archive -> PlainJavaClassifier.sentiment(),
                new LatestTaskRunner("test-loader", Runnable::run), new LatestTaskRunner("test-analysis", Runnable::run));
        AnalysisViewModel analysis = vm.analysis();
        analysis.baseSettingsProperty().set(analysis.baseSettingsProperty().get().withIgSteps(8).withAdversarialSteps(40));
        vm.start(Optional.of(models.resolve("sst2-average.zip")));
        // The first prediction is of the start-up example; the test's own text comes after it.
        waitFor(() -> vm.modelProperty().get() != null && vm.predictionProperty().get() != null);
        assertEquals("plain-sentiment", vm.modelProperty().get().name());
        vm.textProperty().set("a great and wonderful film");
        waitFor(() -> analysis.errorProperty().get() != null || vm.predictionProperty().get() != null
                && vm.predictionProperty().get().tokens().size() == 5
                && !analysis.progressProperty().get().running()
                && analysis.explanationProperty().get() != null, () -> "prediction " + vm.predictionProperty().get()
                + ", progress " + analysis.progressProperty().get() + ", explanation "
                + (analysis.explanationProperty().get() == null ? null : analysis.explanationProperty().get().completed())
                + ", status " + vm.statusProperty().get());
        assertEquals(null, analysis.errorProperty().get());
        assertEquals(EnumSet.allOf(Section.class), analysis.explanationProperty().get().completed());
        assertEquals("pos", vm.predictionProperty().get().label());
        vm.textProperty().set("zqxjv vwqzk");
        waitFor(() -> vm.statusProperty().get().contains(" 2 tokens"));
        assertTrue(vm.statusProperty().get().contains("none of the text's 2 tokens is known to model plain-sentiment"),
                vm.statusProperty().get());
        vm.close();
    }

    /**
     * A view model on the shipped sst2-average, results delivered on the worker, with its first
     * prediction in. Only the uniform section runs: it makes no whole-document pass of its own
     * (context-free occlusion encodes a two-token probe), so encoder counts are the analysis's own.
     */
    private static WorkbenchViewModel startedOnSst2Average() throws InterruptedException {
        Path models = Path.of("models");
        assumeTrue(Files.isRegularFile(models.resolve("sst2-average.zip")), "shipped model missing");
        WorkbenchViewModel vm = new WorkbenchViewModel(ModelCatalog.of(models),
                new LatestTaskRunner("test-loader", Runnable::run), new LatestTaskRunner("test-analysis", Runnable::run));
        AnalysisViewModel analysis = vm.analysis();
        analysis.baseSettingsProperty().set(analysis.baseSettingsProperty().get()
                .withSections(EnumSet.of(Section.UNIFORM)));
        vm.start(Optional.of(models.resolve("sst2-average.zip")));
        waitFor(() -> vm.modelProperty().get() != null && vm.predictionProperty().get() != null);
        return vm;
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        waitFor(condition, () -> "");
    }

    private static void waitFor(java.util.function.BooleanSupplier condition, java.util.function.Supplier<String> state)
            throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not reached in 60 s " + state.get());
            Thread.sleep(20);
        }
    }
}
