package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hierarchical attention network: finite-difference checks of the hand-written backward pass
 * (every value of the small arrays, 30 seeded values of each larger one) for every word / sentence
 * encoder pair on a batch padded at both levels (sentences of lengths
 * 1 to 12 in three word-level groups, documents of 1 to 3 sentences), padded batches against
 * documents alone, the parameter shapes, and the archive round trip.
 */
class HanNetworkTest {

    /** Three documents of sentences; their lengths make three word-level groups (1-3, 6, 12). */
    static final List<List<int[]>> DOCS = List.of(
            List.of(new int[] {2, 5, 7, 3, 9, 4, 6, 8, 10, 11, 2, 3}, new int[] {6, 2}, new int[] {8, 8, 3}),
            List.of(new int[] {4}),
            List.of(new int[] {9, 3, 5, 7, 2, 6}, new int[] {11, 10}));
    private static final int[] LABELS = {0, 2, 1};

    static Stream<Arguments> pairs() {
        List<Arguments> out = new ArrayList<>();
        for (LevelEncoder w : LevelEncoder.values()) for (LevelEncoder s : LevelEncoder.values()) out.add(Arguments.of(w, s));
        return out.stream();
    }

    static HanConfig config(LevelEncoder word, LevelEncoder sentence) {
        return new HanConfig(word, sentence, 12, 5, 3, List.of(1, 3), 4, 3, 50, 10, 20);
    }

    /** A network in double precision with weights uniform in [-0.8, 0.8] (PAD row zero): sensitive checks. */
    static HanNetwork network(LevelEncoder word, LevelEncoder sentence, long seed) {
        HanNetwork net = HanNetwork.create(config(word, sentence), seed, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(seed + 1);
        for (INDArray p : net.parameters().asMap().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-0.8, 0.8);
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
        }
        net.parameters().get("emb").getRow(0).assign(0);
        return net;
    }

    private static double loss(HanNetwork net) {
        INDArray probs = net.forward(DOCS).probs();
        double l = 0;
        for (int b = 0; b < LABELS.length; b++) l -= Math.log(probs.getDouble(b, LABELS[b]));
        return l;
    }

    @ParameterizedTest(name = "word {0}, sentence {1}")
    @MethodSource("pairs")
    void parameterGradientsMatchFiniteDifferences(LevelEncoder word, LevelEncoder sentence) {
        HanNetwork net = network(word, sentence, 7);
        HanNetwork.Pass pass = net.forward(DOCS);
        INDArray d = pass.probs().dup();
        for (int b = 0; b < LABELS.length; b++) d.putScalar(b, LABELS[b], d.getDouble(b, LABELS[b]) - 1);
        ParameterSet g = new ParameterSet();
        net.backward(pass, d, g);
        double eps = 1e-6;
        int checked = 0;
        SplittableRandom pick = new SplittableRandom(13);
        for (Map.Entry<String, INDArray> e : net.parameters().asMap().entrySet()) {
            INDArray p = e.getValue();
            INDArray grad = g.get(e.getKey());
            assertArrayEquals(p.shape(), grad.shape(), e.getKey());
            // Every value of a small array, 30 seeded ones of a larger one (the check is O(values x passes)).
            long[] which = p.length() <= 30 ? java.util.stream.LongStream.range(0, p.length()).toArray()
                    : pick.longs(0, p.length()).distinct().limit(30).toArray();
            for (long i : which) {
                double old = p.getDouble(i);
                p.putScalar(i, old + eps);
                double up = loss(net);
                p.putScalar(i, old - eps);
                double down = loss(net);
                p.putScalar(i, old);
                double numeric = (up - down) / (2 * eps);
                assertEquals(numeric, grad.getDouble(i), 1e-6 + 1e-5 * Math.abs(numeric),
                        word + "/" + sentence + " " + e.getKey() + "[" + i + "]");
                checked++;
            }
        }
        assertTrue(checked > 60, "only " + checked + " values checked");
    }

    @ParameterizedTest(name = "word {0}, sentence {1}")
    @MethodSource("pairs")
    void sentenceVectorGradientsMatchFiniteDifferences(LevelEncoder word, LevelEncoder sentence) {
        HanNetwork net = network(word, sentence, 11);
        SplittableRandom r = new SplittableRandom(5);
        int f = net.config().wordEncodedSize();
        List<double[][]> inputs = new ArrayList<>();
        for (int len : new int[] {4, 1, 3}) {
            double[][] x = new double[len][f];
            for (double[] row : x) for (int q = 0; q < f; q++) row[q] = r.nextDouble(-1, 1);
            inputs.add(x);
        }
        int target = 1;
        List<HanNetwork.SentenceResult> res = net.sentenceLevel(inputs, target, false);
        double eps = 1e-6;
        for (int k = 0; k < inputs.size(); k++) {
            double[][] x = inputs.get(k);
            for (int i = 0; i < x.length; i++) {
                for (int q = 0; q < f; q++) {
                    double old = x[i][q];
                    x[i][q] = old + eps;
                    double up = net.sentenceLevel(java.util.Collections.singletonList(x), -1, false).get(0).probabilities()[target];
                    x[i][q] = old - eps;
                    double down = net.sentenceLevel(java.util.Collections.singletonList(x), -1, false).get(0).probabilities()[target];
                    x[i][q] = old;
                    assertEquals((up - down) / (2 * eps), res.get(k).gradient()[i][q], 1e-7, word + "/" + sentence);
                }
            }
        }
    }

