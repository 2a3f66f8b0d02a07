package org.attentionworkbench.ui.eraser;

import java.util.List;
import java.util.Locale;
import javafx.geometry.HPos;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressBar;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;

/**
 * What the model says after the erasure, beside the heatmap: per class the original and the
 * current probability as two bars, JSD and TVD to the original output, how many tokens are erased,
 * and a badge that says (in words, not only colour) whether the decision flipped. A model with more
 * than {@link #MAX_ROWS} classes shows the rows of its most probable ones and the mass of the others.
 */
public final class ErasureReadout extends VBox {

    private final GridPane bars = new GridPane();
    private final Label jsd = new Label("\u2014");
    private final Label tvd = new Label("\u2014");
    private final Label erased = new Label("");
    private final Label badge = new Label("");
    private final Label hidden = new Label("");
    private List<String> shownLabels = List.of();
    private List<Integer> shownRows = List.of();

    /** Most class rows shown; a model with more shows its most probable classes (20 Newsgroups). */
    static final int MAX_ROWS = 5;
    /** Widest class name column: longer names end in an ellipsis (the tooltip has them whole). */
    private static final double NAME_WIDTH = 130;

    public ErasureReadout() {
        getStyleClass().add("erasure-readout");
        bars.getStyleClass().add("erasure-bars");
        ColumnConstraints name = new ColumnConstraints();
        name.setMaxWidth(NAME_WIDTH);
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
        hidden.setId("hiddenClasses");
        hidden.getStyleClass().add("erasure-legend");
        hidden.setWrapText(true);
        hidden.managedProperty().bind(hidden.visibleProperty());
        getChildren().addAll(section("Decision"), badge, erased, section("Output probabilities"), bars, hidden, legend,
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
            shownRows = List.of();
            hidden.setVisible(false);
            jsd.setText("\u2014");
            tvd.setText("\u2014");
            erased.setText("");
            badge.setText("\u2014");
            return;
        }
        List<String> labels = s.document().labels();
        double[] before = s.originalProbabilities();
        double[] now = s.currentProbabilities();
        List<Integer> rows = rows(before, s.currentPredicted());
        if (!labels.equals(shownLabels) || !rows.equals(shownRows)) rebuildBars(labels, rows);
        int others = labels.size() - rows.size();
        hidden.setVisible(others > 0);
        if (others > 0) {
            double rest = 1;
            for (int c : rows) rest -= now[c];
            hidden.setText(String.format(Locale.ROOT, "%d other classes: %s after erasure", others,
                    percent(Math.max(0, rest))));
        }
        for (int c : rows) {
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

    /**
     * The classes given a row, in row order: all in class order when there are at most
     * {@link #MAX_ROWS}; else the {@code MAX_ROWS} most probable before erasure (so that rows do not
     * move while tokens are erased), most probable first, and the current decision after them when
     * it is not among them.
     */
    public static List<Integer> rows(double[] original, int currentPredicted) {
        List<Integer> all = new java.util.ArrayList<>();
        for (int c = 0; c < original.length; c++) all.add(c);
        if (original.length <= MAX_ROWS) return all;
        all.sort((a, b) -> Double.compare(original[b], original[a]));
        List<Integer> rows = new java.util.ArrayList<>(all.subList(0, MAX_ROWS));
        if (!rows.contains(currentPredicted)) rows.add(currentPredicted);
        return List.copyOf(rows);
    }

    private void rebuildBars(List<String> labels, List<Integer> rows) {
        bars.getChildren().clear();
        int row = 0;
        for (int c : rows) {
            Label name = new Label(labels.get(c));
            name.getStyleClass().add("class-name");
            name.setMinWidth(0);
            name.setTooltip(new javafx.scene.control.Tooltip(labels.get(c)));
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
            pcts.setMinWidth(Region.USE_PREF_SIZE); // the percentages, not "...", when the panel is narrow
            bars.addRow(row++, name, pair, pcts);
        }
        shownLabels = List.copyOf(labels);
        shownRows = rows;
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
