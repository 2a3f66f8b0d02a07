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
 */
public final class ProbabilityView extends VBox {

    private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
    private final Label label = new Label("\u2014");
    private final Label confidence = new Label("");
    private final GridPane bars = new GridPane();
    private final ScrollPane barsPane = new ScrollPane(bars);
    /** Rows of bars shown at once; more classes scroll. */
    static final int VISIBLE_ROWS = 3;
    /** Height of one row of bars, gap included (the CSS sets 12 px text, 13 px bars and a 2 px gap). */
    private static final double ROW_HEIGHT = 19;

    public ProbabilityView() {
        getStyleClass().add("probability-view");
        label.setId("predictedLabel");
        label.getStyleClass().add("predicted-label");
        confidence.getStyleClass().add("confidence");
        bars.getStyleClass().add("probability-bars");
        Label predicted = new Label("Prediction");
        predicted.getStyleClass().add("section-caption");
        HBox headline = new HBox(10, label, new VBox(predicted, confidence));
        headline.setAlignment(Pos.CENTER_LEFT);
        barsPane.setId("probabilityBars");
        barsPane.setFitToWidth(true);
        barsPane.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        barsPane.getStyleClass().add("probability-scroll");
        Tooltip.install(barsPane, new Tooltip("Class probabilities"));
        getChildren().addAll(headline, barsPane);
        fitRows(2);
        prediction.addListener((obs, old, p) -> show(p));
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
            confidence.setText("");
            return;
        }
        label.setText(p.label());
        confidence.setText(String.format(Locale.ROOT, "%.1f%% confident", 100 * p.confidence()));
        double[] probs = p.probabilities();
        for (int c = 0; c < probs.length; c++) {
            Label name = new Label(p.labels().get(c));
            ProgressBar bar = new ProgressBar(probs[c]);
            bar.setMaxWidth(Double.MAX_VALUE);
            GridPane.setHgrow(bar, Priority.ALWAYS);
            if (c == p.predicted()) bar.getStyleClass().add("predicted");
            Label pct = new Label(String.format(Locale.ROOT, "%.1f%%", 100 * probs[c]));
            pct.getStyleClass().add("percent");
            pct.setId("probability-" + c);
            bars.addRow(c, name, bar, pct);
        }
        fitRows(probs.length);
    }
}
