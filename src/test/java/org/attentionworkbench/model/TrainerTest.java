package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * End-to-end training on real SST-2 sentences with a tiny average-encoder model: the archive and
 * its card, reproducibility from the seed, and exact resumption from a checkpoint (a run
 * interrupted after epoch 1 and resumed must end with the same weights as an uninterrupted one).
 */
class TrainerTest {

    private static final List<String> LABELS = List.of("negative", "positive");

    @TempDir
    static Path dir;

    private static TrainingData data;
    /** The uninterrupted 2-epoch run, shared by several tests. */
    private static AttentionModel full;
    private static Path fullPath;
    private static final List<String> LOG = new ArrayList<>();

    @BeforeAll
    static void trainOnce() throws Exception {
        String prop = System.getProperty("workbench.shared.datasets");
        Path sst = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst");
        assumeTrue(Files.isRegularFile(sst.resolve("sst2_train.tsv")), "SST-2 not found under " + sst.toAbsolutePath());
        // Every k-th line: the files are sorted by label in places, the first 600 lines are 93% positive.
        List<Document> train = read(sst.resolve("sst2_train.tsv"), 11, 600);
        List<Document> dev = read(sst.resolve("sst2_dev.tsv"), 4, 200);
        List<Document> test = read(sst.resolve("sst2_test.tsv"), 9, 200);
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (List<Document> split : List.of(train, dev, test)) {
            for (Document d : split) md.update((d.label() + "\t" + d.text() + "\n").getBytes(StandardCharsets.UTF_8));
        }
        data = new TrainingData(LABELS, train, dev, test, HexFormat.of().formatHex(md.digest()));
        fullPath = dir.resolve("full.zip");
        full = trainer().train(data, options(2), fullPath, false);
    }

