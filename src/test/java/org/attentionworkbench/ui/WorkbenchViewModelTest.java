package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.attentionworkbench.model.ModelCatalog;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Opening model archives from disk: a foreign one keeps the current model and says why. */
class WorkbenchViewModelTest {

    @Test
    void aForeignArchiveIsRefusedAndTheCurrentModelStays(@TempDir Path dir) throws Exception {
        Path models = Path.of("models");
        assumeTrue(Files.isRegularFile(models.resolve("sst2-average.zip")), "shipped model missing");
        WorkbenchViewModel vm = new WorkbenchViewModel(ModelCatalog.of(models),
                new LatestTaskRunner("test-loader", Runnable::run), new LatestTaskRunner("test-analysis", Runnable::run));
        vm.start(Optional.of(models.resolve("sst2-average.zip")));
        waitFor(() -> vm.modelProperty().get() != null);
        assertEquals("sst2-average", vm.modelProperty().get().card().name());
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
        assertEquals("sst2-average", vm.modelProperty().get().card().name(), "the current model stays");
        vm.close();
    }

    private static void waitFor(java.util.function.BooleanSupplier condition) throws InterruptedException {
        long end = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > end) throw new AssertionError("condition not reached in 60 s");
            Thread.sleep(20);
        }
    }
}
