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
        checkParameterGradients(tinyNetwork(type, 7), type.id());
    }

    /** Scaled dot-product attention (Jain &amp; Wallace's --attention dot): its own parameter att.w and its backward pass. */
    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void dotAttentionGradientsMatchFiniteDifferencesOnPaddedBatch(EncoderType type) {
        ModelConfig cfg = new ModelConfig(type, 12, 5, 3, List.of(1, 3), 4, 3, 50).withAttentionScore(AttentionScore.DOT);
        AttentionNetwork net = randomised(AttentionNetwork.create(cfg, 7, DataType.DOUBLE), 7);
        assertEquals(java.util.Set.of("att.w"), net.parameters().asMap().keySet().stream()
                .filter(k -> k.startsWith("att.")).collect(java.util.stream.Collectors.toSet()), "one vector, no layer");
        checkParameterGradients(net, type.id() + "+dot");
        // The input gradients too (the saliencies), with and without attention detached.
        for (boolean detach : new boolean[] {false, true}) checkInputGradients(net, detach);
    }

    /** d loss / d x against central differences of every input embedding value. */
    static void checkInputGradients(AttentionNetwork net, boolean detach) {
        AttentionNetwork.Batch batch = net.batch(DOCS);
        INDArray x = TadFree.gatherRows(net.parameters().get("emb"), batch.ids()).dup();
        AttentionNetwork.Pass pass = net.forward(batch, x.dup());
        INDArray d = pass.probs().dup();
        for (int b = 0; b < LABELS.length; b++) d.putScalar(b, LABELS[b], d.getDouble(b, LABELS[b]) - 1);
        INDArray dx = net.backward(pass, d, detach, null);
        INDArray alpha = pass.alpha().dup();
        double eps = 1e-6;
        for (long i = 0; i < x.length(); i++) {
            double old = x.getDouble(i);
            x.putScalar(i, old + eps);
            double up = inputLoss(net, batch, x, detach ? alpha : null);
            x.putScalar(i, old - eps);
            double down = inputLoss(net, batch, x, detach ? alpha : null);
            x.putScalar(i, old);
            double numeric = (up - down) / (2 * eps);
            double m = batch.mask().getDouble(i / x.size(1), 0);
            assertEquals(numeric * m, dx.getDouble(i), 1e-6 + 1e-5 * Math.abs(numeric), "dx[" + i + "] detach " + detach);
        }
    }

    /** The loss at inputs x; with {@code alpha} given, at that attention held fixed (the detached gradient). */
    private static double inputLoss(AttentionNetwork net, AttentionNetwork.Batch batch, INDArray x, INDArray alpha) {
        AttentionNetwork.Pass pass = net.forward(batch, x.dup());
        INDArray probs = pass.probs();
        if (alpha != null) {
            // logits = sum_t alpha_t h_t W + b with the given alpha.
            INDArray h = pass.encoder().output();
            int t = batch.steps();
            int b = batch.size();
            INDArray alphaCol = alpha.transpose().dup('c').reshape((long) t * b, 1);
            INDArray ctx = TadFree.columnSums(h.mul(alphaCol).reshape(t, b * h.size(1))).reshape(b, h.size(1));
            probs = TadFree.softmaxRows(ctx.mmul(net.parameters().get("out.W")).addi(net.parameters().get("out.b")));
        }
        double l = 0;
        for (int k = 0; k < LABELS.length; k++) l -= Math.log(probs.getDouble(k, LABELS[k]));
        return l;
    }

    static void checkParameterGradients(AttentionNetwork net, String type) {
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
        assertTrue(checked > 50 && checked == net.parameters().count(), "every parameter value checked: " + checked);
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
