package org.attentionworkbench.audit;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.TopKKendallDistance;

/**
 * The corpus statistics of docs/methods.md section 7, computed from the rows of {@code documents.csv}
 * (so a resumed audit summarises every row, not only the last run's).
 *
 * <p>Conventions (docs/audit.md): per-class statistics group documents by their predicted class,
 * as the published code does, or by their true class ({@link GroupBy}; the prediction when the
 * data is unlabelled); documents without tokens are left out everywhere; Kendall tau is
 * undefined for n = 1 and for constant scores, and such documents are left out of its statistics;
 * flip fractions leave out documents of length 1 and those the ranking never flips, counting each
 * apart, and the random ranking's shuffles count one by one (see {@link #flips}); "significant" is
 * p <= 0.05.
 */
public final class AuditSummary {

    /** Significance level of the Kendall test. */
    public static final double ALPHA = 0.05;

    /** Edges of the max-attention bins of the permutation figure (Jain and Wallace, Figure 4). */
    public static final double[] MAX_ALPHA_EDGES = {0, 0.25, 0.5, 0.75, 1.0};

    private final List<String> models;
    private final List<String> classes;
    private final GroupBy groupBy;
    private final Map<String, List<AuditRow>> byModel = new LinkedHashMap<>();

    /** Grouped by the predicted class, the published code's choice. */
    public AuditSummary(List<String> models, List<String> classes, List<AuditRow> rows) {
        this(models, classes, rows, GroupBy.PREDICTED);
    }

    /**
     * @param models  models in display order
     * @param classes class names in class order
     * @param groupBy which class per-class statistics group a document under
     * @throws AuditException when a document appears twice: every n would count it twice
     */
    public AuditSummary(List<String> models, List<String> classes, List<AuditRow> rows, GroupBy groupBy) {
        this.groupBy = groupBy;
        this.models = List.copyOf(models);
        this.classes = List.copyOf(classes);
        for (String m : models) byModel.put(m, new ArrayList<>());
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (AuditRow r : rows) {
            if (!seen.add(r.key())) {
                throw new AuditException("the audit's rows hold document " + r.index() + " of model " + r.model()
                        + " twice; re-run the audit with --restart to compute each document once");
            }
        }
        for (AuditRow r : rows) {
            if (r.length() > 0 && byModel.containsKey(r.model())) byModel.get(r.model()).add(r);
        }
        byModel.values().forEach(l -> l.sort(java.util.Comparator.comparingInt(AuditRow::index)));
    }

    public List<String> models() {
        return models;
    }

    public List<String> classes() {
        return classes;
    }

    /** The model's rows with at least one token, by document index. */
    public List<AuditRow> rows(String model) {
        return List.copyOf(byModel.getOrDefault(model, List.of()));
    }

    /** How per-class statistics are grouped. */
    public GroupBy groupBy() {
        return groupBy;
    }

    /** The class a row is grouped under ({@link #groupBy()}). */
    public String group(AuditRow r) {
        return groupBy.of(r);
    }

    /** One column's statistics over a model's rows that pass {@code filter}. */
    public Stats stats(String model, String column, Predicate<AuditRow> filter) {
        List<AuditRow> rows = byModel.getOrDefault(model, List.of());
        double[] v = rows.stream().filter(filter).mapToDouble(r -> r.value(column)).toArray();
        return new Stats(v);
    }

    /**
     * Kendall tau of attention against a saliency method for one class (null: all classes).
     *
     * @param tau               mean, sd and quartiles of tau
     * @param fracSignificant   fraction of documents with p <= 0.05
     */
    public record KendallCell(Stats tau, double fracSignificant) { }

    public KendallCell kendall(String model, SaliencyMethod method, String cls) {
        Predicate<AuditRow> inClass = r -> cls == null || group(r).equals(cls);
        Stats tau = stats(model, AuditColumns.tau(method), inClass);
        Stats p = stats(model, AuditColumns.p(method), inClass.and(r -> Double.isFinite(r.value(AuditColumns.tau(method)))));
        return new KendallCell(tau, p.fractionAtMost(ALPHA));
    }

    /**
     * The corpus mean length behind the top-k distance's k (every row of a model has the same one,
     * the sample's mean under the model's tokenizer); NaN when no row has the top-k distance.
     */
    public double topKMeanLength(String model) {
        for (AuditRow r : byModel.getOrDefault(model, List.of())) {
            double m = r.value("topk_mean_length");
            if (Double.isFinite(m)) return m;
        }
        return Double.NaN;
    }

    /**
     * The top-k distance's k for the model's rows: max(10, ceil(10% of the corpus mean length))
     * (documents shorter than k use their n); -1 when no row has the top-k distance.
     */
    public int topK(String model) {
        double mean = topKMeanLength(model);
        return Double.isFinite(mean) ? TopKKendallDistance.defaultK(Integer.MAX_VALUE, mean) : -1;
    }

