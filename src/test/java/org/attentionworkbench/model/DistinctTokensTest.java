package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.text.Tokenization;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The average encoder's passes over a document's distinct tokens ({@link HostNetwork.DistinctTokens})
 * give what the passes over every position give: the gradient of one pass (attention detached or
 * not) to 1e-12 on DOUBLE networks, and integrated gradients (FLOAT points side by side over the
 * distinct tokens) to float rounding against the plain batched ND4J path, with every head (additive,
 * dot and uniform attention, start/end markers, whose positions get no gradient) on documents that
 * repeat their tokens, zero and UNK baselines.
 */
class DistinctTokensTest {

    @ParameterizedTest
    @CsvSource({"additive", "dot", "uniform", "markers"})
    void oneGradientOverDistinctTokensIsThePerPositionGradient(String head) {
        HostNetwork host = network(head, DataType.DOUBLE).host();
        assertTrue(host.tokensIndependent());
        int[] ids = new SplittableRandom(3).ints(60, 2, 12).toArray(); // 10 ids over 60 positions
        for (boolean detach : new boolean[] {true, false}) {
            for (int target = 0; target < 3; target++) {
                HostNetwork.Trace tr = host.forward(ids);
                double[][] expected = host.inputGradient(tr, HostNetwork.probabilityGradient(tr.probs(), target, 1),
                        detach);
                HostNetwork.EmbeddingGradient got = host.embeddingGradient(ids, target, detach);
                assertEquals(tr.probs()[target], got.probability(), 1e-12, head);
                boolean nonZero = false;
                for (int t = 0; t < ids.length; t++) {
                    for (int q = 0; q < expected[t].length; q++) {
                        assertEquals(expected[t][q], got.gradient()[t][q], 1e-12,
                                head + " detach=" + detach + " position " + t);
                        nonZero |= got.gradient()[t][q] != 0;
                    }
                }
                assertTrue(nonZero, "a gradient that is all zeros proves nothing");
                if (head.equals("markers")) {
                    for (double g : got.gradient()[0]) assertEquals(0, g, "the start marker is never attended");
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"additive", "dot", "uniform", "markers"})
    void integratedGradientsOverDistinctTokensAgreeWithThePlainPath(String head) {
        AttentionNetwork net = network(head, DataType.FLOAT);
        int[] ids = new SplittableRandom(5).ints(80, 2, 14).toArray();
        int d = net.config().embeddingDim();
        double[] unk = net.embeddingRow(Vocabulary.UNK_ID);
        double[][] unkBase = new double[ids.length][];
        for (int t = 0; t < ids.length; t++) unkBase[t] = unk.clone();
        for (double[][] base : new double[][][] {new double[ids.length][d], unkBase}) {
            for (int target = 0; target < 3; target++) {
                IntegratedGradients plain = net.integratedGradients(ids, base, target, 50, 50, false);
                IntegratedGradients distinct = net.integratedGradients(ids, base, target, 50, 50, true);
                double scale = 0;
                for (double a : plain.attributions()) scale = Math.max(scale, Math.abs(a));
                assertTrue(scale > 0, head);
                for (int t = 0; t < ids.length; t++) {
                    assertEquals(plain.attributions()[t], distinct.attributions()[t], 1e-4 * scale + 1e-7,
                            head + " target " + target + " position " + t);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"additive"})
    void rowsThatDifferWithinATokenAreNotMerged(String head) {
        HostNetwork host = network(head, DataType.DOUBLE).host();
        int[] ids = {4, 5, 4};
        HostNetwork.DistinctTokens tokens = HostNetwork.DistinctTokens.of(ids,
                host.tokenProducts(List.of(ids)), host);
        assertEquals(2, tokens.ids().length);
        assertTrue(tokens.uniform(new double[][] {{1, 2}, {3, 4}, {1, 2}}));
        assertFalse(tokens.uniform(new double[][] {{1, 2}, {3, 4}, {1, 2.5}}), "a per-position baseline stays per position");
    }

    /** A random average-encoder network with the given head. */
    private static AttentionNetwork network(String head, DataType type) {
        ModelConfig cfg = new ModelConfig(EncoderType.AVERAGE, 30, 6, 5, List.of(1, 3), 4, 3, 500,
                head.equals("uniform") ? AttentionSource.UNIFORM : AttentionSource.LEARNED, null, null,
                head.equals("dot") ? AttentionScore.DOT : AttentionScore.TANH,
                head.equals("markers") ? Tokenization.JAIN_WALLACE : Tokenization.WORKBENCH);
        AttentionNetwork net = AttentionNetwork.create(cfg, 3, type);
        TestModels.randomise(net, 4, 0.9);
        return net;
    }
}
