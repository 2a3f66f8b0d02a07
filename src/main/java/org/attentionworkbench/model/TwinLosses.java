package org.attentionworkbench.model;

import org.attentionworkbench.explain.Divergences;

/**
 * The losses of the counterfactual objectives (docs/methods.md section 8) and their gradients with
 * respect to the output probabilities' logits and to alpha, batch-averaged, on plain arrays.
 * The network back-propagates both ({@link AttentionNetwork#backward}).
 */
final class TwinLosses {

    /** A batch's summed loss and its gradients (already divided by the batch size). */
    record LossGradient(double loss, double[][] dLogits, double[][] dAlpha) { }

    /** Floor of the base's attention inside KL's logarithm: a zero weight would make KL infinite. */
    static final double ALPHA_FLOOR = 1e-10;

    private TwinLosses() { }

    /** Cross-entropy of the gold labels: d/dlogits = p - onehot. */
    static LossGradient crossEntropy(double[][] probs, int[] labels) {
        int b = probs.length;
        double loss = 0;
        double[][] d = new double[b][];
        for (int j = 0; j < b; j++) {
            loss -= Math.log(Math.max(probs[j][labels[j]], 1e-30));
            d[j] = probs[j].clone();
            d[j][labels[j]] -= 1;
            for (int c = 0; c < d[j].length; c++) d[j][c] /= b;
        }
        return new LossGradient(loss, d, null);
    }

    /**
     * Wiegreffe &amp; Pinter's model-consistent adversary: TVD(y, y_base) - lambda KL(alpha || alpha_base)
     * per document. d TVD / d y_c = sign(y_c - y_base,c) / 2, taken through the softmax; d KL / d alpha_i
     * = log(alpha_i / alpha_base,i) + 1 on the document's tokens.
     *
     * @param lengths each document's number of tokens (alpha rows are padded beyond)
     */
    static LossGradient adversarial(double[][] probs, double[][] alpha, double[][] baseProbs, double[][] baseAlpha,
                                    int[] lengths, double lambda) {
        int b = probs.length;
        double loss = 0;
        double[][] dLogits = new double[b][];
        double[][] dAlpha = new double[b][];
        for (int j = 0; j < b; j++) {
            int n = lengths[j];
            double[] a = java.util.Arrays.copyOf(alpha[j], n);
            double[] q = new double[n];
            for (int i = 0; i < n; i++) q[i] = Math.max(baseAlpha[j][i], ALPHA_FLOOR);
            loss += Divergences.tvd(probs[j], baseProbs[j]) - lambda * Divergences.kl(a, q);
            double[] g = new double[probs[j].length];
            for (int c = 0; c < g.length; c++) g[c] = 0.5 * Math.signum(probs[j][c] - baseProbs[j][c]);
            dLogits[j] = throughSoftmax(probs[j], g, b);
            dAlpha[j] = new double[alpha[j].length];
            for (int i = 0; i < n; i++) {
                dAlpha[j][i] = a[i] > 0 ? -lambda * (Math.log(a[i] / q[i]) + 1) / b : 0;
            }
        }
        return new LossGradient(loss, dLogits, dAlpha);
    }

    /**
     * Pruthi et al.'s deceptive attention: CE - penalty log(1 - m), m the attention mass on the
     * impermissible positions; d/d alpha_i = penalty / (1 - m) on those positions.
     *
     * @param impermissible [B][T] true where the token is impermissible
     */
    static LossGradient deceptive(double[][] probs, double[][] alpha, int[] labels, boolean[][] impermissible,
                                  double penalty) {
        LossGradient ce = crossEntropy(probs, labels);
        int b = probs.length;
        double loss = ce.loss();
        double[][] dAlpha = new double[b][];
        for (int j = 0; j < b; j++) {
            double m = impermissibleMass(alpha[j], impermissible[j]);
            double rest = Math.max(1 - m, 1e-12);
            loss -= penalty * Math.log(rest);
            dAlpha[j] = new double[alpha[j].length];
            for (int i = 0; i < alpha[j].length; i++) {
                if (impermissible[j][i]) dAlpha[j][i] = penalty / rest / b;
            }
        }
        return new LossGradient(loss, ce.dLogits(), dAlpha);
    }

    /** The attention mass on the flagged positions. */
    static double impermissibleMass(double[] alpha, boolean[] flagged) {
        double m = 0;
        for (int i = 0; i < Math.min(alpha.length, flagged.length); i++) if (flagged[i]) m += alpha[i];
        return m;
    }

    /** d/dlogits of a loss whose gradient with respect to the probabilities is g: p (g - p.g), / b. */
    private static double[] throughSoftmax(double[] p, double[] g, int b) {
        double dot = 0;
        for (int c = 0; c < p.length; c++) dot += p[c] * g[c];
        double[] d = new double[p.length];
        for (int c = 0; c < p.length; c++) d[c] = p[c] * (g[c] - dot) / b;
        return d;
    }
}
