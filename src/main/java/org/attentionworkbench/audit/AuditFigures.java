package org.attentionworkbench.audit;

import java.awt.Color;
import java.awt.Font;
import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.SeriesColors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.category.BoxAndWhiskerRenderer;
import org.jfree.chart.renderer.xy.StandardXYBarPainter;
import org.jfree.chart.renderer.xy.XYBarRenderer;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The audit's figures as JFreeChart charts (no JavaFX: the window shows the same charts in a
 * ChartViewer, the command line writes them as PNG and SVG). With several models every figure
 * compares them: one panel per model, or one series per model.
 */
public final class AuditFigures {

    /** Series colours (Okabe-Ito, colour-vision safe): models, or classes within a panel. */
    static final Color[] PALETTE = {SeriesColors.BLUE, SeriesColors.VERMILLION, SeriesColors.BLUISH_GREEN,
        SeriesColors.REDDISH_PURPLE, SeriesColors.ORANGE, SeriesColors.SKY_BLUE, SeriesColors.BLACK};

    /** Histogram bins of tau over [-1, 1]. */
    public static final int TAU_BINS = 20;

    /** Histogram bins of the epsilon-max JSD over [0, ln 2]. */
    public static final int JSD_BINS = 20;

    private final AuditSummary s;

    public AuditFigures(AuditSummary summary) {
        this.s = summary;
    }

    /**
     * The Delta JS against Delta alpha scatter, with the rows behind each point so that a click can
     * open the document.
     *
     * @param rowsBySeries for series k (a model), the row of item i
     */
    public record Scatter(JFreeChart chart, List<List<AuditRow>> rowsBySeries) { }

    /** Every figure by file stem ({@code fig_<name>}). */
    public Map<String, JFreeChart> all() {
        Map<String, JFreeChart> out = new LinkedHashMap<>();
        out.put("fig_tau_gradient", tauHistogram(SaliencyMethod.GRADIENT));
        out.put("fig_tau_leave_one_out", tauHistogram(SaliencyMethod.LEAVE_ONE_OUT));
        out.put("fig_tau_integrated_gradients", tauHistogram(SaliencyMethod.INTEGRATED_GRADIENTS));
        out.put("fig_tau_lime", tauHistogram(SaliencyMethod.LIME));
        out.put("fig_tau_kernel_shap", tauHistogram(SaliencyMethod.KERNEL_SHAP));
        out.put("fig_permutation_tvd", permutationBoxes());
        out.put("fig_adversarial_jsd", adversarialHistogram());
        out.put("fig_flip_fractions", flipBoxes());
        out.put("fig_delta_js", deltaScatter().chart());
        return out;
    }

    /** Pixel size of a figure: taller for panel-per-model figures. */
    public Dimension size(String name) {
        boolean panels = name.startsWith("fig_tau") || name.equals("fig_adversarial_jsd");
        int h = panels ? 140 + 220 * Math.max(1, s.models().size()) : 480;
        return new Dimension(860, h);
    }

    /** A width and height in pixels. */
    public record Dimension(int width, int height) { }

    /** The explanation sections a figure is drawn from (an audit that computed fewer does not draw it). */
    public static Set<Section> needs(String figure) {
        return switch (figure) {
            case "fig_tau_lime", "fig_tau_kernel_shap" -> EnumSet.of(Section.AGREEMENT, Section.PERTURBATION);
            case "fig_permutation_tvd" -> EnumSet.of(Section.PERMUTATION);
            case "fig_adversarial_jsd" -> EnumSet.of(Section.ADVERSARIAL);
            case "fig_flip_fractions", "fig_delta_js" -> EnumSet.of(Section.ERASURE);
            default -> {
                if (figure.startsWith("fig_tau_")) yield EnumSet.of(Section.AGREEMENT);
                throw new IllegalArgumentException("no figure " + figure);
            }
        };
    }

