package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The BiLSTM's leave-one-out and occlusion variants computed from the document's own states
 * ({@link BiLstmVariants}) against literal re-runs of every variant, on tiny random networks with
 * large weights (peaked attention, outputs far from uniform): every token position, lengths 1 to
 * 70, UNK and PAD (zero) occluders, chunks of one, a few and all variants.
 */
class BiLstmVariantsTest {

    private static int[] ids(int n, long seed, int vocab) {
        SplittableRandom r = new SplittableRandom(seed);
        int[] ids = new int[n];
        for (int i = 0; i < n; i++) ids[i] = r.nextInt(1, vocab); // UNK (1) included, PAD never
        return ids;
    }

    /** The n literal variants of a document: token j deleted, or replaced by {@code replacement}. */
    static List<int[]> literalVariants(int[] ids, boolean delete, int replacement) {
        List<int[]> out = new ArrayList<>();
        for (int j = 0; j < ids.length; j++) {
            int[] v;
            if (delete) {
                v = new int[ids.length - 1];
                System.arraycopy(ids, 0, v, 0, j);
                System.arraycopy(ids, j + 1, v, j, ids.length - j - 1);
            } else {
                v = ids.clone();
                v[j] = replacement;
            }
            out.add(v);
        }
        return out;
    }

    @ParameterizedTest
    @CsvSource({
        "DOUBLE, 1, 1e-12", "DOUBLE, 2, 1e-12", "DOUBLE, 3, 1e-12", "DOUBLE, 9, 1e-12", "DOUBLE, 70, 1e-12",
        "FLOAT, 1, 1e-5", "FLOAT, 2, 1e-5", "FLOAT, 3, 1e-5", "FLOAT, 9, 1e-5", "FLOAT, 70, 1e-5"})
    void variantsEqualLiteralReruns(DataType dt, int n, double tolerance) {
        AttentionNetwork net = TestModels.network(EncoderType.BILSTM, dt, 30, 7, 6, 3, 11 + n, 0.9);
        BiLstmVariants variants = new BiLstmVariants(net.host(), tolerance(dt));
        int[] ids = ids(n, 100 + n, 30);
        for (int[] mode : new int[][] {{1, -1}, {0, Vocabulary.UNK_ID}, {0, Vocabulary.PAD_ID}, {0, 17}}) {
            boolean delete = mode[0] == 1;
            List<double[]> literal = net.classifyBatched(literalVariants(ids, delete, mode[1]), 8);
            List<double[]> fast = variants.outputs(ids, delete, mode[1]);
            assertEquals(n, fast.size());
            for (int j = 0; j < n; j++) {
                assertArrayEquals(literal.get(j), fast.get(j), tolerance,
                        dt + " n=" + n + (delete ? " delete " : " replace by " + mode[1] + " ") + j);
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"1", "2", "5"})
    void theNetworkRoutesTheBiLstmThroughTheFastPathAndAgreesWithClassify(int n) {
        AttentionNetwork net = TestModels.network(EncoderType.BILSTM, DataType.FLOAT, 30, 7, 6, 3, 5, 0.9);
        int[] ids = ids(n, 7, 30);
        List<double[]> loo = net.tokenVariantOutputs(ids, true, -1);
        List<double[]> literal = net.classifyBatched(literalVariants(ids, true, -1), 4);
        for (int j = 0; j < n; j++) assertArrayEquals(literal.get(j), loo.get(j), 1e-5);
    }

    /**
     * Dot-product attention and start/end markers through the fast path: the same outputs as
     * literal re-runs (the markers at both ends of every variant, never attended to).
     */
    @ParameterizedTest
    @CsvSource({"DOUBLE, 1, 1e-12", "DOUBLE, 9, 1e-12", "FLOAT, 2, 1e-5", "FLOAT, 9, 1e-5"})
    void dotAttentionAndMarkersEqualLiteralReruns(DataType dt, int n, double tolerance) {
        for (boolean markers : new boolean[] {false, true}) {
            ModelConfig cfg = new ModelConfig(EncoderType.BILSTM, 30, 7, 6, List.of(), 5, 3, 100)
                    .withAttentionScore(AttentionScore.DOT);
            if (markers) cfg = cfg.withTokenization(org.attentionworkbench.text.Tokenization.JAIN_WALLACE);
            AttentionNetwork net = AttentionNetwork.create(cfg, 3, dt);
            TestModels.randomise(net, 4 + n, 0.9);
            BiLstmVariants variants = new BiLstmVariants(net.host(), tolerance(dt));
            int[] real = ids(n, 200 + n, 30);
            int[] doc = real;
            if (markers) {
                doc = new int[n + 2];
                doc[0] = 2;
                System.arraycopy(real, 0, doc, 1, n);
                doc[n + 1] = 3;
            }
            for (int[] mode : new int[][] {{1, -1}, {0, Vocabulary.UNK_ID}}) {
                boolean delete = mode[0] == 1;
                List<double[]> literal = net.classifyBatched(literalVariants(doc, delete, mode[1]), 8);
                List<double[]> fast = variants.outputs(doc, delete, mode[1]);
                // With markers only the variants of real tokens (1..n) mean anything.
                for (int j = markers ? 1 : 0; j < (markers ? n + 1 : n); j++) {
                    assertArrayEquals(literal.get(j), fast.get(j), tolerance, dt + " n=" + n + " markers "
                            + markers + (delete ? " delete " : " replace ") + j);
                }
            }
        }
    }

    private static double tolerance(DataType dt) {
        return dt == DataType.DOUBLE ? 0 : BiLstmVariants.FLOAT_TOLERANCE;
    }

    /**
     * The rejoin shortcut on long real reviews (the shipped imdb-bilstm, 300-700 tokens): every
     * variant's output within 1e-6 of the same computation without the shortcut (each direction
     * run to the end), and within float rounding of literal ND4J re-runs of a sample of variants.
     */
    @ParameterizedTest
    @CsvSource({"133", "1864", "4711"})
    void theRejoinShortcutKeepsLongReviewsWithin1e6OfFullRuns(int line) throws Exception {
        java.nio.file.Path archive = java.nio.file.Path.of(System.getProperty("workbench.models.dir", "models"),
                "imdb-bilstm.zip");
        java.nio.file.Path test = java.nio.file.Path.of("..", "shared", "datasets", "imdb", "test.tsv.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(java.nio.file.Files.isRegularFile(archive)
                && java.nio.file.Files.isRegularFile(test), "shipped model or IMDB missing");
        AttentionModel model = AttentionModel.load(archive);
        String text;
        try (var r = new java.io.BufferedReader(new java.io.InputStreamReader(
                new java.util.zip.GZIPInputStream(java.nio.file.Files.newInputStream(test)),
                java.nio.charset.StandardCharsets.UTF_8))) {
            text = r.lines().skip(line - 1).findFirst().orElseThrow().split("\t", 2)[1];
        }
        int[] ids = model.ids(model.tokens(text));
        HostNetwork host = model.network().host();
        for (int[] mode : new int[][] {{1, -1}, {0, Vocabulary.UNK_ID}}) {
            boolean delete = mode[0] == 1;
            List<double[]> shortcut = new BiLstmVariants(host, BiLstmVariants.FLOAT_TOLERANCE).outputs(ids, delete, mode[1]);
            List<double[]> full = new BiLstmVariants(host, 0).outputs(ids, delete, mode[1]);
            for (int j = 0; j < ids.length; j++) {
                assertArrayEquals(full.get(j), shortcut.get(j), 1e-6, "line " + line + " variant " + j);
            }
            List<int[]> all = literalVariants(ids, delete, mode[1]);
            List<int[]> sample = new ArrayList<>();
            List<Integer> which = new ArrayList<>();
            for (int j = 0; j < ids.length; j += 37) {
                sample.add(all.get(j));
                which.add(j);
            }
            List<double[]> literal = model.network().classifyBatched(sample, 4);
            for (int i = 0; i < sample.size(); i++) {
                assertArrayEquals(literal.get(i), shortcut.get(which.get(i)), 2e-5, "line " + line + " literal " + which.get(i));
            }
        }
    }
}
