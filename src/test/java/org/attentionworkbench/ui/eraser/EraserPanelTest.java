package org.attentionworkbench.ui.eraser;

import org.attentionworkbench.figures.HeatmapLayout;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.geom.Rectangle2D;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import javafx.geometry.Point2D;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.ui.Theme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The eraser panel on a real encoded review ({@code models/sst2-bilstm.zip}; skipped without it):
 * clicks, drags and keys edit the erased set, and what the panel shows is exactly
 * {@link Erasure#erase} of that set.
 */
class EraserPanelTest extends FxRobot {

    private static final String REVIEW = "a dull , lifeless and boring film with a few charming moments";
    private static EncodedDocument doc;
    private EraserPanel panel;

    @BeforeAll
    static void encode() {
        Path dir = Path.of(System.getProperty("workbench.models.dir", "models"));
        Path archive = dir.resolve("sst2-bilstm.zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive at " + archive.toAbsolutePath());
        doc = AttentionModel.load(archive).encode(REVIEW);
    }

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            panel = new EraserPanel(new EraserViewModel(doc));
            Scene scene = new Scene(panel, 1100, 420);
            Theme.apply(scene, false);
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void clickingTokensShowsExactlyWhatErasureSaysAndUndoRestores() {
        assertShows(new int[0]);
        assertEquals("\u2713 Decision kept: " + doc.labels().get(doc.predicted()), badge().getText());

        // Click the oracle's minimal set token by token: the last click must flip the decision.
        MinimalFlipSet.Result oracle = MinimalFlipSet.find(doc);
        Assumptions.assumeTrue(oracle.flippable() && oracle.size() <= 8, "oracle set of " + oracle.size());
        int[] set = oracle.indices();
        for (int r = 0; r < set.length; r++) {
            clickOn(tokenOnScreen(set[r]), MouseButton.PRIMARY);
            WaitForAsyncUtils.waitForFxEvents();
            int[] sofar = Arrays.copyOf(set, r + 1);
            assertShows(sofar);
            assertEquals(r == set.length - 1, badge().getStyleClass().contains("flipped"), "after " + (r + 1));
        }
        assertTrue(badge().getText().startsWith("\u26a0 Decision flipped"));

        push(KeyCode.CONTROL, KeyCode.Z);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(Arrays.copyOf(set, set.length - 1));
        assertTrue(badge().getStyleClass().contains("kept"));

        clickOn(lookup("#undoButton").queryAs(Button.class));
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(Arrays.copyOf(set, Math.max(0, set.length - 2)));

        push(KeyCode.CONTROL, KeyCode.Y);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(Arrays.copyOf(set, set.length - 1));
    }

    @Test
    void clickingAnErasedTokenRestoresIt() {
        clickOn(tokenOnScreen(2), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(new int[] {2});
        clickOn(tokenOnScreen(2), MouseButton.PRIMARY);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(new int[0]);
    }

    @Test
    void dragErasesARangeAndEscapeResets() {
        drag(tokenOnScreen(1), MouseButton.PRIMARY).dropTo(tokenOnScreen(4));
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(new int[] {1, 2, 3, 4});
        push(KeyCode.ESCAPE);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(new int[0]);
        assertTrue(lookup("#resetButton").queryAs(Button.class).isDisabled());
    }

    @Test
    void keyboardMovesTheCursorAndTogglesWithSpace() {
        clickOn(tokenOnScreen(0), MouseButton.PRIMARY); // focuses the heatmap and erases token 0
        WaitForAsyncUtils.waitForFxEvents();
        push(KeyCode.RIGHT);
        push(KeyCode.RIGHT);
        push(KeyCode.SPACE);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(2, panel.heatmap().focusedToken());
        assertShows(new int[] {0, 2});
        push(KeyCode.DELETE);
        WaitForAsyncUtils.waitForFxEvents();
        assertShows(new int[] {0});
    }

    @Test
    void topKControlsEraseTheRankingsFirstK() {
        interact(() -> lookup("#kSlider").queryAs(javafx.scene.control.Slider.class).setValue(3));
        WaitForAsyncUtils.waitForFxEvents();
        int[] top3 = Arrays.copyOf(panel.viewModel().order(RankingKind.ATTENTION), 3);
        Arrays.sort(top3);
        assertShows(top3);
        // Undo to nothing, then Redo: the slider says again which top k is erased.
        javafx.scene.control.Label kLabel = lookup("#kLabel").queryAs(javafx.scene.control.Label.class);
        interact(() -> panel.viewModel().undo());
        assertEquals(0, panel.viewModel().getState().erasedCount());
        assertEquals("k = 0", kLabel.getText());
        interact(() -> panel.viewModel().redo());
        assertShows(top3);
        assertEquals("k = 3", kLabel.getText(), "after Redo the slider names the erased top k");
        interact(() -> lookup("#rankingChoice").<javafx.scene.control.ComboBox<RankingKind>>query()
                .setValue(RankingKind.ORACLE));
        WaitForAsyncUtils.waitForFxEvents();
        int[] oracle3 = Arrays.copyOf(panel.viewModel().order(RankingKind.ORACLE), 3);
        Arrays.sort(oracle3);
        assertShows(oracle3);
    }

    /** The readout and the view model show exactly Erasure.erase(doc, set). */
    private void assertShows(int[] set) {
        Erasure.Result expected = Erasure.erase(doc, set);
        int[] sorted = set.clone();
        Arrays.sort(sorted);
        assertArrayEquals(sorted, panel.viewModel().getState().erased());
        double[] p = expected.probabilities();
        double[] y = doc.probabilities();
        for (int c = 0; c < p.length; c++) {
            assertEquals(p[c], lookup("#currentBar-" + c).queryAs(ProgressBar.class).getProgress(), 0);
            assertEquals(ErasureReadout.percent(p[c]), label("#currentProbability-" + c).getText());
            assertEquals(y[c], lookup("#originalBar-" + c).queryAs(ProgressBar.class).getProgress(), 0);
            assertEquals(ErasureReadout.percent(y[c]), label("#originalProbability-" + c).getText());
        }
        assertEquals(ErasureReadout.number(expected.jsd()), label("#jsdValue").getText());
        assertEquals(ErasureReadout.number(expected.tvd()), label("#tvdValue").getText());
        assertEquals(expected.flipped(), badge().getStyleClass().contains("flipped"));
        assertFalse(badge().getStyleClass().contains("flipped") && badge().getStyleClass().contains("kept"));
        assertTrue(label("#erasedCount").getText().startsWith(set.length + " of " + doc.size()));
    }

    private Label badge() {
        return label("#flipBadge");
    }

    private Label label(String query) {
        return lookup(query).queryAs(Label.class);
    }

    private Point2D tokenOnScreen(int index) {
        EraserHeatmap heatmap = panel.heatmap();
        List<org.attentionworkbench.figures.HeatmapLayout.TokenBox> boxes = heatmap.tokenLayout().boxes();
        Rectangle2D r = boxes.get(index).bounds();
        return heatmap.canvas().localToScreen(r.getCenterX(), r.getCenterY() - heatmap.scrollTop());
    }
}
