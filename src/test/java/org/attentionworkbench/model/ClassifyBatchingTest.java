package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attentionworkbench.text.TokenLimit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Batched classification (sorted by length, split by batch size and, for encoders without a
 * per-step loop, where lengths jump) gives each document the output it gets alone, in the caller's
 * order, empty documents included.
 */
class ClassifyBatchingTest {

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void everyDocumentGetsItsOwnOutputWhateverTheBatching(EncoderType type) {
        AttentionModel model = TestModels.model(type, DataType.DOUBLE, 3);
        int vocab = model.config().vocabSize();
        Random rnd = new Random(11);
        List<int[]> docs = new ArrayList<>();
        for (int d = 0; d < 40; d++) {
            int n = d % 13 == 0 ? 0 : 1 + rnd.nextInt(d % 2 == 0 ? 6 : 60);
            int[] ids = new int[n];
            for (int i = 0; i < n; i++) ids[i] = 2 + rnd.nextInt(vocab - 2);
            docs.add(ids);
        }
        for (int batch : new int[] {1, 3, 512}) {
            List<double[]> together = model.network().classify(docs, batch);
            for (int d = 0; d < docs.size(); d++) {
                double[] alone = model.network().classify(List.of(docs.get(d)), 1).get(0);
                for (int c = 0; c < alone.length; c++) {
                    assertEquals(alone[c], together.get(d)[c], 1e-9, type + " batch " + batch + " doc " + d);
                }
            }
        }
    }

    /**
     * One rule for long texts: the Dataset tab's class ({@code classify}) and the Compare tab's
     * ({@code encode}) agree on a text past the training length (50 here), and both read a text past
     * the workbench's limit up to the limit.
     */
    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void classifyAndEncodeReadALongTextAlike(EncoderType type) {
        AttentionModel model = TestModels.model(type, DataType.DOUBLE, 7);
        TestModels.randomise(model.network(), 7, 0.5);
        for (int n : new int[] {120, TokenLimit.MAX_TOKENS + 700}) {
            StringBuilder text = new StringBuilder();
            for (int i = 0; i < n; i++) text.append(" w").append(10 + (i * 7) % 29);
            EncodedDocument doc = model.encode(text.toString());
            assertEquals(Math.min(n, TokenLimit.MAX_TOKENS), doc.size(), "tokens read");
            double[] classified = model.classify(List.of(text.toString())).get(0);
            assertArrayEquals(doc.probabilities(), classified, 1e-9, type + ", " + n + " tokens");
        }
    }

    @Test
    void theBiLstmSplitsABatchAtItsRowStepBudget() {
        AttentionModel model = TestModels.model(EncoderType.BILSTM, DataType.DOUBLE, 5);
        long budget = 32_768;
        assertEquals(budget, new BiLstmEncoder(model.network().parameters(), 2).rowStepBudget());
        int vocab = model.config().vocabSize();
        Random rnd = new Random(4);
        List<int[]> docs = new ArrayList<>();
        for (int d = 0; d < 12; d++) {             // 12 x 3,000 = 36,000 row-steps: two batches
            int[] ids = new int[3_000];
            for (int i = 0; i < ids.length; i++) ids[i] = 2 + rnd.nextInt(vocab - 2);
            docs.add(ids);
        }
        List<double[]> together = model.network().classify(docs, 512);
        for (int d : new int[] {0, 5, 10, 11}) {
            double[] alone = model.network().classify(List.of(docs.get(d)), 1).get(0);
            assertArrayEquals(alone, together.get(d), 1e-9, "doc " + d);
        }
    }
}
