package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The corpus statistics against direct computations on random rows: the Table 2 cells, the flip
 * quartiles with never-flipped and one-token documents counted apart, the 2x2 percentages, the
 * max-alpha bins; and the CSV round trip, including a line cut off by a kill.
 */
class AuditSummaryTest {

    private static final List<String> CLASSES = List.of("negative", "positive");

    /**
     * Table 2 cells under both groupings: by the predicted class (the published code, which splits
     * by the rounded yhat, and the default) and by the true class. The random rows have about one
     * document in five misclassified, so the two differ.
     */
    @Test
    void kendallCellsAreTheMeanSdAndSignificantFractionOfTheirClass() {
        List<AuditRow> rows = randomRows(300, 7);
        assertEquals(GroupBy.PREDICTED, new AuditSummary(List.of("m"), CLASSES, rows).groupBy(), "the default");
        for (GroupBy g : GroupBy.values()) {
            checkKendallCells(rows, new AuditSummary(List.of("m"), CLASSES, rows, g),
                    g == GroupBy.PREDICTED ? AuditRow::prediction : AuditRow::trueLabel);
        }
        AuditSummary byPrediction = new AuditSummary(List.of("m"), CLASSES, rows);
        AuditSummary byTruth = new AuditSummary(List.of("m"), CLASSES, rows, GroupBy.TRUE);
        assertTrue(byPrediction.kendall("m", SaliencyMethod.GRADIENT, "negative").tau().n()
                != byTruth.kendall("m", SaliencyMethod.GRADIENT, "negative").tau().n(), "the groupings differ here");
        assertEquals(byPrediction.kendall("m", SaliencyMethod.GRADIENT, null).tau().mean(),
                byTruth.kendall("m", SaliencyMethod.GRADIENT, null).tau().mean(), 0.0, "All is the same");
    }

    private static void checkKendallCells(List<AuditRow> rows, AuditSummary s,
                                          java.util.function.Function<AuditRow, String> classOf) {
        for (String c : List.of("negative", "positive")) {
            List<Double> tau = new ArrayList<>();
            int sig = 0;
            for (AuditRow r : rows) {
                double t = r.value(AuditColumns.tau(SaliencyMethod.GRADIENT));
                if (!classOf.apply(r).equals(c) || r.length() == 0 || Double.isNaN(t)) continue;
                tau.add(t);
                if (r.value(AuditColumns.p(SaliencyMethod.GRADIENT)) <= 0.05) sig++;
            }
            double mean = tau.stream().mapToDouble(d -> d).average().orElseThrow();
            double var = tau.stream().mapToDouble(d -> (d - mean) * (d - mean)).sum() / (tau.size() - 1);
            AuditSummary.KendallCell cell = s.kendall("m", SaliencyMethod.GRADIENT, c);
            assertEquals(tau.size(), cell.tau().n());
            assertEquals(mean, cell.tau().mean(), 1e-12);
            assertEquals(Math.sqrt(var), cell.tau().sd(), 1e-12);
            assertEquals((double) sig / tau.size(), cell.fracSignificant(), 1e-12);
        }
    }

    @Test
    void flipFractionsLeaveOutNeverFlippedAndOneTokenDocumentsAndCountThem() {
        List<AuditRow> rows = randomRows(400, 11);
        AuditSummary s = new AuditSummary(List.of("m"), CLASSES, rows);
        AuditSummary.FlipCell f = s.flips("m", "attention");
        int never = 0;
        int one = 0;
        List<Double> v = new ArrayList<>();
        for (AuditRow r : rows) {
            if (r.length() == 0) continue;
            if (r.length() == 1) one++;
            else if (Double.isNaN(r.value(AuditColumns.flip("attention")))) never++;
            else v.add(r.value(AuditColumns.flip("attention")));
        }
        assertTrue(never > 0 && one > 0, "the random rows exercise both exclusions");
        assertEquals(never, f.neverFlipped());
        assertEquals(one, f.lengthOne());
        assertEquals(v.size(), f.fractions().n());
        double[] sorted = v.stream().mapToDouble(d -> d).sorted().toArray();
        // numpy's linear quantile, by hand
        double pos = 0.25 * (sorted.length - 1);
        int lo = (int) pos;
        assertEquals(sorted[lo] + (pos - lo) * (sorted[lo + 1] - sorted[lo]), f.fractions().quantile(0.25), 1e-12);
    }

