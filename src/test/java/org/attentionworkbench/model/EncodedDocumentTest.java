package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The workbench's speed rests on "encode once, re-decode many times" (docs/methods.md section 1): an
 * {@link EncodedDocument} must reproduce the network's own output for the model's attention, and
 * the network's output for ANY other attention vector, without running the network again.
 */
class EncodedDocumentTest {

    private static final double TOL = 1e-5; // FLOAT network, double arithmetic in EncodedDocument
    private static final List<String> LABELS = List.of("neg", "neutral", "pos");

    /** Documents of different lengths, with a repeated token and an unknown word (UNK). */
    private static final List<List<String>> DOCS = List.of(
            List.of("the", "well-made", "film", "is", "n't", "bad", "!"),
            List.of("café"),
            List.of("the", "the", "'s", "7.5", "w12", "w30", "w31", "w39", "w20", "w9", "w10", "w11"),
            List.of("w25", "unknown-word", "w26"));

    private static AttentionModel model(EncoderType type, long seed) {
        Vocabulary v = TestModels.vocabulary(40);
        ModelConfig cfg = TestModels.config(type, v.size(), 8, 6, 3);
        AttentionNetwork net = AttentionNetwork.create(cfg, seed, DataType.FLOAT);
        // Larger weights than the initialisation: peaked attention and outputs far from uniform.
        TestModels.randomise(net, seed + 1, 0.6);
        return new AttentionModel(v, net, TestModels.card(type, cfg, LABELS));
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void decodingTheModelsOwnAttentionEqualsTheFullForwardPass(EncoderType type) {
        AttentionModel m = model(type, 3);
        AttentionNetwork net = m.network();
        List<int[]> ids = DOCS.stream().map(d -> m.vocabulary().ids(d)).toList();
        // Reference: one padded batch through the whole network.
        AttentionNetwork.Pass pass = net.forward(net.batch(ids));
        double[][] probs = pass.probs().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] alpha = pass.alpha().castTo(DataType.DOUBLE).toDoubleMatrix();
        double[][] h = pass.encoder().output().castTo(DataType.DOUBLE).toDoubleMatrix();
        int batch = DOCS.size();
        for (int j = 0; j < batch; j++) {
            EncodedDocument doc = m.encode(DOCS.get(j));
            int n = DOCS.get(j).size();
            assertEquals(n, doc.size());
            assertArrayEquals(probs[j], doc.probabilities(), TOL, type + " doc " + j + " probabilities");
            assertArrayEquals(probs[j], doc.decode(doc.attention()), TOL, type + " doc " + j + " decode(alpha)");
            assertArrayEquals(Arrays.copyOf(alpha[j], n), doc.attention(), TOL, type + " doc " + j + " alpha");
            for (int i = 0; i < n; i++) {
                // Time-major rows: step i of batch row j is row i * B + j.
                assertArrayEquals(h[i * batch + j], doc.hidden(i), TOL, type + " doc " + j + " h_" + i);
            }
            assertEquals(EncodedDocument.argmax(probs[j]), doc.predicted());
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void decodingAnyAttentionEqualsTheDecoderAppliedByHand(EncoderType type) {
        AttentionModel m = model(type, 4);
        double[][] wo = m.network().parameters().get("out.W").castTo(DataType.DOUBLE).toDoubleMatrix(); // [F, C]
        double[] bo = m.network().parameters().get("out.b").castTo(DataType.DOUBLE).toDoubleVector();
        SplittableRandom r = new SplittableRandom(8);
        for (List<String> tokens : DOCS) {
            EncodedDocument doc = m.encode(tokens);
            int n = doc.size();
            List<double[]> attentions = new ArrayList<>();
            for (int k = 0; k < 5; k++) attentions.add(randomDistribution(r, n));
            attentions.add(oneHot(n, n - 1));
            attentions.add(uniform(n));
            for (double[] a : attentions) {
                // context = sum_i a_i h_i; logits = context . W_o + b_o; y = softmax(logits)
                double[] context = new double[doc.hiddenSize()];
                for (int i = 0; i < n; i++) {
                    double[] hi = doc.hidden(i);
                    for (int f = 0; f < hi.length; f++) context[f] += a[i] * hi[f];
                }
                double[] logits = bo.clone();
                for (int c = 0; c < logits.length; c++) {
                    for (int f = 0; f < context.length; f++) logits[c] += context[f] * wo[f][c];
                }
                assertArrayEquals(logits, doc.logits(a), TOL, type + " logits");
                assertArrayEquals(softmax(logits), doc.decode(a), TOL, type + " decode");
            }
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void attentionIsAPositiveDistribution(EncoderType type) {
        AttentionModel m = model(type, 5);
        for (List<String> tokens : DOCS) {
            double[] a = m.encode(tokens).attention();
            assertEquals(1.0, Arrays.stream(a).sum(), 1e-6);
            for (double w : a) assertTrue(w > 0, "attention weight " + w);
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void logitsAreAffineInTheAttentionVector(EncoderType type) {
        EncodedDocument doc = model(type, 6).encode(DOCS.get(0));
        int n = doc.size();
        SplittableRandom r = new SplittableRandom(1);
        double[] a = randomVector(r, n);
        double[] b = randomVector(r, n);
        double x = 0.7;
        double y = -2.5;
        double[] mix = new double[n];
        for (int i = 0; i < n; i++) mix[i] = x * a[i] + y * b[i];
        double[] bias = doc.bias();
        double[] la = doc.logits(a);
        double[] lb = doc.logits(b);
        double[] lm = doc.logits(mix);
        for (int c = 0; c < bias.length; c++) {
            // logits(a) - b_o is linear in a.
            assertEquals(x * (la[c] - bias[c]) + y * (lb[c] - bias[c]), lm[c] - bias[c], 1e-12);
        }
        // Contributions are exactly the per-token slopes.
        for (int i = 0; i < n; i++) {
            double[] li = doc.logits(oneHot(n, i));
            for (int c = 0; c < bias.length; c++) assertEquals(bias[c] + doc.contribution(i, c), li[c], 1e-12);
        }
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void erasingAllAttentionLeavesTheDecoderBias(EncoderType type) {
        AttentionModel m = model(type, 7);
        double[] bo = m.network().parameters().get("out.b").castTo(DataType.DOUBLE).toDoubleVector();
        EncodedDocument doc = m.encode(DOCS.get(2));
        assertArrayEquals(bo, doc.bias(), 0.0);
        assertArrayEquals(softmax(bo), doc.decode(new double[doc.size()]), 1e-12);
        assertThrows(IllegalArgumentException.class, () -> doc.decode(new double[doc.size() + 1]));
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void longDocumentsEncodeAndMatchThePaddedBatch(EncoderType type) {
        Vocabulary v = TestModels.vocabulary(40);
        ModelConfig cfg = new ModelConfig(type, v.size(), 6, 4, List.of(1, 3), 4, 2, 400);
        AttentionNetwork net = AttentionNetwork.create(cfg, 9, DataType.FLOAT);
        TestModels.randomise(net, 10, 0.5);
        AttentionModel m = new AttentionModel(v, net, TestModels.card(type, cfg, List.of("neg", "pos")));
        SplittableRandom r = new SplittableRandom(11);
        // (BiLSTM steps are sequential: the 3000-token case and the batch below are the slow part.)
        EncodedDocument three = m.encode(randomTokens(r, v, 3000));
        List<String> longTokens = randomTokens(r, v, 2000);
        EncodedDocument two = m.encode(longTokens);
        for (EncodedDocument doc : List.of(two, three)) {
            assertEquals(1.0, Arrays.stream(doc.attention()).sum(), 1e-6, type + " length " + doc.size());
            for (double w : doc.attention()) assertTrue(w > 0 && Double.isFinite(w), type + " weight " + w);
            for (double p : doc.probabilities()) assertTrue(Double.isFinite(p));
        }
        assertEquals(3000, three.size());
        assertEquals(2000, two.size());
        // Padding a 37-token document to 2000 steps must not change its output or attention, and
        // sharing a batch must not change the long one's either.
        int[] longIds = v.ids(longTokens);
        int[] shortIds = v.ids(randomTokens(r, v, 37));
        AttentionNetwork.Pass both = net.forward(net.batch(List.of(longIds, shortIds)));
        AttentionNetwork.Pass shortAlone = net.forward(net.batch(List.of(shortIds)));
        double[][] aloneProbs = {two.probabilities(), shortAlone.probs().castTo(DataType.DOUBLE).toDoubleVector()};
        double[][] aloneAlpha = {two.attention(), shortAlone.alpha().castTo(DataType.DOUBLE).toDoubleVector()};
        for (int j = 0; j < 2; j++) {
            int n = j == 0 ? longIds.length : shortIds.length;
            assertArrayEquals(aloneProbs[j], both.probs().getRow(j).castTo(DataType.DOUBLE).toDoubleVector(), TOL,
                    type + " probs row " + j);
            double[] padded = both.alpha().getRow(j).castTo(DataType.DOUBLE).toDoubleVector();
            assertArrayEquals(aloneAlpha[j], Arrays.copyOf(padded, n), TOL, type + " alpha row " + j);
            for (int i = n; i < padded.length; i++) assertEquals(0.0, padded[i], "padding attended");
        }
    }

    // ------------------------------------------------------------------ helpers

    private static List<String> randomTokens(SplittableRandom r, Vocabulary v, int n) {
        List<String> t = new ArrayList<>(n);
        for (int i = 0; i < n; i++) t.add(v.token(2 + r.nextInt(v.size() - 2)));
        return t;
    }

    private static double[] randomDistribution(SplittableRandom r, int n) {
        double[] a = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += a[i] = -Math.log(r.nextDouble(1e-12, 1)); // Dirichlet(1)
        for (int i = 0; i < n; i++) a[i] /= s;
        return a;
    }

    private static double[] randomVector(SplittableRandom r, int n) {
        double[] a = new double[n];
        for (int i = 0; i < n; i++) a[i] = r.nextDouble(-1, 1);
        return a;
    }

    private static double[] oneHot(int n, int i) {
        double[] a = new double[n];
        a[i] = 1;
        return a;
    }

    private static double[] uniform(int n) {
        double[] a = new double[n];
        Arrays.fill(a, 1.0 / n);
        return a;
    }

    private static double[] softmax(double[] logits) {
        double max = Arrays.stream(logits).max().orElseThrow();
        double[] p = new double[logits.length];
        double s = 0;
        for (int c = 0; c < p.length; c++) s += p[c] = Math.exp(logits[c] - max);
        for (int c = 0; c < p.length; c++) p[c] /= s;
        return p;
    }
}
