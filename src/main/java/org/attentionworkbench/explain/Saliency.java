package org.attentionworkbench.explain;

/**
 * Importance scores of one method for the n tokens of a document.
 *
 * @param method the method
 * @param scores one score per token
 */
public record Saliency(SaliencyMethod method, double[] scores) {

    public Saliency {
        scores = scores.clone();
    }

    @Override
    public double[] scores() {
        return scores.clone();
    }

    /** Number of tokens. */
    public int size() {
        return scores.length;
    }
}
