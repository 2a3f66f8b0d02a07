package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;

/**
 * A classifier whose positive-class probability is a linear function of which words are present,
 * y_pos = c + sum_w beta_w [w in x]: the model on which LIME's local linear model must find the
 * coefficients themselves. Only what the perturbation methods read is implemented (encode,
 * outputs); the gradient methods are refused.
 */
final class LinearPresenceClassifier implements AttentionClassifier {

    private final double intercept;
    private final Map<String, Double> beta;
    private final List<String> words;

    /** @param beta per word; the words are the vocabulary (ids 2..), anything else is UNK (id 1, weight 0) */
    LinearPresenceClassifier(double intercept, Map<String, Double> beta) {
        this.intercept = intercept;
        this.beta = Map.copyOf(beta);
        this.words = new ArrayList<>(beta.keySet());
    }

    /** y_pos of a set of present words. */
    double positive(java.util.Collection<String> present) {
        double p = intercept;
        for (String w : new java.util.HashSet<>(present)) p += beta.getOrDefault(w, 0.0);
        return p;
    }

    @Override
    public String name() {
        return "linear-presence";
    }

    @Override
    public List<String> labels() {
        return List.of("neg", "pos");
    }

    @Override
    public Tokenizer tokenizer() {
        return new Tokenizer();
    }

    @Override
    public TokenLimit tokenLimit() {
        return TokenLimit.DEFAULT;
    }

    @Override
    public AttentionClassifier withTokenLimit(TokenLimit limit) {
        return this;
    }

    @Override
    public EncodedDocument encode(List<String> tokens) {
        int n = tokens.size();
        double[] alpha = new double[n];
        Arrays.fill(alpha, 1.0 / n);
        double p = positive(tokens);
        // logits (0, logit(p)) with no contribution from any token: softmax gives (1 - p, p)
        return new EncodedDocument(tokens, ids(tokens), new double[n][1], alpha, new double[n][2],
                new double[] {0, Math.log(p / (1 - p))}, labels());
    }

    @Override
    public List<double[]> classify(List<String> texts) {
        List<double[]> out = new ArrayList<>();
        for (String t : texts) {
            double p = positive(tokenizer().tokenize(t));
            out.add(new double[] {1 - p, p});
        }
        return out;
    }

    @Override
    public InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention) {
        throw new UnsupportedOperationException("no embeddings");
    }

    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline b,
                                                   int steps) {
        throw new UnsupportedOperationException("no embeddings");
    }

    @Override
    public List<double[]> outputs(List<int[]> idSequences, int batchSize) {
        List<double[]> out = new ArrayList<>();
        for (int[] ids : idSequences) {
            List<String> present = new ArrayList<>();
            for (int id : ids) if (id >= 2) present.add(words.get(id - 2));
            double p = positive(present);
            out.add(new double[] {1 - p, p});
        }
        return out;
    }

    @Override
    public List<Readout> readouts(List<int[]> idSequences) {
        throw new UnsupportedOperationException();
    }

    @Override
    public int[] ids(List<String> tokens) {
        Map<String, Integer> index = new HashMap<>();
        for (int i = 0; i < words.size(); i++) index.put(words.get(i), i + 2);
        int[] out = new int[tokens.size()];
        for (int i = 0; i < out.length; i++) out[i] = index.getOrDefault(tokens.get(i), 1);
        return out;
    }

    @Override
    public EncoderReach reach() {
        return EncoderReach.WHOLE_SEQUENCE; // every perturbation goes through outputs()
    }
}
