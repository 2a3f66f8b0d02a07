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
import java.util.List;
import javafx.geometry.Insets;
import javafx.util.StringConverter;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * A panel's header, one line: its short title, its own controls, the prediction its attention
 * yields ("pos 93.1%") and its Export menu. The detail line (what it is) and JSD / TVD / Kendall
 * tau against the original attention join the line only where it has room, and are always in
 * the title's and the prediction's tooltips: on a laptop screen five panels share the window, and
 * the tokens, not the header, are what a panel is for.
 */
final class PanelHeaderView extends HBox {

    private final Label title;
    private final Label detail = new Label();
    private final Label metrics = new Label();
    private final Label prediction = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Tooltip tip = new Tooltip();
    private final PanelKind kind;
    /** Whether the panel has a prediction to draw as a bar. */
    private boolean barWanted;
    /** Shown only where they fit, in this order of preference. */
    private final List<Node> optional;
    /** Kept: a bidirectional binding holds its ends weakly. */
    private ObjectProperty<Double> epsilonObject;

    PanelHeaderView(PanelKind kind, ComparisonGridViewModel vm) {
        super(6);
        this.kind = kind;
        getStyleClass().add("panel-header");
        title = new Label(kind.title().replace(" attention", ""));
        title.getStyleClass().add("panel-title");
        title.setTooltip(tip);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        detail.getStyleClass().add("panel-detail");
        metrics.getStyleClass().add("panel-metrics");
        metrics.setId("metrics-" + kind.name());
        prediction.setId("prediction-" + kind.name());
        prediction.getStyleClass().add("panel-prediction");
        prediction.setTooltip(tip);
        bar.setPrefWidth(48);
        bar.getStyleClass().add("panel-probability");
        getChildren().add(title);
        getChildren().addAll(controls(kind, vm));
        getChildren().addAll(spacer, detail, metrics, bar, prediction, new PanelExportButton(kind, vm));
        for (Node n : getChildren()) {
            if (n instanceof Region r && n != spacer) r.setMinWidth(Region.USE_PREF_SIZE);
        }
        setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        optional = List.of(metrics, bar, detail);
        // The cell decides the width (a header's own would widen its column past the window);
        // fit() then keeps only what has room.
        setMinWidth(0);
        widthProperty().addListener(o -> fit());
    }

    /** Shows the optional parts that fit the header's width, in order of preference. */
    private void fit() {
        double width = getWidth();
        if (width <= 0) return;
        Insets in = getInsets();
        double used = in.getLeft() + in.getRight();
        int n = 0;
        for (Node c : getChildren()) {
            if (optional.contains(c)) continue;
            used += c.prefWidth(-1);
            n++;
        }
        used += getSpacing() * (n - 1);
        for (Node c : optional) {
            double w = c.prefWidth(-1) + getSpacing();
            boolean wanted = c == bar ? barWanted : !((Label) c).getText().isEmpty();
            boolean fits = wanted && used + w <= width;
            c.setManaged(fits);
            c.setVisible(fits);
            if (fits) used += w;
        }
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
                eps.setPrefWidth(76);
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
                // The usual order first, then every other method of the registry (a new method
                // appears here without touching this list).
                List<SaliencyMethod> order = new java.util.ArrayList<>(List.of(SaliencyMethod.GRADIENT,
                        SaliencyMethod.GRAD_X_INPUT, SaliencyMethod.INTEGRATED_GRADIENTS, SaliencyMethod.LEAVE_ONE_OUT,
                        SaliencyMethod.OCCLUSION, SaliencyMethod.GRADIENT_L2));
                for (SaliencyMethod m : SaliencyMethod.values()) if (!order.contains(m)) order.add(m);
                method.getItems().setAll(order);
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
                yield new Node[] {method, new TargetClassPicker(a)};
            }
            default -> new Node[0];
        };
    }

    /** Shows {@code c}; null clears. */
    void show(PanelContent c) {
        if (c == null || !c.available()) {
            detail.setText(c == null ? "" : c.pending());
            metrics.setText("");
            prediction.setText(c == null ? "" : "\u2026");
            tip.setText(kind.title() + (c == null ? "" : "\n" + c.pending()));
            bar.setProgress(0);
            barWanted = false;
            fit();
            return;
        }
        detail.setText(c.detail());
        // Worded by PanelFigures, so that an exported panel's title block says what the header says.
        metrics.setText(PanelFigures.metricsLine(c));
        String predicted = PanelFigures.predictionLine(c);
        tip.setText(kind.title() + (c.detail().isEmpty() ? "" : "\n" + c.detail()) + "\n"
                + PanelFigures.metricsLine(c) + " vs original\n" + predicted);
        double[] y = c.probabilities();
        // The line shows the label and its probability; the output TVD is in the tooltip.
        int paren = predicted.indexOf(" (");
        prediction.setText(y == null ? "" : paren > 0 ? predicted.substring(0, paren) : predicted);
        barWanted = y != null;
        if (y != null) {
            double best = 0;
            for (double p : y) best = Math.max(best, p);
            bar.setProgress(best);
        }
        fit();
    }

    /** The labels of the header whose text must never be cut (for tests). */
    List<javafx.scene.control.Labeled> labels() {
        List<javafx.scene.control.Labeled> out = new java.util.ArrayList<>();
        for (Node n : getChildren()) {
            if (n instanceof javafx.scene.control.Labeled l && n.isManaged() && n.isVisible()) out.add(l);
        }
        return out;
    }

    /** The full text of the header's tooltip (for tests). */
    String tooltipText() {
        return tip.getText();
    }

    /** The metrics line (for tests). */
    Label metrics() {
        return metrics;
    }
}
