package org.attentionworkbench.model;

import org.attentionworkbench.explain.InputGradients;
import org.attentionworkbench.text.Tokenization;
import org.attentionworkbench.text.Vocabulary;
import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Saliency by gradient (docs/methods.md section 3) is only as good as the input gradient: checked here
 * against central finite differences on the embedding table, with attention free and with
 * attention held fixed ("detached"), in double precision.
 *
 * <p>The documents have no repeated token, so perturbing one embedding-table row moves exactly one
 * token's embedding and the finite difference is that token's gradient.
 */
class InputGradientsTest {

    private static final double EPS = 1e-6;
    private static final List<String> LABELS = List.of("a", "b", "c");
    private static final List<int[]> DOCS = List.of(
            new int[] {2, 5, 7, 3, 9, 4},
            new int[] {11},
            new int[] {8, 13, 1, 21, 6}); // 1 = UNK: a real token, with a gradient of its own

    private static AttentionNetwork net(EncoderType type) {
        return TestModels.network(type, DataType.DOUBLE, 30, 5, 3, 3, 21, 0.8);
    }

    /** p_c of the full network on one document. */
    private static double probability(AttentionNetwork net, int[] ids, int c) {
        return net.forward(net.batch(List.of(ids))).probs().getDouble(0, c);
    }

    /** d f / d emb[ids[i], k] for every position i and dimension k, by central differences. */
    private static double[][] finiteDifferences(AttentionNetwork net, int[] ids, ToDoubleFunction<AttentionNetwork> f) {
        INDArray emb = net.parameters().get("emb");
        int d = (int) emb.size(1);
        double[][] g = new double[ids.length][d];
        for (int i = 0; i < ids.length; i++) {
            for (int k = 0; k < d; k++) {
                double old = emb.getDouble(ids[i], k);
                emb.putScalar(ids[i], k, old + EPS);
                double up = f.applyAsDouble(net);
                emb.putScalar(ids[i], k, old - EPS);
                double down = f.applyAsDouble(net);
                emb.putScalar(ids[i], k, old);
                g[i][k] = (up - down) / (2 * EPS);
            }
        }
        return g;
    }

