package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionworkbench.explain.SaliencyMethod;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CombinedDomainXYPlot;
import org.jfree.chart.plot.XYPlot;
import org.jfree.data.statistics.HistogramDataset;
import org.junit.jupiter.api.Test;

/**
 * An audit over 20 classes (20 Newsgroups): the by-class tau histogram draws the five classes with
 * the most documents and pools the others into one series holding every remaining document, while
 * the Kendall table keeps a row per class; two classes keep one series each.
 */
class ManyClassesAuditTest {

    private static final List<String> NEWS = List.of("alt.atheism", "comp.graphics", "comp.os.ms-windows.misc",
            "comp.sys.ibm.pc.hardware", "comp.sys.mac.hardware", "comp.windows.x", "misc.forsale", "rec.autos",
            "rec.motorcycles", "rec.sport.baseball", "rec.sport.hockey", "sci.crypt", "sci.electronics", "sci.med",
            "sci.space", "soc.religion.christian", "talk.politics.guns", "talk.politics.mideast", "talk.politics.misc",
            "talk.religion.misc");

    /** Rows whose predicted class is drawn with class c's weight growing with c: counts differ by class. */
    private static List<AuditRow> rows(List<String> classes, int n, long seed) {
        Random rnd = new Random(seed);
        List<AuditRow> rows = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            int c = (int) Math.floor(Math.sqrt(rnd.nextDouble()) * classes.size()); // more of the later classes
            Map<String, Double> v = new HashMap<>();
            v.put(AuditColumns.tau(SaliencyMethod.GRADIENT), 2 * rnd.nextDouble() - 1);
            v.put(AuditColumns.p(SaliencyMethod.GRADIENT), rnd.nextDouble());
            v.put("max_alpha", rnd.nextDouble());
            rows.add(new AuditRow("m", i, "d" + i, classes.get(c), classes.get(c), 0.9, 20, v));
        }
        return rows;
    }

    private static HistogramDataset histogram(AuditSummary s) {
        JFreeChart chart = new AuditFigures(s).tauHistogram(SaliencyMethod.GRADIENT);
        XYPlot sub = (XYPlot) ((CombinedDomainXYPlot) chart.getXYPlot()).getSubplots().get(0);
        return (HistogramDataset) sub.getDataset();
    }

    @Test
    void twentyClassesDrawFiveAndPoolTheRest() {
        List<AuditRow> rows = rows(NEWS, 400, 3);
        AuditSummary s = new AuditSummary(List.of("m"), NEWS, rows);
        HistogramDataset d = histogram(s);
        assertEquals(AuditFigures.MAX_CLASS_SERIES, d.getSeriesCount());
        Map<String, Integer> counts = new HashMap<>();
        for (AuditRow r : rows) counts.merge(r.prediction(), 1, Integer::sum);
        List<String> byCount = counts.keySet().stream().sorted((a, b) -> Integer.compare(counts.get(b), counts.get(a)))
                .toList();
        Map<String, java.util.function.Predicate<AuditRow>> series =
                new AuditFigures(s).classSeries(AuditColumns.tau(SaliencyMethod.GRADIENT));
        List<String> keys = new ArrayList<>(series.keySet());
        for (int i = 0; i < 5; i++) {
            assertEquals(byCount.get(i), d.getSeriesKey(i));
            assertEquals(byCount.get(i), keys.get(i));
            String c = byCount.get(i);
            assertEquals((long) counts.get(c), rows.stream().filter(series.get(c)).count());
        }
        int pooled = 0;
        for (int i = 5; i < byCount.size(); i++) pooled += counts.get(byCount.get(i));
        String other = "other " + (byCount.size() - 5) + " classes";
        assertEquals(other, d.getSeriesKey(5));
        assertEquals(pooled, rows.stream().filter(series.get(other)).count());
        // Every document is in exactly one series.
        for (AuditRow r : rows) assertEquals(1, series.values().stream().filter(f -> f.test(r)).count());
        // The Kendall table keeps a row per class, and "all".
        String csv = new AuditTables(s, "20newsgroups:test").csv("kendall");
        assertEquals(21, csv.lines().filter(l -> l.startsWith("m,gradient,")).count());
    }

    @Test
    void twoClassesKeepASeriesEach() {
        List<String> two = List.of("neg", "pos");
        HistogramDataset d = histogram(new AuditSummary(List.of("m"), two, rows(two, 50, 5)));
        assertEquals(2, d.getSeriesCount());
        assertEquals("neg", d.getSeriesKey(0));
    }
}
