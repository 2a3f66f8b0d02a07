package org.attentionworkbench.ui.charts;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.RandomisationStage;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.ui.FxTasks;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.data.category.CategoryDataset;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/** The window's sanity check: a real click runs the cascade on a shipped model in the background. */
class SanityCheckViewTest extends FxRobot {

    private final AttentionModel model = AttentionModel.load(Path.of("models/sst2-average.zip"));
    private SanityCheckView view;

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            view = new SanityCheckView(FxTasks.runner("test-sanity"), ExplainSettings::defaults);
            stage.setScene(new Scene(view, 900, 500));
            stage.show();
        });
    }

    @AfterEach
    void hide() throws Exception {
        FxToolkit.cleanupStages();
    }

    @Test
    void clickRunsTheCascadeAndANewDocumentClearsIt() throws Exception {
        Button run = lookup("#runSanityCheck").queryButton();
        assertTrue(run.isDisabled(), "nothing to check before a document");
        interact(() -> {
            view.modelProperty().set(model);
            view.documentProperty().set(model.encode(model.tokens(
                    "an utterly incompetent , boring and pointless film that wastes its talented cast")));
        });
        assertFalse(run.isDisabled());
        clickOn("#runSanityCheck");
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> view.result() != null);
        WaitForAsyncUtils.waitForFxEvents();

        SanityCheck.Result r = view.result();
        assertEquals(1, r.documents());
        // Attention does not read the decoder: unchanged at the first stage.
        assertEquals(1.0, r.meanTau(SanityCheck.ATTENTION, RandomisationStage.DECODER.ordinal()), 1e-12);
        CategoryDataset shown = ((CategoryPlot) view.chart().viewer().getChart().getPlot()).getDataset();
        assertEquals(r.methods().size(), shown.getRowCount(), "one line per explanation");
        assertEquals(1 + RandomisationStage.values().length, shown.getColumnCount(), "trained + each stage");
        assertTrue(view.status().getText().startsWith("Flagged") || view.status().getText().startsWith("No explanation"),
                view.status().getText());
        assertFalse(run.isDisabled(), "runnable again");

        // Another document: the old result is dropped, the chart is empty again.
        interact(() -> view.documentProperty().set(model.encode(model.tokens("a gorgeous , witty , seductive movie ."))));
        assertNull(view.result());
        assertEquals(0, ((CategoryPlot) view.chart().viewer().getChart().getPlot()).getDataset().getRowCount());
    }
}
