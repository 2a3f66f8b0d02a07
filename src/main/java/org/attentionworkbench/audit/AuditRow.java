package org.attentionworkbench.audit;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.Faithfulness;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.TopKKendallDistance;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * One line of {@code documents.csv}: what the explanation engine found for one document under one
 * model, reduced to the corpus statistics of docs/methods.md section 7.
 *
 * @param model      the model's name
 * @param index      the document's position in the dataset (its key with {@code model})
 * @param id         the dataset's id of the document
 * @param trueLabel  the true class name ("" when unlabelled)
 * @param prediction the predicted class name
 * @param confidence the predicted class's probability
 * @param length     number of tokens n
 * @param values     the numeric columns of {@link AuditColumns#VALUES}; absent or NaN = not computed
 */
public record AuditRow(String model, int index, String id, String trueLabel, String prediction, double confidence,
                       int length, Map<String, Double> values) {

    public AuditRow {
        values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    }

    /** A column's value, NaN when not computed. */
    public double value(String column) {
        Double v = values.get(column);
        return v == null ? Double.NaN : v;
    }

    /** Whether the prediction is right (false when there is no true label). */
    public boolean correct() {
        return trueLabel.equals(prediction);
    }

    /** The key that makes a row unique in an audit: model and document index. */
    public String key() {
        return key(model, index);
    }

    static String key(String model, int index) {
        return model + "#" + index;
    }

    /**
     * The row of an explanation.
     *
     * @param encodeMs time of the encoding pass (the engine times the rest)
     */
    public static AuditRow of(String model, int index, String id, Explanation e, double encodeMs) {
        EncodedDocument doc = e.document();
        Map<String, Double> v = new LinkedHashMap<>();
        for (SaliencyMethod m : AuditColumns.TAU_METHODS) {
            KendallTau.Result k = e.kendall().get(m);
            if (k != null) {
                v.put(AuditColumns.tau(m), k.tau());
                v.put(AuditColumns.p(m), k.pValue());
            }
        }
        if (!e.topK().isEmpty()) {
            double mean = e.settings().topKMeanLength() > 0 ? e.settings().topKMeanLength() : doc.size();
            v.put("topk_mean_length", mean);
            for (SaliencyMethod m : AuditColumns.TAU_METHODS) {
                TopKKendallDistance.Result t = e.topK().get(m);
                if (t == null) continue;
                v.put("topk_k", (double) t.k()); // the same for every method: k clamped to n
                v.put(AuditColumns.topK(m), t.normalised());
            }
        }
        if (e.permutation() != null) {
            v.put("perm_median_tvd", e.permutation().medianTvd());
        }
        v.put("max_alpha", max(doc.attention()));
        AdversarialSearch.Result adv = e.adversarial();
        if (adv != null) v.put("adv_jsd_search", adv.epsilonMaxJsd());
        if (e.exactAdversary() != null) v.put("adv_jsd_exact", e.exactAdversary().jsd());
        ErasureRanking.Report r = e.rankings();
        if (r != null) {
            v.put(AuditColumns.flip("attention"), fraction(r.attention()));
            v.put(AuditColumns.flip("random"), r.random().flippedShuffles() > 0 ? r.random().meanFraction() : Double.NaN);
            v.put("random_flipped_shuffles", (double) r.random().flippedShuffles());
            double[] perShuffle = r.random().fractions();
            for (int s = 0; s < Math.min(perShuffle.length, AuditColumns.RANDOM_SHUFFLES); s++) {
                v.put(AuditColumns.randomShuffle(s + 1), perShuffle[s]); // NaN (never flips) is dropped below
            }
            v.put(AuditColumns.flip("gradient"), fraction(r.gradient()));
            v.put(AuditColumns.flip("gradient_x_attention"), fraction(r.gradientTimesAttention()));
        }
        if (e.oracle() != null) {
            v.put(AuditColumns.flip("oracle"), fraction(e.oracle().ranking()));
            v.put("oracle_size", e.oracle().flippable() ? (double) e.oracle().size() : Double.NaN);
        }
        Erasure.SingleWeight sw = e.singleWeight();
        if (sw != null) {
            v.put("sw_top_index", (double) sw.top());
            v.put("sw_random_index", (double) sw.random());
            v.put("delta_js", sw.deltaJs());
            v.put("delta_alpha", sw.deltaAlpha());
            v.put("sw_top_flips", sw.topFlips() ? 1.0 : 0.0);
            v.put("sw_random_flips", sw.randomFlips() ? 1.0 : 0.0);
        }
        for (Map.Entry<String, Faithfulness.Result> f : e.faithfulness().entrySet()) {
            v.put(AuditColumns.aopcComprehensiveness(f.getKey()), f.getValue().aopcComprehensiveness());
            v.put(AuditColumns.aopcSufficiency(f.getKey()), f.getValue().aopcSufficiency());
        }
        if (e.integratedGradients() != null) {
            v.put("ig_relative_completeness_error", e.integratedGradients().relativeCompletenessError());
        }
        if (e.lime() != null) v.put("lime_mean_spread", e.lime().meanSpread());
        if (e.kernelShap() != null) v.put("shap_relative_sum_error", e.kernelShap().relativeSumError());
        v.put(AuditColumns.ms("encode"), encodeMs);
        for (String part : AuditColumns.TIMED_PARTS) {
            Double t = e.timingsMs().get(part);
            if (t != null) v.put(AuditColumns.ms(part), part.equals("total") ? t + encodeMs : t);
        }
        v.values().removeIf(x -> x == null || !Double.isFinite(x));
        String truth = e.trueLabel() >= 0 ? doc.labels().get(e.trueLabel()) : "";
        return new AuditRow(model, index, id, truth, doc.labels().get(doc.predicted()),
                doc.probabilities()[doc.predicted()], doc.size(), v);
    }

    /** k* / n, NaN when the ranking never flips (left out of corpus fractions, counted apart). */
    private static double fraction(ErasureRanking.Curve c) {
        return c.flipped() ? c.fraction() : Double.NaN;
    }

    private static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }
}
