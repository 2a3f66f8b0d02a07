package org.attentionworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import org.attentionworkbench.explain.RandomisationStage;
import org.attentionworkbench.explain.SanityCheck;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.LineAndShapeRenderer;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * The sanity check's chart (Adebayo et al. 2018, Figure 2's cascade): mean Kendall tau of each
 * explanation against the trained model's as the cascade randomises more of the network, with the
 * flagging threshold drawn. Plain JFreeChart: the window shows it in a ChartViewer, the command line
 * and the audit write it as PNG/SVG.
 */
public final class SanityChart {

    private static final Color[] PALETTE = {SeriesColors.BLACK, SeriesColors.ORANGE, SeriesColors.SKY_BLUE,
            SeriesColors.BLUISH_GREEN, SeriesColors.BLUE, SeriesColors.VERMILLION, SeriesColors.REDDISH_PURPLE,
            SeriesColors.GREY, SeriesColors.YELLOW};

    private SanityChart() {
    }

    /** One line per explanation over the stages; a flagged one says so in the legend. */
    public static JFreeChart chart(SanityCheck.Result r, String title) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        RandomisationStage[] stages = RandomisationStage.values();
        for (String m : r.methods()) {
            String name = r.flagged(m) ? m + " (flagged)" : m;
            d.addValue(1.0, name, "trained");
            for (int s = 0; s < stages.length; s++) {
                d.addValue(r.meanTau(m, s), name, (s == 0 ? "" : "+ ") + stages[s].id());
            }
        }
        LineAndShapeRenderer lines = new LineAndShapeRenderer(true, true);
        double lowest = -0.2;
        for (int k = 0; k < r.methods().size(); k++) {
            String m = r.methods().get(k);
            // More methods than colours: the later ones repeat a colour with a dotted line.
            float w = k == 0 ? 3f : 2f;
            // (never attention's black again)
            lines.setSeriesPaint(k, PALETTE[k < PALETTE.length ? k : 1 + (k - PALETTE.length) % (PALETTE.length - 1)]);
            lines.setSeriesStroke(k, r.flagged(m) ? SeriesColors.dashed(w, 6f, 3f)
                    : k >= PALETTE.length ? SeriesColors.dashed(w, 1.5f, 3f) : new BasicStroke(w));
            for (int s = 0; s < stages.length; s++) {
                if (Double.isFinite(r.meanTau(m, s))) lowest = Math.min(lowest, r.meanTau(m, s));
            }
        }
        NumberAxis y = new NumberAxis("Kendall \u03c4 of |scores| against the trained model (mean over documents)");
        // From -0.2, lower where a line goes lower (one document's tau can reach -1): no line leaves the plot.
        y.setRange(Math.max(-1.05, Math.floor(lowest * 10) / 10 - 0.05), 1.05);
        CategoryPlot plot = new CategoryPlot(d, new CategoryAxis("parameters re-initialised (cascading, top first)"),
                y, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(SeriesColors.GRID);
        var flag = SeriesColors.marker(SanityCheck.FLAG_TAU, SeriesColors.GREY, "flag at \u03c4 \u2265 "
                + SanityCheck.FLAG_TAU + " with the encoder random");
        // Inside the plot, above the line at its right end (the marker's default corner is outside).
        flag.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.RIGHT);
        flag.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.BOTTOM_RIGHT);
        flag.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(2, 2, 2, 6));
        plot.addRangeMarker(flag);
        return SeriesColors.style(new JFreeChart(title, SeriesColors.TITLE, plot, true));
    }
}
