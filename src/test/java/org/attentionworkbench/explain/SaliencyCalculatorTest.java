package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Saliency methods on the shipped SST-2 models (one per encoder), checked against their definitions. */
class SaliencyCalculatorTest {

    private static final String REVIEW = "the acting is wooden and the plot is a mess , but the score is lovely "
            + "and i did n't hate it .";

    private static AttentionModel shipped(String name) {
        Path p = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(p), "shipped model missing: " + p);
        return AttentionModel.load(p);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void leaveOneOutEqualsRerunningTheModelWithoutTheToken(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode(REVIEW);
        double[] loo = new SaliencyCalculator(model).leaveOneOut(doc).scores();
        int c = doc.predicted();
        List<String> tokens = doc.tokens();
        for (int i = 0; i < tokens.size(); i++) {
            List<String> without = new ArrayList<>(tokens);
            without.remove(i);
            double literal = Math.abs(doc.probabilities()[c] - model.encode(without).probabilities()[c]);
            assertEquals(literal, loo[i], 1e-5, "token " + i + " '" + tokens.get(i) + "'");
        }
    }

    /**
     * The local (CNN), cached (average) and state-reusing (BiLSTM) shortcuts on a longer document:
     * every 7th token and the first, second, middle, second-to-last and last.
     */
    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void leaveOneOutAndOcclusionOnALongDocumentEqualLiteralReruns(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode((REVIEW + " ").repeat(6));
        SaliencyCalculator calc = new SaliencyCalculator(model);
        double[] loo = calc.leaveOneOut(doc).scores();
        double[] occ = calc.occlusion(doc, SaliencyCalculator.Occluder.UNK).scores();
        int c = doc.predicted();
        int n = doc.size();
        java.util.TreeSet<Integer> positions = new java.util.TreeSet<>(List.of(0, 1, n / 2, n - 2, n - 1));
        for (int i = 0; i < n; i += 7) positions.add(i);
        for (int i : positions) {
            List<String> without = new ArrayList<>(doc.tokens());
            without.remove(i);
            assertEquals(Math.abs(doc.probabilities()[c] - model.encode(without).probabilities()[c]), loo[i], 1e-5,
                    "deleting token " + i);
            List<String> replaced = new ArrayList<>(doc.tokens());
            replaced.set(i, "<unk>");
            assertEquals(Math.abs(doc.probabilities()[c] - model.encode(replaced).probabilities()[c]), occ[i], 1e-5,
                    "occluding token " + i);
        }
    }

    /**
     * The BiLSTM's leave-one-out and occlusion (UNK and zero) against literal re-runs through
     * {@code model.outputs}, on documents of 1, 2, 3 and ~60 tokens (every position) and a
     * 400-token review (first, last, middle and neighbouring positions), with the IMDB model.
     */
    @ParameterizedTest
    @ValueSource(ints = {1, 2, 3, 60, 400})
    void biLstmVariantsEqualLiteralRerunsOfTheModel(int length) {
        AttentionModel model = shipped(length >= 60 ? "imdb-bilstm" : "sst2-bilstm");
        List<String> words = new ArrayList<>();
        while (words.size() < length) words.addAll(model.tokenizer().tokenize(REVIEW + " " + LONG_REVIEW));
        EncodedDocument doc = model.encode(words.subList(0, length));
        SaliencyCalculator calc = new SaliencyCalculator(model);
        double[] loo = calc.leaveOneOut(doc).scores();
        double[] unk = calc.occlusion(doc, SaliencyCalculator.Occluder.UNK).scores();
        double[] zero = calc.occlusion(doc, SaliencyCalculator.Occluder.ZERO).scores();
        int n = doc.size();
        int[] ids = doc.ids();
        java.util.TreeSet<Integer> positions = new java.util.TreeSet<>();
        if (n <= 60) {
            for (int i = 0; i < n; i++) positions.add(i);
        } else {
            positions.addAll(List.of(0, 1, 2, n / 2 - 1, n / 2, n / 3, n - 3, n - 2, n - 1));
        }
        List<int[]> deleted = new ArrayList<>();
        List<int[]> unked = new ArrayList<>();
        List<int[]> zeroed = new ArrayList<>();
        for (int i : positions) {
            int[] v = new int[n - 1];
            System.arraycopy(ids, 0, v, 0, i);
            System.arraycopy(ids, i + 1, v, i, n - i - 1);
            deleted.add(v);
            int[] u = ids.clone();
            u[i] = org.attentionworkbench.text.Vocabulary.UNK_ID;
            unked.add(u);
            int[] z = ids.clone();
            z[i] = org.attentionworkbench.text.Vocabulary.PAD_ID;
            zeroed.add(z);
        }
        double[] lit = SaliencyCalculator.importance(doc, model.outputs(deleted, 8));
        double[] litUnk = SaliencyCalculator.importance(doc, model.outputs(unked, 8));
        double[] litZero = SaliencyCalculator.importance(doc, model.outputs(zeroed, 8));
        int k = 0;
        for (int i : positions) {
            assertEquals(lit[k], loo[i], 1e-5, "deleting token " + i + " of " + n);
            assertEquals(litUnk[k], unk[i], 1e-5, "UNK at token " + i + " of " + n);
            assertEquals(litZero[k], zero[i], 1e-5, "zero vector at token " + i + " of " + n);
            k++;
        }
    }

