package org.attentionworkbench.ui.twins;

import java.util.List;

/**
 * One model (the base or a twin) on the document in the window, with what its card says and how
 * far it is from the base on this document. Figures against the base are NaN for the base itself.
 *
 * @param name              the model's name
 * @param objective         the twin's objective ({@code uniform}, {@code frozen}, {@code adversarial},
 *                          {@code deceptive}, {@code seed}), or {@code base}
 * @param settings          the objective's settings in words ("lambda 0.5"), empty for none
 * @param labels            class names
 * @param probabilities     the model's output distribution on this document
 * @param predicted         its predicted class
 * @param accuracy          test accuracy from its card (NaN if not measured)
 * @param attention         its attention over the document's tokens
 * @param jsd               JSD of its attention to the base's (TwinComparison)
 * @param tvd               TVD of its output to the base's (TwinComparison)
 * @param tau               Kendall tau between its attention and the base's (NaN where undefined, e.g. uniform)
 * @param impermissibleMass its attention mass on the impermissible words of a deceptive twin, NaN for others
 */
public record ModelFigures(String name, String objective, String settings, List<String> labels,
                           double[] probabilities, int predicted, double accuracy, double[] attention, double jsd,
                           double tvd, double tau, double impermissibleMass) {

    public ModelFigures {
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        attention = attention.clone();
    }

    /** The predicted class's name. */
    public String predictedLabel() {
        return labels.get(predicted);
    }

    /** The probability of the predicted class. */
    public double confidence() {
        return probabilities[predicted];
    }

    /** Whether this is the base model. */
    public boolean isBase() {
        return TwinsComputation.BASE.equals(objective);
    }
}