    static List<Document> read(Path file, int every, int count) throws IOException {
        List<Document> out = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size() && out.size() < count; i += every) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            out.add(new Document(file.getFileName() + ":" + (i + 1), line.substring(tab + 1),
                    Integer.parseInt(line.substring(0, tab))));
        }
        assertEquals(count, out.size(), "not enough lines in " + file);
        return out;
    }

    private static TrainingOptions options(int epochs) {
        // lr 1e-2 instead of the literature's 1e-3: two epochs of 19 batches must learn something.
        return new TrainingOptions("tiny-sst", "SST-2 sample", EncoderType.AVERAGE, 20, 16, ModelConfig.DEFAULT_KERNELS,
                16, 60, 1, 3000, 32, epochs, 1e-2, 1e-5, 5.0, 42, null, 10);
    }

    private static Trainer trainer() {
        return new Trainer(LOG::add, p -> { });
    }

    @Test
    void theCardRecordsTheTrainingOptionsAndTheVersionsThatTrainedIt() throws IOException {
        ModelCard card = ModelArchive.readCard(fullPath);
        assertEquals(options(2).toMap(), card.training());
        assertEquals(0.01, (Double) card.training().get("learning_rate"), 0.0);
        assertEquals(List.of(1, 3, 5, 7), card.training().get("kernel_widths"));
        assertEquals(42, card.training().get("seed"));
        assertTrue(card.app_version().matches("\\d+\\.\\d+\\.\\d+.*"), card.app_version());
        assertEquals(org.attentionworkbench.data.BuildInfo.appVersion(), card.app_version());
        // The ND4J actually on the class path, read from its jar (1.0.0-M2.1 today).
        assertTrue(card.nd4j_version().matches("1\\.\\d+\\.\\d+.*"), card.nd4j_version());
    }

    @Test
    void writesAnArchiveWithACompleteCard() throws IOException {
        assertTrue(Files.isRegularFile(fullPath));
        assertFalse(Files.exists(Trainer.checkpointDir(fullPath)), "a finished run leaves no checkpoint behind");
        ModelCard card = ModelArchive.readCard(fullPath);
        assertEquals(full.card(), card);
        assertEquals("tiny-sst", card.name());
        assertEquals("SST-2 sample", card.dataset());
        assertEquals(LABELS, card.labels());
        assertEquals("average", card.encoder());
        assertEquals(20, card.embedding_dim());
        assertEquals(16, card.hidden_size());
        assertEquals(60, card.max_length());
        assertEquals(full.vocabulary().size(), card.vocab_size());
        assertTrue(card.vocab_size() > 500 && card.vocab_size() <= 3000, "vocab " + card.vocab_size());
        assertEquals(600, card.train_size());
        assertEquals(200, card.dev_size());
        assertEquals(200, card.test_size());
        assertTrue(card.dev_accuracy() > 0.5 && card.dev_accuracy() <= 1, "dev accuracy " + card.dev_accuracy());
        assertTrue(card.test_accuracy() > 0.55 && card.test_accuracy() <= 1, "test accuracy " + card.test_accuracy());
        assertTrue(card.test_macro_f1() > 0.4 && card.test_macro_f1() <= 1, "macro-F1 " + card.test_macro_f1());
        assertEquals(2, card.epochs());
        assertTrue(card.train_seconds() > 0 && card.train_seconds() < 600, "seconds " + card.train_seconds());
        assertEquals(42, card.seed());
        assertEquals(data.dataSha256(), card.data_sha256());
        assertTrue(card.data_sha256().matches("[0-9a-f]{64}"));
        Instant created = Instant.parse(card.created());
        assertTrue(Duration.between(created, Instant.now()).abs().toMinutes() < 30, "created " + created);
        assertEquals("random", card.embeddings());

        // The stored accuracy is the accuracy of the stored model.
        AttentionModel loaded = AttentionModel.load(fullPath);
        ClassificationMetrics m = Trainer.evaluate(loaded, data.test());
        assertEquals(card.test_accuracy(), m.accuracy(), 1e-12);
        assertEquals(card.test_macro_f1(), m.macroF1(), 1e-12);
        assertEquals(card.dev_accuracy(), Trainer.evaluate(loaded, data.dev()).accuracy(), 1e-12);
    }

    @Test
    void theSameSeedGivesIdenticalWeights() throws IOException {
        AttentionModel again = trainer().train(data, options(2), dir.resolve("again.zip"), false);
        assertSameWeights(full, again);
    }

    @Test
    void resumingAfterEpochOneEndsExactlyWhereAnUninterruptedRunEnds() throws IOException {
        Path out = dir.resolve("resumed.zip");
        trainer().train(data, options(1), out, false, true); // "interrupted" after epoch 1: checkpoint kept
        assertTrue(Files.isDirectory(Trainer.checkpointDir(out)), "kept on request");
        AttentionModel resumed = trainer().train(data, options(2), out, true);
        assertTrue(LOG.stream().anyMatch(l -> l.startsWith("resuming from")), "did not resume: " + LOG);
        assertSameWeights(full, resumed);
        assertSameWeights(full, AttentionModel.load(out));
        assertEquals(2, resumed.card().epochs());
        assertEquals(full.card().dev_accuracy(), resumed.card().dev_accuracy(), 0.0);
        assertEquals(full.card().test_accuracy(), resumed.card().test_accuracy(), 0.0);
        assertEquals(full.card().notes(), resumed.card().notes());
    }

    private static void assertSameWeights(AttentionModel a, AttentionModel b) {
        assertEquals(a.vocabulary().tokens(), b.vocabulary().tokens());
        assertEquals(a.config(), b.config());
        Map<String, INDArray> pa = a.network().parameters().asMap();
        Map<String, INDArray> pb = b.network().parameters().asMap();
        assertEquals(pa.keySet(), pb.keySet());
        boolean trained = false;
        for (String name : pa.keySet()) {
            float[] x = pa.get(name).dup('c').data().asFloat();
            float[] y = pb.get(name).dup('c').data().asFloat();
            assertArrayEquals(x, y, name); // exact
            trained |= !name.startsWith("emb") && hasNonZero(x) && name.endsWith(".b");
        }
        assertTrue(trained, "biases start at zero: a trained model has non-zero ones");
        assertFalse(pa.isEmpty());
    }

    private static boolean hasNonZero(float[] v) {
        for (float f : v) if (f != 0f) return true;
        return false;
    }
}
