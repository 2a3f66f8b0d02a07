package org.attentionworkbench.ui.charts;

import org.attentionworkbench.figures.SeriesColors;
import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.Ellipse2D;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.ui.eraser.EraserState;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.ValueMarker;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * Flip curves (docs/methods.md section 6): the probability of the ORIGINAL class against the number of
 * tokens erased, for every ranking (attention, the mean of the random shuffles, dd/dalpha,
 * dd/dalpha x alpha, the exact oracle); the oracle's minimal flip marked, and the eraser's current
 * state as a point, so that hand edits can be compared with the rankings.
 */
public final class FlipCurveChart {

    /** Series keys, in drawing order. */
    public static final String ATTENTION = "attention";
    public static final String RANDOM = "random (mean of shuffles)";
    public static final String GRADIENT = "dd/d\u03b1";
    public static final String GRADIENT_X_ATTENTION = "dd/d\u03b1 \u00d7 \u03b1";
    public static final String ORACLE = "oracle (minimal flip)";
    /** Key of the eraser's point. */
    public static final String CURRENT = "eraser now";

    private final XYSeriesCollection curves = new XYSeriesCollection();
    private final XYSeriesCollection current = new XYSeriesCollection();
    private final XYPlot plot;
    private final JFreeChart chart;
    private ValueMarker oracleMarker;
    private ValueMarker boundary;

    public FlipCurveChart() {
        NumberAxis x = new NumberAxis("tokens erased (k)");
        x.setStandardTickUnits(NumberAxis.createIntegerTickUnits());
        NumberAxis y = new NumberAxis("p(original class)");
        y.setRange(0, 1.0);
        XYLineAndShapeRenderer lines = new XYLineAndShapeRenderer(true, false);
        plot = new XYPlot(curves, x, y, lines);
        XYLineAndShapeRenderer point = new XYLineAndShapeRenderer(false, true);
        point.setSeriesShape(0, new Ellipse2D.Double(-6, -6, 12, 12));
        point.setSeriesPaint(0, SeriesColors.BLUISH_GREEN);
        point.setUseOutlinePaint(true);
        point.setDrawOutlines(true);
        point.setSeriesOutlinePaint(0, Color.BLACK);
        point.setSeriesOutlineStroke(0, new BasicStroke(1.5f));
        plot.setDataset(1, current);
        plot.setRenderer(1, point);
        chart = SeriesColors.style(new JFreeChart("Flip curves", SeriesColors.TITLE, plot, true));
        setExplanation(null);
    }

    /** The chart (to show in a ChartViewer or export). */
    public JFreeChart chart() {
        return chart;
    }

    /**
     * The curves of an explanation by series key (k = 0..n on x, p_c on y); empty while its
     * erasure section is not computed.
     */
    public static XYSeriesCollection curves(Explanation e) {
        XYSeriesCollection out = new XYSeriesCollection();
        if (e == null || e.rankings() == null) return out;
        Map<String, double[]> ys = new LinkedHashMap<>();
        ErasureRanking.Report r = e.rankings();
        ys.put(ATTENTION, r.attention().curve());
        ys.put(RANDOM, r.random().meanCurve());
        ys.put(GRADIENT, r.gradient().curve());
        ys.put(GRADIENT_X_ATTENTION, r.gradientTimesAttention().curve());
        if (e.oracle() != null) ys.put(ORACLE, e.oracle().curve());
        ys.forEach((name, curve) -> {
            XYSeries s = new XYSeries(name, false, true); // no duplicate check: O(1) adds
            for (int k = 0; k < curve.length; k++) s.add(k, curve[k]);
            out.addSeries(s);
        });
        return out;
    }

    /** Shows the curves of {@code e}; null (or no erasure section yet) shows an empty chart. */
    public void setExplanation(Explanation e) {
        // One redraw for the whole update, not one per series and style change.
        chart.setNotify(false);
        try {
            updateCurves(e);
        } finally {
            chart.setNotify(true);
        }
    }

    private void updateCurves(Explanation e) {
        curves.removeAllSeries();
        XYSeriesCollection fresh = curves(e);
        for (int s = 0; s < fresh.getSeriesCount(); s++) curves.addSeries(fresh.getSeries(s));
        styleSeries();
        if (oracleMarker != null) plot.removeDomainMarker(oracleMarker);
        if (boundary != null) plot.removeRangeMarker(boundary);
        oracleMarker = null;
        boundary = null;
        if (e == null || e.rankings() == null) {
            SeriesColors.title(chart, e == null ? "Flip curves" : "Flip curves (computing\u2026)");
            return;
        }
        String c = e.document().labels().get(e.document().predicted());
        SeriesColors.title(chart, "Flip curves: p(" + c + ") as tokens are erased");
        MinimalFlipSet.Result oracle = e.oracle();
        if (oracle != null && oracle.flippable()) {
            oracleMarker = SeriesColors.marker(oracle.size(), SeriesColors.VERMILLION,
                    String.format(Locale.ROOT, "minimal flip: k = %d", oracle.size()));
            plot.addDomainMarker(oracleMarker);
        }
        if (e.document().numClasses() == 2) { // with two classes the decision boundary is p = 0.5
            boundary = SeriesColors.marker(0.5, SeriesColors.GREY, null);
            plot.addRangeMarker(boundary);
        }
    }

    /** Moves the eraser's point to {@code s} (erased count, p of the original class); null hides it. */
    public void setCurrent(EraserState s) {
        current.removeAllSeries();
        if (s == null) return;
        XYSeries p = new XYSeries(CURRENT, false, false);
        p.add(s.erasedCount(), s.originalClassProbability());
        current.addSeries(p);
    }

    /** The point shown, or null: (erased count, p_c). */
    public double[] currentPoint() {
        if (current.getSeriesCount() == 0) return null;
        return new double[] {current.getXValue(0, 0), current.getYValue(0, 0)};
    }

    /** The x of the oracle marker, or NaN when none is shown. */
    public double oracleMarkerAt() {
        return oracleMarker == null ? Double.NaN : oracleMarker.getValue();
    }

    private void styleSeries() {
        XYLineAndShapeRenderer r = (XYLineAndShapeRenderer) plot.getRenderer();
        for (int s = 0; s < curves.getSeriesCount(); s++) {
            String key = (String) curves.getSeriesKey(s);
            r.setSeriesPaint(s, switch (key) {
                case ATTENTION -> SeriesColors.BLUE;
                case RANDOM -> SeriesColors.BLACK;
                case GRADIENT -> SeriesColors.ORANGE;
                case GRADIENT_X_ATTENTION -> SeriesColors.REDDISH_PURPLE;
                default -> SeriesColors.VERMILLION;
            });
            r.setSeriesStroke(s, switch (key) {
                case ATTENTION -> SeriesColors.solid(2.2f);
                case RANDOM -> SeriesColors.dashed(1.6f, 6f, 4f);
                case GRADIENT -> SeriesColors.dashed(2f, 2f, 3f);
                case GRADIENT_X_ATTENTION -> SeriesColors.dashed(2f, 8f, 3f, 2f, 3f);
                default -> SeriesColors.solid(2.8f);
            });
        }
    }
}