    /**
     * Each random shuffle is its own ranking: a document whose shuffles mostly never flip adds those
     * shuffles to the never-flipped count instead of entering with its one lucky fraction. Under the
     * old per-document mean over flipping shuffles this corpus gave n = 2, mean 0.4, none never flipped.
     */
    @Test
    void randomRankingPoolsShufflesAndCountsThoseThatNeverFlip() {
        Map<String, Double> rare = new HashMap<>(Map.of("max_alpha", 0.5, "random_flipped_shuffles", 1.0,
                AuditColumns.flip("random"), 0.2, AuditColumns.randomShuffle(3), 0.2));
        Map<String, Double> always = new HashMap<>(Map.of("max_alpha", 0.5, "random_flipped_shuffles", 5.0,
                AuditColumns.flip("random"), 0.6));
        for (int sh = 1; sh <= AuditColumns.RANDOM_SHUFFLES; sh++) always.put(AuditColumns.randomShuffle(sh), 0.6);
        Map<String, Double> none = new HashMap<>(Map.of("max_alpha", 0.5, "random_flipped_shuffles", 0.0));
        List<AuditRow> rows = List.of(new AuditRow("m", 0, "a", "negative", "negative", 0.9, 10, rare),
                new AuditRow("m", 1, "b", "positive", "positive", 0.9, 10, always),
                new AuditRow("m", 2, "c", "positive", "positive", 0.9, 10, none),
                new AuditRow("m", 3, "d", "positive", "positive", 0.9, 1, Map.of("max_alpha", 1.0)));
        AuditSummary.FlipCell f = new AuditSummary(List.of("m"), CLASSES, rows).flips("m", "random");
        assertEquals(5, AuditColumns.RANDOM_SHUFFLES);
        assertEquals(6, f.fractions().n(), "1 + 5 shuffles flip");
        assertEquals((0.2 + 5 * 0.6) / 6, f.fractions().mean(), 1e-12);
        assertEquals(4 + 5, f.neverFlipped(), "4 shuffles of a, all 5 of c");
        assertEquals(1, f.lengthOne());
        assertEquals(5, f.perDocument());
        assertEquals(3 * 5, f.fractions().n() + f.neverFlipped(), "every shuffle of every document of n > 1");
        assertEquals(1, new AuditSummary(List.of("m"), CLASSES, rows).flips("m", "attention").perDocument());
    }

    @Test
    void singleWeightTableCountsEachCellInPercent() {
        List<AuditRow> rows = randomRows(250, 3);
        AuditSummary.FlipTable t = new AuditSummary(List.of("m"), CLASSES, rows).singleWeight("m");
        int[][] c = new int[2][2];
        int n = 0;
        for (AuditRow r : rows) {
            if (r.length() < 2) continue;
            c[r.value("sw_top_flips") > 0 ? 0 : 1][r.value("sw_random_flips") > 0 ? 0 : 1]++;
            n++;
        }
        assertEquals(n, t.n());
        double sum = 0;
        for (int a = 0; a < 2; a++) {
            for (int b = 0; b < 2; b++) {
                assertEquals(100.0 * c[a][b] / n, t.percent()[a][b], 1e-12);
                sum += t.percent()[a][b];
            }
        }
        assertEquals(100, sum, 1e-9);
    }

    @Test
    void maxAlphaBinsPartitionTheDocuments() {
        List<AuditRow> rows = randomRows(200, 5);
        AuditSummary s = new AuditSummary(List.of("m"), CLASSES, rows);
        int total = 0;
        for (int b = 0; b < AuditSummary.MAX_ALPHA_EDGES.length - 1; b++) total += s.permutationBin("m", b).n();
        assertEquals(s.stats("m", "perm_median_tvd", r -> true).n(), total);
    }

