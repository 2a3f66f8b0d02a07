package org.attentionworkbench.explain;

import java.util.List;
import java.util.Objects;

/**
 * The state of one document after the one expensive pass through the encoder: tokens, encoded
 * vectors h_i, the model's attention alpha, the per-token class contributions z_i = W_o h_i and the
 * decoder bias b_o. Immutable; accessors that return arrays return copies.
 *
 * <p>Because the decoder is linear, {@code logits(a) = sum_i a_i z_i + b_o} for ANY attention
 * vector a, so {@link #decode(double[])} costs O(nC) plain arithmetic and never touches the
 * network. This is what lets erasure, permutation and adversarial search run in microseconds.
 */
public final class EncodedDocument {

    private final List<String> tokens;
    private final int[] ids;
    private final double[][] hidden;
    private final double[] attention;
    /** z_ic at [i * C + c]: one flat array, so a re-decode streams through memory without a pointer per token. */
    private final double[] contributions;
    private final double[] bias;
    /** sum_i alpha_i z_ic, the attended part of the original logits (for erasure by subtraction). */
    private final double[] attended;
    /** sum_i alpha_i as computed (1 up to rounding). */
    private final double attentionMass;
    private final double[] probabilities;
    private final List<String> labels;

    /**
     * @param tokens        the n tokens
     * @param ids           their vocabulary ids
     * @param hidden        n x H encoded vectors
     * @param attention     n attention weights (sum 1)
     * @param contributions n x C values z_i = W_o h_i
     * @param bias          C decoder biases
     * @param labels        class names
     */
    public EncodedDocument(List<String> tokens, int[] ids, double[][] hidden, double[] attention,
                           double[][] contributions, double[] bias, List<String> labels) {
        this.tokens = List.copyOf(tokens);
        int n = this.tokens.size();
        if (ids.length != n || hidden.length != n || attention.length != n || contributions.length != n) {
            throw new IllegalArgumentException("inconsistent lengths for " + n + " tokens");
        }
        this.ids = ids.clone();
        this.hidden = deepCopy(hidden);
        this.attention = attention.clone();
        this.bias = bias.clone();
        int classes = bias.length;
        this.contributions = new double[n * classes];
        for (int i = 0; i < n; i++) {
            if (contributions[i].length != classes) throw new IllegalArgumentException("contribution width != classes");
            System.arraycopy(contributions[i], 0, this.contributions, i * classes, classes);
        }
        this.labels = List.copyOf(Objects.requireNonNull(labels));
        this.probabilities = decode(this.attention);
        double[] sum = new double[classes];
        double mass = 0;
        for (int i = 0; i < n; i++) {
            double w = this.attention[i];
            mass += w;
            for (int c = 0; c < classes; c++) sum[c] += w * this.contributions[i * classes + c];
        }
        this.attended = sum;
        this.attentionMass = mass;
    }

    /** Number of real tokens n. */
    public int size() {
        return tokens.size();
    }

    /** Number of classes C. */
    public int numClasses() {
        return bias.length;
    }

    public List<String> tokens() {
        return tokens;
    }

    public List<String> labels() {
        return labels;
    }

    public int[] ids() {
        return ids.clone();
    }

    /** The model's attention alpha (a copy). */
    public double[] attention() {
        return attention.clone();
    }

    /** alpha_i without copying the vector. */
    public double attention(int i) {
        return attention[i];
    }

    /** h_i (a copy). */
    public double[] hidden(int i) {
        return hidden[i].clone();
    }

    /** Width of h_i. */
    public int hiddenSize() {
        return hidden.length == 0 ? 0 : hidden[0].length;
    }

    /** z_ic = (W_o h_i)_c, token i's contribution to class c's logit per unit of attention. */
    public double contribution(int i, int c) {
        return contributions[i * bias.length + c];
    }

    /** The decoder bias b_o (a copy). */
    public double[] bias() {
        return bias.clone();
    }

    /** The model's output distribution y (a copy). */
    public double[] probabilities() {
        return probabilities.clone();
    }

    /** The predicted class, argmax y. */
    public int predicted() {
        return argmax(probabilities);
    }

