package org.attentionworkbench.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.Map;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.ComboBox;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.ui.eraser.EraserTestDocs;
import org.attentionworkbench.ui.eraser.EraserViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The chart tabs follow a progressively completed explanation and the eraser's edits. */
class AnalysisChartsTest extends FxRobot {

    private final EncodedDocument doc = EraserTestDocs.random(10, 2, 5);
    private final Explanation full = ChartFixtures.explanation(doc);
    private final EraserViewModel eraser = new EraserViewModel(doc);
    private AnalysisCharts charts;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            charts = new AnalysisCharts();
            charts.bindEraser(eraser);
            stage.setScene(new Scene(charts, 900, 500));
            stage.show();
        });
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void chartsFillInAsSectionsArriveAndFollowTheEraser() {
        Explanation partial = Explanation.started(doc, -1, full.settings());
        interact(() -> charts.explanationProperty().set(partial));
        assertEquals(0, charts.flipCurves().chart().getXYPlot().getDataset().getSeriesCount());
        ComboBox<?> method = lookup("#saliencyMethodChoice").queryAs(ComboBox.class);
        assertNull(method.getValue());

        interact(() -> charts.explanationProperty().set(full));
        assertEquals(5, charts.flipCurves().chart().getXYPlot().getDataset().getSeriesCount());
        assertEquals(List.of(SaliencyMethod.GRADIENT, SaliencyMethod.LEAVE_ONE_OUT), method.getItems());
        assertEquals(SaliencyMethod.GRADIENT, method.getValue());
        interact(() -> ((ComboBox<SaliencyMethod>) (ComboBox<?>) method).setValue(SaliencyMethod.LEAVE_ONE_OUT));
        assertEquals(SaliencyScatterChart.title(full, SaliencyMethod.LEAVE_ONE_OUT),
                charts.saliencyScatter().chart().getTitle().getText());
        // A newer explanation of the same document keeps the chosen method.
        interact(() -> charts.explanationProperty().set(ChartFixtures.explanation(doc)));
        assertEquals(SaliencyMethod.LEAVE_ONE_OUT, method.getValue());

        interact(() -> eraser.erase(2));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(1, charts.flipCurves().currentPoint()[0], 0);
        assertEquals(eraser.getState().originalClassProbability(), charts.flipCurves().currentPoint()[1], 0);
        assertEquals(eraser.getState().currentProbabilities()[0],
                charts.outputs().dataset().getValue(OutputDistributionChart.ERASED, doc.labels().get(0)).doubleValue(),
                0);
    }
}