    /**
     * Writes, as PNG and SVG into {@code dir}, every figure whose sections were {@code computed};
     * returns the files. A figure of a section not computed is not drawn (its axes would be empty),
     * and an earlier run's file of it is removed, so the folder never shows a stale one beside the new report.
     */
    public List<Path> write(Path dir, Set<Section> computed) throws java.io.IOException {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : all().entrySet()) {
            if (!computed.containsAll(needs(e.getKey()))) {
                for (String ext : List.of("png", "svg")) java.nio.file.Files.deleteIfExists(dir.resolve(e.getKey() + "." + ext));
                continue;
            }
            Dimension d = size(e.getKey());
            for (String ext : List.of("png", "svg")) {
                Path f = dir.resolve(e.getKey() + "." + ext);
                try {
                    ChartExporter.write(e.getValue(), f, d.width(), d.height()); // atomic (FigureWriter)
                } catch (java.io.UncheckedIOException x) {
                    throw new AuditException(ReportFile.problem(f, -1, x.getCause()), x);
                }
                files.add(f);
            }
        }
        return files;
    }

    /** Histograms of tau(attention, method) by class (the summary's grouping), one panel per model (relative frequency). */
    public JFreeChart tauHistogram(SaliencyMethod method) {
        NumberAxis x = new NumberAxis("Kendall \u03c4 (attention vs " + label(method) + ")");
        x.setRange(-1, 1);
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        for (String m : s.models()) {
            HistogramDataset d = new HistogramDataset();
            d.setType(HistogramType.RELATIVE_FREQUENCY);
            for (Map.Entry<String, java.util.function.Predicate<AuditRow>> c : classSeries(AuditColumns.tau(method)).entrySet()) {
                double[] v = s.stats(m, AuditColumns.tau(method), c.getValue()).values();
                d.addSeries(c.getKey(), v, TAU_BINS, -1, 1);
            }
            NumberAxis y = new NumberAxis(m);
            y.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            XYPlot sub = new XYPlot(d, null, y, bars(d.getSeriesCount()));
            style(sub);
            if (!plot.getSubplots().isEmpty()) sub.getRenderer().setDefaultSeriesVisibleInLegend(false); // one legend: same classes
            plot.add(sub, 1);
        }
        return chart("Attention vs " + label(method) + ": Kendall \u03c4 by " + s.groupBy().label(), plot);
    }

    /** Most classes drawn as series of their own in a by-class figure. */
    static final int MAX_CLASS_SERIES = 6;

    /**
     * The series of a by-class figure of {@code column}, each a name and its documents: every class
     * when there are at most {@link #MAX_CLASS_SERIES}; beyond (20 Newsgroups: 20 overlapping
     * histograms and a legend of 20), the classes with documents, the {@code MAX_CLASS_SERIES - 1}
     * with the most first, and the rest pooled as "other K classes". The tables keep every class.
     */
    Map<String, java.util.function.Predicate<AuditRow>> classSeries(String column) {
        Map<String, java.util.function.Predicate<AuditRow>> out = new LinkedHashMap<>();
        if (s.classes().size() <= MAX_CLASS_SERIES) {
            for (String c : s.classes()) out.put(c, r -> s.group(r).equals(c));
            return out;
        }
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String c : s.classes()) {
            int n = 0;
            for (String m : s.models()) n += s.stats(m, column, r -> s.group(r).equals(c)).values().length;
            if (n > 0) counts.put(c, n);
        }
        List<String> kept = counts.keySet().stream()
                .sorted((a, b) -> Integer.compare(counts.get(b), counts.get(a))).toList();
        if (kept.size() <= MAX_CLASS_SERIES) {
            for (String c : kept) out.put(c, r -> s.group(r).equals(c));
            return out;
        }
        List<String> own = kept.subList(0, MAX_CLASS_SERIES - 1);
        for (String c : own) out.put(c, r -> s.group(r).equals(c));
        java.util.Set<String> rest = new java.util.HashSet<>(kept.subList(MAX_CLASS_SERIES - 1, kept.size()));
        out.put("other " + rest.size() + " classes", r -> rest.contains(s.group(r)));
        return out;
    }

    /** Permutation median TVD by max-attention bin (Jain and Wallace, Figure 4), a box per model. */
    public JFreeChart permutationBoxes() {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        for (String m : s.models()) {
            for (int b = 0; b < AuditSummary.MAX_ALPHA_EDGES.length - 1; b++) {
                d.add(list(s.permutationBin(m, b).values()), m, AuditSummary.binLabel(b));
            }
        }
        CategoryPlot plot = new CategoryPlot(d, new CategoryAxis("max attention of the document"),
                new NumberAxis("median TVD(y, y_perm) over 100 permutations"), boxes());
        return chart("Permuting attention: output change by peakiness", plot);
    }

    /** The epsilon-max JSD of adversarial attention, one panel per model: search and exact. */
    public JFreeChart adversarialHistogram() {
        NumberAxis x = new NumberAxis("\u03b5-max JSD(adversarial \u03b1, \u03b1)");
        x.setRange(0, Math.log(2));
        CombinedDomainXYPlot plot = new CombinedDomainXYPlot(x);
        plot.setGap(12);
        for (String m : s.models()) {
            HistogramDataset d = new HistogramDataset();
            d.setType(HistogramType.RELATIVE_FREQUENCY);
            double[] search = s.stats(m, "adv_jsd_search", r -> true).values();
            double[] exact = s.stats(m, "adv_jsd_exact", r -> true).values();
            if (search.length > 0) d.addSeries("published search", search, JSD_BINS, 0, Math.log(2));
            if (exact.length > 0) d.addSeries("exact maximum (two classes)", exact, JSD_BINS, 0, Math.log(2));
            NumberAxis y = new NumberAxis(m);
            y.setLabelFont(new Font(Font.SANS_SERIF, Font.BOLD, 12));
            XYPlot sub = new XYPlot(d, null, y, bars(d.getSeriesCount()));
            style(sub);
            if (!plot.getSubplots().isEmpty()) sub.getRenderer().setDefaultSeriesVisibleInLegend(false);
            plot.add(sub, 1);
        }
        return chart("Adversarial attention that keeps the prediction (\u03b5 = 0.05)", plot);
    }

    /** Fraction erased before the first flip, a box per ranking and model. */
    public JFreeChart flipBoxes() {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        for (String m : s.models()) {
            for (String r : AuditColumns.RANKINGS) {
                d.add(list(s.flips(m, r).fractions().values()), m, rankingLabel(r));
            }
        }
        NumberAxis y = new NumberAxis("fraction of tokens erased before the decision flips");
        y.setRange(0, 1.02);
        CategoryPlot plot = new CategoryPlot(d, new CategoryAxis("ranking"), y, boxes());
        return chart("Erasing attention weights until the decision flips", plot);
    }

    /** Delta JS against Delta alpha (Serrano and Smith, Figure 2), one series per model. */
    public Scatter deltaScatter() {
        XYSeriesCollection d = new XYSeriesCollection();
        List<List<AuditRow>> rows = new ArrayList<>();
        for (String m : s.models()) {
            XYSeries series = new XYSeries(m, false, true);
            List<AuditRow> behind = new ArrayList<>();
            for (AuditRow r : s.rows(m)) {
                double da = r.value("delta_alpha");
                double dj = r.value("delta_js");
                if (!Double.isFinite(da) || !Double.isFinite(dj)) continue;
                series.add(da, dj);
                behind.add(r);
            }
            d.addSeries(series);
            rows.add(behind);
        }
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setDrawOutlines(false); // filled translucent dots; outlines doubled the figure's size
        for (int k = 0; k < s.models().size(); k++) {
            dots.setSeriesShape(k, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            dots.setSeriesPaint(k, translucent(PALETTE[k % PALETTE.length], 150));
        }
        XYPlot plot = new XYPlot(d, new NumberAxis("\u0394\u03b1 = \u03b1(i*) \u2212 \u03b1(r)"),
                new NumberAxis("\u0394JS = JS(y, y without i*) \u2212 JS(y, y without r)"), dots);
        style(plot);
        plot.addRangeMarker(SeriesColors.marker(0, SeriesColors.GREY, null));
        return new Scatter(chart("Erasing the top-attended token vs a random one", plot), rows);
    }

    static JFreeChart chart(String title, org.jfree.chart.plot.Plot plot) {
        JFreeChart c = new JFreeChart(title, SeriesColors.TITLE, plot, true);
        return SeriesColors.style(c);
    }

    static XYBarRenderer bars(int series) {
        XYBarRenderer r = new XYBarRenderer(0.04);
        r.setBarPainter(new StandardXYBarPainter());
        r.setShadowVisible(false);
        r.setDrawBarOutline(true);
        for (int k = 0; k < series; k++) {
            Color c = PALETTE[(k + 4) % PALETTE.length];
            r.setSeriesPaint(k, translucent(c, 120));
            r.setSeriesOutlinePaint(k, c);
        }
        return r;
    }

    static BoxAndWhiskerRenderer boxes() {
        BoxAndWhiskerRenderer r = new BoxAndWhiskerRenderer();
        r.setMeanVisible(false);
        r.setMaximumBarWidth(0.08);
        r.setUseOutlinePaintForWhiskers(false);
        for (int k = 0; k < PALETTE.length; k++) r.setSeriesPaint(k, translucent(PALETTE[k], 170));
        return r;
    }

    static void style(XYPlot p) {
        p.setBackgroundPaint(Color.WHITE);
        p.setDomainGridlinePaint(SeriesColors.GRID);
        p.setRangeGridlinePaint(SeriesColors.GRID);
        p.setOutlinePaint(SeriesColors.GRID);
    }

    static Color translucent(Color c, int alpha) {
        return new Color(c.getRed(), c.getGreen(), c.getBlue(), alpha);
    }

    static List<Double> list(double[] v) {
        List<Double> out = new ArrayList<>(v.length);
        for (double x : v) out.add(x);
        return out;
    }

    private static String label(SaliencyMethod m) {
        return m.label();
    }

    private static String rankingLabel(String r) {
        return switch (r) {
            case "gradient" -> "dd/d\u03b1";
            case "gradient_x_attention" -> "dd/d\u03b1 \u00b7 \u03b1";
            default -> r;
        };
    }
}
