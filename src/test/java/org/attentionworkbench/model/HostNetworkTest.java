package org.attentionworkbench.model;

import org.attentionworkbench.explain.GradientSummary;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.stream.Stream;
import org.attentionworkbench.text.Tokenization;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The plain-Java pass ({@link HostNetwork}) computes what the ND4J pass computes: probabilities,
 * attention and the input gradient (attention detached and not), for every encoder, additive and
 * dot-product, learned, uniform and imposed (frozen) attention, with and without start/end
 * markers: to 1e-11 on random double networks, and to float rounding on the shipped models.
 */
class HostNetworkTest {

    static Stream<Arguments> variants() {
        List<Arguments> out = new ArrayList<>();
        for (EncoderType type : EncoderType.values()) {
            for (String attention : new String[] {"additive", "dot", "uniform", "frozen"}) {
                for (boolean markers : new boolean[] {false, true}) out.add(Arguments.of(type, attention, markers));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} {1} markers={2}")
    @MethodSource("variants")
    void doubleNetworksAgreeWithTheNd4jPass(EncoderType type, String attention, boolean markers) {
        AttentionNetwork net = network(type, attention, markers);
        SplittableRandom r = new SplittableRandom(type.ordinal() * 31L + attention.length());
        for (int n : new int[] {1, 2, 3, 9, 23}) {
            if (markers && n < 3) continue;
            int[] ids = new int[n];
            for (int t = 0; t < n; t++) ids[t] = 1 + r.nextInt(29);
            compare(net, ids, 1e-11);
        }
    }

    /**
     * FLOAT networks with additive attention against the ND4J pass to float rounding: the CNN's and
     * the average encoder's gradient then run in float through OpenBLAS ({@link FloatGradient}; the
     * CNN shifted tap by tap, so documents shorter than the widest window are here too, the average
     * encoder over distinct tokens, so the documents repeat their tokens).
     */
    @ParameterizedTest(name = "{0} markers={1} widths={2}")
    @CsvSource({"CNN, false, 1 3 5 7", "CNN, true, 1 3 5 7", "CNN, false, 4 2 5", "CNN, true, 6 1",
            "AVERAGE, false, 1", "AVERAGE, true, 1", "BILSTM, false, 1"})
    void floatNetworksAgreeWithTheNd4jPass(EncoderType type, boolean markers, String widths) {
        // Even widths and widths out of order make the CNN's taps by offset (FloatGradient.tapRuns)
        // split into several runs per offset.
        List<Integer> w = java.util.Arrays.stream(widths.split(" ")).map(Integer::valueOf).toList();
        ModelConfig cfg = new ModelConfig(type, 30, 6, 5, w, 4, 3, 50);
        if (markers) cfg = cfg.withTokenization(Tokenization.JAIN_WALLACE);
        AttentionNetwork net = AttentionNetwork.create(cfg, 7, DataType.FLOAT);
        TestModels.randomise(net, 8, 0.9);
        assertEquals(type != EncoderType.BILSTM, net.host().floatGradient() != null, "the float pass is used where it applies");
        SplittableRandom r = new SplittableRandom(17);
        for (int n : new int[] {1, 2, 3, 5, 9, 40}) {
            if (markers && n < 3) continue;
            int[] ids = new int[n];
            for (int t = 0; t < n; t++) ids[t] = 1 + r.nextInt(9); // repeats
            compare(net, ids, 2e-5);
            // Copies of the document (the CNN's run in float, FloatGradient.probabilities), and
            // several documents classified together, against padded ND4J batches.
            List<int[]> kept = new ArrayList<>();
            List<int[]> copies = new ArrayList<>();
            for (int k = 0; k < 12; k++) {
                List<Integer> pos = new ArrayList<>();
                for (int t = 0; t < n; t++) if ((markers && (t == 0 || t == n - 1)) || r.nextDouble() < 0.6) pos.add(t);
                int[] p = pos.stream().mapToInt(Integer::intValue).toArray();
                int[] copy = new int[p.length];
                for (int j = 0; j < p.length; j++) copy[j] = ids[p[j]];
                if (copy.length == 0) continue;
                kept.add(p);
                copies.add(copy);
            }
            if (copies.isEmpty()) continue;
            List<double[]> reference = net.classifyBatched(copies, 8);
            List<double[]> classified = net.classify(copies, 8);
            List<double[]> subsequences = net.subsequenceOutputs(ids, kept);
            for (int k = 0; k < copies.size(); k++) {
                assertClose(reference.get(k), classified.get(k), 2e-5, "classified copy " + k);
                assertClose(reference.get(k), subsequences.get(k), 2e-5, "subsequence " + k);
            }
        }
    }

    /** Token products computed once per distinct id are the same numbers as per position, each position its own row. */
    @ParameterizedTest
    @CsvSource({"BILSTM", "CNN", "AVERAGE"})
    void repeatedTokensShareTheirProducts(EncoderType type) {
        HostNetwork host = network(type, "additive", false).host();
        int[] ids = {3, 5, 3, 3, 9, 5, 1, 3};
        double[][] once = host.tokenProductsOf(ids);
        double[][] each = host.encoder().tokenProducts(host.embed(ids));
        for (int t = 0; t < ids.length; t++) {
            assertTrue(java.util.Arrays.equals(each[t], once[t]), "position " + t);
            for (int u = 0; u < t; u++) assertTrue(once[t] != once[u], "positions " + u + " and " + t + " share a row");
        }
        double[][] projected = host.encoder().project(host.embed(ids));
        double[][] fromTokens = host.projectTokens(ids);
        for (int t = 0; t < ids.length; t++) assertTrue(java.util.Arrays.equals(projected[t], fromTokens[t]), "P at " + t);
    }

    /** A random DOUBLE network with the given encoder, attention (additive, dot, uniform, frozen) and markers. */
    private static AttentionNetwork network(EncoderType type, String attention, boolean markers) {
        ModelConfig cfg = new ModelConfig(type, 30, 6, 5, List.of(1, 3), 4, 3, 50);
        if (attention.equals("dot")) cfg = cfg.withAttentionScore(AttentionScore.DOT);
        if (markers) cfg = cfg.withTokenization(Tokenization.JAIN_WALLACE);
        AttentionNetwork source = null;
        if (attention.equals("uniform")) cfg = cfg.withAttention(AttentionSource.UNIFORM, null, null);
        if (attention.equals("frozen")) {
            source = AttentionNetwork.create(cfg, 3, DataType.DOUBLE);
            TestModels.randomise(source, 4, 0.9);
            cfg = cfg.withAttention(AttentionSource.FROZEN, "base.zip", "0".repeat(64));
        }
        AttentionNetwork net = AttentionNetwork.create(cfg, 7, DataType.DOUBLE, source);
        TestModels.randomise(net, 8, 0.9);
        return net;
    }

    @ParameterizedTest
    @CsvSource({"imdb-bilstm", "imdb-cnn", "imdb-average", "sst2-bilstm", "sst2-bilstm-uniform", "sst2-average-frozen"})
    void shippedModelsAgreeToFloatRounding(String name) {
        Path archive = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(archive), "shipped model missing");
        AttentionModel model = AttentionModel.load(archive);
        String review = ("I went in expecting very little , and for the first hour the film gave me exactly that : "
                + "wooden acting , a plot you could see coming . Then something changed , and the ending is one of "
                + "the best I have seen this year . ").repeat(6);
        int[] ids = model.ids(model.tokens(review));
        assertTrue(ids.length > 150);
        compare(model.network(), ids, 2e-5);
    }

    /**
     * Sub-sequences of a document (LIME's and KernelSHAP's copies) from the document's own input
     * projections, and for the average encoder from its own scores and contributions, give what
     * padded ND4J batches of the literal id sequences give: every encoder, attention kind and
     * markers (the copies keep the markers at both ends, as AttentionModel asks for them).
     */
    @ParameterizedTest(name = "{0} {1} markers={2}")
    @MethodSource("variants")
    void subsequencesEqualLiteralCopies(EncoderType type, String attention, boolean markers) {
        AttentionNetwork net = network(type, attention, markers);
        SplittableRandom r = new SplittableRandom(17);
        int n = 31;
        int[] ids = new int[n];
        for (int t = 0; t < n; t++) ids[t] = 1 + r.nextInt(29);
        List<int[]> kept = new ArrayList<>();
        List<int[]> copies = new ArrayList<>();
        for (int k = 0; k < 40; k++) {
            List<Integer> pos = new ArrayList<>();
            for (int t = 0; t < n; t++) {
                boolean end = markers && (t == 0 || t == n - 1);
                if (end || r.nextDouble() < (k % 4 + 1) / 5.0) pos.add(t);
            }
            if (k == 5) pos.clear();
            int[] p = pos.stream().mapToInt(Integer::intValue).toArray();
            int[] copy = new int[p.length];
            for (int j = 0; j < p.length; j++) copy[j] = ids[p[j]];
            kept.add(p);
            copies.add(copy);
        }
        List<double[]> fast = net.subsequenceOutputs(ids, kept);
        List<double[]> literal = net.classifyBatched(copies, 8);
        for (int k = 0; k < kept.size(); k++) assertClose(literal.get(k), fast.get(k), 1e-11, "copy " + k);
    }

    /**
     * classify (per document in plain Java for the BiLSTM and average encoders) gives what padded
     * ND4J batches give, for documents of many lengths in one call, empty ones included.
     */
    @ParameterizedTest
    @CsvSource({"BILSTM", "CNN", "AVERAGE"})
    void classifyEqualsPaddedBatches(EncoderType type) {
        AttentionNetwork net = TestModels.network(type, DataType.DOUBLE, 30, 6, 5, 3, 21, 0.9);
        SplittableRandom r = new SplittableRandom(5);
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 25; i++) {
            int[] d = new int[i == 7 ? 0 : 1 + r.nextInt(40)];
            for (int t = 0; t < d.length; t++) d[t] = 1 + r.nextInt(29);
            docs.add(d);
        }
        List<double[]> a = net.classify(docs, 8);
        List<double[]> b = net.classifyBatched(docs, 8);
        for (int i = 0; i < docs.size(); i++) assertClose(b.get(i), a.get(i), 1e-11, "document " + i);
    }

