package org.attentionworkbench.explain;


/**
 * The attention-level gradient of Serrano &amp; Smith (docs/methods.md section 3): the decision function
 * d = max_k softmax(logits(alpha))_k differentiated with respect to each attention weight, taken
 * once at the original alpha, the weights treated as free (no renormalisation).
 *
 * <p>With logits L = sum_i a_i z_i + b and c the class attaining the max (lowest index on ties),
 * d = p_c and dp_c/dL_k = p_c (delta_ck - p_k), dL_k/da_i = z_ik, hence
 * dd/da_i = p_c (z_ic - sum_k p_k z_ik). The max is differentiable wherever c is unique.
 */
public final class AttentionGradient {

    private AttentionGradient() {
    }

    /** dd/dalpha_i at the document's own attention alpha. */
    public static double[] atOriginal(EncodedDocument doc) {
        return at(doc, doc.attention());
    }

    /** dd/da_i at any attention vector a (d = the largest output probability at a). */
    public static double[] at(EncodedDocument doc, double[] a) {
        double[] p = doc.decode(a);
        int c = Vectors.argmax(p);
        int classes = p.length;
        double[] g = new double[doc.size()];
        for (int i = 0; i < g.length; i++) {
            double expected = 0;
            for (int k = 0; k < classes; k++) expected += p[k] * doc.contribution(i, k);
            g[i] = p[c] * (doc.contribution(i, c) - expected);
        }
        return g;
    }

    /** The "gradient x attention" scores dd/dalpha_i * alpha_i at the original alpha. */
    public static double[] timesAttention(EncodedDocument doc) {
        double[] g = atOriginal(doc);
        for (int i = 0; i < g.length; i++) g[i] *= doc.attention(i);
        return g;
    }
}
