package org.attentionworkbench.ui.charts;

import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.ui.eraser.EraserState;
import org.attentionworkbench.ui.eraser.EraserViewModel;

/**
 * The analysis charts in tabs: output distributions, flip curves, attention vs saliency (method
 * selectable) and the permutation histogram. Fed by two properties: the (progressively updated)
 * explanation and, optionally, the eraser's state, which moves the point on the flip curves and
 * the "after erasure" bars in the same frame as an edit.
 *
 * <p>Wiring: {@code charts.explanationProperty().bind(analysis.explanationProperty());
 * charts.bindEraser(eraserPanel.viewModel());}
 */
public final class AnalysisCharts extends TabPane {

    private final ObjectProperty<Explanation> explanation = new SimpleObjectProperty<>(this, "explanation");
    private final ObjectProperty<EraserState> eraserState = new SimpleObjectProperty<>(this, "eraserState");
    private final OutputDistributionChart output = new OutputDistributionChart();
    private final FlipCurveChart flips = new FlipCurveChart();
    private final SaliencyScatterChart scatter = new SaliencyScatterChart();
    private final PermutationHistogramChart permutation = new PermutationHistogramChart();
    private final ComboBox<SaliencyMethod> method = new ComboBox<>();

    public AnalysisCharts() {
        getStyleClass().add("analysis-charts");
        setTabClosingPolicy(TabClosingPolicy.UNAVAILABLE);
        method.setId("saliencyMethodChoice");
        method.setPromptText("computing\u2026");
        method.setConverter(new javafx.util.StringConverter<>() {
            @Override
            public String toString(SaliencyMethod m) {
                return m == null ? "" : m.id().replace('_', ' ');
            }

            @Override
            public SaliencyMethod fromString(String s) {
                return null; // not editable
            }
        });
        method.valueProperty().addListener(o -> scatter.show(explanation.get(), method.getValue()));
        getTabs().addAll(
                tab("Output", new ChartView(output.chart(), "output-distribution")),
                tab("Flip curves", new ChartView(flips.chart(), "flip-curves")),
                tab("Attention vs saliency", new ChartView(scatter.chart(), "attention-vs-saliency",
                        new Label("Method"), method)),
                tab("Permutation", new ChartView(permutation.chart(), "permutation-tvd")));
        explanation.addListener((obs, old, e) -> explanationChanged(e));
        eraserState.addListener((obs, old, s) -> {
            flips.setCurrent(s);
            output.show(explanation.get(), s);
        });
    }

    /**
     * Adds a tab after the charts (the sanity check, which needs the model as well as the
     * explanation, is added by the window that has both).
     */
    public void addTab(String title, javafx.scene.Node content) {
        Tab t = new Tab(title, content);
        t.setId("chartTab-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        getTabs().add(t);
    }

    private static Tab tab(String title, ChartView view) {
        Tab t = new Tab(title, view);
        t.setId("chartTab-" + title.toLowerCase(java.util.Locale.ROOT).replace(' ', '-'));
        return t;
    }

    private void explanationChanged(Explanation e) {
        output.show(e, eraserState.get());
        flips.setExplanation(e);
        flips.setCurrent(eraserState.get());
        permutation.show(e);
        // Keep the chosen method across progressive updates as long as it is available
        // (setAll clears the selection, so it is put back explicitly).
        SaliencyMethod chosen = method.getValue();
        method.getItems().setAll(SaliencyScatterChart.available(e));
        if (chosen == null || !method.getItems().contains(chosen)) {
            chosen = method.getItems().isEmpty() ? null : method.getItems().get(0);
        }
        method.setValue(chosen);
        scatter.show(e, chosen);
    }

    /** The explanation shown; null clears the charts. */
    public ObjectProperty<Explanation> explanationProperty() {
        return explanation;
    }

    /** The eraser state shown on the flip curves and output bars; null hides it. */
    public ObjectProperty<EraserState> eraserStateProperty() {
        return eraserState;
    }

    /** Follows {@code viewModel}'s state (binds {@link #eraserStateProperty()}). */
    public void bindEraser(EraserViewModel viewModel) {
        eraserState.bind(viewModel.stateProperty());
    }

    /** The flip-curve chart (for tests and export). */
    public FlipCurveChart flipCurves() {
        return flips;
    }

    /** The output-distribution chart (for tests and export). */
    public OutputDistributionChart outputs() {
        return output;
    }

    /** The attention-vs-saliency chart (for tests and export). */
    public SaliencyScatterChart saliencyScatter() {
        return scatter;
    }

    /** The permutation histogram (for tests and export). */
    public PermutationHistogramChart permutationHistogram() {
        return permutation;
    }
}
