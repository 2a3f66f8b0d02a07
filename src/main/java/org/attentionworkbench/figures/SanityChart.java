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
        for (int k = 0; k < r.methods().size(); k++) {
            lines.setSeriesPaint(k, PALETTE[k % PALETTE.length]);
            lines.setSeriesStroke(k, r.flagged(r.methods().get(k)) ? SeriesColors.dashed(2f, 6f, 3f)
                    : new BasicStroke(2f));
        }
        NumberAxis y = new NumberAxis("Kendall \u03c4 of |scores| against the trained model (mean over documents)");
        y.setRange(-0.2, 1.05);
        CategoryPlot plot = new CategoryPlot(d, new CategoryAxis("parameters re-initialised (cascading, top first)"),
                y, lines);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setRangeGridlinePaint(SeriesColors.GRID);
        plot.addRangeMarker(SeriesColors.marker(SanityCheck.FLAG_TAU, SeriesColors.GREY, "flag at \u03c4 \u2265 "
                + SanityCheck.FLAG_TAU + " with the encoder random"));
        return SeriesColors.style(new JFreeChart(title, SeriesColors.TITLE, plot, true));
    }
}
