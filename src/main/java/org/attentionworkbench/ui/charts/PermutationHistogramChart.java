package org.attentionworkbench.ui.charts;

import org.attentionworkbench.figures.SeriesColors;
import java.util.Locale;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.PermutationTest;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.data.statistics.HistogramDataset;

/**
 * The permutation experiment (docs/methods.md section 5) as a histogram of TVD(y, y_perm) over the P
 * random permutations of alpha, the median marked. A narrow spike at zero says the output does
 * not care where the attention goes.
 */
public final class PermutationHistogramChart {

    /** Bins of the histogram (P = 100 by default: about five permutations a bin). */
    public static final int BINS = 20;

    private final XYPlot plot;
    private final JFreeChart chart;
    private ValueMarker median;

    public PermutationHistogramChart() {
        NumberAxis x = new NumberAxis("TVD(y, y_perm)");
        NumberAxis y = new NumberAxis("permutations");
        y.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        XYBarRenderer bars = new XYBarRenderer(0.05);
        bars.setBarPainter(new StandardXYBarPainter());
        bars.setShadowVisible(false);
        bars.setSeriesPaint(0, SeriesColors.SKY_BLUE);
        bars.setDrawBarOutline(true);
        bars.setSeriesOutlinePaint(0, SeriesColors.BLUE);
        plot = new XYPlot(new HistogramDataset(), x, y, bars);
        chart = SeriesColors.style(new JFreeChart("Permutation test", SeriesColors.TITLE, plot, false));
    }

    /** The chart (to show in a ChartViewer or export). */
    public JFreeChart chart() {
        return chart;
    }

    /**
     * The histogram of the permutation TVDs over [0, max TVD] in {@link #BINS} bins; empty while the
     * permutation section is not computed.
     */
    public static HistogramDataset dataset(Explanation e) {
        HistogramDataset d = new HistogramDataset();
        if (e == null || e.permutation() == null) return d;
        double[] tvds = e.permutation().tvds();
        double max = 0;
        for (double t : tvds) max = Math.max(max, t);
        // A fixed lower end at 0 keeps "how far from no effect" readable; a zero-width range
        // (all permutations equal) gets a tiny width so that the bins exist.
        d.addSeries("TVD", tvds, BINS, 0, max > 0 ? max : 1e-9);
        return d;
    }

    /** Shows the permutation results of {@code e}. */
    public void show(Explanation e) {
        chart.setNotify(false); // one redraw for the whole update
        try {
            showNow(e);
        } finally {
            chart.setNotify(true);
        }
    }

    private void showNow(Explanation e) {
        plot.setDataset(dataset(e));
        if (median != null) plot.removeDomainMarker(median);
        median = null;
        PermutationTest.Result p = e == null ? null : e.permutation();
        if (p == null) {
            SeriesColors.title(chart, e == null ? "Permutation test" : "Permutation test (computing\u2026)");
        } else {
            SeriesColors.title(chart, String.format(Locale.ROOT, "Permutation test: median TVD = %.4f over %d permutations "
                    + "(max \u03b1 = %.3f)", p.medianTvd(), p.tvds().length, p.maxAttention()));
            median = SeriesColors.marker(p.medianTvd(), SeriesColors.VERMILLION, "median");
            plot.addDomainMarker(median);
        }
    }

    /** The dataset shown (for tests). */
    public HistogramDataset dataset() {
        return (HistogramDataset) plot.getDataset();
    }

    /** x of the median marker, NaN when none. */
    public double medianMarkerAt() {
        return median == null ? Double.NaN : median.getValue();
    }
}
