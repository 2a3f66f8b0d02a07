package org.attentionworkbench.audit;

import java.awt.geom.Ellipse2D;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.SeriesColors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.annotations.XYTextAnnotation;
import org.jfree.chart.axis.CategoryAxis;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.statistics.DefaultBoxAndWhiskerCategoryDataset;
import org.jfree.data.statistics.HistogramDataset;
import org.jfree.data.statistics.HistogramType;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The figures of a twins audit ({@link TwinAudit}), in the style of the corpus audit's: the
 * attention JSD to the base per twin, the seeds' JSD against the adversarial twin's per document
 * (Wiegreffe &amp; Pinter's variance calibration), the seeds' JSD histogram, and the adversarial
 * trade-off of mean TVD and mean JSD over lambda.
 */
public final class TwinFigures {

    private final TwinAudit.Report r;

    public TwinFigures(TwinAudit.Report report) {
        this.r = report;
    }

    /** Every figure the report has data for, by file stem. */
    public Map<String, JFreeChart> all() {
        Map<String, JFreeChart> m = new LinkedHashMap<>();
        m.put("twins-jsd", jsdBoxes());
        if (!r.seeds().isEmpty()) m.put("twins-seed-jsd", seedHistogram());
        if (!r.seeds().isEmpty() && r.adversarial() != null) m.put("twins-seeds-vs-adversarial", seedsVsAdversarial());
        if (r.models().stream().anyMatch(x -> x.objective().equals("adversarial"))) m.put("twins-tradeoff", tradeOff());
        return m;
    }

    /** Writes every figure as PNG and SVG into {@code dir}; returns the files. */
    public List<Path> write(Path dir) {
        List<Path> files = new ArrayList<>();
        for (Map.Entry<String, JFreeChart> e : all().entrySet()) {
            for (String ext : List.of("png", "svg")) {
                Path f = dir.resolve(e.getKey() + "." + ext);
                try {
                    ChartExporter.write(e.getValue(), f, 900, 560);
                } catch (java.io.UncheckedIOException x) {
                    throw new AuditException(ReportFile.problem(f, -1, x.getCause()), x);
                }
                files.add(f);
            }
        }
        return files;
    }

    /** JSD(alpha_twin, alpha_base) per document, a box per twin. */
    public JFreeChart jsdBoxes() {
        DefaultBoxAndWhiskerCategoryDataset d = new DefaultBoxAndWhiskerCategoryDataset();
        for (int k = 0; k < r.twins().size(); k++) {
            double[] v = new double[r.documents().size()];
            for (int i = 0; i < v.length; i++) v[i] = r.documents().get(i).jsd()[k];
            d.add(AuditFigures.list(v), "JSD to " + r.base(), r.twins().get(k));
        }
        NumberAxis y = new NumberAxis("JSD(\u03b1 twin, \u03b1 base) per document");
        y.setRange(0, Math.log(2) * 1.02);
        CategoryPlot plot = new CategoryPlot(d, new CategoryAxis("twin"), y, AuditFigures.boxes());
        plot.getDomainAxis().setMaximumCategoryLabelLines(3);
        return AuditFigures.chart("How far each twin's attention is from " + r.base() + "'s", plot);
    }

    /** Histogram of the mean JSD of the seeds' attention to the base's, per document. */
    public JFreeChart seedHistogram() {
        HistogramDataset d = new HistogramDataset();
        d.setType(HistogramType.RELATIVE_FREQUENCY);
        double[] v = r.documents().stream().mapToDouble(TwinAudit.DocumentRow::seedJsd).filter(Double::isFinite).toArray();
        d.addSeries(r.seeds().size() + " seeds", v, AuditFigures.JSD_BINS, 0, Math.log(2));
        NumberAxis x = new NumberAxis("mean JSD(\u03b1 seed, \u03b1 base) per document");
        x.setRange(0, Math.log(2));
        XYPlot plot = new XYPlot(d, x, new NumberAxis("fraction of documents"), AuditFigures.bars(1));
        AuditFigures.style(plot);
        return AuditFigures.chart("Attention across random seeds (" + String.join(", ", r.seeds()) + ")", plot);
    }

    /** Per document: the seeds' JSD to the base (x) against the adversarial twin's (y), by the base's prediction. */
    public JFreeChart seedsVsAdversarial() {
        int adv = r.twins().indexOf(r.adversarial());
        Map<Integer, XYSeries> byClass = new java.util.TreeMap<>();
        for (TwinAudit.DocumentRow row : r.documents()) {
            if (!Double.isFinite(row.seedJsd())) continue;
            byClass.computeIfAbsent(row.basePredicted(), c -> new XYSeries(r.base() + " predicts " + r.labels().get(c),
                    false, true))
                    .add(row.seedJsd(), row.jsd()[adv]);
        }
        XYSeriesCollection d = new XYSeriesCollection();
        byClass.values().forEach(d::addSeries);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        dots.setDrawOutlines(false);
        for (int k = 0; k < byClass.size(); k++) {
            dots.setSeriesShape(k, new Ellipse2D.Double(-2.5, -2.5, 5, 5));
            dots.setSeriesPaint(k, AuditFigures.translucent(AuditFigures.PALETTE[k % AuditFigures.PALETTE.length], 140));
        }
        NumberAxis x = new NumberAxis("mean JSD(\u03b1 seed, \u03b1 base): variation across seeds");
        x.setRange(0, Math.log(2));
        NumberAxis y = new NumberAxis("JSD(\u03b1 adversarial twin, \u03b1 base)");
        y.setRange(0, Math.log(2));
        XYPlot plot = new XYPlot(d, x, y, dots);
        AuditFigures.style(plot);
        plot.addAnnotation(new org.jfree.chart.annotations.XYLineAnnotation(0, 0, Math.log(2), Math.log(2),
                new java.awt.BasicStroke(1f), SeriesColors.GREY));
        return AuditFigures.chart("Adversarial twin " + r.adversarial() + " vs seed variation, per document", plot);
    }

    /**
     * Mean TVD of the predictions against mean JSD of the attention, one point per adversarial twin
     * (labelled with its lambda), beside the seeds: how far the attention went for how far the
     * predictions moved, against what another random seed moves.
     */
    public JFreeChart tradeOff() {
        XYSeries adversarial = new XYSeries("adversarial twins (lambda)", false, true);
        XYSeries seeds = new XYSeries("other seeds", false, true);
        XYSeries others = new XYSeries("uniform, frozen, deceptive twins", false, true);
        List<XYTextAnnotation> labels = new ArrayList<>();
        for (TwinAudit.ModelRow m : r.models()) {
            switch (m.objective()) {
                case "adversarial" -> {
                    adversarial.add(m.meanJsd(), m.meanTvd());
                    XYTextAnnotation a = new XYTextAnnotation(m.settings().replace("lambda ", "\u03bb = ") + "  ",
                            m.meanJsd(), m.meanTvd());
                    a.setFont(new java.awt.Font(java.awt.Font.SANS_SERIF, java.awt.Font.PLAIN, 12));
                    a.setTextAnchor(org.jfree.chart.ui.TextAnchor.CENTER_RIGHT);
                    labels.add(a);
                }
                case "seed" -> seeds.add(m.meanJsd(), m.meanTvd());
                case "base" -> { }
                default -> others.add(m.meanJsd(), m.meanTvd());
            }
        }
        XYSeriesCollection d = new XYSeriesCollection();
        d.addSeries(adversarial);
        d.addSeries(seeds);
        d.addSeries(others);
        XYLineAndShapeRenderer dots = new XYLineAndShapeRenderer(false, true);
        for (int k = 0; k < 3; k++) {
            dots.setSeriesShape(k, new Ellipse2D.Double(-4, -4, 8, 8));
            dots.setSeriesPaint(k, AuditFigures.PALETTE[(k + 1) % AuditFigures.PALETTE.length]);
        }
        NumberAxis x = new NumberAxis("mean JSD(\u03b1 twin, \u03b1 base)");
        x.setRange(0, Math.log(2) * 1.03);
        NumberAxis y = new NumberAxis("mean TVD(y twin, y base)");
        y.setAutoRangeIncludesZero(true);
        y.setUpperMargin(0.15);
        XYPlot plot = new XYPlot(d, x, y, dots);
        AuditFigures.style(plot);
        labels.forEach(plot::addAnnotation);
        return AuditFigures.chart("Model-consistent adversaries: attention moved vs predictions moved", plot);
    }
}