    /** Probabilities, attention and both input gradients of both passes, to {@code tol} relative to each one's scale. */
    private static void compare(AttentionNetwork net, int[] ids, double tol) {
        HostNetwork host = net.host();
        HostNetwork.Trace tr = host.forward(ids);
        double[] probs;
        double[] alpha;
        try (var ws = Workspaces.open("test")) {
            AttentionNetwork.Pass pass = net.forward(net.batch(List.of(ids)));
            probs = pass.probs().castTo(DataType.DOUBLE).toDoubleVector();
            alpha = pass.alpha().castTo(DataType.DOUBLE).toDoubleVector();
        }
        assertClose(probs, tr.probs(), tol, "probabilities");
        assertClose(alpha, tr.alpha(), tol, "attention");
        int target = ids.length % probs.length;
        for (boolean detach : new boolean[] {true, false}) {
            double[][] expected;
            try (var ws = Workspaces.open("test")) {
                AttentionNetwork.Pass pass = net.forward(net.batch(List.of(ids)));
                INDArray d = Nd4j.createFromArray(new double[][] {HostNetwork.probabilityGradient(probs, target, 1)})
                        .castTo(net.dataType());
                expected = HostCopy.rows(net.backward(pass, d, detach, null));
            }
            double[][] actual = host.inputGradient(tr, HostNetwork.probabilityGradient(tr.probs(), target, 1), detach);
            for (int t = 0; t < ids.length; t++) assertClose(expected[t], actual[t], tol * scale(expected), "gradient " + detach + " token " + t);
            // The gradient section's own pass: over distinct tokens (average), in float (FLOAT CNN), or the same.
            HostNetwork.EmbeddingGradient section = host.embeddingGradient(ids, target, detach);
            assertEquals(probs[target], section.probability(), tol, "probability of the gradient's pass");
            for (int t = 0; t < ids.length; t++) {
                assertClose(expected[t], section.gradient()[t], tol * scale(expected), "section gradient " + detach + " token " + t);
            }
            // What the saliency methods read: grad . e and |grad| per token, without the rows where the
            // float pass applies, with and without the vocabulary's product table.
            double[][] e = host.embed(ids);
            List<GradientSummary> summaries = new ArrayList<>(List.of(net.gradientSummary(ids, target, detach)));
            if (host.floatGradient() != null) {
                summaries.add(new FloatGradient(host, false).summary(ids, target, detach));
                HostNetwork.EmbeddingGradient untabled = new FloatGradient(host, false).gradient(ids, target, detach);
                for (int t = 0; t < ids.length; t++) {
                    assertClose(expected[t], untabled.gradient()[t], tol * scale(expected), "untabled gradient " + detach + " token " + t);
                }
            }
            for (GradientSummary summary : summaries) {
                assertEquals(probs[target], summary.probability(), tol, "probability of the summary's pass");
                for (int t = 0; t < ids.length; t++) {
                    double dot = 0;
                    double norm = 0;
                    for (int k = 0; k < e[t].length; k++) {
                        dot += expected[t][k] * e[t][k];
                        norm += expected[t][k] * expected[t][k];
                    }
                    double s = tol * scale(expected) * e[t].length;
                    assertEquals(dot, summary.gradientTimesInput()[t], s, "grad . e " + detach + " token " + t);
                    assertEquals(Math.sqrt(norm), summary.gradientNorm()[t], s, "|grad| " + detach + " token " + t);
                }
            }
        }
    }

    private static double scale(double[][] m) {
        double s = 0;
        for (double[] row : m) for (double v : row) s = Math.max(s, Math.abs(v));
        return Math.max(s, 1e-300);
    }

    private static void assertClose(double[] expected, double[] actual, double tol, String what) {
        assertEquals(expected.length, actual.length, what);
        for (int i = 0; i < expected.length; i++) assertEquals(expected[i], actual[i], tol, what + " [" + i + "]");
    }
}
