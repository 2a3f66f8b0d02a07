package org.attentionworkbench.explain;

import java.util.Arrays;

/**
 * Another weight vector over a document's tokens set against the model's attention alpha: what a
 * counterfactual panel (adversarial, permuted, uniform, erased) or a saliency method shows beside
 * the original. Computed here, in one place, for the window, the exports and the command line.
 *
 * @param weights     the vector compared (attention, or saliency scores as they are)
 * @param output      the decoder's output under {@code weights} as attention (null for saliency,
 *                    which is not an attention)
 * @param jsd         JSD(w, alpha), w the weights (for saliency: |s| normalised to sum 1)
 * @param tvd         TVD(w, alpha), as {@code jsd}
 * @param kendallTau  Kendall tau-b of w against alpha
 * @param outputTvd   TVD of {@code output} from the model's output (NaN for saliency)
 */
public record AttentionComparison(double[] weights, double[] output, double jsd, double tvd, double kendallTau,
                                  double outputTvd) {

    public AttentionComparison {
        weights = weights.clone();
        output = output == null ? null : output.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    @Override
    public double[] output() {
        return output == null ? null : output.clone();
    }

    /** An attention vector {@code a} over {@code doc}'s tokens, re-decoded (docs/methods.md sections 1-2). */
    public static AttentionComparison ofAttention(EncodedDocument doc, double[] a) {
        double[] alpha = doc.attention();
        double[] y = doc.decode(a);
        return new AttentionComparison(a, y, Divergences.jsd(a, alpha), Divergences.tvd(a, alpha),
                KendallTau.compute(a, alpha).tau(), Divergences.tvd(y, doc.probabilities()));
    }

    /**
     * Saliency scores against attention: divergences of |s| normalised to a distribution (uniform
     * when every score is 0), and tau of |s| (the engine's, when it computed one).
     *
     * @param known the engine's tau for these scores, or null to compute it
     */
    public static AttentionComparison ofSaliency(EncodedDocument doc, Saliency saliency, KendallTau.Result known) {
        double[] scores = saliency.scores();
        double[] magnitude = Arrays.stream(scores).map(Math::abs).toArray();
        double sum = Arrays.stream(magnitude).sum();
        double[] normalised = Arrays.stream(magnitude).map(v -> sum > 0 ? v / sum : 1.0 / magnitude.length).toArray();
        double[] alpha = doc.attention();
        double tau = known != null ? known.tau() : KendallTau.compute(alpha, magnitude).tau();
        return new AttentionComparison(scores, null, Divergences.jsd(normalised, alpha), Divergences.tvd(normalised, alpha),
                tau, Double.NaN);
    }
}
