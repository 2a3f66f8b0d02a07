package org.attentionworkbench.explain;

/**
 * Layer-wise relevance propagation of one document (docs/methods.md section 3, "LRP"): the logit of
 * the target class redistributed onto the tokens with the epsilon rule (Arras et al. 2017), and
 * the bookkeeping that shows where the rest of it went.
 *
 * <p>Conservation: every epsilon-rule layer hands its output relevance R_j to its inputs in the
 * proportion x_i w_ij / (z_j + eps sign(z_j)) and keeps R_j (b_j + eps sign(z_j)) / (z_j + eps sign(z_j))
 * itself: the first part is {@link #biasRelevance()}, the second {@link #stabiliserRelevance()}.
 * So {@code sum(relevance) + biasRelevance + stabiliserRelevance = logit} up to rounding
 * ({@link #conservationError()}); with zero biases and eps -> 0 the tokens receive the whole logit.
 *
 * @param relevance           per token, summed over the embedding dimensions (signed)
 * @param target              the explained class
 * @param logit               the explained score: the target class's logit as the LRP forward pass computed it
 * @param biasRelevance       relevance absorbed by biases (decoder, encoder, LSTM cell input)
 * @param stabiliserRelevance relevance absorbed by the epsilon stabilisers
 * @param epsilon             the stabiliser eps
 */
public record Lrp(double[] relevance, int target, double logit, double biasRelevance, double stabiliserRelevance,
                  double epsilon) {

    /** Default eps: the value of Arras et al.'s published LSTM code (lrp(..., eps=0.001, bias_factor=0.0)). */
    public static final double DEFAULT_EPSILON = 0.001;

    public Lrp {
        relevance = relevance.clone();
    }

    @Override
    public double[] relevance() {
        return relevance.clone();
    }

    /** Sum of the token relevances. */
    public double total() {
        double s = 0;
        for (double r : relevance) s += r;
        return s;
    }

    /** |logit - (tokens + bias + stabiliser)|: float rounding only, whatever eps and the biases. */
    public double conservationError() {
        return Math.abs(logit - (total() + biasRelevance + stabiliserRelevance));
    }

    /** The share of the logit that reached the tokens (NaN for a zero logit). */
    public double tokenShare() {
        return logit == 0 ? Double.NaN : total() / logit;
    }
}
