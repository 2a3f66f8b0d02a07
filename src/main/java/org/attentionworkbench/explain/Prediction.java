package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.stream.IntStream;

/**
 * A model's answer for one text: its tokens, the attention over them and the class distribution.
 *
 * @param tokens        the tokens the model saw (after truncation, if any)
 * @param labels        class names in class order
 * @param probabilities output distribution over the classes
 * @param attention     attention weights, one per token, summing to 1
 */
public record Prediction(List<String> tokens, List<String> labels, double[] probabilities, double[] attention) {

    public Prediction {
        tokens = List.copyOf(tokens);
        labels = List.copyOf(labels);
        probabilities = probabilities.clone();
        attention = attention.clone();
    }

    /**
     * The prediction an encoded document already holds (its tokens, attention and output), so
     * that showing a label never needs a second pass through the encoder.
     */
    public static Prediction of(EncodedDocument doc) {
        return new Prediction(doc.tokens(), doc.labels(), doc.probabilities(), doc.attention());
    }

    @Override
    public double[] probabilities() {
        return probabilities.clone();
    }

    @Override
    public double[] attention() {
        return attention.clone();
    }

    /** Index of the most probable class. */
    public int predicted() {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) {
            if (probabilities[c] > probabilities[best]) best = c;
        }
        return best;
    }

    /** Name of the most probable class. */
    public String label() {
        return labels.get(predicted());
    }

    /** Probability of the most probable class. */
    public double confidence() {
        return probabilities[predicted()];
    }

    /** The k most attended tokens with their weights, highest first (ties by position). */
    public List<TokenWeight> topTokens(int k) {
        List<TokenWeight> out = new ArrayList<>();
        IntStream.range(0, tokens.size()).boxed()
                .sorted(Comparator.comparingDouble((Integer i) -> -attention[i]).thenComparingInt(i -> i))
                .limit(k)
                .forEach(i -> out.add(new TokenWeight(i, tokens.get(i), attention[i])));
        return out;
    }

    /** A token, its position and a weight. */
    public record TokenWeight(int index, String token, double weight) { }
}
