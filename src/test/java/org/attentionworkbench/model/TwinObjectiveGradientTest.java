package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import java.util.function.ToDoubleFunction;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The counterfactual objectives' losses (docs/methods.md section 8) back-propagated through the
 * network, checked against finite differences on a padded batch in double precision; and the
 * attention of uniform and frozen networks exactly as defined.
 */
class TwinObjectiveGradientTest {

    private static final List<int[]> DOCS = List.of(
            new int[] {2, 5, 7, 3, 9, 4},
            new int[] {6, 2},
            new int[] {8, 8, 3, 11});
    private static final int[] LABELS = {0, 2, 1};
    private static final int[] LENGTHS = {6, 2, 4};
    /** Positions of token ids 3 and 8 (the "impermissible" words of the deceptive check). */
    private static final boolean[][] FLAGGED = {
            {false, false, false, true, false, false}, {false, false, false, false, false, false},
            {true, true, true, false, false, false}};

    private static AttentionNetwork network(EncoderType type, AttentionSource source, AttentionNetwork from, long seed) {
        ModelConfig cfg = new ModelConfig(type, 12, 5, 3, List.of(1, 3), 4, 3, 50)
                .withAttention(source, source == AttentionSource.FROZEN ? "base.zip" : null,
                        source == AttentionSource.FROZEN ? "0".repeat(64) : null);
        return GradientCheckTest.randomised(AttentionNetwork.create(cfg, seed, DataType.DOUBLE, from), seed);
    }

    private static double[][] m(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleMatrix();
    }

    /** The loss of a batch under an objective; its gradients divided by the batch size. */
    private interface Objective {
        TwinLosses.LossGradient of(AttentionNetwork.Pass pass);
    }

    private static void check(AttentionNetwork net, Objective objective, String what) {
        AttentionNetwork.Batch batch = net.batch(DOCS);
        AttentionNetwork.Pass pass = net.forward(batch);
        TwinLosses.LossGradient lg = objective.of(pass);
        ParameterSet g = new ParameterSet();
        net.backward(pass, Nd4j.createFromArray(lg.dLogits()),
                lg.dAlpha() == null ? null : Nd4j.createFromArray(lg.dAlpha()), false, g);
        ToDoubleFunction<AttentionNetwork> loss = n -> objective.of(n.forward(n.batch(DOCS))).loss() / DOCS.size();
        double eps = 1e-6;
        int checked = 0;
        for (Map.Entry<String, INDArray> e : net.parameters().asMap().entrySet()) {
            INDArray p = e.getValue();
            boolean reached = g.contains(e.getKey());
            for (long i = 0; i < p.length(); i++) {
                double old = p.getDouble(i);
                p.putScalar(i, old + eps);
                double up = loss.applyAsDouble(net);
                p.putScalar(i, old - eps);
                double down = loss.applyAsDouble(net);
                p.putScalar(i, old);
                double numeric = (up - down) / (2 * eps);
                double analytic = reached ? g.get(e.getKey()).getDouble(i) : 0;
                assertEquals(numeric, analytic, 1e-6 + 1e-5 * Math.abs(numeric), what + " " + e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 100);
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void adversarialObjectiveGradientsMatchFiniteDifferences(EncoderType type) {
        AttentionNetwork base = network(type, AttentionSource.LEARNED, null, 11);
        AttentionNetwork.Pass b = base.forward(base.batch(DOCS));
        double[][] baseProbs = m(b.probs());
        double[][] baseAlpha = m(b.alpha());
        AttentionNetwork net = network(type, AttentionSource.LEARNED, null, 5);
        check(net, pass -> TwinLosses.adversarial(m(pass.probs()), m(pass.alpha()), baseProbs, baseAlpha, LENGTHS, 0.3),
                "adversarial " + type);
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void deceptiveObjectiveGradientsMatchFiniteDifferences(EncoderType type) {
        AttentionNetwork net = network(type, AttentionSource.LEARNED, null, 9);
        check(net, pass -> TwinLosses.deceptive(m(pass.probs()), m(pass.alpha()), LABELS, FLAGGED, 0.7),
                "deceptive " + type);
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void uniformAndFrozenNetworksTrainEverythingButTheirAttention(EncoderType type) {
        AttentionNetwork uniform = network(type, AttentionSource.UNIFORM, null, 3);
        check(uniform, pass -> TwinLosses.crossEntropy(m(pass.probs()), LABELS), "uniform " + type);
        AttentionNetwork base = network(EncoderType.BILSTM, AttentionSource.LEARNED, null, 4);
        AttentionNetwork frozen = network(type, AttentionSource.FROZEN, base, 6);
        check(frozen, pass -> TwinLosses.crossEntropy(m(pass.probs()), LABELS), "frozen " + type);
        ParameterSet g = new ParameterSet();
        AttentionNetwork.Pass pass = frozen.forward(frozen.batch(DOCS));
        frozen.backward(pass, Nd4j.createFromArray(TwinLosses.crossEntropy(m(pass.probs()), LABELS).dLogits()),
                null, false, g);
        assertFalse(g.contains("att.W") || g.contains("att.v") || g.contains("att.b"),
                "an imposed attention's own layer gets no gradient");
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void uniformAttentionIsExactlyOneOverNAndFrozenAttentionIsTheBases(EncoderType type) {
        double[][] alpha = m(network(type, AttentionSource.UNIFORM, null, 3).forward(
                network(type, AttentionSource.UNIFORM, null, 3).batch(DOCS)).alpha());
        for (int j = 0; j < DOCS.size(); j++) {
            for (int t = 0; t < alpha[j].length; t++) {
                assertEquals(t < LENGTHS[j] ? 1.0 / LENGTHS[j] : 0.0, alpha[j][t], 1e-15, "doc " + j + " position " + t);
            }
        }
        AttentionNetwork base = network(EncoderType.BILSTM, AttentionSource.LEARNED, null, 4);
        AttentionNetwork frozen = network(type, AttentionSource.FROZEN, base, 6);
        double[][] imposed = m(frozen.forward(frozen.batch(DOCS)).alpha());
        double[][] own = m(base.forward(base.batch(DOCS)).alpha());
        for (int j = 0; j < DOCS.size(); j++) {
            for (int t = 0; t < own[j].length; t++) assertEquals(own[j][t], imposed[j][t], 0.0);
        }
    }
}
