package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Tokenization;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The side-by-side variants ({@link BiLstmVariantsLockstep}) give literal re-runs' outputs to
 * float rounding: random FLOAT BiLSTMs with additive and dot attention, with and without
 * start/end markers, deletion and three occluders, from one token to 70; the shipped imdb-bilstm
 * on a long review against {@link BiLstmVariants} without its shortcut and a sample of literal
 * re-runs; and the network's leave-one-out takes this path.
 */
class BiLstmVariantsLockstepTest {

    @ParameterizedTest
    @CsvSource({"TANH, false, 1", "TANH, false, 2", "TANH, false, 3", "TANH, false, 9", "TANH, false, 70",
        "DOT, false, 9", "TANH, true, 2", "TANH, true, 9", "DOT, true, 9"})
    void variantsEqualLiteralReruns(AttentionScore score, boolean markers, int n) {
        ModelConfig cfg = new ModelConfig(EncoderType.BILSTM, 30, 7, 6, List.of(), 5, 3, 100)
                .withAttentionScore(score);
        if (markers) cfg = cfg.withTokenization(Tokenization.JAIN_WALLACE);
        AttentionNetwork net = AttentionNetwork.create(cfg, 3, DataType.FLOAT);
        TestModels.randomise(net, 4 + n, 0.9);
        assertTrue(BiLstmVariantsLockstep.supports(net.host()));
        BiLstmVariantsLockstep lockstep = new BiLstmVariantsLockstep(net.host());
        int[] ids = new SplittableRandom(100 + n).ints(n, 1, 30).toArray();
        for (int[] mode : new int[][] {{1, -1}, {0, Vocabulary.UNK_ID}, {0, Vocabulary.PAD_ID}, {0, 17}}) {
            boolean delete = mode[0] == 1;
            List<double[]> literal = net.classifyBatched(BiLstmVariantsTest.literalVariants(ids, delete, mode[1]), 8);
            List<double[]> fast = lockstep.outputs(ids, delete, mode[1]);
            assertEquals(n, fast.size());
            // With markers (the first and last position), only the variants of the tokens between mean anything.
            for (int j = markers ? 1 : 0; j < (markers ? n - 1 : n); j++) {
                assertArrayEquals(literal.get(j), fast.get(j), 1e-5,
                        score + " markers " + markers + " n=" + n + (delete ? " delete " : " replace by " + mode[1] + " ") + j);
            }
        }
    }

    @Test
    void aLongReviewAgreesWithTheVariantsRunOneByOne() throws Exception {
        java.nio.file.Path archive = java.nio.file.Path.of(System.getProperty("workbench.models.dir", "models"),
                "imdb-bilstm.zip");
        assumeTrue(java.nio.file.Files.isRegularFile(archive), "shipped model missing");
        AttentionModel model = AttentionModel.load(archive);
        String review = ("I went in expecting very little , and for the first hour the film gave me exactly that : "
                + "wooden acting , a plot you could see coming , and music that never stopped telling me what to feel . "
                + "Then something changed . The last act is genuinely moving , the lead finally gets a scene worth "
                + "her talent , and the ending is one of the best I have seen this year . ").repeat(5);
        int[] ids = model.ids(model.tokens(review));
        assertTrue(ids.length > 300);
        HostNetwork host = model.network().host();
        for (int[] mode : new int[][] {{1, -1}, {0, Vocabulary.UNK_ID}}) {
            boolean delete = mode[0] == 1;
            List<double[]> fast = new BiLstmVariantsLockstep(host).outputs(ids, delete, mode[1]);
            List<double[]> oneByOne = new BiLstmVariants(host, 0).outputs(ids, delete, mode[1]);
            for (int j = 0; j < ids.length; j++) {
                assertArrayEquals(oneByOne.get(j), fast.get(j), 1e-5, (delete ? "delete " : "occlude ") + j);
            }
            List<int[]> all = BiLstmVariantsTest.literalVariants(ids, delete, mode[1]);
            List<int[]> sample = new ArrayList<>();
            for (int j = 0; j < ids.length; j += 41) sample.add(all.get(j));
            List<double[]> literal = model.network().classifyBatched(sample, 4);
            for (int i = 0; i < sample.size(); i++) {
                assertArrayEquals(literal.get(i), fast.get(41 * i), 2e-5, "literal " + 41 * i);
            }
            List<double[]> routed = model.network().tokenVariantOutputs(ids, delete, mode[1]);
            for (int j = 0; j < ids.length; j++) assertArrayEquals(fast.get(j), routed.get(j), 0, "the network's path");
        }
    }
}