    @Test
    void csvRoundTripsAndACutOffLastLineIsDropped(@TempDir Path dir) throws IOException {
        List<AuditRow> rows = randomRows(20, 9);
        Path f = dir.resolve(DocumentsCsv.FILE_NAME);
        try (DocumentsCsv csv = DocumentsCsv.append(f)) {
            for (AuditRow r : rows) csv.write(r);
        }
        String full = DocumentsCsv.format(rows.get(0));
        Files.writeString(f, full.substring(0, full.length() / 2), java.nio.file.StandardOpenOption.APPEND);
        List<AuditRow> back = DocumentsCsv.read(f);
        assertEquals(rows.size(), back.size());
        for (int i = 0; i < rows.size(); i++) {
            assertEquals(rows.get(i).key(), back.get(i).key());
            assertEquals(rows.get(i).id(), back.get(i).id());
            assertEquals(rows.get(i).values(), back.get(i).values(), "exact round trip of every number");
        }
        assertTrue(Files.readString(f).endsWith("\n"), "the cut-off line was removed from the file");
        // A new document's row: the same one again would be refused as written twice.
        AuditRow first = rows.get(0);
        try (DocumentsCsv csv = DocumentsCsv.append(f)) {
            csv.write(new AuditRow(first.model(), first.index() + 100_000, first.id(), first.trueLabel(),
                    first.prediction(), first.confidence(), first.length(), first.values()));
        }
        assertEquals(rows.size() + 1, DocumentsCsv.read(f).size(), "appending continues on a clean line");
    }

    /** An audit of a few sections writes the tables and figures of those only, and removes an earlier run's others. */
    @Test
    void onlyTheComputedSectionsGetTablesAndFigures(@TempDir Path dir) throws Exception {
        AuditSummary s = new AuditSummary(List.of("m"), CLASSES, randomRows(40, 3));
        Set<Section> all = EnumSet.allOf(Section.class);
        new AuditTables(s, "sst2:test").write(dir, all);
        new AuditFigures(s).write(dir, all);
        Set<Section> few = EnumSet.of(Section.UNIFORM, Section.PERMUTATION);
        List<Path> written = new ArrayList<>(new AuditTables(s, "sst2:test").write(dir, few));
        written.addAll(new AuditFigures(s).write(dir, few));
        Set<String> names = new java.util.TreeSet<>();
        for (Path f : written) names.add(f.getFileName().toString());
        assertEquals(Set.of("table_counterfactual.csv", "table_counterfactual.tex", "fig_permutation_tvd.png",
                "fig_permutation_tvd.svg"), names);
        try (var files = Files.list(dir)) {
            Set<String> present = new java.util.TreeSet<>(files.map(p -> p.getFileName().toString()).toList());
            assertEquals(names, present, "the earlier run's other tables and figures are gone");
        }
        for (String t : AuditTables.NAMES) assertTrue(!AuditTables.needs(t).isEmpty(), t);
        for (String f : new AuditFigures(s).all().keySet()) assertTrue(!AuditFigures.needs(f).isEmpty(), f);
    }

    @Test
    void tablesAndFiguresAreWritten(@TempDir Path dir) throws Exception {
        List<AuditRow> rows = new ArrayList<>(randomRows(120, 1));
        for (AuditRow r : randomRows(120, 2)) {
            rows.add(new AuditRow("other, model", r.index(), r.id(), r.trueLabel(), r.prediction(), r.confidence(),
                    r.length(), r.values()));
        }
        AuditSummary s = new AuditSummary(List.of("m", "other, model"), CLASSES, rows);
        Set<Section> all = EnumSet.allOf(Section.class);
        List<Path> tables = new AuditTables(s, "sst2:test").write(dir, all);
        assertEquals(2 * AuditTables.NAMES.size(), tables.size());
        String tex = Files.readString(dir.resolve("table_kendall.tex"));
        assertEquals(CLASSES.size() + 1, tex.lines().filter(l -> l.startsWith("negative") || l.startsWith("positive")
                || l.startsWith("All")).count(), "one row per class and one for all");
        assertTrue(tex.contains("\\pm") && tex.contains("Sig. Frac."));
        assertTrue(tex.contains("by predicted class (as in the published code)"), "the caption says the grouping");
        assertTrue(Files.readString(dir.resolve("table_topk.tex")).contains("by predicted class"));
        String csv = Files.readString(dir.resolve("table_kendall.csv"));
        assertTrue(csv.contains("\"other, model\",gradient,negative,predicted,"), "model names with commas are quoted");
        assertTrue(Files.readString(dir.resolve("table_topk.csv")).startsWith("model,method,class,group_by,k,"));
        AuditSummary byTruth = new AuditSummary(List.of("m", "other, model"), CLASSES, rows, GroupBy.TRUE);
        AuditTables truthTables = new AuditTables(byTruth, "sst2:test");
        assertTrue(truthTables.latex("kendall").contains("by true class;"), truthTables.latex("kendall"));
        assertTrue(truthTables.csv("kendall").contains(",gradient,negative,true,"));
        assertTrue(new AuditFigures(byTruth).all().get("fig_tau_gradient").getTitle().getText().endsWith("by true class"));
        for (Path f : new AuditFigures(s).write(dir, all)) {
            if (f.toString().endsWith(".png")) {
                var img = ImageIO.read(f.toFile());
                assertTrue(img.getWidth() >= 800 && img.getHeight() >= 400, f.toString());
                java.util.Set<Integer> colours = new java.util.HashSet<>();
                for (int y = 0; y < img.getHeight(); y += 7) for (int x = 0; x < img.getWidth(); x += 7) colours.add(img.getRGB(x, y));
                assertTrue(colours.size() > 5, "not blank: " + f);
            } else {
                DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
                dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
                assertEquals("svg", dbf.newDocumentBuilder().parse(f.toFile()).getDocumentElement().getNodeName());
            }
        }
    }

