package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.Lrp;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** LRP (docs/methods.md section 3): conservation, and literal checks against hand arithmetic. */
class RelevancePropagationTest {

    private static final List<String> TOKENS = List.of("the", "w10", "n't", "w22", "café", "w31", "!");

    /** A DOUBLE model with random weights of scale 0.8, three classes; biases zeroed on request. */
    private static AttentionModel model(EncoderType type, boolean zeroBiases, long seed) {
        Vocabulary v = TestModels.vocabulary(40);
        AttentionNetwork net = TestModels.network(type, DataType.DOUBLE, v.size(), 8, 6, 3, seed, 0.8);
        if (zeroBiases) {
            for (var e : net.parameters().asMap().entrySet()) {
                String k = e.getKey();
                if (k.endsWith(".b") || k.startsWith("cnn.b")) e.getValue().assign(0);
            }
            net.parameters().changed();
        }
        return new AttentionModel(v, net, TestModels.card(type, net.config(), List.of("neg", "neutral", "pos")));
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void withZeroBiasesAndEpsilonToZeroTheTokensReceiveTheWholeLogit(EncoderType type) {
        AttentionModel m = model(type, true, 3);
        EncodedDocument doc = m.encode(TOKENS);
        for (int c = 0; c < 3; c++) {
            Lrp r = m.lrp(doc, c, 1e-12);
            assertEquals(r.logit(), r.total(), 1e-9 * Math.max(1, Math.abs(r.logit())), type + " class " + c);
            assertEquals(0, r.biasRelevance(), 1e-12);
            assertEquals(0, r.stabiliserRelevance(), 1e-6);
            // The explained logit is the model's: sum_i alpha_i z_ic + b_c.
            assertEquals(doc.logits(doc.attention())[c], r.logit(), 1e-9, type + " logit of class " + c);
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void withBiasesTheAbsorbedRelevanceAccountsForTheRest(EncoderType type) {
        AttentionModel m = model(type, false, 4);
        EncodedDocument doc = m.encode(TOKENS);
        Lrp r = m.lrp(doc, doc.predicted(), Lrp.DEFAULT_EPSILON);
        assertTrue(r.conservationError() < 1e-9, type + " conservation error " + r.conservationError());
        assertNotEquals(0, r.biasRelevance(), type + ": random biases absorb relevance");
        assertTrue(Math.abs(r.logit() - r.total()) > 1e-6, type + ": the tokens do not get all of it");
        assertEquals(doc.logits(doc.attention())[doc.predicted()], r.logit(), 1e-9);
    }

    @Test
    void eachClassHasItsOwnRelevance() {
        AttentionModel m = model(EncoderType.BILSTM, false, 5);
        EncodedDocument doc = m.encode(TOKENS);
        double[] a = m.lrp(doc, 0, Lrp.DEFAULT_EPSILON).relevance();
        double[] b = m.lrp(doc, 2, Lrp.DEFAULT_EPSILON).relevance();
        assertNotEquals(a[1], b[1]);
    }

    /** Average encoder, zero encoder bias, eps 0: token i's relevance is alpha_i z_ic, its own contribution. */
    @Test
    void averageEncoderRelevanceIsTheTokensContribution() {
        AttentionModel m = model(EncoderType.AVERAGE, false, 6);
        m.network().parameters().get("avg.b").assign(0);
        m.network().parameters().changed();
        EncodedDocument doc = m.encode(TOKENS);
        for (int c = 0; c < 3; c++) {
            double[] r = m.lrp(doc, c, 0).relevance();
            for (int i = 0; i < doc.size(); i++) {
                assertEquals(doc.attention(i) * doc.contribution(i, c), r[i], 1e-10, "token " + i + " class " + c);
            }
        }
    }

    /**
     * CNN, zero biases, eps 0: a ReLU network without biases is positively homogeneous, so LRP-0
     * equals gradient x input of the logit with attention held fixed (computed by the network's own
     * backward pass, which shares no code with the relevance rules).
     */
    @Test
    void cnnRelevanceWithoutBiasesIsGradientTimesInputOfTheLogit() {
        AttentionModel m = model(EncoderType.CNN, true, 7);
        EncodedDocument doc = m.encode(TOKENS);
        AttentionNetwork net = m.network();
        for (int c = 0; c < 3; c++) {
            AttentionNetwork.Pass pass = net.forward(net.batch(List.of(doc.ids())));
            INDArray dLogits = Nd4j.zeros(DataType.DOUBLE, 1, 3);
            dLogits.putScalar(0, c, 1.0);
            double[][] g = net.backward(pass, dLogits, true, null).toDoubleMatrix();
            double[][] x = pass.embedded().toDoubleMatrix();
            double[] r = m.lrp(doc, c, 0).relevance();
            for (int i = 0; i < doc.size(); i++) {
                double gx = 0;
                for (int q = 0; q < x[i].length; q++) gx += g[i][q] * x[i][q];
                assertEquals(gx, r[i], 1e-10, "token " + i + " class " + c);
            }
        }
    }

    /**
     * A BiLSTM of one unit per direction on two one-dimensional tokens, zero biases, eps 0, with
     * Arras et al.'s rules written out step by step.
     */
    @Test
    void bilstmRelevanceMatchesHandArithmetic() {
        Vocabulary v = TestModels.vocabulary(4);
        ModelConfig cfg = new ModelConfig(EncoderType.BILSTM, v.size(), 1, 1, List.of(1), 3, 2, 10);
        AttentionNetwork net = AttentionNetwork.create(cfg, 1, DataType.DOUBLE);
        ParameterSet p = net.parameters();
        double[] wxf = {0.7, -0.4, 1.1, 1.3};
        double[] whf = {-0.5, 0.9, 0.3, -0.8};
        double[] wxb = {0.2, 0.6, -0.9, -1.2};
        double[] whb = {1.0, -0.3, 0.5, 0.6};
        p.get("emb").assign(Nd4j.createFromArray(new double[][] {{0}, {0.3}, {1.5}, {-0.9}}));
        p.get("lstm.fw.Wx").assign(Nd4j.createFromArray(new double[][] {wxf}));
        p.get("lstm.fw.Wh").assign(Nd4j.createFromArray(new double[][] {whf}));
        p.get("lstm.bw.Wx").assign(Nd4j.createFromArray(new double[][] {wxb}));
        p.get("lstm.bw.Wh").assign(Nd4j.createFromArray(new double[][] {whb}));
        p.get("lstm.fw.b").assign(0);
        p.get("lstm.bw.b").assign(0);
        p.get("out.W").assign(Nd4j.createFromArray(new double[][] {{0.8, -0.6}, {-1.1, 0.4}}));
        p.get("out.b").assign(0);
        AttentionModel m = new AttentionModel(v, net, TestModels.card(EncoderType.BILSTM, cfg, List.of("a", "b")));
        EncodedDocument doc = m.encode(List.of("the", "n't"));   // ids 2, 3: x1 = 1.5, x2 = -0.9
        double x1 = 1.5;
        double x2 = -0.9;
        double a1 = doc.attention(0);
        double a2 = doc.attention(1);
        // Forward direction.
        double i1 = sig(x1 * wxf[0]), g1 = Math.tanh(x1 * wxf[3]), o1 = sig(x1 * wxf[2]);
        double c1 = i1 * g1;
        double h1 = o1 * Math.tanh(c1);
        double gp2 = x2 * wxf[3] + h1 * whf[3];
        double i2 = sig(x2 * wxf[0] + h1 * whf[0]), f2 = sig(x2 * wxf[1] + h1 * whf[1]);
        double o2 = sig(x2 * wxf[2] + h1 * whf[2]), g2 = Math.tanh(gp2);
        double c2 = f2 * c1 + i2 * g2;
        double h2 = o2 * Math.tanh(c2);
        // Backward direction: token 2 first.
        double bi2 = sig(x2 * wxb[0]), bg2 = Math.tanh(x2 * wxb[3]), bo2 = sig(x2 * wxb[2]);
        double bc2 = bi2 * bg2;
        double bh2 = bo2 * Math.tanh(bc2);
        double bgp1 = x1 * wxb[3] + bh2 * whb[3];
        double bi1 = sig(x1 * wxb[0] + bh2 * whb[0]), bf1 = sig(x1 * wxb[1] + bh2 * whb[1]);
        double bo1 = sig(x1 * wxb[2] + bh2 * whb[2]), bg1 = Math.tanh(bgp1);
        double bc1 = bf1 * bc2 + bi1 * bg1;
        double bh1 = bo1 * Math.tanh(bc1);
        assertEquals(h1, doc.hidden(0)[0], 1e-12);
        assertEquals(bh2, doc.hidden(1)[1], 1e-12);
        for (int c = 0; c < 2; c++) {
            double wf = c == 0 ? 0.8 : -0.6;   // out.W row 0 (forward unit), column c
            double wb = c == 0 ? -1.1 : 0.4;   // row 1 (backward unit)
            // Decoder and attention (eps 0, no bias): R(h_t unit k) = alpha_t h_tk W_kc.
            double rf1 = a1 * h1 * wf, rf2 = a2 * h2 * wf, rb1 = a1 * bh1 * wb, rb2 = a2 * bh2 * wb;
            // Forward: h2 -> c2 whole; c2 = f2 c1 + i2 g2 split in proportion; g2's input split.
            double rc2 = rf2;
            double rc1FromC2 = f2 * c1 / c2 * rc2;
            double rg2 = i2 * g2 / c2 * rc2;
            double rx2 = x2 * wxf[3] / gp2 * rg2;
            double rh1FromG2 = h1 * whf[3] / gp2 * rg2;
            double rc1 = rc1FromC2 + rf1 + rh1FromG2;
            double rx1 = rc1;                      // c1 = i1 g1 and g1 = tanh(x1 wxf_g): all of it to x1
            // Backward direction, mirrored.
            double rbc1 = rb1;
            double rbc2FromC1 = bf1 * bc2 / bc1 * rbc1;
            double rbg1 = bi1 * bg1 / bc1 * rbc1;
            rx1 += x1 * wxb[3] / bgp1 * rbg1;
            double rbh2FromG1 = bh2 * whb[3] / bgp1 * rbg1;
            rx2 += rbc2FromC1 + rb2 + rbh2FromG1;
            Lrp r = m.lrp(doc, c, 0);
            assertEquals(rx1, r.relevance()[0], 1e-12, "token 1, class " + c);
            assertEquals(rx2, r.relevance()[1], 1e-12, "token 2, class " + c);
            assertEquals(a1 * (h1 * wf + bh1 * wb) + a2 * (h2 * wf + bh2 * wb), r.logit(), 1e-12);
            assertEquals(r.logit(), rx1 + rx2, 1e-12, "conservation, class " + c);
        }
    }

    @Test
    void theEngineComputesLrpAndItsAgreementWithAttention() {
        AttentionModel m = model(EncoderType.CNN, false, 8);
        EncodedDocument doc = m.encode(TOKENS);
        ExplainSettings s = ExplainSettings.defaults().withSections(java.util.Set.of(Section.SALIENCY, Section.AGREEMENT));
        Explanation e = new ExplanationEngine(m).explain(doc, -1, s, p -> { }, Cancellation.NEVER);
        assertTrue(e.saliency(SaliencyMethod.LRP).isPresent());
        assertTrue(e.kendall().containsKey(SaliencyMethod.LRP));
        assertEquals(m.lrp(doc, doc.predicted(), Lrp.DEFAULT_EPSILON).relevance()[2],
                e.saliency(SaliencyMethod.LRP).orElseThrow().scores()[2], 0);
        assertTrue(e.lrp().conservationError() < 1e-9);
    }

    private static double sig(double v) {
        return 1 / (1 + Math.exp(-v));
    }
}
