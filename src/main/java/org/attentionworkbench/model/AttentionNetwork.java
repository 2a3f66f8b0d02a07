package org.attentionworkbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * TEMPORARY STUB on branch {@code ui} so the UI can be built and looked at before the real network
 * lands on {@code main}. It fakes a sentiment model from a tiny lexicon. Deleted before merging main.
 */
final class AttentionNetwork {

    private static final Map<String, Double> LEXICON = Map.ofEntries(
            Map.entry("great", 2.0), Map.entry("good", 1.2), Map.entry("wonderful", 2.2),
            Map.entry("love", 1.8), Map.entry("loved", 1.8), Map.entry("best", 1.6),
            Map.entry("funny", 1.0), Map.entry("brilliant", 2.0), Map.entry("fun", 1.0),
            Map.entry("bad", -1.8), Map.entry("awful", -2.2), Map.entry("boring", -1.6),
            Map.entry("worst", -2.4), Map.entry("dull", -1.4), Map.entry("n't", -0.6),
            Map.entry("terrible", -2.2), Map.entry("waste", -2.0));

    private final ModelConfig config;

    AttentionNetwork(ModelConfig config) {
        this.config = config;
    }

    ModelConfig config() {
        return config;
    }

    EncodedDocument encode(List<String> tokens, int[] ids, List<String> labels) {
        int n = tokens.size();
        double[] scores = new double[n];
        double[][] z = new double[n][];
        double[][] h = new double[n][1];
        for (int i = 0; i < n; i++) {
            double s = LEXICON.getOrDefault(tokens.get(i), 0.0);
            scores[i] = Math.abs(s) * 2 + (tokens.get(i).length() > 3 ? 0.3 : 0);
            z[i] = new double[] {-s * 4, s * 4};
            h[i][0] = s;
        }
        double[] alpha = EncodedDocument.softmax(scores);
        return new EncodedDocument(tokens, ids, h, alpha, z, new double[] {0.1, 0}, labels);
    }

    List<double[]> classify(List<int[]> ids) {
        List<double[]> out = new ArrayList<>();
        for (int[] row : ids) out.add(new double[] {0.5, 0.5});
        return out;
    }
}
