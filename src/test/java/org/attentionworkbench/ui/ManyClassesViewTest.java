package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.VBox;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.ui.charts.OutputDistributionChart;
import org.attentionworkbench.ui.eraser.EraserPanel;
import org.attentionworkbench.ui.eraser.EraserViewModel;
import org.attentionworkbench.ui.teaching.TeachingPainter;
import org.jfree.data.category.DefaultCategoryDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Twenty long class names (20 Newsgroups) in the window at 1280x720: the prediction's bars show the
 * predicted class and its rivals first, the eraser's readout keeps to the most probable classes with
 * its percentages whole, the output chart draws six classes, and class columns fit their names. The
 * document is a linear readout built directly (as in EraserTestDocs), with the 20 groups' names.
 */
class ManyClassesViewTest extends FxRobot {

    static final List<String> NEWS = List.of("alt.atheism", "comp.graphics", "comp.os.ms-windows.misc",
            "comp.sys.ibm.pc.hardware", "comp.sys.mac.hardware", "comp.windows.x", "misc.forsale", "rec.autos",
            "rec.motorcycles", "rec.sport.baseball", "rec.sport.hockey", "sci.crypt", "sci.electronics", "sci.med",
            "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast", "talk.politics.misc",
            "talk.religion.misc");

    /** n tokens over 20 classes; class 15 (soc.religion.christian) gets a push so it is predicted. */
    static EncodedDocument twentyClassDocument(int n, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] z = new double[n][20];
        for (double[] row : z) for (int c = 0; c < 20; c++) row[c] = 2 * r.nextGaussian();
        double[] b = new double[20];
        b[15] = 4;
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) logits[i] = 1.5 * r.nextGaussian();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) tokens.add("w" + i);
        return new EncodedDocument(tokens, new int[n], new double[n][1], EncodedDocument.softmax(logits), z, b, NEWS);
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @org.junit.jupiter.api.BeforeEach
    void toolkit() throws Exception {
        FxToolkit.registerPrimaryStage();
    }

    /** Builds the root on the FX thread and shows it in a 1280x720 scene. */
    private <T extends javafx.scene.Parent> T show(java.util.function.Supplier<T> make) throws Exception {
        List<T> made = new ArrayList<>();
        FxToolkit.setupStage(stage -> {
            T root = make.get();
            made.add(root);
            Scene scene = new Scene(root, 1280, 720);
            Theme.apply(scene, false);
            stage.setScene(scene);
            stage.show();
        });
        WaitForAsyncUtils.waitForFxEvents();
        return made.get(0);
    }

    @Test
    void theProbabilityBarsOfTwentyClassesStartWithThePrediction() throws Exception {
        EncodedDocument doc = twentyClassDocument(30, 7);
        assertEquals(15, doc.predicted());
        VBox root = show(() -> {
            ProbabilityView v = new ProbabilityView();
            v.setPrefWidth(260);
            return new VBox(v);
        });
        ProbabilityView view = (ProbabilityView) root.getChildren().get(0);
        interact(() -> view.predictionProperty().set(new Prediction(doc.tokens(), doc.labels(), doc.probabilities(),
                doc.attention())));
        WaitForAsyncUtils.waitForFxEvents();
        double[] p = doc.probabilities();
        int[] order = ProbabilityView.rowOrder(p);
        for (int i = 1; i < order.length; i++) assertTrue(p[order[i - 1]] >= p[order[i]], "rows by probability");
        GridPane bars = (GridPane) root.lookup(".probability-bars");
        Label first = (Label) bars.getChildren().stream().filter(n -> GridPane.getRowIndex(n) == 0
                && GridPane.getColumnIndex(n) == 0).findFirst().orElseThrow();
        assertEquals("soc.religion.christian", first.getText());
        Label predicted = (Label) root.lookup("#predictedLabel");
        assertEquals("soc.religion.christian", predicted.getText());
        assertTrue(predicted.getStyleClass().contains(ProbabilityView.LONG_NAME));
        assertTrue(predicted.getWidth() >= predicted.prefWidth(-1) - 0.5, "the name is cut: " + predicted.getWidth()
                + " < " + predicted.prefWidth(-1));
        // The caption beside the name keeps its width: "Prediction" is not cut to "Pre...".
        Label caption = (Label) root.lookupAll(".section-caption").iterator().next();
        assertTrue(caption.getWidth() >= caption.prefWidth(-1) - 0.5, caption.getWidth() + " < " + caption.prefWidth(-1));
        // The shortest group name, alt.atheism, was cut to "alt.athei..." beside the caption in the large type.
        double[] atheism = new double[20];
        atheism[0] = 0.9;
        for (int c = 1; c < 20; c++) atheism[c] = 0.1 / 19;
        interact(() -> view.predictionProperty().set(new Prediction(List.of("a"), NEWS, atheism, new double[] {1})));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("alt.atheism", predicted.getText());
        assertTrue(predicted.getWidth() >= predicted.prefWidth(-1) - 0.5, "alt.atheism is cut: " + predicted.getWidth());
        // Two classes keep class order and the large type.
        interact(() -> view.predictionProperty().set(new Prediction(List.of("a"), List.of("neg", "pos"),
                new double[] {0.2, 0.8}, new double[] {1})));
        assertEquals(List.of(0, 1), Arrays.stream(ProbabilityView.rowOrder(new double[] {0.2, 0.8})).boxed().toList());
        assertFalse(predicted.getStyleClass().contains(ProbabilityView.LONG_NAME));
    }

    @Test
    void theEraserReadoutShowsTheMostProbableClassesAndTheRestInOneLine() throws Exception {
        EncodedDocument doc = twentyClassDocument(40, 11);
        EraserViewModel vm = new EraserViewModel(doc);
        EraserPanel panel = show(() -> new EraserPanel(vm));
        WaitForAsyncUtils.waitForFxEvents();
        List<Node> names = new ArrayList<>(panel.lookupAll(".erasure-bars .class-name"));
        assertEquals(5, names.size(), "the five most probable classes");
        double[] p = doc.probabilities();
        Integer[] byP = new Integer[20];
        for (int c = 0; c < 20; c++) byP[c] = c;
        Arrays.sort(byP, (a, b) -> Double.compare(p[b], p[a]));
        for (int i = 0; i < 5; i++) assertEquals(NEWS.get(byP[i]), ((Label) names.get(i)).getText());
        Label hidden = (Label) panel.lookup("#hiddenClasses");
        assertTrue(hidden.isVisible());
        assertTrue(hidden.getText().startsWith("15 other classes: "), hidden.getText());
        Label pct = (Label) panel.lookup("#originalProbability-15");
        assertTrue(pct.getWidth() >= pct.prefWidth(-1) - 0.5, "percentage cut: " + pct.getWidth());
        // Erasing until the decision moves to a class outside the five gives that class a row.
        int[] rows = org.attentionworkbench.ui.eraser.ErasureReadout.rows(p, byP[7]).stream().mapToInt(Integer::intValue).toArray();
        assertEquals(6, rows.length);
        assertEquals((int) byP[7], rows[5]);
    }

    @Test
    void theOutputChartDrawsTheSixMostProbableClasses() {
        EncodedDocument doc = twentyClassDocument(25, 3);
        DefaultCategoryDataset d = OutputDistributionChart.dataset(doc.labels(),
                OutputDistributionChart.sources(null, new EraserViewModel(doc).getState()));
        assertEquals(OutputDistributionChart.MAX_CLASSES, d.getColumnCount());
        double[] p = doc.probabilities();
        int top = 0;
        for (int c = 1; c < 20; c++) if (p[c] > p[top]) top = c;
        assertEquals(NEWS.get(top), d.getColumnKey(0));
        // Five classes (SST-5) are all drawn, in class order.
        assertEquals(List.of(0, 1, 2, 3, 4), OutputDistributionChart.shownClasses(5,
                java.util.Map.of("original", new double[] {0.1, 0.5, 0.1, 0.2, 0.1})));
    }

    @Test
    void theTeachingLineAndTheDatasetColumnsFitLongNames() throws Exception {
        assertArrayEquals(new int[] {3, 0, 6, 1, 4},
                TeachingPainter.shownClasses(new double[] {0.2, 0.15, 0.05, 0.3, 0.1, 0.04, 0.16}));
        assertArrayEquals(new int[] {0, 1}, TeachingPainter.shownClasses(new double[] {0.9, 0.1}));
        show(VBox::new); // the toolkit, to measure text
        javafx.scene.text.Text widest = new javafx.scene.text.Text("comp.sys.ibm.pc.hardware");
        widest.setFont(javafx.scene.text.Font.font(13));
        double w = ClassColumnWidth.of(NEWS);
        assertTrue(w >= widest.getLayoutBounds().getWidth() + 10 && w <= 200, "column " + w);
        assertEquals(84, ClassColumnWidth.of(List.of("neg", "pos")));
    }
}
