package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Tokenization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The side-by-side passes of integrated gradients' points ({@link PointsLockstep}) add the same
 * weighted gradient sum as the point-by-point pass ({@link HostNetwork#forwardFromProjection} and
 * {@link HostNetwork#backwardToProjection}), to float rounding: on random FLOAT BiLSTMs, average
 * encoders and CNNs with every head (additive, dot and uniform attention, start/end markers), zero
 * and non-zero baselines, more points than one chunk, and documents of changing length (the reused
 * workspace); and on the shipped imdb-bilstm, imdb-average and imdb-cnn on a 400-token review.
 */
class PointsLockstepTest {

    @ParameterizedTest
    @CsvSource({"BILSTM, additive", "BILSTM, dot", "BILSTM, uniform", "BILSTM, markers", "AVERAGE, additive",
        "AVERAGE, dot", "AVERAGE, markers", "CNN, additive", "CNN, dot", "CNN, uniform", "CNN, markers"})
    void randomNetworksAgreeWithThePointByPointPass(EncoderType type, String head) {
        ModelConfig cfg = new ModelConfig(type, 40, 8, 6, List.of(1, 3), 5, 3, 500,
                head.equals("uniform") ? AttentionSource.UNIFORM : AttentionSource.LEARNED, null, null,
                head.equals("dot") ? AttentionScore.DOT : AttentionScore.TANH,
                head.equals("markers") ? Tokenization.JAIN_WALLACE : Tokenization.WORKBENCH);
        AttentionNetwork net = AttentionNetwork.create(cfg, 3, DataType.FLOAT);
        TestModels.randomise(net, 4, 0.6);
        HostNetwork host = net.host();
        PointsLockstep lockstep = host.lockstep();
        assertNotNull(lockstep, "a FLOAT " + type + " on this platform runs its points side by side");
        SplittableRandom r = new SplittableRandom(7);
        // Longer, shorter, then longer again: the pooled workspace grows and is reused.
        for (int n : new int[] {37, 9, 120, 2, 1}) {
            int[] ids = r.ints(n, 2, 40).toArray();
            for (boolean zeroBaseline : new boolean[] {true, false}) {
                for (int points : new int[] {1, 7, PointsLockstep.MAX_POINTS + 13}) {
                    compare(host, lockstep, ids, zeroBaseline, points, r, type + " " + head + " n=" + n);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"imdb-bilstm", "imdb-average", "imdb-cnn"})
    void theShippedModelsAgreeOnALongReview(String name) throws Exception {
        Path archive = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(archive), "shipped model missing");
        AttentionModel model = AttentionModel.load(archive);
        String review = ("I went in expecting very little , and for the first hour the film gave me exactly that : "
                + "wooden acting , a plot you could see coming , and music that never stopped telling me what to feel . "
                + "Then something changed . The last act is genuinely moving , the lead finally gets a scene worth "
                + "her talent , and the ending is one of the best I have seen this year . ").repeat(6);
        int[] ids = java.util.Arrays.copyOf(model.encode(review).ids(), 400);
        HostNetwork host = model.network().host();
        compare(host, host.lockstep(), ids, true, 50, new SplittableRandom(11), name);
    }

    /**
     * A long document takes its points in smaller chunks (the workspace budget): the same sum.
     */
    @ParameterizedTest
    @CsvSource({"BILSTM", "CNN", "AVERAGE"})
    void aSmallWorkspaceBudgetTakesThePointsInSmallerChunks(EncoderType type) {
        AttentionNetwork net = AttentionNetwork.create(new ModelConfig(type, 40, 8, 6, List.of(1, 3), 5, 3, 500), 9,
                DataType.FLOAT);
        TestModels.randomise(net, 10, 0.6);
        HostNetwork host = net.host();
        int n = 120;
        long perPoint = (long) n * bytesPerPointAndToken(host);
        PointsLockstep small = new PointsLockstep(host, 7 * perPoint + 1);
        assertEquals(7, small.pointsPerChunk(n), "the budget allows 7 points of 120 tokens");
        SplittableRandom r = new SplittableRandom(31);
        int[] ids = r.ints(n, 2, 40).toArray();
        for (boolean zeroBaseline : new boolean[] {true, false}) {
            compare(host, small, ids, zeroBaseline, PointsLockstep.MAX_POINTS, r, type + " in chunks of 7");
        }
    }

    /** The workspace's bytes per point and token, as PointsLockstep counts them. */
    private static long bytesPerPointAndToken(HostNetwork host) {
        int hh = host.encoder() instanceof HostLstm l ? l.hidden() : 0;
        float[][] aw = host.attentionWeightsFloat();
        int att = aw == null ? 1 : aw[0].length;
        return 4L * (2 * 6 * hh + 3 * host.encodedSize() + 2 * att);
    }

    @ParameterizedTest
    @CsvSource({"imdb-bilstm"})
    void aLongReviewIsChunkedWithinTheBudget(String name) {
        Path archive = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(archive), "shipped model missing");
        PointsLockstep lockstep = AttentionModel.load(archive).network().host().lockstep();
        assertEquals(PointsLockstep.MAX_POINTS, lockstep.pointsPerChunk(400), "a 400-token review in one chunk");
        assertTrue(lockstep.pointsPerChunk(2800) < 15, "the longest IMDB review in chunks");
        assertEquals(1, lockstep.pointsPerChunk(100_000), "at least one point");
    }

    /** The pooled workspace is not handed to a network of another attention width (its arrays would be too short). */
    @Test
    void networksOfOtherAttentionWidthsGetTheirOwnWorkspace() {
        SplittableRandom r = new SplittableRandom(21);
        int[] ids = r.ints(30, 2, 40).toArray();
        for (int attention : new int[] {3, 40, 3}) {
            AttentionNetwork net = AttentionNetwork.create(
                    new ModelConfig(EncoderType.BILSTM, 40, 8, 6, List.of(1, 3), attention, 3, 500), 5, DataType.FLOAT);
            TestModels.randomise(net, 6, 0.6);
            HostNetwork host = net.host();
            compare(host, host.lockstep(), ids, true, PointsLockstep.MAX_POINTS, r, "attention width " + attention);
        }
    }

    @Test
    void otherNetworksRunPointByPoint() {
        assertNull(TestModels.network(EncoderType.BILSTM, DataType.DOUBLE, 20, 6, 4, 2, 1, 0.5).host().lockstep(),
                "a DOUBLE network keeps its double pass");
        assertNull(TestModels.network(EncoderType.CNN, DataType.DOUBLE, 20, 6, 4, 2, 1, 0.5).host().lockstep());
    }

    private static void compare(HostNetwork host, PointsLockstep lockstep, int[] ids, boolean zeroBaseline, int points,
                                SplittableRandom r, String what) {
        int n = ids.length;
        HostEncoder enc = host.encoder();
        int k = enc.projectedSize();
        double[][] pDiff = host.projectTokens(ids);
        double[][] pBase = null;
        if (!zeroBaseline) {
            double[][] base = new double[n][host.embed(ids)[0].length];
            for (double[] row : base) for (int q = 0; q < row.length; q++) row[q] = r.nextDouble(-0.5, 0.5);
            pBase = enc.project(base);
        }
        double[] nodes = new double[points];
        double[] weights = new double[points];
        for (int p = 0; p < points; p++) {
            nodes[p] = r.nextDouble();
            weights[p] = r.nextDouble(0.1, 1);
        }
        int target = r.nextInt(host.outputBias().length);
        double[][] expected = new double[n][k];
        double[][] pre = new double[n][k];
        for (int p = 0; p < points; p++) {
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < k; j++) pre[t][j] = (pBase == null ? 0 : pBase[t][j]) + nodes[p] * pDiff[t][j];
            }
            HostNetwork.Trace tr = host.forwardFromProjection(ids, pre);
            host.backwardToProjection(tr, HostNetwork.probabilityGradient(tr.probs(), target, weights[p]), false,
                    expected);
        }
        double[][] got = new double[n][k];
        lockstep.gradientSum(ids, pDiff, pBase, target, nodes, weights, got);
        double scale = 0;
        for (double[] row : expected) for (double v : row) scale = Math.max(scale, Math.abs(v));
        // (With markers, a document of two tokens attends to nothing: its gradient is zero.)
        assertTrue(scale > 0 || n <= 2, what + ": a gradient to compare");
        for (int t = 0; t < n; t++) {
            for (int j = 0; j < k; j++) {
                assertEquals(expected[t][j], got[t][j], 2e-5 * scale + 1e-9,
                        what + ", " + points + " points, zero baseline " + zeroBaseline + ", token " + t + " column " + j);
            }
        }
    }
}
