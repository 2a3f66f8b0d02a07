package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.Test;

/**
 * Shapley values of the tokens against brute force: every coalition of a short real sentence
 * re-read by the shipped model itself (a literal encode of the kept tokens, the empty text's
 * softmax(b)), and phi_i = sum over S without i of |S|!(n-|S|-1)!/n! (v(S+i) - v(S)).
 */
class KernelShapTest {

    private static final String SENTENCE = "wooden acting , but a lovely score";

    /** Brute-force Shapley values of {@code doc}'s tokens for class c under {@code model}. */
    private static double[] bruteForce(AttentionModel model, EncodedDocument doc, int c) {
        int n = doc.size();
        double[] v = new double[1 << n];
        for (int mask = 0; mask < (1 << n); mask++) {
            List<String> kept = new ArrayList<>();
            for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) kept.add(doc.tokens().get(i));
            v[mask] = kept.isEmpty() ? model.outputs(List.of(new int[0]), 1).get(0)[c]
                    : model.encode(kept).probabilities()[c];
        }
        double[] phi = new double[n];
        double nFact = factorial(n);
        for (int mask = 0; mask < (1 << n); mask++) {
            int s = Integer.bitCount(mask);
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) continue;
                phi[i] += factorial(s) * factorial(n - s - 1) / nFact * (v[mask | (1 << i)] - v[mask]);
            }
        }
        return phi;
    }

    private static double factorial(int k) {
        double f = 1;
        for (int i = 2; i <= k; i++) f *= i;
        return f;
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-cnn", "sst2-bilstm", "sst2-average"})
    void exactEnumerationAndKernelShapWithEveryCoalitionEqualBruteForce(String name) {
        AttentionModel model = Shipped.model(name);
        EncodedDocument doc = model.encode(SENTENCE);
        int n = doc.size();
        assertTrue(n <= 8 && n >= 5, n + " tokens");
        int c = doc.predicted();
        double[] truth = bruteForce(model, doc, c);
        KernelShap shap = new KernelShap(model);
        // n within the exact limit: enumeration
        KernelShap.Result exact = shap.explain(doc, c, PerturbationSettings.defaults(), 1);
        assertTrue(exact.exact());
        assertEquals((1 << n) - 2, exact.coalitions());
        // KernelSHAP forced (exact limit 0) with a budget of every coalition: the Shapley kernel's
        // weighted regression then IS the Shapley value (Lundberg & Lee, theorem 2)
        KernelShap.Result kernel = shap.explain(doc, c, PerturbationSettings.defaults().withShapExactLimit(0)
                .withShapSamples(1 << n), 1);
        assertTrue(kernel.exact(), "every size enumerated");
        for (int i = 0; i < n; i++) {
            assertEquals(truth[i], exact.values()[i], 1e-6, "exact, token " + i);
            assertEquals(truth[i], kernel.values()[i], 1e-6, "KernelSHAP, token " + i);
        }
        assertEquals(0, kernel.sumError(), 1e-12, "efficiency");
        assertEquals(0, exact.sumError(), 1e-6, "efficiency holds for Shapley values");
        // the other class: Shapley values are linear in the value function, y_other = 1 - y_c
        double[] other = shap.explain(doc, 1 - c, PerturbationSettings.defaults(), 1).values();
        for (int i = 0; i < n; i++) assertEquals(-truth[i], other[i], 1e-6);
    }

    @Test
    void sampledKernelShapApproachesTheShapleyValuesAndKeepsEfficiency() {
        AttentionModel model = Shipped.model("sst2-bilstm");
        EncodedDocument doc = model.encode(SENTENCE + " here"); // 8 tokens, 254 coalitions
        int n = doc.size();
        assertEquals(8, n);
        int c = doc.predicted();
        double[] truth = bruteForce(model, doc, c);
        double max = 0;
        for (double t : truth) max = Math.max(max, Math.abs(t));
        // 120 of the 254: sizes 1, 7, 2 and 6 enumerated (72), the rest drawn
        KernelShap.Result r = new KernelShap(model).explain(doc, c, PerturbationSettings.defaults()
                .withShapExactLimit(0).withShapSamples(120), 5);
        assertFalse(r.exact());
        assertEquals(120, r.coalitions());
        double err = 0;
        for (int i = 0; i < n; i++) err = Math.max(err, Math.abs(truth[i] - r.values()[i]));
        assertTrue(err < 0.1 * max, "largest error " + err + " against largest value " + max);
        assertEquals(0, r.sumError(), 1e-12, "the constraint is enforced, not hoped for");
        assertEquals(model.encode(SENTENCE + " here").probabilities()[c], r.fullOutput(), 1e-12);
        assertEquals(model.outputs(List.of(new int[0]), 1).get(0)[c], r.emptyOutput(), 1e-9);
    }

    @Test
    void theCnnsSubsequencePathEqualsRereadingEachCopy() {
        AttentionModel model = Shipped.model("imdb-cnn");
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < 12; i++) text.append("the film was slow and the acting stiff , yet the ending moved me . ");
        EncodedDocument doc = model.encode(text.toString());
        int[] ids = doc.ids();
        SplittableRandom rng = new SplittableRandom(3);
        List<int[]> kept = new ArrayList<>();
        List<int[]> copies = new ArrayList<>();
        for (int s = 0; s < 40; s++) {
            double keep = rng.nextDouble();
            List<Integer> k = new ArrayList<>();
            for (int i = 0; i < ids.length; i++) if (rng.nextDouble() < keep) k.add(i);
            int[] positions = k.stream().mapToInt(Integer::intValue).toArray();
            kept.add(positions);
            int[] v = new int[positions.length];
            for (int j = 0; j < v.length; j++) v[j] = ids[positions[j]];
            copies.add(v);
        }
        kept.add(new int[0]);
        copies.add(new int[0]);
        List<double[]> fast = model.subsequenceOutputs(doc, kept);
        List<double[]> literal = model.outputs(copies, 8);
        for (int s = 0; s < kept.size(); s++) {
            for (int q = 0; q < 2; q++) assertEquals(literal.get(s)[q], fast.get(s)[q], 1e-5, "copy " + s);
        }
    }
}
