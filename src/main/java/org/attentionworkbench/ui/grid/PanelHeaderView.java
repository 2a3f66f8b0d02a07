package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import org.attentionworkbench.figures.PanelFigures;
import javafx.beans.property.ObjectProperty;
import javafx.scene.Node;
import javafx.scene.control.Button;
import javafx.scene.control.ChoiceBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.util.StringConverter;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * A panel's header: what it is (title, its own controls, a detail line), the prediction its
 * attention yields as a small probability bar, and JSD / TVD / Kendall tau against the original
 * attention.
 */
final class PanelHeaderView extends VBox {

    private final Label detail = new Label();
    private final Label metrics = new Label();
    private final Label prediction = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    /** Kept: a bidirectional binding holds its ends weakly. */
    private ObjectProperty<Double> epsilonObject;

    PanelHeaderView(PanelKind kind, ComparisonGridViewModel vm) {
        getStyleClass().add("panel-header");
        Label title = new Label(kind.title());
        title.getStyleClass().add("panel-title");
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox top = new HBox(8, title, spacer);
        top.getChildren().addAll(controls(kind, vm));
        top.getChildren().add(new PanelExportButton(kind, vm));
        top.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        detail.getStyleClass().add("panel-detail");
        metrics.getStyleClass().add("panel-metrics");
        metrics.setId("metrics-" + kind.name());
        prediction.setId("prediction-" + kind.name());
        prediction.getStyleClass().add("panel-prediction");
        bar.setPrefWidth(90);
        bar.getStyleClass().add("panel-probability");
        HBox numbers = new HBox(8, bar, prediction, metrics);
        numbers.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        getChildren().addAll(top, detail, numbers);
    }

    private Node[] controls(PanelKind kind, ComparisonGridViewModel vm) {
        AnalysisViewModel a = vm.analysis();
        return switch (kind) {
            case ADVERSARIAL -> {
                ChoiceBox<AdversaryKind> which = new ChoiceBox<>();
                which.getItems().setAll(AdversaryKind.values());
                which.valueProperty().bindBidirectional(a.adversaryKindProperty());
                which.setId("adversaryKind");
                Spinner<Double> eps = new Spinner<>(new SpinnerValueFactory.DoubleSpinnerValueFactory(
                        0.001, 0.5, a.epsilonProperty().get(), 0.01));
                eps.setEditable(true);
                eps.setPrefWidth(86);
                eps.setId("epsilon");
                eps.setTooltip(new Tooltip("\u03b5: how far the output may move (TVD)"));
                epsilonObject = a.epsilonProperty().asObject();
                eps.getValueFactory().valueProperty().bindBidirectional(epsilonObject);
                yield new Node[] {which, new Label("\u03b5"), eps};
            }
            case PERMUTED -> {
                Button reroll = new Button("Re-roll");
                reroll.setId("reroll");
                reroll.setTooltip(new Tooltip("Draw another seeded permutation"));
                reroll.setOnAction(e -> vm.reroll());
                yield new Node[] {reroll};
            }
            case SALIENCY -> {
                ChoiceBox<SaliencyMethod> method = new ChoiceBox<>();
                method.getItems().setAll(SaliencyMethod.GRADIENT, SaliencyMethod.GRAD_X_INPUT,
                        SaliencyMethod.INTEGRATED_GRADIENTS, SaliencyMethod.LEAVE_ONE_OUT, SaliencyMethod.OCCLUSION,
                        SaliencyMethod.GRADIENT_L2);
                method.setConverter(new StringConverter<>() {
                    @Override
                    public String toString(SaliencyMethod m) {
                        return m == null ? "" : m.id().replace('_', ' ');
                    }

                    @Override
                    public SaliencyMethod fromString(String s) {
                        return null; // not editable
                    }
                });
                method.valueProperty().bindBidirectional(a.saliencyMethodProperty());
                method.setId("saliencyMethod");
                yield new Node[] {method};
            }
            default -> new Node[0];
        };
    }

    /** Shows {@code c}; null clears. */
    void show(PanelContent c) {
        if (c == null || !c.available()) {
            detail.setText(c == null ? "" : c.pending());
            metrics.setText("");
            prediction.setText("");
            bar.setProgress(0);
            bar.setVisible(false);
            return;
        }
        detail.setText(c.detail());
        // Worded by PanelFigures, so that an exported panel's title block says what the header says.
        metrics.setText(PanelFigures.metricsLine(c));
        prediction.setText(PanelFigures.predictionLine(c));
        double[] y = c.probabilities();
        bar.setVisible(y != null);
        if (y == null) return;
        double best = 0;
        for (double p : y) best = Math.max(best, p);
        bar.setProgress(best);
    }

    /** The metrics line (for tests). */
    Label metrics() {
        return metrics;
    }
}