    /**
     * The output distribution for the permuted attention a_i = alpha_{perm[i]}: {@link #decode} of
     * that vector without building it (the permutation test's hundred re-decodes).
     */
    double[] decodePermuted(int[] perm) {
        if (perm.length != tokens.size()) {
            throw new IllegalArgumentException("permutation of " + perm.length + " for " + tokens.size() + " tokens");
        }
        double[] out = bias.clone();
        int classes = out.length;
        if (classes == 2) {
            double l0 = out[0];
            double l1 = out[1];
            for (int i = 0, k = 0; i < perm.length; i++, k += 2) {
                double w = attention[perm[i]];
                l0 += w * contributions[k];
                l1 += w * contributions[k + 1];
            }
            out[0] = l0;
            out[1] = l1;
        } else {
            for (int i = 0; i < perm.length; i++) {
                double w = attention[perm[i]];
                if (w == 0) continue;
                int k = i * classes;
                for (int c = 0; c < classes; c++) out[c] += w * contributions[k + c];
            }
        }
        return softmax(out);
    }

    /** Logits for attention vector {@code a}: sum_i a_i z_i + b_o. O(nC). */
    public double[] logits(double[] a) {
        if (a.length != tokens.size()) {
            throw new IllegalArgumentException("attention has " + a.length + " weights for " + tokens.size() + " tokens");
        }
        double[] out = bias.clone();
        int classes = out.length;
        if (classes == 2) { // the common case, unrolled: two running sums, no inner loop
            double l0 = out[0];
            double l1 = out[1];
            for (int i = 0, k = 0; i < a.length; i++, k += 2) {
                double w = a[i];
                l0 += w * contributions[k];
                l1 += w * contributions[k + 1];
            }
            out[0] = l0;
            out[1] = l1;
            return out;
        }
        for (int i = 0; i < a.length; i++) {
            double w = a[i];
            if (w == 0) continue;
            int k = i * classes;
            for (int c = 0; c < classes; c++) {
                out[c] += w * contributions[k + c];
            }
        }
        return out;
    }

    /**
     * The logits after erasing the tokens {@code erased} (distinct) with the rest renormalised, by
     * subtraction from the original attended sum: O(kC) for k erased tokens instead of the O(nC) of
     * {@link #logits(double[])} over the renormalised vector, equal to it up to rounding. Null where
     * the kept mass is below {@code minKept} of the whole (the subtraction would cancel too many
     * digits there), and the caller re-decodes the full vector.
     */
    double[] logitsWithout(int[] erased, double minKept) {
        int classes = bias.length;
        double[] removed = new double[classes];
        double removedMass = 0;
        for (int i : erased) {
            double w = attention[i];
            removedMass += w;
            int k = i * classes;
            for (int c = 0; c < classes; c++) removed[c] += w * contributions[k + c];
        }
        double kept = attentionMass - removedMass;
        if (!(kept >= minKept * attentionMass)) return null;
        double[] out = bias.clone();
        for (int c = 0; c < classes; c++) out[c] += (attended[c] - removed[c]) / kept;
        return out;
    }

    /** The output distribution for attention vector {@code a}: softmax(sum_i a_i z_i + b_o). O(nC). */
    public double[] decode(double[] a) {
        return softmax(logits(a));
    }

    /** Numerically stable softmax. */
    public static double[] softmax(double[] logits) {
        double max = Double.NEGATIVE_INFINITY;
        for (double v : logits) max = Math.max(max, v);
        double[] p = new double[logits.length];
        double sum = 0;
        for (int c = 0; c < p.length; c++) {
            p[c] = Math.exp(logits[c] - max);
            sum += p[c];
        }
        for (int c = 0; c < p.length; c++) p[c] /= sum;
        return p;
    }

    /** The index of the largest value, the lowest index winning ties (the rule of {@link #predicted()}). */
    public static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double[][] deepCopy(double[][] m) {
        double[][] out = new double[m.length][];
        for (int i = 0; i < m.length; i++) out[i] = m[i].clone();
        return out;
    }
}
