package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
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
}
