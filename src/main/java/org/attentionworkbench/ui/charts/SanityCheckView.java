package org.attentionworkbench.ui.charts;

import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.figures.SanityChart;
import org.attentionworkbench.task.LatestTaskRunner;
import org.jfree.chart.JFreeChart;

/**
 * The sanity check (Adebayo et al. 2018, docs/methods.md section 3) of the current document in the
 * window: the cascade re-initialises the decoder, then attention, encoder and embeddings, and the
 * chart shows Kendall tau of every explanation against the trained model's at each stage, flagged
 * methods dashed. It runs when asked, not with every edit: the cascade is four more explanations of
 * the document (seconds for a long review), on its own background runner so it never holds up the
 * live analysis. A new document or model clears the chart, and a run still going for the old one
 * is cancelled (between stages) and its result dropped.
 */
public final class SanityCheckView extends BorderPane {

    private final ObjectProperty<AttentionClassifier> model = new SimpleObjectProperty<>(this, "model");
    private final ObjectProperty<EncodedDocument> document = new SimpleObjectProperty<>(this, "document");
    private final LatestTaskRunner runner;
    private final Supplier<ExplainSettings> settings;
    private final Button run = new Button("Run sanity check");
    private final Label status = new Label();
    private final JFreeChart empty = emptyChart();
    private final ChartView chart = new ChartView(empty, "sanity-check");
    private SanityCheck.Result result;

    /**
     * @param runner   the runner of sanity checks (its own: a check must not make the analysis stale)
     * @param settings the explanation settings the check explains with (the analysis's, so seed and
     *                 method settings match what the Compare tab shows)
     */
    public SanityCheckView(LatestTaskRunner runner, Supplier<ExplainSettings> settings) {
        this.runner = runner;
        this.settings = settings;
        getStyleClass().add("sanity-check");
        run.setId("runSanityCheck");
        run.setOnAction(e -> start());
        status.setId("sanityStatus");
        status.setWrapText(true);
        status.setMaxWidth(Double.MAX_VALUE);
        HBox.setHgrow(status, Priority.ALWAYS);
        HBox bar = new HBox(10, run, status);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(4, 8, 4, 8));
        setTop(bar);
        setCenter(chart);
        model.addListener(o -> reset());
        document.addListener(o -> reset());
        reset();
    }

    /** The model checked. */
    public ObjectProperty<AttentionClassifier> modelProperty() {
        return model;
    }

    /** The document checked (its tokens are explained again by each randomised model). */
    public ObjectProperty<EncodedDocument> documentProperty() {
        return document;
    }

    /** The last finished check of the current document, or null (for tests). */
    public SanityCheck.Result result() {
        return result;
    }

    /** The status line (for tests). */
    public Label status() {
        return status;
    }

    /** The chart shown. */
    public ChartView chart() {
        return chart;
    }

    private void reset() {
        runner.cancel();
        result = null;
        if (chart.viewer().getChart() != empty) chart.viewer().setChart(empty);
        boolean ready = model.get() != null && document.get() != null;
        run.setDisable(!ready);
        status.setText(ready
                ? "Re-initialises the decoder, then attention, encoder and embeddings, and compares each "
                        + "explanation of this document with the trained model's (Kendall \u03c4 of |scores|)."
                : "No document to check.");
    }

    private void start() {
        AttentionClassifier m = model.get();
        EncodedDocument doc = document.get();
        if (m == null || doc == null) return;
        ExplainSettings s = settings.get();
        run.setDisable(true);
        status.setText("Explaining the document with the trained model\u2026");
        List<List<String>> docs = List.of(doc.tokens());
        runner.submit(java.time.Duration.ZERO, context -> new SanityCheck(m, s, s.seed()).run(docs,
                        line -> context.publish(() -> status.setText(line + " \u2026"))),
                r -> {
                    result = r;
                    chart.viewer().setChart(SanityChart.chart(r, "Sanity check: " + m.name()));
                    List<String> flagged = r.methods().stream().filter(r::flagged).toList();
                    status.setText(flagged.isEmpty()
                            ? "No explanation flagged: each drifts from the trained model's as the model is randomised."
                            : "Flagged (\u03c4 \u2265 " + SanityCheck.FLAG_TAU + " with only the embeddings trained): "
                                    + String.join(", ", flagged));
                    run.setDisable(false);
                },
                failure -> {
                    status.setText(failure instanceof UnsupportedOperationException
                            ? "This model family cannot be re-initialised: " + failure.getMessage()
                            : "The sanity check failed: " + (failure.getMessage() != null ? failure.getMessage()
                                    : failure.getClass().getSimpleName()));
                    run.setDisable(false);
                });
    }

    private static JFreeChart emptyChart() {
        JFreeChart c = SanityChart.chart(new SanityCheck.Result(List.of(), Map.of(), 0), "Sanity check");
        ((org.jfree.chart.plot.CategoryPlot) c.getPlot()).setNoDataMessage("Run the check to draw it");
        return c;
    }
}
