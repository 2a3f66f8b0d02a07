package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.TwinComparison;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Counterfactual twins trained end to end on real SST-2 sentences with tiny models (docs/methods.md
 * section 8): their cards name the base and the objective, uniform attention stays 1/n and frozen
 * attention equals the base's after saving and loading, a frozen twin without its base (or with a
 * retrained one) is refused with a message, and the deceptive penalty moves attention off the
 * impermissible words.
 */
class TwinTrainingTest {

    private static final List<String> LABELS = List.of("negative", "positive");
    private static final List<String> IMPERMISSIBLE = List.of("good", "bad", "best", "worst", "great", "funny",
            "dull", "fun", "boring", "beautiful", "love", "too");

    @TempDir
    static Path dir;

    private static TrainingData data;
    private static TrainingOptions options;
    private static Path basePath;
    private static AttentionModel base;

    @BeforeAll
    static void trainBase() throws Exception {
        String prop = System.getProperty("workbench.shared.datasets");
        Path sst = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst");
        assumeTrue(Files.isRegularFile(sst.resolve("sst2_train.tsv")), "SST-2 not found under " + sst.toAbsolutePath());
        data = new TrainingData(LABELS, TrainerTest.read(sst.resolve("sst2_train.tsv"), 11, 600),
                TrainerTest.read(sst.resolve("sst2_dev.tsv"), 4, 200), TrainerTest.read(sst.resolve("sst2_test.tsv"), 9, 200),
                "sample");
        // lr 1e-2: two epochs of 19 batches must learn something (as TrainerTest).
        options = new TrainingOptions("tiny-base", "SST-2 sample", EncoderType.BILSTM, 16, 8, ModelConfig.DEFAULT_KERNELS,
                8, 60, 1, 3000, 32, 2, 1e-2, 1e-5, 5.0, 42, null, 10);
        basePath = dir.resolve("tiny-base.zip");
        base = trainer().train(data, options, basePath, false);
    }

    private static Trainer trainer() {
        return new Trainer(m -> { }, p -> { });
    }

    private static AttentionModel twin(String name, TrainingObjective objective, EncoderType encoder) throws Exception {
        TrainingOptions o = new TrainingOptions(name, "SST-2 sample", encoder, 16, 8, ModelConfig.DEFAULT_KERNELS, 8, 60,
                1, 3000, 32, 2, 1e-2, 1e-5, 5.0, 7, null, 10, objective);
        return trainer().train(data, o, dir.resolve(name + ".zip"), false);
    }

    private static List<String> tokens(Document d) {
        return base.tokens(d.text());
    }

    @Test
    void aUniformTwinKeepsOneOverNAndItsCardNamesTheBase() throws Exception {
        twin("tiny-uniform", new TrainingObjective(AttentionSource.UNIFORM, null, null, 0, List.of(), 0, basePath),
                EncoderType.BILSTM);
        AttentionModel loaded = ModelArchive.load(dir.resolve("tiny-uniform.zip"));
        EncodedDocument doc = loaded.encode(tokens(data.test().get(3)));
        for (int i = 0; i < doc.size(); i++) assertEquals(1.0 / doc.size(), doc.attention()[i], 1e-12);
        Map<String, Object> t = loaded.card().twin();
        assertNotNull(t, "a twin's card has its twin record");
        assertEquals("tiny-base", loaded.card().baseModel());
        assertEquals("uniform", loaded.card().objective());
        assertEquals(ModelArchive.fileSha256(basePath), t.get("base_sha256"));
        assertEquals("test", t.get("measured_on"));
        assertEquals(base.card().test_accuracy(), ((Number) t.get("base_accuracy")).doubleValue(), 1e-6);
        assertEquals(loaded.card().test_accuracy(), ((Number) t.get("accuracy")).doubleValue(), 1e-6);
        assertEquals("uniform", loaded.card().training().get("attention"));
        assertEquals(base.vocabulary().tokens(), loaded.vocabulary().tokens(), "a twin reads with its base's vocabulary");
    }

