package org.attentionworkbench.ui.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.function.BooleanSupplier;
import org.attentionworkbench.explain.DocumentFigures;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.text.TokenLimit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The browser's state and background work, results delivered on the worker (no FX thread needed). */
class DatasetBrowserViewModelTest {

    private static final Path MODEL = Path.of("models", "sst2-average.zip");

    @TempDir
    Path dir;

    private final DatasetBrowserViewModel vm = new DatasetBrowserViewModel(Runnable::run);

    @AfterEach
    void close() {
        vm.close();
    }

    private Path tsv() throws Exception {
        Path f = dir.resolve("small.tsv");
        Files.writeString(f, String.join("\n",
                "1\tA wonderful, moving film with a brilliant cast.",
                "0\tDull, boring and far too long.",
                "1\tNot bad at all.",
                "0\tThe worst script I have read in years; awful acting too.",
                "1\tA delight from start to finish.",
                "0\tAwful.")
                + "\n");
        return f;
    }

    private static void await(BooleanSupplier condition, String what) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 120_000;
        while (!condition.getAsBoolean()) {
            if (System.currentTimeMillis() > deadline) throw new AssertionError("timed out waiting for " + what);
            Thread.sleep(20);
        }
    }

    @Test
    void binaryFileGivesAClearMessageAndNoRows() throws Exception {
        Path bin = dir.resolve("weights.tsv");
        byte[] junk = new byte[4096];
        new Random(1).nextBytes(junk);
        junk[10] = 0;
        Files.write(bin, junk);
        vm.open(bin);
        await(() -> vm.errorProperty().get(), "the error");
        assertTrue(vm.messageProperty().get().startsWith("Cannot open"), vm.messageProperty().get());
        assertTrue(vm.messageProperty().get().contains("weights.tsv"), vm.messageProperty().get());
        assertEquals(0, vm.rows().size());
        // The browser still works after the failure.
        vm.open(tsv());
        await(() -> vm.rows().size() == 6, "the rows");
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());
    }

    @Test
    void malformedDatasetGivesAMessage() throws Exception {
        Path bad = dir.resolve("bad.tsv");
        Files.writeString(bad, "1\tfine\nno tab and no label here\n7\n");
        vm.open(bad);
        await(() -> !vm.busyProperty().get() && !vm.messageProperty().get().startsWith("Reading"), "the answer");
        assertTrue(vm.errorProperty().get() || vm.messageProperty().get().contains("skipped"),
                vm.messageProperty().get());
    }

    @Test
    void filtersWorkWithoutAModel() throws Exception {
        vm.open(tsv());
        await(() -> vm.rows().size() == 6, "the rows");
        assertEquals(6, vm.filteredRows().size());
        vm.searchProperty().set("AWFUL");
        assertEquals(2, vm.filteredRows().size());
        vm.searchProperty().set("");
        vm.classFilterProperty().set(1);
        assertEquals(3, vm.filteredRows().size());
        vm.classFilterProperty().set(-1);
        vm.minLengthProperty().set(0);
        vm.maxLengthProperty().set(2);
        assertEquals(List.of("Awful."), vm.filteredRows().stream().map(r -> r.document().text()).toList());
        vm.maxLengthProperty().set(Double.MAX_VALUE);
        vm.misclassifiedOnlyProperty().set(true);
        assertEquals(0, vm.filteredRows().size(), "nothing is misclassified before predictions");
    }

    @Test
    void predictionsForAllRowsThenFigures() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(MODEL), "no model at " + MODEL);
        AttentionModel model = AttentionModel.load(MODEL);
        vm.modelProperty().set(model);
        vm.open(tsv());
        await(() -> vm.rows().size() == 6 && vm.rows().stream().allMatch(r -> r.figuresProperty().get() != null),
                "figures of every row");
        List<double[]> expected = model.classify(vm.rows().stream().map(r -> r.document().text()).toList());
        for (BrowserRow r : vm.rows()) {
            double[] p = expected.get(r.index());
            int best = p[1] > p[0] ? 1 : 0;
            assertEquals(best, r.predictedProperty().get());
            assertEquals(p[best], r.confidenceProperty().get(), 1e-9);
            DocumentFigures f = r.figuresProperty().get();
            assertNotNull(f);
            assertTrue(f.exact(), "two classes: exact adversary");
            assertTrue(f.epsilonMaxJsd() >= 0 && f.epsilonMaxJsd() <= Math.log(2) + 1e-9);
            if (r.length() >= 2) assertTrue(f.tau() >= -1 && f.tau() <= 1, "tau " + f.tau());
        }
        long wrong = vm.rows().stream().filter(BrowserRow::misclassified).count();
        vm.misclassifiedOnlyProperty().set(true);
        assertEquals(wrong, vm.filteredRows().size());
        assertTrue(vm.messageProperty().get().contains("accuracy"), vm.messageProperty().get());
    }

    @Test
    void aUsersNamedLabelsAreTheModelsClassesAndAMismatchIsShownNotMiscounted() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(MODEL), "no model at " + MODEL);
        AttentionModel model = AttentionModel.load(MODEL);
        vm.modelProperty().set(model);
        Path named = dir.resolve("named.tsv");
        Files.writeString(named, "POS\tA wonderful, moving film.\nNeg\tDull, boring and far too long.\n");
        vm.open(named);
        await(() -> vm.rows().size() == 2 && !vm.busyProperty().get(), "the predictions");
        assertEquals(List.of(1, 0), vm.rows().stream().map(r -> r.document().label()).toList(), "POS is pos, Neg neg");
        assertEquals(List.of("neg", "pos"), vm.datasetProperty().get().labels());
        assertFalse(vm.errorProperty().get(), vm.messageProperty().get());

        Path odd = dir.resolve("odd.tsv");
        Files.writeString(odd, "pos\tA wonderful film.\nneutral\tA film.\n");
        vm.open(odd);
        // named.tsv also had two rows and was not busy: wait for odd.tsv's own message (on a loaded
        // machine the check passed on the previous dataset before this one began).
        await(() -> vm.rows().size() == 2 && !vm.busyProperty().get() && vm.messageProperty().get() != null
                && vm.messageProperty().get().contains("odd.tsv"), "the predictions");
        assertTrue(vm.errorProperty().get(), vm.messageProperty().get());
        assertTrue(vm.messageProperty().get().contains("odd.tsv:2: label \"neutral\" is not a class of model"),
                vm.messageProperty().get());
        assertTrue(vm.rows().stream().noneMatch(BrowserRow::misclassified), "labels are not compared");
    }

    @Test
    void aTextPastTheTokenLimitIsSaidToBeCut() throws Exception {
        Path f = dir.resolve("long.tsv");
        Files.writeString(f, "1\t" + "good ".repeat(TokenLimit.MAX_TOKENS + 1) + "\n0\tshort\n");
        vm.open(f);
        // The rows arrive before the message that sums them up ("Reading ..." until then).
        await(() -> vm.rows().size() == 2 && !vm.messageProperty().get().startsWith("Reading"), "the rows");
        assertTrue(vm.messageProperty().get().contains("1 longer than 5,000 tokens are read up to their first 5,000"),
                vm.messageProperty().get());
    }
}
