package org.attentionworkbench.model;

import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Integrated gradients through the shared input projection (P(b) + a P(e - b) for the CNN, the
 * average encoder and the BiLSTM's input-to-gate products) gives the attributions of the plain path, which projects every interpolated
 * input: on random double-precision networks to 1e-9, and on the shipped float models on a long
 * real-looking review with the zero and the UNK baseline to float rounding.
 */
class SharedProjectionIntegratedGradientsTest {

    @ParameterizedTest
    @CsvSource({"CNN", "AVERAGE", "BILSTM"})
    void randomDoubleNetworksAgreeToRounding(EncoderType type) {
        AttentionModel model = TestModels.model(type, DataType.DOUBLE, 5);
        int[] ids = {2, 5, 3, 9, 4, 4, 7, 1, 8, 6, 3};
        double[][] unk = baseline(model, ids.length, Vocabulary.UNK_ID);
        for (double[][] base : new double[][][] {new double[ids.length][model.config().embeddingDim()], unk}) {
            for (int batch : new int[] {1, 7, 50}) {
                IntegratedGradients plain = model.network().integratedGradients(ids, base, 1, 50, batch, false);
                IntegratedGradients shared = model.network().integratedGradients(ids, base, 1, 50, batch, true);
                for (int i = 0; i < ids.length; i++) {
                    assertEquals(plain.attributions()[i], shared.attributions()[i], 1e-9, type + " token " + i);
                }
            }
        }
    }

    @ParameterizedTest
    @CsvSource({"imdb-cnn", "imdb-average", "sst2-cnn", "sst2-bilstm", "imdb-bilstm"})
    void shippedModelsAgreeToFloatRounding(String name) {
        Path archive = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(archive), "shipped model missing");
        AttentionModel model = AttentionModel.load(archive);
        String review = ("I went in expecting very little , and for the first hour the film gave me exactly that : "
                + "wooden acting , a plot you could see coming , and music that never stopped telling me what to feel . "
                + "Then something changed . The last act is genuinely moving , the lead finally gets a scene worth "
                + "her talent , and the ending is one of the best I have seen this year . ").repeat(3);
        EncodedDocument doc = model.encode(review);
        assertTrue(doc.size() > 200);
        int c = doc.predicted();
        for (int baselineId : new int[] {-1, Vocabulary.UNK_ID}) {
            double[][] base = baselineId < 0 ? new double[doc.size()][model.config().embeddingDim()]
                    : baseline(model, doc.size(), baselineId);
            IntegratedGradients plain = model.network().integratedGradients(doc.ids(), base, c, 50, 50, false);
            IntegratedGradients shared = model.network().integratedGradients(doc.ids(), base, c, 50, 50, true);
            double scale = 0;
            for (double a : plain.attributions()) scale = Math.max(scale, Math.abs(a));
            for (int i = 0; i < doc.size(); i++) {
                assertEquals(plain.attributions()[i], shared.attributions()[i], 1e-4 * scale + 1e-7,
                        name + " token " + i + " baseline " + baselineId);
            }
            assertEquals(plain.completenessError(), shared.completenessError(), 1e-4 * scale + 1e-6);
        }
    }

    private static double[][] baseline(AttentionModel model, int n, int id) {
        double[] row = model.embedding(id);
        double[][] b = new double[n][];
        for (int i = 0; i < n; i++) b[i] = row.clone();
        return b;
    }
}
