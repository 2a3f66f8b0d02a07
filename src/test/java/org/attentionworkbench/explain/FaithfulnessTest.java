package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.IntStream;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * ERASER faithfulness against its definition, recomputed literally: the model re-run with
 * {@link AttentionModel#encode(List)} on the token list with the top-k% tokens deleted (or with
 * only them kept, in their original order).
 */
class FaithfulnessTest {

    /** Real SST-2 test sentences: 23 tokens, 4 tokens, 1 token. */
    private static final List<String> SENTENCES = List.of(
            "Emerges as something rare , an issue movie that 's so honest and keenly observed that it does n't feel like one .",
            "a gorgeous , witty",
            "terrific");
    private static final int[] PERCENTS = {1, 5, 10, 20, 50};

    /** ceil(p% of n) in integer arithmetic, at least one token. */
    private static int topCount(int n, int percent) {
        return Math.max(1, (percent * n + 99) / 100);
    }

    /** Indices by descending score, equal scores by lower index: the first k. */
    private static List<Integer> top(double[] scores, int k) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -scores[i]).thenComparing(i -> i))
                .limit(k).toList();
    }

    /** y_c of the model on the given tokens; the empty text gives the bias-only output. */
    private static double outputOn(AttentionModel model, EncodedDocument doc, List<String> tokens, int c) {
        return tokens.isEmpty() ? EncodedDocument.softmax(doc.bias())[c] : model.encode(tokens).probabilities()[c];
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void comprehensivenessAndSufficiencyEqualLiteralReruns(String name) {
        AttentionModel model = Shipped.model(name);
        for (String text : SENTENCES) {
            EncodedDocument doc = model.encode(text);
            int n = doc.size();
            int c = doc.predicted();
            double yc = doc.probabilities()[c];
            Map<String, double[]> scores = new LinkedHashMap<>();
            scores.put("attention", doc.attention());
            scores.put("leave_one_out", new SaliencyCalculator(model).leaveOneOut(doc).scores());
            scores.put("grad_x_input", new SaliencyCalculator(model).gradients(doc).get(2).scores()); // signed
            scores.put("ties", new double[n]); // all equal: the first tokens in text order
            double[] reversed = new double[n];
            for (int i = 0; i < n; i++) reversed[i] = i;
            scores.put("last_first", reversed);
            Map<String, Faithfulness.Result> got = new Faithfulness(model).evaluate(doc, scores);
            assertEquals(List.copyOf(scores.keySet()), List.copyOf(got.keySet()), "one result per ranking, in order");
            for (Map.Entry<String, double[]> e : scores.entrySet()) {
                Faithfulness.Result r = got.get(e.getKey());
                double[] comp = r.comprehensiveness();
                double[] suff = r.sufficiency();
                assertEquals(PERCENTS.length, comp.length);
                for (int j = 0; j < PERCENTS.length; j++) {
                    List<Integer> topSet = top(e.getValue(), topCount(n, PERCENTS[j]));
                    List<String> without = new ArrayList<>();
                    List<String> only = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        (topSet.contains(i) ? only : without).add(doc.tokens().get(i));
                    }
                    String where = name + " '" + text + "' " + e.getKey() + " at " + PERCENTS[j] + "%";
                    assertEquals(yc - outputOn(model, doc, without, c), comp[j], 1e-5, where + " comprehensiveness");
                    assertEquals(yc - outputOn(model, doc, only, c), suff[j], 1e-5, where + " sufficiency");
                }
                assertEquals(Arrays.stream(comp).average().orElseThrow(), r.aopcComprehensiveness(), 1e-12);
                assertEquals(Arrays.stream(suff).average().orElseThrow(), r.aopcSufficiency(), 1e-12);
                if (n == 1) {
                    // The only token is the top token at every k: removing it leaves the bias, keeping it changes nothing.
                    for (double s : suff) assertEquals(0, s, 1e-6); // batched vs single pass: float rounding only
                }
            }
        }
    }

    @Test
    void topKTakesTheCeilingAndAtLeastOneToken() {
        assertArrayEquals(new double[] {0.01, 0.05, 0.10, 0.20, 0.50}, Faithfulness.FRACTIONS);
        for (int n = 1; n <= 120; n++) {
            double[] s = new double[n];
            for (int i = 0; i < n; i++) s[i] = Math.sin(7.0 * i); // distinct, unordered
            for (int j = 0; j < PERCENTS.length; j++) {
                int[] got = TopK.indices(s, Faithfulness.FRACTIONS[j]);
                assertEquals(topCount(n, PERCENTS[j]), got.length, "n = " + n + ", " + PERCENTS[j] + "%");
                assertEquals(top(s, got.length), Arrays.stream(got).boxed().toList(), "n = " + n);
            }
        }
        // Ties by lower index; rank order kept.
        assertArrayEquals(new int[] {1, 3, 0}, TopK.indices(new double[] {0.2, 0.7, 0.2, 0.7, 0.1}, 0.5));
        assertArrayEquals(new int[] {0}, TopK.indices(new double[] {1, 1, 1}, 0.01));
    }

    @Test
    void signedScoresRankTheMostPositiveEvidenceFirst() {
        AttentionModel model = Shipped.model("sst2-average");
        EncodedDocument doc = model.encode(SENTENCES.get(0));
        int n = doc.size();
        double[] signed = new double[n];
        for (int i = 0; i < n; i++) signed[i] = i % 2 == 0 ? -10 - i : 0.1 * i; // large negatives rank last
        double[] magnitudes = new double[n];
        for (int i = 0; i < n; i++) magnitudes[i] = Math.abs(signed[i]);
        Map<String, Faithfulness.Result> r = new Faithfulness(model).evaluate(doc,
                Map.of("signed", signed, "abs", magnitudes));
        int c = doc.predicted();
        double yc = doc.probabilities()[c];
        List<String> without = new ArrayList<>(doc.tokens());
        without.remove(n - 1); // the top 1% of 23 tokens is one token: the most positive, index 22 (2.2)
        assertTrue(n % 2 == 1 && n > 2, "odd length: the last index is even");
        List<String> w2 = new ArrayList<>(doc.tokens());
        int bestPositive = n % 2 == 1 ? n - 2 : n - 1;
        w2.remove(bestPositive);
        assertEquals(yc - model.encode(w2).probabilities()[c], r.get("signed").comprehensiveness()[0], 1e-5);
        assertEquals(yc - model.encode(without).probabilities()[c], r.get("abs").comprehensiveness()[0], 1e-5);
    }

    @org.junit.jupiter.api.Test
    void theContextFreeShortcutEqualsBatchedRerunsOnALongReview() {
        AttentionModel model = Shipped.model("imdb-average");
        StringBuilder text = new StringBuilder();
        for (String sentence : SENTENCES) text.append(sentence).append(' ');
        String review = text.toString().repeat(6) + "the plot is thin but the acting is superb and the ending moved me";
        EncodedDocument doc = model.encode(review);
        assertTrue(doc.size() > 150);
        Map<String, double[]> scores = new LinkedHashMap<>();
        scores.put("attention", doc.attention());
        scores.put("grad_x_input", new SaliencyCalculator(model).gradients(doc).get(2).scores());
        Map<String, Faithfulness.Result> fast = new Faithfulness(model).evaluate(doc, scores, true);
        Map<String, Faithfulness.Result> rerun = new Faithfulness(model).evaluate(doc, scores, false);
        for (String k : scores.keySet()) {
            double[] a = fast.get(k).comprehensiveness();
            double[] b = rerun.get(k).comprehensiveness();
            double[] c = fast.get(k).sufficiency();
            double[] d = rerun.get(k).sufficiency();
            for (int j = 0; j < a.length; j++) {
                assertEquals(b[j], a[j], 1e-5, k + " comprehensiveness " + j);
                assertEquals(d[j], c[j], 1e-5, k + " sufficiency " + j);
            }
        }
    }
}
