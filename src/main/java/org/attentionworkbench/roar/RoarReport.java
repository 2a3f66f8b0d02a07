package org.attentionworkbench.roar;

import java.awt.BasicStroke;
import java.awt.Color;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.TreeSet;
import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.SeriesColors;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.axis.NumberAxis;
import org.jfree.chart.plot.XYPlot;
import org.jfree.chart.renderer.xy.XYLineAndShapeRenderer;
import org.jfree.data.xy.XYSeries;
import org.jfree.data.xy.XYSeriesCollection;

/**
 * The files of a ROAR run in its folder: {@code roar.csv} (one row per point, written after each,
 * which is also what a resumed run reads), {@code roar.md} (the table) and {@code roar.png} /
 * {@code roar.svg} (accuracy against k, retrained solid, in place dashed).
 */
public final class RoarReport {

    /** The row of the original model: k = 0, nothing removed, nothing retrained. */
    public static final String ORIGINAL = "original";

    private static final Color[] PALETTE = {SeriesColors.BLUE, SeriesColors.ORANGE, SeriesColors.BLUISH_GREEN,
            SeriesColors.VERMILLION, SeriesColors.REDDISH_PURPLE, SeriesColors.SKY_BLUE, SeriesColors.YELLOW};

    private final Path dir;

    public RoarReport(Path dir) {
        this.dir = dir;
    }

    public Path csv() {
        return dir.resolve("roar.csv");
    }

    /** The rows written so far (none if there is no roar.csv). */
    public List<RoarRow> read() throws IOException {
        if (!Files.isRegularFile(csv())) return List.of();
        List<String> lines = Files.readAllLines(csv(), StandardCharsets.UTF_8);
        if (lines.isEmpty() || !lines.get(0).equals(RoarRow.HEADER)) {
            throw new IOException(csv() + " is not a ROAR table (its header is not '" + RoarRow.HEADER + "')");
        }
        List<RoarRow> rows = new ArrayList<>();
        for (String l : lines.subList(1, lines.size())) if (!l.isBlank()) rows.add(RoarRow.parse(l));
        return rows;
    }

    /** The row for (method, k), if written. */
    public static Optional<RoarRow> find(List<RoarRow> rows, String method, int k) {
        return rows.stream().filter(r -> r.method().equals(method) && r.k() == k).findFirst();
    }

    /** Writes the rows (atomically: beside, then moved), the table and the figure. */
    public void write(List<RoarRow> rows, String title) throws IOException {
        Files.createDirectories(dir);
        StringBuilder b = new StringBuilder(RoarRow.HEADER).append('\n');
        for (RoarRow r : rows) b.append(r.csv()).append('\n');
        atomic(csv(), b.toString());
        atomic(dir.resolve("roar.md"), markdown(rows, title));
        if (rows.stream().anyMatch(r -> !r.method().equals(ORIGINAL))) {
            JFreeChart chart = chart(rows, title);
            ChartExporter.write(chart, dir.resolve("roar.png"), 900, 560);
            ChartExporter.write(chart, dir.resolve("roar.svg"), 900, 560);
        }
    }

    private static void atomic(Path file, String text) throws IOException {
        Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(tmp, text, StandardCharsets.UTF_8);
        Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /** Methods in the order of their first row (the original model's row left out). */
    static List<String> methods(List<RoarRow> rows) {
        List<String> m = new ArrayList<>();
        for (RoarRow r : rows) if (!r.method().equals(ORIGINAL) && !m.contains(r.method())) m.add(r.method());
        return m;
    }

    /** Test accuracy by method (rows) and k (columns): retrained, then in place in brackets. */
    static String markdown(List<RoarRow> rows, String title) {
        TreeSet<Integer> ks = new TreeSet<>();
        for (RoarRow r : rows) if (!r.method().equals(ORIGINAL)) ks.add(r.k());
        StringBuilder b = new StringBuilder("# ROAR: ").append(title).append("\n\n");
        find(rows, ORIGINAL, 0).ifPresent(o -> b.append(String.format(Locale.ROOT,
                "Original model, nothing removed: test accuracy %.1f%%.%n%n", 100 * o.retrainedAccuracy())));
        b.append("Test accuracy with each method's top k% tokens removed from train, dev and test: retrained "
                + "(in place, the original model without retraining, in brackets).\n\n| method |");
        for (int k : ks) b.append(" k = ").append(k).append("% |");
        b.append("\n| --- |");
        for (int ignored : ks) b.append(" --- |");
        b.append('\n');
        for (String m : methods(rows)) {
            b.append("| ").append(m).append(" |");
            for (int k : ks) {
                b.append(find(rows, m, k).map(r -> String.format(Locale.ROOT, " %.1f (%.1f) |",
                        100 * r.retrainedAccuracy(), 100 * r.inPlaceAccuracy())).orElse(" - |"));
            }
            b.append('\n');
        }
        return b.toString();
    }

    /** Accuracy against k: one colour per method, retrained solid with dots, in place dashed. */
    static JFreeChart chart(List<RoarRow> rows, String title) {
        XYSeriesCollection d = new XYSeriesCollection();
        XYLineAndShapeRenderer r = new XYLineAndShapeRenderer(true, true);
        Optional<RoarRow> original = find(rows, ORIGINAL, 0);
        List<String> methods = methods(rows);
        int series = 0;
        for (int mi = 0; mi < methods.size(); mi++) {
            String m = methods.get(mi);
            Color c = m.equals(Roar.RANDOM) ? SeriesColors.BLACK : PALETTE[mi % PALETTE.length];
            XYSeries retrained = new XYSeries(m + " (retrained)", true, false);
            XYSeries inPlace = new XYSeries(m + " (in place)", true, false);
            original.ifPresent(o -> {
                retrained.add(0, 100 * o.retrainedAccuracy());
                inPlace.add(0, 100 * o.retrainedAccuracy());
            });
            for (RoarRow row : rows) {
                if (!row.method().equals(m)) continue;
                retrained.add(row.k(), 100 * row.retrainedAccuracy());
                inPlace.add(row.k(), 100 * row.inPlaceAccuracy());
            }
            d.addSeries(retrained);
            r.setSeriesPaint(series, c);
            r.setSeriesStroke(series, new BasicStroke(2f));
            series++;
            d.addSeries(inPlace);
            r.setSeriesPaint(series, c);
            r.setSeriesStroke(series, SeriesColors.dashed(1.5f, 5f, 4f));
            r.setSeriesShapesVisible(series, false);
            series++;
        }
        NumberAxis x = new NumberAxis("k: % of each document's tokens removed (most important first)");
        x.setRange(-2, 100);
        NumberAxis y = new NumberAxis("test accuracy (%)");
        y.setAutoRangeIncludesZero(false);
        XYPlot plot = new XYPlot(d, x, y, r);
        plot.setBackgroundPaint(Color.WHITE);
        plot.setDomainGridlinePaint(SeriesColors.GRID);
        plot.setRangeGridlinePaint(SeriesColors.GRID);
        JFreeChart chart = new JFreeChart("ROAR: " + title, SeriesColors.TITLE, plot, true);
        return SeriesColors.style(chart);
    }
}
