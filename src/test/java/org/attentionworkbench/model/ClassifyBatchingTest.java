package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
