package org.attentionworkbench.ui.eraser;

import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * What the model says after the erasure, beside the heatmap: per class the original and the
 * current probability as two bars, JSD and TVD to the original output, how many tokens are erased,
 * and a badge that says (in words, not only colour) whether the decision flipped.
 */
public final class ErasureReadout extends VBox {

    private final GridPane bars = new GridPane();
    private final Label jsd = new Label("\u2014");
    private final Label tvd = new Label("\u2014");
    private final Label erased = new Label("");
    private final Label badge = new Label("");
    private List<String> shownLabels = List.of();

    public ErasureReadout() {
        getStyleClass().add("erasure-readout");
        bars.getStyleClass().add("erasure-bars");
        ColumnConstraints name = new ColumnConstraints();
        ColumnConstraints bar = new ColumnConstraints(80, 160, Double.MAX_VALUE);
        bar.setHgrow(Priority.ALWAYS);
        ColumnConstraints pct = new ColumnConstraints();
        pct.setHalignment(HPos.RIGHT);
        bars.getColumnConstraints().setAll(name, bar, pct);
        jsd.setId("jsdValue");
        tvd.setId("tvdValue");
        erased.setId("erasedCount");
        erased.getStyleClass().add("erased-count");
        badge.setId("flipBadge");
        badge.getStyleClass().add("flip-badge");
        badge.setMaxWidth(Double.MAX_VALUE);
        badge.setWrapText(true);

        GridPane divergences = new GridPane();
        divergences.getStyleClass().add("erasure-divergences");
        divergences.addRow(0, caption("JSD(y, y\u2032)"), jsd);
        divergences.addRow(1, caption("TVD(y, y\u2032)"), tvd);
        Label legend = new Label("upper bar: original   lower bar: after erasure");
        legend.getStyleClass().add("erasure-legend");
        getChildren().addAll(section("Decision"), badge, erased, section("Output probabilities"), bars, legend,
                section("Change of output"), divergences);
        show(null);
    }

    private static Label section(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-caption");
        return l;
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("divergence-name");
        return l;
    }

    /** Shows {@code s}; null clears the readout. */
    public void show(EraserState s) {
        badge.getStyleClass().removeAll("flipped", "kept");
        if (s == null) {
            bars.getChildren().clear();
            shownLabels = List.of();
            jsd.setText("\u2014");
            tvd.setText("\u2014");
            erased.setText("");
            badge.setText("\u2014");
            return;
        }
        List<String> labels = s.document().labels();
        if (!labels.equals(shownLabels)) rebuildBars(labels);
        double[] before = s.originalProbabilities();
        double[] now = s.currentProbabilities();
        for (int c = 0; c < labels.size(); c++) {
            bar("originalBar-" + c).setProgress(before[c]);
            bar("currentBar-" + c).setProgress(now[c]);
            ((Label) bars.lookup("#originalProbability-" + c)).setText(percent(before[c]));
            ((Label) bars.lookup("#currentProbability-" + c)).setText(percent(now[c]));
            ProgressBar current = bar("currentBar-" + c);
            current.getStyleClass().remove("decision");
            if (c == s.currentPredicted()) current.getStyleClass().add("decision");
        }
        jsd.setText(number(s.jsd()));
        tvd.setText(number(s.tvd()));
        erased.setText(String.format(Locale.ROOT, "%d of %d tokens erased (%.0f%%)", s.erasedCount(), s.size(),
                s.size() == 0 ? 0.0 : 100.0 * s.erasedCount() / s.size()));
        String was = labels.get(s.originalPredicted());
        if (s.flipped()) {
            badge.setText("\u26a0 Decision flipped: " + was + " \u2192 " + labels.get(s.currentPredicted()));
            badge.getStyleClass().add("flipped");
        } else {
            badge.setText("\u2713 Decision kept: " + was);
            badge.getStyleClass().add("kept");
        }
    }

    private void rebuildBars(List<String> labels) {
        bars.getChildren().clear();
        for (int c = 0; c < labels.size(); c++) {
            Label name = new Label(labels.get(c));
            name.getStyleClass().add("class-name");
            ProgressBar original = new ProgressBar(0);
            original.setId("originalBar-" + c);
            original.getStyleClass().add("original");
            ProgressBar current = new ProgressBar(0);
            current.setId("currentBar-" + c);
            current.getStyleClass().add("current");
            for (ProgressBar b : List.of(original, current)) b.setMaxWidth(Double.MAX_VALUE);
            VBox pair = new VBox(2, original, current);
            Label p0 = new Label();
            p0.setId("originalProbability-" + c);
            p0.getStyleClass().addAll("percent", "original");
            Label p1 = new Label();
            p1.setId("currentProbability-" + c);
            p1.getStyleClass().addAll("percent", "current");
            VBox pcts = new VBox(2, p0, p1);
            bars.addRow(c, name, pair, pcts);
        }
        shownLabels = List.copyOf(labels);
    }

    private ProgressBar bar(String id) {
        return (ProgressBar) bars.lookup("#" + id);
    }

    /** A probability as the readout shows it. */
    public static String percent(double p) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * p);
    }

    /** A divergence as the readout shows it (nats for JSD). */
    public static String number(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
