package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The watch the responsiveness tests rely on sees model work on the FX thread, and only that. */
class FxThreadWatchTest extends FxRobot {

    private static final Path ARCHIVE = Path.of("models", "sst2-average.zip");

    @Test
    void modelWorkOnTheFxThreadIsSeenAndIdleIsNot() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(ARCHIVE), "no model archive");
        AttentionModel model = AttentionModel.load(ARCHIVE);
        FxToolkit.registerPrimaryStage();
        String text = "a dull , lifeless and boring film with one great scene ".repeat(40);
        try (FxThreadWatch idle = FxThreadWatch.start()) {
            model.encode(text); // off the FX thread: not the watch's business
            WaitForAsyncUtils.sleep(200, TimeUnit.MILLISECONDS);
            assertNull(idle.modelWorkSeen());
        }
        try (FxThreadWatch busy = FxThreadWatch.start()) {
            long until = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(300);
            interact(() -> {
                while (System.nanoTime() < until) model.encode(text);
            });
            assertNotNull(busy.modelWorkSeen(), "300 ms of forward passes on the FX thread");
            assertTrue(busy.worstWaitMs() >= 100, "the probe waited while the FX thread was busy: " + busy.worstWaitMs());
        }
    }
}