    private static void assertClose(double[][] expected, double[][] actual, String what) {
        assertEquals(expected.length, actual.length, what);
        double largest = 0;
        for (int i = 0; i < expected.length; i++) {
            for (int k = 0; k < expected[i].length; k++) {
                assertEquals(expected[i][k], actual[i][k], 1e-7 + 1e-5 * Math.abs(expected[i][k]),
                        what + " [" + i + "][" + k + "]");
                largest = Math.max(largest, Math.abs(expected[i][k]));
            }
        }
        assertTrue(largest > 1e-3, what + ": gradients too small for the check to mean anything");
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void gradientWithAttentionFreeMatchesFiniteDifferences(EncoderType type) {
        AttentionNetwork net = net(type);
        for (int d = 0; d < DOCS.size(); d++) {
            int[] ids = DOCS.get(d);
            // One class per document (each class once over the three): finite differences are slow.
            int c = d % LABELS.size();
            {
                int target = c;
                InputGradients g = net.inputGradients(ids, target, false);
                assertEquals(probability(net, ids, target), g.probability(), 1e-12);
                double[][] fd = finiteDifferences(net, ids, n -> probability(n, ids, target));
                assertClose(fd, g.gradient(), type + " class " + c + " length " + ids.length);
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void gradientWithAttentionDetachedMatchesFiniteDifferencesAtFixedAlpha(EncoderType type) {
        // Reference: re-encode with the perturbed embeddings, but decode with the ORIGINAL alpha.
        AttentionNetwork net = net(type);
        for (int d = 0; d < DOCS.size(); d++) {
            int[] ids = DOCS.get(d);
            List<String> tokens = tokens(ids.length);
            double[] alpha0 = net.encode(tokens, ids, LABELS).attention();
            int c = (d + 1) % LABELS.size();
            {
                int target = c;
                InputGradients g = net.inputGradients(ids, target, true);
                double[][] fd = finiteDifferences(net, ids,
                        n -> n.encode(tokens, ids, LABELS).decode(alpha0)[target]);
                assertClose(fd, g.gradient(), type + " detached, class " + c + " length " + ids.length);
            }
        }
    }

    @Test
    void detachedGradientOfTheAverageEncoderMatchesPlainArithmetic() {
        // For the average encoder h_i = tanh(e_i W + b) depends on e_i alone, so with alpha fixed
        // p_c(e) = softmax(sum_i alpha_i tanh(e_i W + b) W_o + b_o)_c can be written out by hand,
        // independently of the network code (only its parameters are read).
        AttentionNetwork net = net(EncoderType.AVERAGE);
        double[][] emb = net.parameters().get("emb").toDoubleMatrix();
        double[][] w = net.parameters().get("avg.W").toDoubleMatrix();
        double[] b = net.parameters().get("avg.b").toDoubleVector();
        double[][] wo = net.parameters().get("out.W").toDoubleMatrix();
        double[] bo = net.parameters().get("out.b").toDoubleVector();
        for (int[] ids : DOCS) {
            double[] alpha = net.encode(tokens(ids.length), ids, LABELS).attention();
            double[][] e = new double[ids.length][];
            for (int i = 0; i < ids.length; i++) e[i] = emb[ids[i]].clone();
            for (int c = 0; c < LABELS.size(); c++) {
                // The hand-written model agrees with the network at the original point ...
                assertEquals(probability(net, ids, c), byHand(e, alpha, w, b, wo, bo)[c], 1e-12);
                // ... and its finite differences with the detached gradient.
                double[][] fd = new double[ids.length][e[0].length];
                for (int i = 0; i < ids.length; i++) {
                    for (int k = 0; k < e[i].length; k++) {
                        double old = e[i][k];
                        e[i][k] = old + EPS;
                        double up = byHand(e, alpha, w, b, wo, bo)[c];
                        e[i][k] = old - EPS;
                        double down = byHand(e, alpha, w, b, wo, bo)[c];
                        e[i][k] = old;
                        fd[i][k] = (up - down) / (2 * EPS);
                    }
                }
                InputGradients g = net.inputGradients(ids, c, true);
                assertClose(fd, g.gradient(), "average, by hand, class " + c);
                assertArrayEquals(e, g.embeddings(), "the embeddings returned are the table rows");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void detachingAttentionChangesTheGradient(EncoderType type) {
        // Guards against the flag being ignored: with peaked attention the two gradients differ.
        AttentionNetwork net = net(type);
        double[][] free = net.inputGradients(DOCS.get(0), 0, false).gradient();
        double[][] fixed = net.inputGradients(DOCS.get(0), 0, true).gradient();
        double diff = 0;
        for (int i = 0; i < free.length; i++) {
            for (int k = 0; k < free[i].length; k++) diff = Math.max(diff, Math.abs(free[i][k] - fixed[i][k]));
        }
        assertTrue(diff > 1e-4, "detached and free gradients are the same: " + diff);
    }

    @Test
    void saliencyScoresFollowFromGradientAndEmbedding() {
        InputGradients g = new InputGradients(new double[][] {{1, -2}, {0.5, 0}}, new double[][] {{3, 1}, {-2, 7}},
                0.4);
        assertArrayEquals(new double[] {1, -1}, g.gradientTimesInput(), 1e-15);
        assertArrayEquals(new double[] {1, 1}, g.gradientTimesInputAbs(), 1e-15);
        assertArrayEquals(new double[] {Math.sqrt(5), 0.5}, g.gradientNorm(), 1e-15);
    }

    private static double[] byHand(double[][] e, double[] alpha, double[][] w, double[] b, double[][] wo, double[] bo) {
        int hidden = b.length;
        double[] context = new double[hidden];
        for (int i = 0; i < e.length; i++) {
            for (int j = 0; j < hidden; j++) {
                double pre = b[j];
                for (int k = 0; k < e[i].length; k++) pre += e[i][k] * w[k][j];
                context[j] += alpha[i] * Math.tanh(pre);
            }
        }
        double[] logits = bo.clone();
        for (int c = 0; c < logits.length; c++) {
            for (int j = 0; j < hidden; j++) logits[c] += context[j] * wo[j][c];
        }
        return EncodedDocument.softmax(logits);
    }

    private static List<String> tokens(int n) {
        List<String> t = new ArrayList<>();
        for (int i = 0; i < n; i++) t.add("t" + i);
        return t;
    }

    /**
     * The gradient saliency methods' per-token grad . e and |grad| (AttentionModel.gradientSummary,
     * from the float pass for a FLOAT CNN or average network) equal the dots and norms of the full
     * input gradients, markers stripped the same way.
     */
    @ParameterizedTest(name = "{0} markers={1}")
    @org.junit.jupiter.params.provider.CsvSource({"CNN, false", "CNN, true", "AVERAGE, false", "AVERAGE, true",
            "BILSTM, true"})
    void gradientSummaryIsTheGradientsDotsAndNorms(EncoderType type, boolean markers) {
        List<String> words = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK, AttentionModel.SOS, AttentionModel.EOS));
        for (int i = words.size(); i < 30; i++) words.add("w" + i);
        Vocabulary v = Vocabulary.of(words);
        ModelConfig cfg = new ModelConfig(type, v.size(), 6, 5, List.of(1, 3, 5), 4, 3, 50);
        if (markers) cfg = cfg.withTokenization(Tokenization.JAIN_WALLACE);
        AttentionNetwork net = AttentionNetwork.create(cfg, 5, DataType.FLOAT);
        TestModels.randomise(net, 6, 0.9);
        AttentionModel model = new AttentionModel(v, net, TestModels.card(type, cfg, List.of("a", "b", "c")));
        EncodedDocument doc = model.encode("w5 w9 w5 w12 w20 w9 w5 w29 w4");
        for (boolean detach : new boolean[] {true, false}) {
            for (int c = 0; c < 3; c++) {
                InputGradients full = model.inputGradients(doc, c, detach);
                org.attentionworkbench.explain.GradientSummary summary = model.gradientSummary(doc, c, detach);
                assertEquals(doc.size(), summary.gradientNorm().length, "one value per real token");
                assertEquals(full.probability(), summary.probability(), 1e-6);
                assertArrayEquals(full.gradientTimesInput(), summary.gradientTimesInput(), 1e-12, type + " grad . e, class " + c);
                assertArrayEquals(full.gradientNorm(), summary.gradientNorm(), 1e-12, type + " |grad|, class " + c);
                assertTrue(java.util.Arrays.stream(summary.gradientNorm()).anyMatch(x -> x > 1e-4), "not all zero");
            }
        }
    }
}
