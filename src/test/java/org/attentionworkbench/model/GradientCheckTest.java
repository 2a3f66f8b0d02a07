package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Finite-difference checks of the hand-written backward pass, for every encoder, on a padded batch
 * (rows of different lengths), in double precision.
 */
class GradientCheckTest {

    private static final List<int[]> DOCS = List.of(
            new int[] {2, 5, 7, 3, 9, 4},
            new int[] {6, 2},
            new int[] {8, 8, 3, 11});
    private static final int[] LABELS = {0, 2, 1};

    static AttentionNetwork tinyNetwork(EncoderType type, long seed) {
        ModelConfig cfg = new ModelConfig(type, 12, 5, 3, List.of(1, 3), 4, 3, 50);
        return randomised(AttentionNetwork.create(cfg, seed, DataType.DOUBLE), seed);
    }

    /**
     * Larger random weights than the default initialisation (uniform in [-0.8, 0.8], seeded; the
     * PAD row stays zero): they make finite-difference checks more sensitive.
     */
    static AttentionNetwork randomised(AttentionNetwork net, long seed) {
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (INDArray p : net.parameters().asMap().values()) {
            double[] v = p.data().asDouble();
            for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-0.8, 0.8);
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
        }
        net.parameters().get("emb").getRow(0).assign(0);
        return net;
    }

    /** Cross-entropy summed over the batch. */
    static double loss(AttentionNetwork net) {
        INDArray probs = net.forward(net.batch(DOCS)).probs();
        double l = 0;
        for (int b = 0; b < LABELS.length; b++) l -= Math.log(probs.getDouble(b, LABELS[b]));
        return l;
    }

    static ParameterSet analytic(AttentionNetwork net, boolean detach) {
        AttentionNetwork.Pass pass = net.forward(net.batch(DOCS));
        INDArray d = pass.probs().dup();
        for (int b = 0; b < LABELS.length; b++) d.putScalar(b, LABELS[b], d.getDouble(b, LABELS[b]) - 1);
        ParameterSet g = new ParameterSet();
        net.backward(pass, d, detach, g);
        return g;
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void parameterGradientsMatchFiniteDifferencesOnPaddedBatch(EncoderType type) {
        AttentionNetwork net = tinyNetwork(type, 7);
        ParameterSet g = analytic(net, false);
        double eps = 1e-6;
        int checked = 0;
        for (Map.Entry<String, INDArray> e : net.parameters().asMap().entrySet()) {
            INDArray p = e.getValue();
            INDArray grad = g.get(e.getKey());
            assertArrayEquals(p.shape(), grad.shape(), e.getKey());
            for (long i = 0; i < p.length(); i++) {
                double old = p.getDouble(i);
                p.putScalar(i, old + eps);
                double up = loss(net);
                p.putScalar(i, old - eps);
                double down = loss(net);
                p.putScalar(i, old);
                double numeric = (up - down) / (2 * eps);
                double a = grad.getDouble(i);
                assertEquals(numeric, a, 1e-6 + 1e-5 * Math.abs(numeric),
                        type + " " + e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 100);
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void paddedBatchGivesTheSameOutputsAsSingleDocuments(EncoderType type) {
        AttentionNetwork net = tinyNetwork(type, 3);
        INDArray batched = net.forward(net.batch(DOCS)).probs();
        for (int b = 0; b < DOCS.size(); b++) {
            INDArray alone = net.forward(net.batch(List.of(DOCS.get(b)))).probs();
            for (int c = 0; c < 3; c++) {
                assertEquals(alone.getDouble(0, c), batched.getDouble(b, c), 1e-12);
            }
        }
    }
}
