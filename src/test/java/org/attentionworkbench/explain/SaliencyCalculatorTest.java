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
import org.attentionworkbench.model.EncodedDocument;
import org.attentionworkbench.model.IntegratedGradients;
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

    /** The local (CNN) and cached (average) shortcuts on a longer document, every 7th token. */
    @ParameterizedTest
    @ValueSource(strings = {"sst2-cnn", "sst2-average"})
    void leaveOneOutAndOcclusionOnALongDocumentEqualLiteralReruns(String name) {
        AttentionModel model = shipped(name);
        EncodedDocument doc = model.encode((REVIEW + " ").repeat(6));
        SaliencyCalculator calc = new SaliencyCalculator(model);
        double[] loo = calc.leaveOneOut(doc).scores();
        double[] occ = calc.occlusion(doc, SaliencyCalculator.Occluder.UNK).scores();
        int c = doc.predicted();
        for (int i = 0; i < doc.size(); i += 7) {
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
        IntegratedGradients ig = new SaliencyCalculator(model).integratedGradients(doc, AttentionModel.Baseline.ZERO, 300);
        double gap = Math.abs(ig.output() - ig.baselineOutput());
        assertEquals(doc.probabilities()[doc.predicted()], ig.output(), 1e-5);
        assertTrue(gap > 1e-3, "baseline and input give the same output; completeness would be vacuous");
        assertTrue(ig.completenessError() < 0.01 * gap,
                name + ": completeness error " + ig.completenessError() + " vs |f(x)-f(b)| " + gap);
        // Batching must not change the result: 300 steps in one go or in smaller batches agree.
        IntegratedGradients again = model.integratedGradients(doc, doc.predicted(), AttentionModel.Baseline.ZERO, 300);
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
