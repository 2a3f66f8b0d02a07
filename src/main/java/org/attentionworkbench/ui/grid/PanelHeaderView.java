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
import javafx.scene.layout.VBox;
import javafx.geometry.Pos;
import javafx.css.PseudoClass;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import java.util.List;
import javafx.geometry.Insets;
import javafx.util.StringConverter;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * A panel's header: its short title, its own controls, the prediction its attention yields
 * ("pos 93.1%") with JSD / TVD / Kendall tau against the original attention, and its Export menu.
 * On one line where the panel is wide enough; otherwise the figures move to a second line (and,
 * on a very narrow panel, the Export menu with them), because the figures are what a reader
 * compares panels by: they must never vanish. Only the detail line (what the panel is) is left
 * out where it has no room, and it is always in the title's and the prediction's tooltips.
 */
final class PanelHeaderView extends VBox {

    private static final double GAP = 6;
    private static final PseudoClass TWO_LINES = PseudoClass.getPseudoClass("two-lines");

    private final Label title;
    private final Label detail = new Label();
    private final Label metrics = new Label();
    private final Label prediction = new Label();
    private final ProgressBar bar = new ProgressBar(0);
    private final Tooltip tip = new Tooltip();
    private final PanelKind kind;
    /** Title, controls, a spacer and the Export menu; the figures join it where they fit. */
    private final HBox line = new HBox(GAP);
    /** The figures (detail, metrics, bar, prediction), on the first line or the second. */
    private final HBox figures = new HBox(GAP);
    /** The second line: the figures where the first has no room for them, and Export if need be. */
    private final HBox second = new HBox(GAP);
    private final Region lineSpacer = new Region();
    private final Region secondSpacer = new Region();
    private final PanelExportButton export;
    /** Whether the panel has a prediction to draw as a bar. */
    private boolean barWanted;
    /** Kept: a bidirectional binding holds its ends weakly. */
    private ObjectProperty<Double> epsilonObject;

    PanelHeaderView(PanelKind kind, ComparisonGridViewModel vm) {
        this.kind = kind;
        getStyleClass().add("panel-header");
        title = new Label(kind.title().replace(" attention", ""));
        title.getStyleClass().add("panel-title");
        title.setTooltip(tip);
        HBox.setHgrow(lineSpacer, Priority.ALWAYS);
        HBox.setHgrow(secondSpacer, Priority.ALWAYS);
        detail.getStyleClass().add("panel-detail");
        metrics.getStyleClass().add("panel-metrics");
        metrics.setId("metrics-" + kind.name());
        prediction.setId("prediction-" + kind.name());
        prediction.getStyleClass().add("panel-prediction");
        prediction.setTooltip(tip);
        bar.setPrefWidth(48);
        bar.getStyleClass().add("panel-probability");
        export = new PanelExportButton(kind, vm);
        figures.getChildren().addAll(detail, metrics, bar, prediction);
        line.getChildren().add(title);
        line.getChildren().addAll(controls(kind, vm));
        line.getChildren().addAll(lineSpacer, figures, export);
        for (HBox row : List.of(line, figures, second)) row.setAlignment(Pos.CENTER_LEFT);
        for (Node n : List.of(title, detail, metrics, prediction, bar, export)) ((Region) n).setMinWidth(Region.USE_PREF_SIZE);
        for (Node n : line.getChildren()) {
            if (n instanceof Region r && n != lineSpacer && n != figures && !(n instanceof TargetClassPicker)) {
                r.setMinWidth(Region.USE_PREF_SIZE);
            }
        }
        getChildren().add(line);
        // The cell decides the width (a header's own would widen its column past the window);
        // fit() then arranges the lines for it.
        setMinWidth(0);
        line.setMinWidth(0);
        second.setMinWidth(0);
        widthProperty().addListener(o -> fit());
    }

    /**
     * Puts the figures on the first line where they fit beside the controls, else on a second
     * line; shows the bar and the detail only where they have room.
     */
    private void fit() {
        double width = getWidth() - getInsets().getLeft() - getInsets().getRight();
        if (width <= 0) return;
        // The first line without the figures: title, controls and Export.
        double controls = -GAP;
        for (Node c : line.getChildren()) {
            if (c == lineSpacer || c == figures || !c.isManaged()) continue;
            controls += width(c) + GAP;
        }
        if (!line.getChildren().contains(export)) controls += export.prefWidth(-1) + GAP;
        // The spacer before Export has no width, but the gap after it is real.
        controls += GAP;
        boolean hasMetrics = !metrics.getText().isEmpty();
        boolean hasPrediction = !prediction.getText().isEmpty();
        show(metrics, hasMetrics);
        show(prediction, hasPrediction);
        show(bar, false);
        show(detail, false);
        double core = figuresWidth();
        boolean oneLine = controls + GAP + core <= width;
        boolean exportBelow = !oneLine && controls > width;
        line.getChildren().removeAll(figures, export);
        second.getChildren().clear();
        if (oneLine) {
            line.getChildren().addAll(figures, export);
        } else if (exportBelow) {
            second.getChildren().addAll(figures, secondSpacer, export);
        } else {
            line.getChildren().add(export);
            second.getChildren().add(figures);
        }
        // The room left for the optional parts on the figures' line.
        double room = oneLine ? width - controls - GAP - core
                : width - core - (exportBelow ? export.prefWidth(-1) + GAP : 0);
        for (Node c : List.of(bar, detail)) {
            boolean wanted = c == bar ? barWanted : !detail.getText().isEmpty();
            double w = c.prefWidth(-1) + GAP;
            boolean fits = wanted && w <= room;
            show(c, fits);
            if (fits) room -= w;
        }
        boolean twoLines = !second.getChildren().isEmpty() && (hasMetrics || hasPrediction || exportBelow);
        if (twoLines && !getChildren().contains(second)) getChildren().add(second);
        if (!twoLines) getChildren().remove(second);
        // The second line's height comes off the tokens: the stylesheet tightens a two-line header.
        pseudoClassStateChanged(TWO_LINES, twoLines);
    }

    /** The width the line gives {@code n}: its preferred width within its minimum and maximum. */
    private static double width(Node n) {
        return Math.max(n.minWidth(-1), Math.min(n.prefWidth(-1), n.maxWidth(-1)));
    }

    /** The width of the figures that are shown. */
    private double figuresWidth() {
        double w = -GAP;
        for (Node c : figures.getChildren()) if (c.isManaged()) w += c.prefWidth(-1) + GAP;
        return Math.max(0, w);
    }

    private static void show(Node n, boolean shown) {
        n.setManaged(shown);
        n.setVisible(shown);
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
        for (HBox row : List.of(line, figures)) {
            for (Node n : row.getChildren()) {
                if (n instanceof javafx.scene.control.Labeled l && n.isManaged() && n.isVisible()) out.add(l);
            }
        }
        return out;
    }

    /** The full text of the header's tooltip (for tests). */
    String tooltipText() {
        return tip.getText();
    }

    /** Whether the figures are on a line of their own below the title and controls (for tests). */
    boolean figuresBelow() {
        return getChildren().contains(second) && second.getChildren().contains(figures);
    }

    /** The metrics line (for tests). */
    Label metrics() {
        return metrics;
    }
}
