package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.data.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every command that takes a model takes a safetensors bundle as it takes an archive (issue 14):
 * {@code -m path/NAME.safetensors} imports the bundle on the fly through the one loader
 * ({@code ModelLoader.load}), and a bundle without its vocabulary or config is refused in one line
 * naming the missing file. Run end to end on the pytorch-layout CNN fixture of
 * src/test/resources/import.
 */
class BundleCommandTest {

    private static final String TEXT = "the movie was great but the plot was boring";

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(BundleCommandTest.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    /** The pt-cnn fixture copied as NAME.*, without the parts named in {@code leaveOut}. */
    private Path bundle(String name, String... leaveOut) throws IOException {
        for (String part : new String[] {".safetensors", ".vocab.txt", ".config.json"}) {
            if (java.util.Arrays.asList(leaveOut).contains(part)) continue;
            Files.copy(resource("pt-cnn" + part), dir.resolve(name + part));
        }
        return dir.resolve(name + ".safetensors");
    }

    @Test
    void predictOnABundleIsPredictOnItsImportedArchive() throws IOException {
        Path weights = bundle("my-cnn");
        CliRun onBundle = CliRun.of("predict", "-m", weights.toString(), "--text", TEXT, "--json");
        assertEquals(0, onBundle.exit(), onBundle.err());

        Path archive = dir.resolve("archives").resolve("my-cnn.zip");
        Files.createDirectories(archive.getParent());
        CliRun im = CliRun.of("import", "--weights", weights.toString(), "--vocab", dir.resolve("my-cnn.vocab.txt").toString(),
                "--config", dir.resolve("my-cnn.config.json").toString(), "--out", archive.toString());
        assertEquals(0, im.exit(), im.err());
        CliRun onArchive = CliRun.of("predict", "-m", archive.toString(), "--text", TEXT, "--json");
        assertEquals(0, onArchive.exit(), onArchive.err());
        assertEquals(onArchive.out(), onBundle.out(), "the same model, name, label and probabilities");

        JsonNode p = Json.mapper().readTree(onBundle.out());
        assertEquals("my-cnn", p.get("model").asText());
        double sum = 0;
        for (String label : new String[] {"world", "sports", "science"}) sum += p.get("probabilities").get(label).asDouble();
        assertEquals(1.0, sum, 1e-6, "the fixture's three classes: " + onBundle.out());
    }

    @Test
    void explainReadsABundle() throws IOException {
        CliRun r = CliRun.of("explain", "-m", bundle("my-cnn").toString(), "--text", TEXT, "--json");
        assertEquals(0, r.exit(), r.err());
        JsonNode e = Json.mapper().readTree(r.out());
        assertEquals("my-cnn", e.path("model").asText(), "the bundle's stem names the model");
        assertEquals(3, e.path("prediction").path("probs").size(), e.path("prediction").toString());
    }

    @Test
    void aBundleWithoutItsVocabularyOrConfigIsRefusedNamingTheMissingFile() throws IOException {
        CliRun noVocab = CliRun.of("predict", "-m", bundle("novocab", ".vocab.txt").toString(), "--text", TEXT);
        assertNotEquals(0, noVocab.exit());
        assertOneLine(noVocab.err(), "novocab.vocab.txt");
        CliRun noConfig = CliRun.of("evaluate", "-m", bundle("noconfig", ".config.json").toString(), "--data",
                dir.resolve("unused.tsv").toString());
        assertNotEquals(0, noConfig.exit());
        assertOneLine(noConfig.err(), "noconfig.config.json");
        CliRun missing = CliRun.of("predict", "-m", dir.resolve("nothere.safetensors").toString(), "--text", TEXT);
        assertNotEquals(0, missing.exit());
        assertOneLine(missing.err(), "model file not found");
        CliRun bare = CliRun.of("predict", "-m", "nothere.safetensors", "--text", TEXT);
        assertOneLine(bare.err(), "model file not found");
    }

    private static void assertOneLine(String err, String want) {
        assertTrue(err.contains(want), "want '" + want + "' in: " + err);
        assertEquals(1, err.strip().lines().count(), "one line: " + err);
        assertFalse(err.contains("Exception") || err.contains("\tat "), "no stack trace: " + err);
    }
}
