package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Tokenization;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Documents side by side through a FLOAT BiLSTM ({@link LstmCopies}) get the output distributions
 * of one-by-one passes ({@link HostNetwork#probabilities}) and of literal ND4J runs, to float
 * rounding: mixed lengths (one token to 150, empty ones, more than one chunk, equal lengths), with
 * and without start/end markers, random networks and the shipped imdb-bilstm on copies of a
 * review with tokens removed, as faithfulness and LIME make them.
 */
class LstmCopiesTest {

    @ParameterizedTest
    @ValueSource(booleans = {false, true})
    void randomNetworksAgreeWithOneByOnePasses(boolean markers) {
        ModelConfig cfg = new ModelConfig(EncoderType.BILSTM, 40, 8, 6, List.of(), 5, 3, 500);
        if (markers) cfg = cfg.withTokenization(Tokenization.JAIN_WALLACE);
        AttentionNetwork net = AttentionNetwork.create(cfg, 3, DataType.FLOAT);
        TestModels.randomise(net, 9, 0.7);
        HostNetwork host = net.host();
        assertTrue(LstmCopies.supports(host));
        SplittableRandom r = new SplittableRandom(5);
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < LstmCopies.MAX_COPIES + 30; i++) docs.add(r.ints(r.nextInt(0, 150), 1, 40).toArray());
        docs.add(new int[] {7});
        docs.add(new int[0]);
        for (int i = 0; i < 5; i++) docs.add(docs.get(3).clone());
        check(net, docs, markers ? "markers" : "plain");
    }

    @Test
    void theShippedBiLstmOnCopiesOfAReview() {
        java.nio.file.Path archive = java.nio.file.Path.of(System.getProperty("workbench.models.dir", "models"),
                "imdb-bilstm.zip");
        assumeTrue(java.nio.file.Files.isRegularFile(archive), "shipped model missing");
        AttentionModel model = AttentionModel.load(archive);
        int[] ids = model.ids(model.tokens(("The first hour is wooden and the plot is obvious , but the last act is "
                + "genuinely moving and the ending is one of the best this year . ").repeat(8)));
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> docs = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            double keep = r.nextDouble();
            docs.add(java.util.Arrays.stream(ids).filter(x -> r.nextDouble() < keep).toArray());
        }
        check(model.network(), docs, "imdb-bilstm");
        // LIME's and KernelSHAP's copies, given as kept positions, take the same path.
        List<int[]> kept = new ArrayList<>();
        for (int i = 0; i < 30; i++) {
            double keep = r.nextDouble();
            kept.add(java.util.stream.IntStream.range(0, ids.length).filter(t -> r.nextDouble() < keep).toArray());
        }
        HostNetwork host = model.network().host();
        List<double[]> sub = host.subsequenceOutputs(ids, kept);
        for (int i = 0; i < kept.size(); i++) {
            int[] d = java.util.Arrays.stream(kept.get(i)).map(t -> ids[t]).toArray();
            double[] one = d.length == 0 ? org.attentionworkbench.explain.EncodedDocument.softmax(host.outputBias())
                    : host.probabilities(d, host.projectTokens(d));
            assertArrayEquals(one, sub.get(i), 1e-5, "kept positions " + i);
        }
    }

    private static void check(AttentionNetwork net, List<int[]> docs, String what) {
        HostNetwork host = net.host();
        double[][] fast = new LstmCopies(host).probabilities(docs, host.tokenProducts(docs));
        List<double[]> literal = net.classifyBatched(docs, 8);
        List<double[]> routed = net.classify(docs);
        for (int i = 0; i < docs.size(); i++) {
            int[] d = docs.get(i);
            double[] one = d.length == 0 ? org.attentionworkbench.explain.EncodedDocument.softmax(host.outputBias())
                    : host.probabilities(d, host.projectTokens(d));
            assertArrayEquals(one, fast[i], 1e-5, what + " document " + i + " of length " + d.length);
            assertArrayEquals(literal.get(i), fast[i], 2e-5, what + " literal " + i);
            assertArrayEquals(fast[i], routed.get(i), 0, what + " the network's path " + i);
        }
    }
}
