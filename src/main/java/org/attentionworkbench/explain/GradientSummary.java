package org.attentionworkbench.explain;

/**
 * What the gradient saliency methods read of a document's input gradient, per token: the signed
 * grad_i . e_i and the norm |grad_i| of class c's probability's gradient with respect to token i's
 * embedding (see {@link InputGradients}, which also hands out the [n][D] rows).
 *
 * @param gradientTimesInput grad_i . e_i
 * @param gradientNorm       |grad_i|, the L2 norm
 * @param probability        y_c at the input
 */
public record GradientSummary(double[] gradientTimesInput, double[] gradientNorm, double probability) {

    /** The summary of full input gradients. */
    public static GradientSummary of(InputGradients g) {
        return new GradientSummary(g.gradientTimesInput(), g.gradientNorm(), g.probability());
    }
}
