package org.attentionworkbench.ui;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.geometry.Pos;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Region;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionworkbench.explain.Prediction;

/**
 * The predicted label in large type with its confidence, and one probability bar per class with
 * percentages. The bars sit in a scroll pane of at most {@link #VISIBLE_ROWS} rows: a five-class
 * model must not take the heatmaps' height (nor keep it after a two-class model is opened again).
 * With more classes than rows the bars are ordered by probability, so the rows in view are the
 * prediction and its nearest rivals.
 */
public final class ProbabilityView extends VBox {

    private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
    private final Label label = new Label("\u2014");
    private final Label confidence = new Label("");
    private final GridPane bars = new GridPane();
    private final ScrollPane barsPane = new ScrollPane(bars);
    /** Style class of a predicted label longer than {@link #LONG_LABEL} characters (smaller type). */
    static final String LONG_NAME = "long-name";
    /** Longest class name shown in the full large type beside its caption (alt.atheism, 11, was cut there). */
    static final int LONG_LABEL = 9;
    /** Rows of bars shown at once; more classes scroll. */
    static final int VISIBLE_ROWS = 3;
    /** Height of one row of bars, gap included (the CSS sets 12 px text, 13 px bars and a 2 px gap). */
    private static final double ROW_HEIGHT = 19;

    private final Label predicted = new Label("Prediction");
    /** Beside the name: "Prediction" over the confidence. */
    private final VBox caption = new VBox();
    /** Under a long name: "Prediction  39.9% confident" on one line, so the name has the full width. */
    private final HBox captionLine = new HBox(6);
    private final HBox headline = new HBox(10);
    private boolean captionBelow = true;

    public ProbabilityView() {
        getStyleClass().add("probability-view");
        label.setId("predictedLabel");
        label.getStyleClass().add("predicted-label");
        confidence.getStyleClass().add("confidence");
        bars.getStyleClass().add("probability-bars");
        predicted.getStyleClass().add("section-caption");
        // The caption keeps its width; a long class name (comp.os.ms-windows.misc) is what gives way.
        caption.setMinWidth(Region.USE_PREF_SIZE);
        label.setMinWidth(0);
        headline.setAlignment(Pos.CENTER_LEFT);
        captionLine.setAlignment(Pos.BASELINE_LEFT);
        placeCaption(false);
        barsPane.setId("probabilityBars");
        barsPane.setFitToWidth(true);
        barsPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        barsPane.getStyleClass().add("probability-scroll");
        Tooltip.install(barsPane, new Tooltip("Class probabilities"));
        getChildren().addAll(headline, captionLine, barsPane);
        fitRows(2);
        prediction.addListener((obs, old, p) -> show(p));
    }

    /**
     * The caption beside the name, or on one line under it for a long name: beside it,
     * soc.religion.christian showed as "soc.religion.c..." even in the smaller type.
     */
    private void placeCaption(boolean below) {
        if (below == captionBelow) return;
        captionBelow = below;
        if (below) {
            caption.getChildren().clear();
            headline.getChildren().setAll(label);
            captionLine.getChildren().setAll(predicted, confidence);
        } else {
            captionLine.getChildren().clear();
            caption.getChildren().setAll(predicted, confidence);
            headline.getChildren().setAll(label, caption);
        }
        captionLine.setVisible(below);
        captionLine.setManaged(below);
    }

    /** The prediction shown; null clears the view. */
    public ObjectProperty<Prediction> predictionProperty() {
        return prediction;
    }

    private void fitRows(int classes) {
        double h = Math.min(classes, VISIBLE_ROWS) * ROW_HEIGHT + 4;
        barsPane.setPrefViewportHeight(h);
        barsPane.setMinViewportHeight(h);
        barsPane.setMaxHeight(Region.USE_PREF_SIZE);
        barsPane.setVbarPolicy(classes > VISIBLE_ROWS ? ScrollPane.ScrollBarPolicy.AS_NEEDED : ScrollPane.ScrollBarPolicy.NEVER);
    }

    private void show(Prediction p) {
        bars.getChildren().clear();
        if (p == null) {
            label.setText("\u2014");
            placeCaption(false);
            confidence.setText("");
            return;
        }
        label.setText(p.label());
        label.setTooltip(new Tooltip(p.label()));
        // Long names in the large type would show only their first half: a smaller size fits 20 Newsgroups'.
        label.getStyleClass().remove(LONG_NAME);
        if (p.label().length() > LONG_LABEL) label.getStyleClass().add(LONG_NAME);
        placeCaption(p.label().length() > LONG_LABEL);
        confidence.setText(String.format(Locale.ROOT, "%.1f%% confident", 100 * p.confidence()));
        double[] probs = p.probabilities();
        int row = 0;
        for (int c : rowOrder(probs)) {
            Label name = new Label(p.labels().get(c));
            name.setTooltip(new Tooltip(p.labels().get(c)));
            ProgressBar bar = new ProgressBar(probs[c]);
            bar.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(bar, Priority.ALWAYS);
            if (c == p.predicted()) bar.getStyleClass().add("predicted");
            Label pct = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * probs[c]));
            pct.getStyleClass().add("percent");
            pct.setId("probability-" + c);
            bars.addRow(row++, name, bar, pct);
        }
        fitRows(probs.length);
    }

    /**
     * The classes in the order of their rows: class order when every row is visible, else most
     * probable first, so that the predicted class and its rivals are the rows in view (a 20-class
     * model showed alt.atheism, comp.graphics and comp.os.ms-windows.misc whatever it predicted).
     */
    static int[] rowOrder(double[] probs) {
        java.util.stream.IntStream order = java.util.stream.IntStream.range(0, probs.length);
        if (probs.length <= VISIBLE_ROWS) return order.toArray();
        return order.boxed().sorted((a, b) -> Double.compare(probs[b], probs[a]))
                .mapToInt(Integer::intValue).toArray();
    }
}