    @Test
    void aFrozenTwinReadsWithItsBasesAttentionAndNeedsThatExactBase() throws Exception {
        twin("tiny-frozen", new TrainingObjective(AttentionSource.FROZEN, basePath, null, 0, List.of(), 0, null),
                EncoderType.AVERAGE);
        Path archive = dir.resolve("tiny-frozen.zip");
        AttentionModel frozen = ModelArchive.load(archive);
        assertEquals("frozen", frozen.card().objective());
        assertEquals(EncoderType.AVERAGE, frozen.config().encoder());
        for (int k = 0; k < 5; k++) {
            List<String> toks = tokens(data.test().get(k));
            double[] mine = frozen.encode(toks).attention();
            double[] theirs = base.encode(toks).attention();
            for (int i = 0; i < mine.length; i++) assertEquals(theirs[i], mine[i], 1e-9);
        }
        Path alone = Files.createDirectories(dir.resolve("alone"));
        Files.copy(archive, alone.resolve("tiny-frozen.zip"));
        ModelArchiveException missing = assertThrows(ModelArchiveException.class,
                () -> ModelArchive.load(alone.resolve("tiny-frozen.zip")));
        assertTrue(missing.getMessage().contains("tiny-base.zip") && missing.getMessage().contains("not beside it"),
                missing.getMessage());
        Files.copy(dir.resolve("tiny-frozen.zip"), alone.resolve("tiny-base.zip"), StandardCopyOption.REPLACE_EXISTING);
        ModelArchiveException other = assertThrows(ModelArchiveException.class,
                () -> ModelArchive.load(alone.resolve("tiny-frozen.zip")));
        assertTrue(other.getMessage().contains("not the archive it was trained with"), other.getMessage());
    }

    @Test
    void aSeedTwinIsReproducedExactlyFromItsSeed() throws Exception {
        TrainingObjective seed = new TrainingObjective(AttentionSource.LEARNED, null, null, 0, List.of(), 0, basePath);
        AttentionModel first = twin("tiny-seed-a", seed, EncoderType.BILSTM);
        AttentionModel again = twin("tiny-seed-b", seed, EncoderType.BILSTM);
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : first.network().parameters().asMap().entrySet()) {
            assertEquals(e.getValue(), again.network().parameters().get(e.getKey()), "same seed, same " + e.getKey());
        }
        assertEquals(7L, first.card().seed());
        assertEquals(first.card().twin().get("mean_jsd_to_base"), again.card().twin().get("mean_jsd_to_base"));
    }

    @Test
    void theDeceptivePenaltyMovesAttentionOffTheImpermissibleWords() throws Exception {
        AttentionModel plain = twin("tiny-seed", new TrainingObjective(AttentionSource.LEARNED, null, null, 0, List.of(), 0,
                basePath), EncoderType.BILSTM);
        AttentionModel deceived = twin("tiny-deceptive", new TrainingObjective(AttentionSource.LEARNED, null, null, 0,
                IMPERMISSIBLE, 10.0, basePath), EncoderType.BILSTM);
        Set<String> words = Set.copyOf(IMPERMISSIBLE);
        List<List<String>> docs = new ArrayList<>();  // the test sentences that hold an impermissible word
        for (Document d : data.test()) {
            if (tokens(d).stream().anyMatch(words::contains)) docs.add(tokens(d));
        }
        assertTrue(docs.size() >= 20, "sentences with impermissible words: " + docs.size());
        double plainMass = TwinComparison.mean(TwinComparison.compare(plain, base, docs, words),
                TwinComparison.Document::twinMass);
        double deceivedMass = TwinComparison.mean(TwinComparison.compare(deceived, base, docs, words),
                TwinComparison.Document::twinMass);
        assertTrue(plainMass > 0.05, "the words are attended without the penalty: " + plainMass);
        assertTrue(deceivedMass < 0.75 * plainMass, "with the penalty " + deceivedMass + " vs " + plainMass);
        assertEquals("deceptive", deceived.card().objective());
        assertTrue(((Number) deceived.card().twin().get("impermissible_mass")).doubleValue()
                < ((Number) deceived.card().twin().get("base_impermissible_mass")).doubleValue(), "the card's record says so");
        assertEquals("seed", plain.card().objective());
    }
}