    /** Random but plausible rows: some one-token, some never flipping, NaN tau for n = 1. */
    static List<AuditRow> randomRows(int count, long seed) {
        Random rnd = new Random(seed);
        List<AuditRow> rows = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            int n = rnd.nextInt(12) == 0 ? 1 : 2 + rnd.nextInt(60);
            if (rnd.nextInt(50) == 0) n = 0;
            Map<String, Double> v = new HashMap<>();
            if (n > 1) {
                for (SaliencyMethod m : AuditColumns.TAU_METHODS) {
                    v.put(AuditColumns.tau(m), rnd.nextDouble() * 2 - 1);
                    v.put(AuditColumns.p(m), rnd.nextDouble() * 0.2);
                }
                v.put("sw_top_flips", rnd.nextBoolean() ? 1.0 : 0.0);
                v.put("sw_random_flips", rnd.nextInt(4) == 0 ? 1.0 : 0.0);
                v.put("delta_js", rnd.nextGaussian() * 0.1);
                v.put("delta_alpha", rnd.nextDouble());
            }
            v.put("max_alpha", n == 1 ? 1.0 : rnd.nextDouble());
            v.put("perm_median_tvd", rnd.nextDouble() * 0.3);
            v.put("adv_jsd_search", rnd.nextDouble() * 0.69);
            v.put("adv_jsd_exact", rnd.nextDouble() * 0.69);
            for (String r : AuditColumns.RANKINGS) {
                if (rnd.nextInt(5) > 0) v.put(AuditColumns.flip(r), (1 + rnd.nextInt(Math.max(1, n))) / (double) Math.max(1, n));
            }
            int flippedShuffles = 0;
            for (int sh = 1; sh <= AuditColumns.RANDOM_SHUFFLES; sh++) {
                if (rnd.nextInt(4) > 0) {
                    v.put(AuditColumns.randomShuffle(sh), (1 + rnd.nextInt(Math.max(1, n))) / (double) Math.max(1, n));
                    flippedShuffles++;
                }
            }
            v.put("random_flipped_shuffles", (double) flippedShuffles);
            for (String m : AuditColumns.FAITHFULNESS_METHODS) {
                v.put(AuditColumns.aopcComprehensiveness(m), rnd.nextDouble());
                v.put(AuditColumns.aopcSufficiency(m), rnd.nextDouble() - 0.5);
            }
            v.put(AuditColumns.ms("total"), 10 + rnd.nextDouble());
            String truth = CLASSES.get(rnd.nextInt(2));
            String pred = rnd.nextInt(5) == 0 ? CLASSES.get(1 - CLASSES.indexOf(truth)) : truth;
            rows.add(new AuditRow("m", i, "doc," + i + " \"q\"", truth, pred, 0.5 + rnd.nextDouble() / 2, n,
                    n == 0 ? Map.of() : v));
        }
        return rows;
    }
}
