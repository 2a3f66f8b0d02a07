package org.attentionworkbench.ui.grid;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.EnumSet;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.layout.BorderPane;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.PanelKind;
import org.attentionworkbench.model.HanFixtures;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.ui.FxTasks;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * A hierarchical model in the Compare grid, opened as the window opens it (ModelLoader.open): one
 * row per sentence with its words, each row's bar the panel's sentence-level value (beta in the
 * original panel, the adversary's and the permutation's weights in theirs).
 */
class HanGridTest extends FxRobot {

    @TempDir
    Path dir;

    private AnalysisViewModel analysis;
    private ComparisonGrid grid;
    private TextArea text;

    @AfterEach
    void close() throws Exception {
        if (analysis != null) analysis.close();
        FxToolkit.cleanupStages();
    }

    @Test
    void everySentenceIsARowWithItsBarAndThePanelsChangeTheBars() throws Exception {
        AttentionClassifier model = ModelLoader.open(HanFixtures.tinyArchive(dir.resolve("tiny-han.zip")));
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(s -> {
            text = new TextArea();
            analysis = new AnalysisViewModel(new SimpleObjectProperty<>(model), text.textProperty(),
                    FxTasks.runner("test-han"));
            analysis.baseSettingsProperty().set(analysis.baseSettingsProperty().get().withIgSteps(5));
            grid = new ComparisonGrid(new ComparisonGridViewModel(analysis));
            BorderPane root = new BorderPane(grid);
            root.setTop(text);
            s.setScene(new Scene(root, 1200, 760));
            s.show();
        });
        interact(() -> text.setText("the w9 w10 . w11 ! w12 w13 w14 ! café w20 well-made ."));
        WaitForAsyncUtils.waitFor(90, TimeUnit.SECONDS, () -> {
            Explanation e = analysis.explanationProperty().get();
            return !analysis.progressProperty().get().running() && e != null
                    && e.completed().containsAll(EnumSet.allOf(Section.class));
        });
        WaitForAsyncUtils.waitForFxEvents();
        Explanation e = analysis.explanationProperty().get();
        EncodedDocument doc = e.document();
        assertEquals(4, doc.size(), "the sentence level: four sentences");
        HierarchicalDocument h = analysis.hierarchy();
        assertNotNull(h);

        HeatmapLayout layout = grid.sharedLayout();
        assertTrue(layout.hierarchical());
        assertEquals(4, layout.rows().size());
        assertEquals(14, layout.boxes().size(), "every word of the four sentences");
        for (HeatmapLayout.Row r : layout.rows()) {
            assertEquals(h.sentences().get(r.index()).size(), r.end() - r.first());
            assertEquals(doc.attention()[r.index()], r.weight(), 1e-12, "the row's beta");
            // One sentence per row: its first word starts the line, right of the bar.
            assertTrue(layout.boxes().get(r.first()).bounds().getX() > r.bar().getMaxX());
            assertEquals(r.bar().getY(), layout.boxes().get(r.first()).bounds().getY(), 1e-9);
            if (r.index() > 0) {
                assertTrue(r.bar().getY() > layout.boxes().get(r.first() - 1).bounds().getMaxY(), "a new line per sentence");
            }
            // Hovering anywhere on the row (bar or word) is the sentence.
            assertEquals(r.index(), layout.indexAt(r.bar().getCenterX(), r.bar().getCenterY()));
            var w = layout.boxes().get(r.end() - 1).bounds();
            assertEquals(r.index(), layout.indexAt(w.getCenterX(), w.getCenterY()));
        }

        double[] original = grid.panel(PanelKind.ORIGINAL).heatmap().valuesProperty().get();
        assertEquals(4, original.length, "the bars are one value per sentence");
        for (int j = 0; j < 4; j++) assertEquals(doc.attention()[j], original[j], 1e-12);
        double[] adversarial = grid.panel(PanelKind.ADVERSARIAL).heatmap().valuesProperty().get();
        double[] permuted = grid.panel(PanelKind.PERMUTED).heatmap().valuesProperty().get();
        assertEquals(4, adversarial.length);
        assertEquals(4, permuted.length);
        assertTrue(!java.util.Arrays.equals(original, adversarial), "the adversary's bars differ from beta");

        // The toggle is shown for a hierarchical model and reaches every panel.
        ToggleButton toggle = lookup("#alphaToggle").queryAs(ToggleButton.class);
        assertTrue(toggle.isVisible());
        interact(() -> toggle.setSelected(true));
        assertTrue(grid.panel(PanelKind.SALIENCY).heatmap().alphaOnlyProperty().get());
    }
}
