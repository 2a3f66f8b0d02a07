package org.attentionworkbench.ui;

import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import org.attentionworkbench.explain.Prediction;

/** The predicted label in large type and one probability bar per class, with percentages. */
public final class ProbabilityView extends VBox {

    private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
    private final Label label = new Label("\u2014");
    private final Label confidence = new Label("");
    private final GridPane bars = new GridPane();

    public ProbabilityView() {
        getStyleClass().add("probability-view");
        label.setId("predictedLabel");
        label.getStyleClass().add("predicted-label");
        confidence.getStyleClass().add("confidence");
        bars.getStyleClass().add("probability-bars");
        Label caption = new Label("Class probabilities");
        caption.getStyleClass().add("section-caption");
        Label predicted = new Label("Prediction");
        predicted.getStyleClass().add("section-caption");
        getChildren().addAll(predicted, label, confidence, caption, bars);
        prediction.addListener((obs, old, p) -> show(p));
    }

    /** The prediction shown; null clears the view. */
    public ObjectProperty<Prediction> predictionProperty() {
        return prediction;
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
    }
}
