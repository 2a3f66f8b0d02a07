package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The plain-Java test model is a correct {@link AttentionClassifier} (its gradients match finite
 * differences, integrated gradients are complete), and the explanation engine runs on it with no
 * ND4J: what the engine needs of a model is the interface alone.
 */
class PlainJavaClassifierTest {

    private final PlainJavaClassifier model = PlainJavaClassifier.sentiment();

    @Test
    void gradientsMatchFiniteDifferences() {
        EncodedDocument doc = model.encode(model.tokens("the plot was dull but the acting is great ."));
        for (boolean detach : new boolean[] {false, true}) {
            InputGradients g = model.inputGradients(doc, 1, detach);
            double[][] e = g.embeddings();
            double h = 1e-6;
            for (int i = 0; i < doc.size(); i++) {
                for (int j = 0; j < e[i].length; j++) {
                    double numeric = (probabilityWith(doc, e, i, j, h, detach) - probabilityWith(doc, e, i, j, -h, detach))
                            / (2 * h);
                    assertEquals(numeric, g.gradient()[i][j], 1e-7, "token " + i + " coordinate " + j + " detach " + detach);
                }
            }
        }
    }

    /** y_1 with embedding coordinate (i, j) moved by {@code delta}, by a plain forward pass. */
    private double probabilityWith(EncodedDocument doc, double[][] e, int i, int j, double delta, boolean detach) {
        double[][] moved = new double[e.length][];
        for (int k = 0; k < e.length; k++) moved[k] = e[k].clone();
        moved[i][j] += delta;
        return model.probabilityAt(moved, detach ? doc.attention() : null)[1];
    }

    @Test
    void integratedGradientsAreComplete() {
        EncodedDocument doc = model.encode(model.tokens("a wonderful film but the plot is boring"));
        IntegratedGradients ig = model.integratedGradients(doc, doc.predicted(), IntegratedGradients.Baseline.ZERO, 300);
        assertTrue(ig.relativeCompletenessError() < 0.01, "completeness error " + ig.relativeCompletenessError());
    }

    /**
     * The context-free shortcuts of {@link SaliencyCalculator} (erasure with renormalisation) equal
     * the interface's literal re-runs on a second implementation of a context-free model.
     */
    @Test
    void contextFreeShortcutsEqualLiteralReRuns() {
        EncodedDocument doc = model.encode(model.tokens("the movie was bad and the acting awful but fun"));
        Saliency shortcut = new SaliencyCalculator(model).leaveOneOut(doc);
        double[] literal = SaliencyCalculator.importance(doc, model.leaveOneOutOutputs(doc));
        assertArrayEquals(literal, shortcut.scores(), 1e-12);
        Saliency occlusion = new SaliencyCalculator(model).occlusion(doc, SaliencyCalculator.Occluder.UNK);
        double[] literalOcclusion = SaliencyCalculator.importance(doc,
                model.occlusionOutputs(doc, org.attentionworkbench.text.Vocabulary.UNK_ID));
        assertArrayEquals(literalOcclusion, occlusion.scores(), 1e-12);
    }

    @Test
    void theEngineExplainsWithThePlainModel() {
        Explanation x = new ExplanationEngine(model).explain("a great and wonderful film", ExplainSettings.defaults()
                .withIgSteps(20).withAdversarialSteps(50));
        double sum = 0;
        for (double a : x.document().attention()) sum += a;
        assertEquals(1.0, sum, 1e-12);
        assertEquals("pos", x.document().labels().get(x.document().predicted()));
        assertEquals(List.of("a", "great", "and", "wonderful", "film"), x.document().tokens());
        assertTrue(x.completed().containsAll(List.of(Section.values())), "every section: " + x.completed());
        int top = TopK.descending(x.document().attention())[0];
        assertTrue(List.of("great", "wonderful").contains(x.document().tokens().get(top)),
                "a polar word is the most attended: " + x.document().tokens().get(top));
    }
}
