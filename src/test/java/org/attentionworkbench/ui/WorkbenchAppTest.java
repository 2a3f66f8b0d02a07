package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.application.Application;
import javafx.scene.control.Label;
import javafx.scene.control.TextArea;
import org.attentionworkbench.model.AttentionModel;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Starts the real window on a real model archive: {@code -Dworkbench.test.model=PATH}, else
 * {@code models/sst2-average.zip}; skipped when neither exists.
 */
class WorkbenchAppTest extends FxRobot {

    private Path archive;
    private Application app;

    @BeforeEach
    void start() throws Exception {
        String prop = System.getProperty("workbench.test.model");
        archive = prop != null ? Path.of(prop) : Path.of("models", "sst2-average.zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive at " + archive.toAbsolutePath());
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(WorkbenchApp.class, "--model=" + archive.toAbsolutePath());
        // The window shows first; its view is built on the next pulse.
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
    }

    @Test
    void typedReviewIsClassifiedAsTheModelDoes() throws Exception {
        String review = "a dull and boring film";
        String expected = AttentionModel.load(archive).predict(review).label();

        TextArea text = lookup("#reviewText").queryAs(TextArea.class);
        interact(text::clear);
        clickOn(text).write(review);
        assertEquals(review, text.getText());

        Label label = lookup("#predictedLabel").queryAs(Label.class);
        StatusBar status = lookup("#statusBar").queryAs(StatusBar.class);
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                    () -> status.getProgress() == 0 && status.getText().contains(expected)
                            && status.getText().contains(" 5 tokens"));
        } catch (java.util.concurrent.TimeoutException e) {
            throw new AssertionError("status still '" + status.getText() + "', progress " + status.getProgress(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(expected, label.getText());
        assertEquals(status.getText(), status.getTooltip().getText(), "the whole status is its tooltip");
        assertFalse(lookup("#panel-ORIGINAL .heatmap-view").queryAs(HeatmapView.class).boxes().isEmpty(),
                "original attention drawn");
    }

    @Test
    void emptyTextShowsACalmMessage() throws Exception {
        Label message = lookup("#message").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS,
                () -> lookup("#statusBar").queryAs(StatusBar.class).getText().contains("tokens"));
        TextArea text = lookup("#reviewText").queryAs(TextArea.class);
        interact(text::clear);
        WaitForAsyncUtils.waitFor(10, TimeUnit.SECONDS, message::isVisible);
        assertEquals("Type a review to see what the model attends to.", message.getText());
    }
}
