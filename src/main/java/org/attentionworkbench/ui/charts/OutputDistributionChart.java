package org.attentionworkbench.ui.charts;

import org.attentionworkbench.figures.SeriesColors;
import java.awt.Color;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.ui.eraser.EraserState;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.labels.StandardCategoryItemLabelGenerator;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.renderer.category.BarRenderer;
import org.jfree.chart.renderer.category.StandardBarPainter;
import org.jfree.data.category.DefaultCategoryDataset;

/**
 * Output distributions as grouped bars: one group per class, one bar per source (the original
 * output, the eraser's current output, and the uniform / adversarial panels once computed).
 */
public final class OutputDistributionChart {

    /** Series keys. */
    public static final String ORIGINAL = "original";
    public static final String ERASED = "after erasure";
    public static final String UNIFORM = "uniform attention";
    public static final String ADVERSARIAL = "adversarial (\u03b5-max JSD)";

    /** Most classes drawn; a model with more shows its most probable ones. */
    public static final int MAX_CLASSES = 6;
    private static final String TITLE = "Output distribution";

    private final DefaultCategoryDataset dataset = new DefaultCategoryDataset();
    private final CategoryPlot plot;
    private final JFreeChart chart;

    public OutputDistributionChart() {
        NumberAxis y = new NumberAxis("probability");
        y.setRange(0, 1.1); // headroom for the value label of a bar at 1
        BarRenderer bars = new BarRenderer();
        bars.setBarPainter(new StandardBarPainter());
        bars.setShadowVisible(false);
        bars.setItemMargin(0.04);
        bars.setDefaultItemLabelGenerator(new StandardCategoryItemLabelGenerator("{2}",
                new java.text.DecimalFormat("0.000")));
        bars.setDefaultItemLabelsVisible(true);
        plot = new CategoryPlot(dataset, new CategoryAxis("class"), y, bars);
        chart = SeriesColors.style(new JFreeChart(TITLE, SeriesColors.TITLE, plot, true));
    }

    /** The chart (to show in a ChartViewer or export). */
    public JFreeChart chart() {
        return chart;
    }

    /**
     * Rows = sources, columns = class labels, values = probabilities; with more than
     * {@link #MAX_CLASSES} classes only the columns of {@link #shownClasses}.
     */
    public static DefaultCategoryDataset dataset(List<String> labels, Map<String, double[]> sources) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        sources.forEach((name, p) -> {
            if (p.length != labels.size()) throw new IllegalArgumentException(name + ": " + p.length + " classes");
        });
        List<Integer> shown = shownClasses(labels.size(), sources);
        sources.forEach((name, p) -> {
            for (int c : shown) d.addValue(p[c], name, labels.get(c));
        });
        return d;
    }

    /**
     * The classes drawn: all, in class order, up to {@link #MAX_CLASSES}; beyond, the
     * {@code MAX_CLASSES} to which some source gives the most probability, most probable first (20
     * groups of four bars each left no room for a name or a value).
     */
    public static List<Integer> shownClasses(int classes, Map<String, double[]> sources) {
        List<Integer> all = new java.util.ArrayList<>();
        for (int c = 0; c < classes; c++) all.add(c);
        if (classes <= MAX_CLASSES) return all;
        double[] top = new double[classes];
        for (double[] p : sources.values()) for (int c = 0; c < classes; c++) top[c] = Math.max(top[c], p[c]);
        all.sort((a, b) -> Double.compare(top[b], top[a]));
        return List.copyOf(all.subList(0, MAX_CLASSES));
    }

    /**
     * The sources to show: the original output; the eraser's output when {@code eraser} is of the
     * same document; uniform and adversarial outputs once the explanation has them.
     */
    public static Map<String, double[]> sources(Explanation e, EraserState eraser) {
        Map<String, double[]> out = new LinkedHashMap<>();
        EncodedDocument doc = e != null ? e.document() : eraser != null ? eraser.document() : null;
        if (doc == null) return out;
        out.put(ORIGINAL, doc.probabilities());
        if (eraser != null && eraser.document() == doc) out.put(ERASED, eraser.currentProbabilities());
        if (e != null && e.uniform() != null) out.put(UNIFORM, e.uniform().probabilities());
        if (e != null && e.adversarial() != null && e.adversarial().epsilonMaxAttention() != null) {
            out.put(ADVERSARIAL, doc.decode(e.adversarial().epsilonMaxAttention()));
        }
        return out;
    }

    /** Shows the sources of {@code e} and {@code eraser} (either may be null). */
    public void show(Explanation e, EraserState eraser) {
        EncodedDocument doc = e != null ? e.document() : eraser != null ? eraser.document() : null;
        dataset.clear();
        if (doc == null) return;
        DefaultCategoryDataset d = dataset(doc.labels(), sources(e, eraser));
        SeriesColors.title(chart, doc.labels().size() > MAX_CLASSES ? String.format(java.util.Locale.ROOT,
                "%s: the %d most probable of %d classes", TITLE, MAX_CLASSES, doc.labels().size()) : TITLE);
        for (Object row : d.getRowKeys()) {
            for (Object col : d.getColumnKeys()) {
                dataset.addValue(d.getValue((Comparable<?>) row, (Comparable<?>) col), (Comparable<?>) row,
                        (Comparable<?>) col);
            }
        }
        BarRenderer r = (BarRenderer) plot.getRenderer();
        for (int s = 0; s < dataset.getRowCount(); s++) r.setSeriesPaint(s, paint((String) dataset.getRowKey(s)));
    }

    /** The dataset shown (for tests). */
    public DefaultCategoryDataset dataset() {
        return dataset;
    }

    private static Color paint(String key) {
        return switch (key) {
            case ORIGINAL -> SeriesColors.GREY;
            case ERASED -> SeriesColors.BLUE;
            case UNIFORM -> SeriesColors.ORANGE;
            default -> SeriesColors.REDDISH_PURPLE;
        };
    }
}
