package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelArchive;
import org.attentionworkbench.model.SafetensorsFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench export} then {@code workbench import} on the shipped, trained models: the
 * archive that comes back predicts exactly as the original, and its card names its sources.
 */
class ImportExportCommandTest {

    @TempDir
    Path dir;

    private static final List<String> TEXTS = List.of("a gorgeous , witty , seductive movie .",
            "the plot is tired and the acting is worse , but the music is n't bad at all .");

    @Test
    void exportThenImportGivesTheSameModel() throws IOException {
        for (String name : List.of("sst2-average", "sst2-bilstm")) {
            Path shipped = Path.of("models", name + ".zip");
            assumeTrue(Files.isRegularFile(shipped), "shipped model missing: " + shipped);
            Path weights = dir.resolve(name + ".safetensors");
            CliRun ex = CliRun.of("export", "--model", shipped.toString(), "--out", weights.toString());
            assertEquals(0, ex.exit(), ex.err());
            Path vocab = dir.resolve(name + ".vocab.txt");
            Path config = dir.resolve(name + ".config.json");
            assertTrue(Files.isRegularFile(vocab) && Files.isRegularFile(config), ex.out());
            assertEquals("workbench", SafetensorsFile.read(weights).metadata().get("layout"));

            Path back = dir.resolve(name + "-back.zip");
            CliRun im = CliRun.of("import", "--weights", weights.toString(), "--vocab", vocab.toString(),
                    "--config", config.toString(), "--out", back.toString());
            assertEquals(0, im.exit(), im.err());
            assertTrue(im.out().contains("workbench layout"), im.out());

            AttentionModel a = AttentionModel.load(shipped);
            AttentionModel b = AttentionModel.load(back);
            assertEquals(a.config(), b.config());
            assertEquals(a.vocabulary().tokens(), b.vocabulary().tokens());
            assertEquals(name + "-back", b.name());
            assertEquals(a.card().test_accuracy(), b.card().test_accuracy(), "the card travels with the weights");
            Map<String, Object> imported = b.card().imported();
            assertEquals("workbench", imported.get("layout"));
            assertEquals(ModelArchive.fileSha256(weights), ((Map<?, ?>) imported.get("weights")).get("sha256"));
            for (String text : TEXTS) {
                Prediction p = a.predict(text);
                Prediction q = b.predict(text);
                assertArrayEquals(p.probabilities(), q.probabilities(), 0.0, "identical outputs: " + text);
                assertArrayEquals(p.attention(), q.attention(), 0.0, "identical attention: " + text);
            }
            // Exported again, the weights file is byte for byte the same.
            Path again = dir.resolve(name + "-again.safetensors");
            assertEquals(0, CliRun.of("export", "--model", back.toString(), "--out", again.toString()).exit());
            byte[] w1 = Files.readAllBytes(weights);
            byte[] w2 = Files.readAllBytes(again);
            // The header's metadata names the model ("sst2-average" vs "sst2-average-back"): compare the data.
            assertEquals(dataBytes(weights), dataBytes(again));
            assertArrayEquals(java.util.Arrays.copyOfRange(w1, w1.length - dataBytes(weights), w1.length),
                    java.util.Arrays.copyOfRange(w2, w2.length - dataBytes(again), w2.length));
        }
    }

    /** An existing file at --out is refused untouched (a shipped model once went to a typo); --force replaces it. */
    @Test
    void existingOutputsAreReplacedOnlyWithForce() throws IOException {
        Path shipped = Path.of("models", "sst2-average.zip");
        assumeTrue(Files.isRegularFile(shipped), "shipped model missing: " + shipped);
        Path weights = dir.resolve("mine.safetensors");
        Path config = dir.resolve("mine.config.json");
        Files.writeString(config, "my own notes");
        CliRun refused = CliRun.of("export", "--model", shipped.toString(), "--out", weights.toString());
        assertEquals(1, refused.exit());
        assertTrue(refused.err().contains(config + " already exists") && refused.err().contains("--force"), refused.err());
        assertEquals("my own notes", Files.readString(config), "nothing written");
        assertTrue(Files.notExists(weights), "nothing written");
        assertEquals(0, CliRun.of("export", "--model", shipped.toString(), "--out", weights.toString(), "--force").exit());
        assertTrue(Files.readString(config).startsWith("{"), "replaced with --force");

        Path archive = dir.resolve("kept.zip");
        Files.copy(shipped, archive);
        byte[] before = Files.readAllBytes(archive);
        String[] importArgs = {"import", "--weights", weights.toString(), "--vocab", dir.resolve("mine.vocab.txt").toString(),
            "--config", config.toString(), "--out", archive.toString()};
        CliRun kept = CliRun.of(importArgs);
        assertEquals(1, kept.exit());
        assertTrue(kept.err().contains(archive + " already exists"), kept.err());
        assertArrayEquals(before, Files.readAllBytes(archive), "the archive is untouched");
        String[] forced = java.util.Arrays.copyOf(importArgs, importArgs.length + 1);
        forced[importArgs.length] = "--force";
        assertEquals(0, CliRun.of(forced).exit());
        assertTrue(AttentionModel.load(archive).card().imported() != null, "replaced by the imported model");
    }

    private static int dataBytes(Path f) {
        return (int) SafetensorsFile.read(f).entries().values().stream().mapToLong(SafetensorsFile.Entry::end).max().orElse(0);
    }

    @Test
    void badNamesAndMissingFilesAreOneLine() {
        CliRun r = CliRun.of("export", "--model", "models/sst2-average.zip", "--out", dir.resolve("x.bin").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("must end in .safetensors"), r.err());
        r = CliRun.of("import", "--weights", dir.resolve("none.safetensors").toString(), "--vocab", "v.txt",
                "--config", dir.resolve("none.json").toString(), "--out", dir.resolve("m.zip").toString());
        assertEquals(1, r.exit());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertTrue(r.err().contains("not found"), r.err());
        r = CliRun.of("import", "--weights", "w.safetensors", "--vocab", "v.txt", "--config", "c.json",
                "--out", dir.resolve("m.tar").toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--out must name a .zip archive"), r.err());
    }
}
