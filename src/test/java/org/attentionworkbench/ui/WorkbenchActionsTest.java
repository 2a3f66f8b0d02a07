package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
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
        // The window shows first; its view is built on the next pulse.
        WaitForAsyncUtils.waitForFxEvents();
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
        // Each item is its title above its wrapped teaching point: the menu fits a laptop screen.
        var menu = lookup("#examplesMenu").queryAs(javafx.scene.control.MenuButton.class);
        javafx.scene.Node popup = lookup(".context-menu").query();
        assertTrue(popup.getScene().getWindow().getWidth() <= 0.9 * 1280,
                "menu " + popup.getScene().getWindow().getWidth() + " px wide");
        assertEquals(ExampleLibrary.builtIn().all().size(), menu.getItems().size());
        clickOn("#example-" + first.id());
        assertEquals(first.text(), lookup("#reviewText").queryAs(TextArea.class).getText());
    }

    @Test
    void quitIsInTheSessionMenuAndOnCtrlQ() {
        var menu = lookup("#sessionMenu").queryAs(javafx.scene.control.MenuButton.class);
        var quit = menu.getItems().stream().filter(i -> "quitItem".equals(i.getId())).findFirst().orElseThrow();
        assertEquals(WorkbenchActions.QUIT, quit.getAccelerator());
        assertTrue(menu.getScene().getAccelerators().containsKey(WorkbenchActions.QUIT), "Ctrl+Q works anywhere");
    }

    @Test
    void eachReviewKeepsItsOwnNote() {
        TextArea review = lookup("#reviewText").queryAs(TextArea.class);
        // The Notes tab's content joins the scene when the tab is first shown (LazyTabs).
        interact(() -> review.getScene().getRoot().lookupAll(".tab-pane").stream()
                .map(n -> (javafx.scene.control.TabPane) n).filter(p -> "analysisTabs".equals(p.getId())).findFirst()
                .ifPresent(p -> p.getSelectionModel().select(p.getTabs().size() - 1)));
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
     * (the quadratic methods skipped, with a note) while the FX thread keeps answering. What is
     * asserted is that no model work is ever seen on the FX thread ({@link FxThreadWatch}), plus a
     * bound of a visible freeze (2 s) on any probe's wait. Tighter wall-clock bounds measured the
     * machine: sampling the FX thread during 60-220 ms gaps found it waiting for the headless
     * software renderer drawing five 5,000-token panels on the two cores the analysis also uses.
     */
    @Test
    void aFiveThousandTokenPasteStaysResponsive() throws Exception {
        StringBuilder sb = new StringBuilder();
        String[] words = {"the", "plot", "drags", "but", "the", "cast", "is", "wonderful", "and", "warm", "."};
        for (int i = 0; i < 5000; i++) sb.append(words[i % words.length]).append(' ');
        TextArea review = lookup("#reviewText").queryAs(TextArea.class);
        interact(() -> review.setText(sb.toString()));
        // Measure from the first frame after the paste (laying out the pasted text itself is a
        // one-off of the text control): the analysis must never block the window.
        WaitForAsyncUtils.waitForFxEvents();
        try (FxThreadWatch watch = FxThreadWatch.start()) {
            WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS,
                    () -> status().getText().contains("5000 tokens") && status().getText().contains("skipped"));
            WaitForAsyncUtils.waitForFxEvents();
            assertNull(watch.modelWorkSeen(), "model work ran on the FX thread");
            assertTrue(watch.worstWaitMs() < 2000, "FX thread stalled for " + watch.worstWaitMs() + " ms");
        }
        HeatmapView original = lookup("#panel-ORIGINAL .heatmap-view").queryAs(HeatmapView.class);
        assertEquals(5000, original.boxes().size(), "every token is laid out");
    }
}
