package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.scene.control.TextArea;
import org.attentionworkbench.ui.browser.ExampleLibrary;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The window's actions on the real app and a real model: examples, notes, very long pastes. */
class WorkbenchActionsTest extends FxRobot {

    private Application app;

    @BeforeEach
    void start() throws Exception {
        Path archive = Path.of("models", "sst2-average.zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive at " + archive.toAbsolutePath());
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(WorkbenchApp.class, "--model=" + archive.toAbsolutePath());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> status().getText().contains("tokens"));
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
    }

    private StatusBar status() {
        return lookup("#statusBar").queryAs(StatusBar.class);
    }

    @Test
    void anExampleFromTheMenuBecomesTheReview() {
        clickOn("#examplesMenu");
        var first = ExampleLibrary.builtIn().all().get(0);
        clickOn(first.title() + "  \u2014  " + first.teachingPoint());
        assertEquals(first.text(), lookup("#reviewText").queryAs(TextArea.class).getText());
    }

    @Test
    void eachReviewKeepsItsOwnNote() {
        TextArea review = lookup("#reviewText").queryAs(TextArea.class);
        TextArea note = lookup("#noteArea").queryAs(TextArea.class);
        interact(() -> review.setText("a first review"));
        interact(() -> note.setText("adversary flips nothing here"));
        interact(() -> review.setText("a second review"));
        assertEquals("", note.getText());
        interact(() -> review.setText("a first review"));
        assertEquals("adversary flips nothing here", note.getText());
    }

    /**
     * A 5,000-token paste is shown and the window stays responsive: the explanation runs behind it
     * (the quadratic methods skipped, with a note) while the FX thread keeps answering. The bound
     * here is 500 ms, not the 100 ms of ComparisonGridTest's watchdog (440 tokens): sampling the FX
     * thread during the longer gaps found it waiting for the render thread, i.e. the headless
     * software renderer drawing five 5,000-token panels on two cores that the analysis also uses
     * (gaps of 60-220 ms on a quiet machine), not our code running on it.
     */
    @Test
    void aFiveThousandTokenPasteStaysResponsive() throws Exception {
        StringBuilder sb = new StringBuilder();
        String[] words = {"the", "plot", "drags", "but", "the", "cast", "is", "wonderful", "and", "warm", "."};
        for (int i = 0; i < 5000; i++) sb.append(words[i % words.length]).append(' ');
        TextArea review = lookup("#reviewText").queryAs(TextArea.class);
        interact(() -> review.setText(sb.toString()));
        AtomicLong worst = new AtomicLong();
        ScheduledExecutorService probe = Executors.newSingleThreadScheduledExecutor();
        // Measure from the first frame after the paste (laying out the pasted text itself is a
        // one-off of the text control): the analysis must never block the window.
        WaitForAsyncUtils.waitForFxEvents();
        probe.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> worst.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max));
        }, 0, 10, TimeUnit.MILLISECONDS);
        try {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                    () -> status().getText().contains("5000 tokens") && status().getText().contains("skipped"));
        } finally {
            probe.shutdownNow();
        }
        WaitForAsyncUtils.waitForFxEvents();
        HeatmapView original = lookup("#panel-ORIGINAL .heatmap-view").queryAs(HeatmapView.class);
        assertEquals(5000, original.boxes().size(), "every token is laid out");
        assertTrue(worst.get() < 500, "FX thread stalled for " + worst.get() + " ms");
    }
}
