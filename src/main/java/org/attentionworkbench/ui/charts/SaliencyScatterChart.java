package org.attentionworkbench.ui.charts;

import org.attentionworkbench.figures.SeriesColors;
import java.awt.geom.Ellipse2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Attention against one saliency method, one point per token, with Kendall tau-b (and its
 * p-value) in the title. The y value is |score|, the quantity the explanation's Kendall tau ranks
 * (docs/methods.md section 4), so the title and the picture describe the same pairs. Hovering a point
 * names its token.
 */
public final class SaliencyScatterChart {

    private final XYSeriesCollection dataset = new XYSeriesCollection();
    private final XYPlot plot;
    private final JFreeChart chart;
    private final NumberAxis yAxis = new NumberAxis("|saliency|");
    private List<String> tokens = List.of();
    private final XYLineAndShapeRenderer points;
    private final org.jfree.chart.labels.XYToolTipGenerator tooltips;
    /** Above this many points, no per-point tooltips: each redraw would create one per token. */
    private static final int TOOLTIP_LIMIT = 1000;

    public SaliencyScatterChart() {
        NumberAxis x = new NumberAxis("attention \u03b1");
        x.setAutoRangeIncludesZero(true);
        yAxis.setAutoRangeIncludesZero(true);
        points = new XYLineAndShapeRenderer(false, true);
        points.setSeriesShape(0, new Ellipse2D.Double(-4, -4, 8, 8));
        points.setSeriesPaint(0, SeriesColors.BLUE);
        tooltips = (data, series, item) -> {
            String t = item < tokens.size() ? tokens.get(item) : "";
            return String.format(Locale.ROOT, "\u201c%s\u201d  \u03b1 = %.4f  |s| = %.4g", t,
                    data.getXValue(series, item), data.getYValue(series, item));
        };
        points.setDefaultToolTipGenerator(tooltips);
        plot = new XYPlot(dataset, x, yAxis, points);
        chart = SeriesColors.style(new JFreeChart("Attention vs saliency", SeriesColors.TITLE, plot, false));
    }

    /** The chart (to show in a ChartViewer or export). */
    public JFreeChart chart() {
        return chart;
    }

    /** The methods of {@code e} that have scores, in enum order. */
    public static List<SaliencyMethod> available(Explanation e) {
        List<SaliencyMethod> out = new ArrayList<>();
        if (e == null) return out;
        for (SaliencyMethod m : SaliencyMethod.values()) if (e.saliency(m).isPresent()) out.add(m);
        return out;
    }

    /** One point per token, in token order: x = alpha_i, y = |score_i|. Empty without scores. */
    public static XYSeriesCollection dataset(Explanation e, SaliencyMethod method) {
        XYSeriesCollection out = new XYSeriesCollection();
        if (e == null || method == null || e.saliency(method).isEmpty()) return out;
        double[] alpha = e.document().attention();
        double[] s = e.saliency(method).get().scores();
        XYSeries series = new XYSeries(method.id(), false, true); // unsorted: item i is token i
        for (int i = 0; i < alpha.length; i++) series.add(alpha[i], Math.abs(s[i]));
        out.addSeries(series);
        return out;
    }

    /**
     * Kendall tau-b of attention against |scores|: the explanation's when computed, else the same
     * statistic computed here (the agreement section may still be running).
     */
    public static KendallTau.Result kendall(Explanation e, SaliencyMethod method) {
        KendallTau.Result r = e.kendall().get(method);
        if (r != null) return r;
        double[] s = e.saliency(method).orElseThrow().scores();
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
        return KendallTau.compute(e.document().attention(), s);
    }

    /** The title for {@code method}: its name, tau-b and p. */
    public static String title(Explanation e, SaliencyMethod method) {
        KendallTau.Result k = kendall(e, method);
        if (k.undefinedReason() != null) {
            return String.format(Locale.ROOT, "Attention vs %s: Kendall \u03c4-b n/a (%s)", method.id(), k.undefinedReason());
        }
        return String.format(Locale.ROOT, "Attention vs %s: Kendall \u03c4-b = %.3f (p = %s%s)", method.id(), k.tau(),
                k.pValue() < 1e-3 ? String.format(Locale.ROOT, "%.1e", k.pValue())
                        : String.format(Locale.ROOT, "%.3f", k.pValue()), k.significant() ? ", significant" : "");
    }

    /** Shows {@code method}'s scores of {@code e}; a method without scores shows an empty chart. */
    public void show(Explanation e, SaliencyMethod method) {
        chart.setNotify(false); // one redraw for the whole update
        try {
            showNow(e, method);
        } finally {
            chart.setNotify(true);
        }
    }

    private void showNow(Explanation e, SaliencyMethod method) {
        dataset.removeAllSeries();
        XYSeriesCollection fresh = dataset(e, method);
        if (fresh.getSeriesCount() == 0) {
            tokens = List.of();
            SeriesColors.title(chart, e == null ? "Attention vs saliency" : "Attention vs saliency (computing\u2026)");
        } else {
            tokens = e.document().tokens();
            points.setDefaultToolTipGenerator(tokens.size() <= TOOLTIP_LIMIT ? tooltips : null);
            dataset.addSeries(fresh.getSeries(0));
            yAxis.setLabel("|" + method.id() + "|");
            SeriesColors.title(chart, title(e, method));
        }
    }

    /** The dataset shown (for tests). */
    public XYSeriesCollection dataset() {
        return dataset;
    }
}
