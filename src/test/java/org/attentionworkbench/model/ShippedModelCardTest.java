package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Each shipped model's card must be honest: its accuracy on a seeded random sample of 1,000 test
 * examples (re-computed here with real inference) is within 3 points of the card's test_accuracy,
 * and the card names the test data it was measured on.
 */
class ShippedModelCardTest {

    private static final Pattern TEST_SPEC = Pattern.compile("test (\\S+)");

    static Stream<Path> shippedModels() throws Exception {
        Path dir = Path.of(System.getProperty("workbench.models.dir", "models"));
        if (!Files.isDirectory(dir)) return Stream.empty();
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.toString().endsWith(".zip")).sorted().toList().stream();
        }
    }

    @Test
    void theShippedModelsOfTheFoundationAreAllThere() throws Exception {
        List<String> names = shippedModels().map(p -> p.getFileName().toString()).toList();
        for (String n : List.of("imdb-bilstm", "imdb-cnn", "imdb-average", "sst2-bilstm", "sst2-cnn", "sst2-average",
                "sst5-bilstm")) {
            assertTrue(names.contains(n + ".zip"), "models/ lacks " + n + ".zip: " + names);
        }
    }

    /**
     * models/ ships archives and their README only, within its 120 MB budget (the seven models of the
     * foundation, the twins of issue 13 with three of the five seed twins, and the paper families of
     * issue 14: HAN, 20 Newsgroups): a
     * training checkpoint folder (Adam state, best and
     * current archives: 22 MB for sst2-average) was once committed there.
     */
    @Test
    void modelsHoldsOnlyArchivesAndTheReadmeWithinItsBudget() throws Exception {
        Path dir = Path.of(System.getProperty("workbench.models.dir", "models"));
        assumeTrue(Files.isDirectory(dir), "no models folder at " + dir);
        long bytes = 0;
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.sorted().toList()) {
                String name = p.getFileName().toString();
                assertTrue(Files.isRegularFile(p) && (name.endsWith(".zip") || name.equals("README.md")),
                        "models/ must hold only model archives and README.md, found " + name);
                bytes += Files.size(p);
            }
        }
        assertTrue(bytes <= 120L << 20, "models/ is " + (bytes >> 20) + " MB, over its 120 MB budget");
    }

    /**
     * Every shipped twin names a base that is shipped beside it, byte for byte the archive it was
     * trained against (a retrained base would leave its twins' figures describing another model).
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedModels")
    void aTwinsBaseIsShippedBesideItUnchanged(Path archive) throws Exception {
        ModelCard card = ModelArchive.readCard(archive);
        assumeTrue(card.twin() != null, "not a twin");
        Path base = archive.resolveSibling(String.valueOf(card.twin().get("base_file")));
        assertTrue(Files.isRegularFile(base), card.name() + " names base " + base.getFileName() + ", which is not shipped");
        assertEquals(card.twin().get("base_sha256"), ModelArchive.fileSha256(base), card.name() + "'s base was replaced");
        assertEquals(card.baseModel(), ModelArchive.readCard(base).name());
        assertEquals(ModelArchive.readCard(base).labels(), card.labels());
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("shippedModels")
    void cardAccuracyHoldsOnASeededSampleOfTheTestSet(Path archive) throws Exception {
        ModelCard card = ModelArchive.readCard(archive);
        for (Object field : new Object[] {card.name(), card.dataset(), card.labels(), card.encoder(), card.created(),
                card.data_sha256()}) {
            assertFalse(field == null || field.toString().isEmpty(), "card field empty in " + archive);
        }
        assertTrue(card.embedding_dim() > 0 && card.hidden_size() > 0 && card.vocab_size() > 2
                && card.train_size() > 0 && card.dev_size() > 0 && card.test_size() > 0 && card.epochs() > 0
                && card.train_seconds() > 0 && card.max_length() > 0, "card sizes in " + archive);
        Matcher m = TEST_SPEC.matcher(card.dataset());
        assertTrue(m.find(), "card of " + archive + " does not name its test data: " + card.dataset());
        Dataset test;
        try {
            test = DatasetLoader.load(m.group(1));
        } catch (java.io.IOException e) {
            assumeTrue(false, "test data not available here: " + e.getMessage());
            return;
        }
        assertEquals(card.test_size(), test.size(), "the card's test_size is the size of " + m.group(1));
        List<Document> docs = new ArrayList<>(test.documents());
        Collections.shuffle(docs, new Random(20261121L));
        docs = docs.subList(0, Math.min(1000, docs.size()));
        assertEquals(card.labels(), test.labels(), "class names of " + archive);
        // A hierarchical model (HAN) has its own loader; the same evaluation.
        double accuracy = HanModel.isHierarchical(archive) ? Trainer.evaluate(HanModel.load(archive), docs).accuracy()
                : Trainer.evaluate(AttentionModel.load(archive), docs).accuracy();
        System.out.printf("card %s: test_accuracy %.4f, on 1,000 sampled test examples %.4f%n", card.name(),
                card.test_accuracy(), accuracy);
        assertEquals(card.test_accuracy(), accuracy, 0.03, card.name() + " card accuracy vs sample");
    }
}