    @ParameterizedTest(name = "word {0}, sentence {1}")
    @MethodSource("pairs")
    void aPaddedBatchGivesTheOutputsOfEachDocumentAlone(LevelEncoder word, LevelEncoder sentence) {
        HanNetwork net = network(word, sentence, 3);
        INDArray batched = net.forward(DOCS).probs();
        for (int b = 0; b < DOCS.size(); b++) {
            INDArray alone = net.forward(List.of(DOCS.get(b))).probs();
            for (int c = 0; c < 3; c++) assertEquals(alone.getDouble(0, c), batched.getDouble(b, c), 1e-12);
            HanNetwork.Reading r = net.read(DOCS.get(b));
            assertArrayEquals(alone.toDoubleVector(), r.probabilities(), 1e-12);
            // the sentence level on the read sentence vectors reproduces the document's output and beta
            HanNetwork.SentenceResult s = net.sentenceLevel(java.util.Collections.singletonList(r.sentenceVectors()), -1, false).get(0);
            assertArrayEquals(r.probabilities(), s.probabilities(), 1e-12);
            assertArrayEquals(r.sentenceAttention(), s.attention(), 1e-12);
        }
    }

    @ParameterizedTest(name = "word {0}, sentence {1}")
    @MethodSource("pairs")
    void parameterShapesAreThoseCreated(LevelEncoder word, LevelEncoder sentence) {
        HanConfig cfg = config(word, sentence);
        HanNetwork net = HanNetwork.create(cfg, 1, DataType.FLOAT);
        Map<String, long[]> shapes = HanNetwork.parameterShapes(cfg);
        assertEquals(List.copyOf(net.parameters().asMap().keySet()), List.copyOf(shapes.keySet()));
        net.parameters().asMap().forEach((k, a) -> assertArrayEquals(shapes.get(k), a.shape(), k));
    }

    @Test
    void attentionSumsToOneAtBothLevels() {
        HanNetwork net = network(LevelEncoder.BILSTM, LevelEncoder.BILSTM, 9);
        HanNetwork.Reading r = net.read(DOCS.get(0));
        for (int j = 0; j < r.wordAttention().length; j++) {
            assertEquals(DOCS.get(0).get(j).length, r.wordAttention()[j].length);
            assertEquals(1.0, java.util.Arrays.stream(r.wordAttention()[j]).sum(), 1e-12);
        }
        assertEquals(3, r.sentenceAttention().length);
        assertEquals(1.0, java.util.Arrays.stream(r.sentenceAttention()).sum(), 1e-12);
    }

    @TempDir
    Path dir;

    @ParameterizedTest(name = "word {0}, sentence {1}")
    @MethodSource("pairs")
    void theArchiveRoundTripIsBitIdentical(LevelEncoder word, LevelEncoder sentence) throws Exception {
        HanModel model = tinyModel(word, sentence, DataType.FLOAT);
        Path zip = dir.resolve("han-" + word.id() + "-" + sentence.id() + ".zip");
        model.save(zip);
        assertTrue(HanModel.isHierarchical(zip));
        HanModel back = HanModel.load(zip);
        assertEquals(model.config(), back.config());
        assertEquals(model.card(), back.card());
        assertEquals(model.vocabulary().tokens(), back.vocabulary().tokens());
        for (Map.Entry<String, INDArray> e : model.network().parameters().asMap().entrySet()) {
            assertEquals(e.getValue(), back.network().parameters().get(e.getKey()), e.getKey());
        }
        List<String> texts = List.of("the w9 w10 . w11 ! w12", "café well-made w20 w21 . . .");
        List<double[]> a = model.classify(texts);
        List<double[]> b = back.classify(texts);
        for (int i = 0; i < texts.size(); i++) assertArrayEquals(a.get(i), b.get(i), 0.0);
        // A saved archive is byte for byte what saving it again gives.
        Path again = dir.resolve("again.zip");
        back.save(again);
        assertArrayEquals(Files.readAllBytes(zip), Files.readAllBytes(again));
    }

    @Test
    void flatAndHierarchicalLoadersRefuseEachOthersArchivesInOneLine() throws Exception {
        Path han = dir.resolve("han.zip");
        tinyModel(LevelEncoder.BILSTM, LevelEncoder.NONE, DataType.FLOAT).save(han);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(han));
        assertTrue(e.getMessage().contains("hierarchical attention network (HAN)"), e.getMessage());
        assertTrue(!e.getMessage().contains("\n"));
        Path flat = dir.resolve("flat.zip");
        TestModels.model(EncoderType.AVERAGE, DataType.FLOAT, 1).save(flat);
        assertTrue(!HanModel.isHierarchical(flat));
        ModelArchiveException f = assertThrows(ModelArchiveException.class, () -> HanModel.load(flat));
        assertTrue(f.getMessage().contains("flat attention model"), f.getMessage());
    }

    static HanModel tinyModel(LevelEncoder word, LevelEncoder sentence, DataType dt) {
        List<String> t = new ArrayList<>(List.of("<pad>", "<unk>", "the", ".", "!", "café", "well-made"));
        for (int i = t.size(); i < 40; i++) t.add("w" + i);
        org.attentionworkbench.text.Vocabulary v = org.attentionworkbench.text.Vocabulary.of(t);
        HanConfig cfg = new HanConfig(word, sentence, v.size(), 8, 4, List.of(1, 3), 5, 3, 50, 10, 20);
        HanNetwork net = HanNetwork.create(cfg, 5, dt);
        ModelCard card = new ModelCard("tiny-han", "unit test data", List.of("neg", "neutral", "pos"), cfg.describe(),
                8, 4, 50, v.size(), 10, 5, 0, 0.5, Double.NaN, Double.NaN, 1, 1.0, 5, "ab".repeat(32),
                "2024-01-01T00:00:00Z", "random", "tiny");
        return new HanModel(v, net, card);
    }
}