    /**
     * Fraction of tokens removed before the first flip under one ranking.
     *
     * <p>For the random ranking each shuffle is its own ranking (ErasureRanking's class comment):
     * {@code fractions} holds one value per shuffle that flips and {@code neverFlipped} counts the
     * shuffles that never flip, {@link AuditColumns#RANDOM_SHUFFLES} per document; every document
     * has the same number of shuffles, so each still weighs the same.
     *
     * @param fractions     over documents of length > 1 that flip (random: over such shuffles)
     * @param neverFlipped  documents of length > 1 the ranking never flips (random: shuffles)
     * @param lengthOne     documents of one token (left out)
     * @param perDocument   how many rankings each document contributes: 1, or the shuffles of random
     */
    public record FlipCell(Stats fractions, int neverFlipped, int lengthOne, int perDocument) { }

    public FlipCell flips(String model, String ranking) {
        List<AuditRow> rows = byModel.getOrDefault(model, List.of());
        String col = AuditColumns.flip(ranking);
        boolean random = ranking.equals("random");
        int never = 0;
        int one = 0;
        List<Double> v = new ArrayList<>();
        for (AuditRow r : rows) {
            if (!r.values().containsKey("max_alpha")) continue;
            if (r.length() == 1) {
                one++;
            } else if (random) {
                if (!r.values().containsKey("random_flipped_shuffles")) continue; // erasure not computed
                for (int sh = 1; sh <= AuditColumns.RANDOM_SHUFFLES; sh++) {
                    double f = r.value(AuditColumns.randomShuffle(sh));
                    if (Double.isFinite(f)) v.add(f);
                    else never++;
                }
            } else if (Double.isFinite(r.value(col))) {
                v.add(r.value(col));
            } else if (r.values().containsKey(AuditColumns.flip("attention"))
                    || r.values().containsKey("random_flipped_shuffles")) {
                never++; // the erasure section ran and this ranking did not flip
            }
        }
        return new FlipCell(new Stats(v.stream().mapToDouble(Double::doubleValue).toArray()), never, one,
                random ? AuditColumns.RANDOM_SHUFFLES : 1);
    }

    /**
     * The single-weight 2x2 table (Serrano and Smith): percent of documents by whether erasing i*
     * flips the decision and whether erasing the random r does.
     *
     * @param n       documents with the test (n >= 2)
     * @param percent [i* flips][r flips], index 0 = yes, 1 = no
     */
    public record FlipTable(int n, double[][] percent) { }

    public FlipTable singleWeight(String model) {
        int[][] count = new int[2][2];
        int n = 0;
        for (AuditRow r : byModel.getOrDefault(model, List.of())) {
            double top = r.value("sw_top_flips");
            double rnd = r.value("sw_random_flips");
            if (!Double.isFinite(top) || !Double.isFinite(rnd)) continue;
            count[top > 0 ? 0 : 1][rnd > 0 ? 0 : 1]++;
            n++;
        }
        double[][] pct = new double[2][2];
        for (int a = 0; a < 2; a++) for (int b = 0; b < 2; b++) pct[a][b] = n == 0 ? Double.NaN : 100.0 * count[a][b] / n;
        return new FlipTable(n, pct);
    }

    /** Permutation median TVD of the documents whose max attention lies in bin {@code b} of {@link #MAX_ALPHA_EDGES}. */
    public Stats permutationBin(String model, int b) {
        double lo = MAX_ALPHA_EDGES[b];
        double hi = MAX_ALPHA_EDGES[b + 1];
        boolean last = b == MAX_ALPHA_EDGES.length - 2;
        return stats(model, "perm_median_tvd", r -> {
            double a = r.value("max_alpha");
            return a >= lo && (a < hi || last && a <= hi);
        });
    }

    /** The label of max-attention bin {@code b}. */
    public static String binLabel(int b) {
        boolean last = b == MAX_ALPHA_EDGES.length - 2;
        return String.format(java.util.Locale.ROOT, "[%.2f, %.2f%s", MAX_ALPHA_EDGES[b], MAX_ALPHA_EDGES[b + 1],
                last ? "]" : ")");
    }

    /** Accuracy over the model's labelled rows (NaN when none is labelled). */
    public double accuracy(String model) {
        List<AuditRow> rows = byModel.getOrDefault(model, List.of()).stream().filter(r -> !r.trueLabel().isEmpty()).toList();
        if (rows.isEmpty()) return Double.NaN;
        return rows.stream().filter(AuditRow::correct).count() / (double) rows.size();
    }