    private static final String LONG_REVIEW = "i went in expecting very little from this film , having read the "
            + "reviews , and came out surprised . the first hour drags , the dialogue is stiff and the lead "
            + "seems bored , yet the last act is genuinely moving and the photography is beautiful throughout . "
            + "not a great movie , but a good one , and worth seeing for the final twenty minutes alone .";

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void occlusionEqualsRerunningWithUnk(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode(REVIEW);
        double[] occ = new SaliencyCalculator(model).occlusion(doc, SaliencyCalculator.Occluder.UNK).scores();
        int c = doc.predicted();
        for (int i = 0; i < doc.size(); i++) {
            List<String> replaced = new ArrayList<>(doc.tokens());
            replaced.set(i, "<unk>");
            double literal = Math.abs(doc.probabilities()[c] - model.encode(replaced).probabilities()[c]);
            assertEquals(literal, occ[i], 1e-5, "token " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void zeroOcclusionEqualsRerunningWithThePadVector(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode(REVIEW);
        double[] occ = new SaliencyCalculator(model).occlusion(doc, SaliencyCalculator.Occluder.ZERO).scores();
        int c = doc.predicted();
        for (int i = 0; i < doc.size(); i += 4) {
            List<String> replaced = new ArrayList<>(doc.tokens());
            replaced.set(i, "<pad>"); // PAD's embedding row is the zero vector
            double literal = Math.abs(doc.probabilities()[c] - model.encode(replaced).probabilities()[c]);
            assertEquals(literal, occ[i], 1e-5, "token " + i);
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void integratedGradientsAreCompleteAt300Steps(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode(REVIEW);
        IntegratedGradients ig = new SaliencyCalculator(model).integratedGradients(doc, IntegratedGradients.Baseline.ZERO, 300);
        double gap = Math.abs(ig.output() - ig.baselineOutput());
        assertEquals(doc.probabilities()[doc.predicted()], ig.output(), 1e-5);
        assertTrue(gap > 1e-3, "baseline and input give the same output; completeness would be vacuous");
        assertTrue(ig.completenessError() < 0.01 * gap,
                name + ": completeness error " + ig.completenessError() + " vs |f(x)-f(b)| " + gap);
        // Batching must not change the result: 300 steps in one go or in smaller batches agree.
        IntegratedGradients again = model.integratedGradients(doc, doc.predicted(), IntegratedGradients.Baseline.ZERO, 300);
        assertArrayEquals(ig.attributions(), again.attributions(), 1e-9);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-average"})
    void gradientTimesInputIsTheSignedDotProductAndGradientItsAbsoluteValue(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode(REVIEW);
        List<Saliency> g = new SaliencyCalculator(model).gradients(doc);
        double[] abs = g.get(0).scores();
        double[] signed = g.get(2).scores();
        for (int i = 0; i < abs.length; i++) assertEquals(Math.abs(signed[i]), abs[i], 1e-12);
        assertTrue(java.util.Arrays.stream(g.get(1).scores()).allMatch(v -> v >= 0));
    }
}
