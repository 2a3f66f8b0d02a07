package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * ERASER-style faithfulness (DeYoung et al. 2020; docs/methods.md section 6) of a token ranking: for each
 * k in {1, 5, 10, 20, 50}%, comprehensiveness = y_c(x) - y_c(x without its top-k% tokens) and
 * sufficiency = y_c(x) - y_c(only the top-k% tokens, in their order), with the model re-run on the
 * shortened texts (tokens really deleted); AOPC is each averaged over the k.
 */
public final class Faithfulness {

    /** The k of the literature, as fractions. */
    public static final double[] FRACTIONS = {0.01, 0.05, 0.10, 0.20, 0.50};

    private final AttentionClassifier model;

    public Faithfulness(AttentionClassifier model) {
        this.model = model;
    }

    /**
     * One ranking's scores at each k and their averages.
     *
     * @param comprehensiveness per k, in the order of {@link #FRACTIONS}
     * @param sufficiency       per k
     * @param aopcComprehensiveness mean of comprehensiveness over k
     * @param aopcSufficiency       mean of sufficiency over k
     */
    public record Result(double[] comprehensiveness, double[] sufficiency, double aopcComprehensiveness,
                         double aopcSufficiency) {
        public Result {
            comprehensiveness = comprehensiveness.clone();
            sufficiency = sufficiency.clone();
        }

        @Override
        public double[] comprehensiveness() {
            return comprehensiveness.clone();
        }

        @Override
        public double[] sufficiency() {
            return sufficiency.clone();
        }
    }

    /**
     * Faithfulness of several score vectors over the same document, all variants in one batched run.
     * Tokens are ranked by score, highest first (signed methods: most positive evidence first).
     */
    public Map<String, Result> evaluate(EncodedDocument doc, Map<String, double[]> scoresByName) {
        return evaluate(doc, scoresByName, model.reach().contextFree(), doc.predicted());
    }

    /** The same for class {@code target}'s probability y_t instead of the predicted class's. */
    public Map<String, Result> evaluate(EncodedDocument doc, Map<String, double[]> scoresByName, int target) {
        return evaluate(doc, scoresByName, model.reach().contextFree(), target);
    }

    /**
     * @param contextFree use the exact shortcut of a context-free encoder (h_i a function of token i
     *                    alone, so deleting tokens changes no other h_i or attention score: the
     *                    re-run's output is the erasure of the deleted tokens with renormalisation,
     *                    O(nC) instead of a forward pass; tested against literal re-runs)
     */
    Map<String, Result> evaluate(EncodedDocument doc, Map<String, double[]> scoresByName, boolean contextFree) {
        return evaluate(doc, scoresByName, contextFree, doc.predicted());
    }

    private Map<String, Result> evaluate(EncodedDocument doc, Map<String, double[]> scoresByName, boolean contextFree,
                                         int c) {
        int[] ids = doc.ids();
        double yc = doc.probabilities()[c];
        List<int[]> variants = new ArrayList<>();
        List<double[]> outputs = new ArrayList<>();
        for (double[] scores : scoresByName.values()) {
            for (double k : FRACTIONS) {
                boolean[] top = new boolean[ids.length];
                int[] topIndices = TopK.indices(scores, k);
                for (int i : topIndices) top[i] = true;
                if (contextFree) {
                    outputs.add(Erasure.erase(doc, topIndices).probabilities());
                    outputs.add(Erasure.erase(doc, complement(top)).probabilities());
                } else {
                    variants.add(select(ids, top, false));
                    variants.add(select(ids, top, true));
                }
            }
        }
        if (!contextFree) outputs = model.outputs(variants, SaliencyCalculator.batchSize(ids.length));
        Map<String, Result> out = new LinkedHashMap<>();
        int v = 0;
        for (String name : scoresByName.keySet()) {
            double[] comp = new double[FRACTIONS.length];
            double[] suff = new double[FRACTIONS.length];
            for (int j = 0; j < FRACTIONS.length; j++) {
                comp[j] = yc - outputs.get(v++)[c];
                suff[j] = yc - outputs.get(v++)[c];
            }
            out.put(name, new Result(comp, suff, mean(comp), mean(suff)));
        }
        return out;
    }

    /** The positions where {@code top} is false. */
    private static int[] complement(boolean[] top) {
        return java.util.stream.IntStream.range(0, top.length).filter(i -> !top[i]).toArray();
    }

    /** The ids where {@code top} is {@code keep}, in order. */
    private static int[] select(int[] ids, boolean[] top, boolean keep) {
        int n = 0;
        for (boolean t : top) if (t == keep) n++;
        int[] out = new int[n];
        int j = 0;
        for (int i = 0; i < ids.length; i++) if (top[i] == keep) out[j++] = ids[i];
        return out;
    }

    private static double mean(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s / v.length;
    }
}
