package org.attentionworkbench.ui.teaching;

/**
 * What teaching mode's Wiegreffe &amp; Pinter step tells: a twin of the model trained with uniform
 * attention (every word always weighs 1/n), its and the base's test accuracy from their cards, and
 * the twin's output on the document told.
 *
 * @param name          the uniform twin's name
 * @param accuracy      its test accuracy (card)
 * @param baseAccuracy  the base model's test accuracy on the same split (card)
 * @param probabilities the twin's output distribution on this document
 * @param size          the number of tokens it read (the story's document must have as many)
 */
public record UniformTwinEvidence(String name, double accuracy, double baseAccuracy, double[] probabilities,
                                  int size) {

    /** How much lower the twin's accuracy may be and still "do as well" (two points, W&amp;P's Table 3 range). */
    public static final double AS_WELL = 0.02;

    public UniformTwinEvidence {
        probabilities = probabilities.clone();
    }

    /** Whether the twin does as well as the base (at most {@link #AS_WELL} lower accuracy). */
    public boolean asWell() {
        return accuracy >= baseAccuracy - AS_WELL;
    }
}