    /** Everything as JSON-ready maps: the body of {@code summary.json}. */
    public Map<String, Object> toMap() {
        Map<String, Object> root = new LinkedHashMap<>();
        for (String m : models) {
            Map<String, Object> s = new LinkedHashMap<>();
            List<AuditRow> rows = byModel.get(m);
            s.put("documents", rows.size());
            s.put("group_by", groupBy.id()); // the classes of kendall_tau and topk_distance
            s.put("accuracy", Stats.num(accuracy(m)));
            s.put("length", new Stats(rows.stream().mapToDouble(AuditRow::length).toArray()).toMap());
            Map<String, Object> k = new LinkedHashMap<>();
            for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
                Map<String, Object> byClass = new LinkedHashMap<>();
                List<String> groups = new ArrayList<>(classes);
                groups.add(null);
                for (String c : groups) {
                    KendallCell cell = kendall(m, method, c);
                    Map<String, Object> x = cell.tau().toMap();
                    x.put("frac_significant", Stats.num(cell.fracSignificant()));
                    byClass.put(c == null ? "all" : c, x);
                }
                k.put(method.id(), byClass);
            }
            s.put("kendall_tau", k);
            Map<String, Object> topk = new LinkedHashMap<>();
            topk.put("k", topK(m) < 0 ? null : topK(m));
            topk.put("mean_length", Stats.num(topKMeanLength(m)));
            topk.put("penalty", TopKKendallDistance.DEFAULT_PENALTY);
            topk.put("normalised", true);
            for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
                Map<String, Object> byClass = new LinkedHashMap<>();
                List<String> groups = new ArrayList<>(classes);
                groups.add(null);
                for (String c : groups) {
                    byClass.put(c == null ? "all" : c, stats(m, AuditColumns.topK(method),
                            r -> c == null || group(r).equals(c)).toMap());
                }
                topk.put(method.id(), byClass);
            }
            s.put("topk_distance", topk);
            Map<String, Object> perm = new LinkedHashMap<>();
            perm.put("all", stats(m, "perm_median_tvd", r -> true).toMap());
            for (int b = 0; b < MAX_ALPHA_EDGES.length - 1; b++) perm.put(binLabel(b), permutationBin(m, b).toMap());
            s.put("permutation_median_tvd_by_max_alpha", perm);
            s.put("adversarial_jsd", ordered("search", stats(m, "adv_jsd_search", r -> true).toMap(),
                    "exact", stats(m, "adv_jsd_exact", r -> true).toMap()));
            Map<String, Object> flips = new LinkedHashMap<>();
            for (String ranking : AuditColumns.RANKINGS) {
                FlipCell f = flips(m, ranking);
                Map<String, Object> x = f.fractions().toMap();
                x.put("never_flipped", f.neverFlipped());
                x.put("length_one", f.lengthOne());
                x.put("counted_per", f.perDocument() == 1 ? "document" : "shuffle");
                x.put("rankings_per_document", f.perDocument());
                flips.put(ranking, x);
            }
            s.put("flip_fraction", flips);
            FlipTable t = singleWeight(m);
            Map<String, Object> sw = new LinkedHashMap<>();
            sw.put("n", t.n());
            sw.put("percent_top_flips_random_flips", Stats.num(t.percent()[0][0]));
            sw.put("percent_top_flips_random_not", Stats.num(t.percent()[0][1]));
            sw.put("percent_top_not_random_flips", Stats.num(t.percent()[1][0]));
            sw.put("percent_top_not_random_not", Stats.num(t.percent()[1][1]));
            sw.put("delta_js", stats(m, "delta_js", r -> true).toMap());
            sw.put("delta_alpha", stats(m, "delta_alpha", r -> true).toMap());
            s.put("single_weight", sw);
            Map<String, Object> aopc = new LinkedHashMap<>();
            for (String method : AuditColumns.FAITHFULNESS_METHODS) {
                aopc.put(method, ordered("comprehensiveness", stats(m, AuditColumns.aopcComprehensiveness(method),
                        r -> true).toMap(), "sufficiency", stats(m, AuditColumns.aopcSufficiency(method), r -> true).toMap()));
            }
            s.put("aopc", aopc);
            s.put("ig_relative_completeness_error", stats(m, "ig_relative_completeness_error", r -> true).toMap());
            s.put("lime_mean_spread", stats(m, "lime_mean_spread", r -> true).toMap());
            s.put("shap_relative_sum_error", stats(m, "shap_relative_sum_error", r -> true).toMap());
            Map<String, Object> ms = new LinkedHashMap<>();
            for (String part : AuditColumns.TIMED_PARTS) {
                ms.put(part, Stats.num(stats(m, AuditColumns.ms(part), r -> true).mean()));
            }
            s.put("mean_ms_per_document", ms);
            root.put(m, s);
        }
        return root;
    }

    /** A map in the given key order (Map.of's order changes from JVM to JVM, and summary.json should not). */
    private static Map<String, Object> ordered(String k1, Object v1, String k2, Object v2) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put(k1, v1);
        m.put(k2, v2);
        return m;
    }
}
