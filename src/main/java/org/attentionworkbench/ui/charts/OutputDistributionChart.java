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
        chart = SeriesColors.style(new JFreeChart("Output distribution", SeriesColors.TITLE, plot, true));
    }

    /** The chart (to show in a ChartViewer or export). */
    public JFreeChart chart() {
        return chart;
    }

    /** Rows = sources, columns = class labels, values = probabilities. */
    public static DefaultCategoryDataset dataset(List<String> labels, Map<String, double[]> sources) {
        DefaultCategoryDataset d = new DefaultCategoryDataset();
        sources.forEach((name, p) -> {
            if (p.length != labels.size()) throw new IllegalArgumentException(name + ": " + p.length + " classes");
            for (int c = 0; c < p.length; c++) d.addValue(p[c], name, labels.get(c));
        });
        return d;
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
