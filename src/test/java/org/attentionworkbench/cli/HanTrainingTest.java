package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.attentionworkbench.model.HanModel;
import org.attentionworkbench.model.ModelCard;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code workbench train --encoder han} on a small real sample of IMDB reviews (every k-th line of
 * the shared files, so both classes): a tiny BiLSTM/BiLSTM HAN learns to beat chance, its card
 * names the hierarchy, and options that do not fit a HAN are refused in one line.
 */
class HanTrainingTest {

    @TempDir
    static Path dir;

    private static Path train;
    private static Path test;

    @BeforeAll
    static void sample() throws Exception {
        train = sample("imdb/train.tsv.gz", 31, 800, "train.tsv");
        test = sample("imdb/test.tsv.gz", 123, 200, "test.tsv");
    }

    /** Every {@code every}-th line of a shared gzip'd label-TAB-text file (the files are sorted by label). */
    private static Path sample(String relative, int every, int count, String name) throws Exception {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve(relative);
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f.toAbsolutePath());
        List<String> out = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(new GZIPInputStream(Files.newInputStream(f)),
                StandardCharsets.UTF_8))) {
            String line;
            for (int i = 0; (line = r.readLine()) != null && out.size() < count; i++) if (i % every == 0) out.add(line);
        }
        assertEquals(count, out.size());
        return Files.write(dir.resolve(name), out, StandardCharsets.UTF_8);
    }

    @Test
    void aTinyHanTrainedOnRealReviewsBeatsChance() throws Exception {
        Path out = dir.resolve("tiny-han.zip");
        CliRun t = CliRun.of("train", "--data", train.toString(), "--test", test.toString(), "--encoder", "han",
                "--word-encoder", "bilstm", "--sentence-encoder", "bilstm", "--epochs", "4", "--embedding-dim", "16",
                "--hidden", "8", "--attention-size", "8", "--max-length", "150", "--lr", "0.01", "--batch-size", "16",
                "--out", out.toString());
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("hierarchical network han(bilstm/bilstm)"), t.err());
        ModelCard card = HanModel.load(out).card();
        assertEquals("han(bilstm/bilstm)", card.encoder());
        assertEquals("han", card.training().get("encoder"));
        assertEquals("bilstm", card.training().get("sentence_encoder"));
        assertEquals(200, card.test_size());
        // 200 balanced test reviews: chance is 50%, and 60% is 2.8 standard errors above it.
        assertTrue(card.test_accuracy() > 0.6, "test accuracy " + card.test_accuracy() + "\n" + t.err());
        assertFalse(Files.exists(out.resolveSibling("tiny-han.zip.checkpoint")));
    }

    @Test
    void optionsThatDoNotFitAHierarchicalModelAreRefusedInOneLine() {
        CliRun twin = CliRun.of("train", "--data", train.toString(), "--encoder", "han", "--attention", "uniform",
                "--out", dir.resolve("x.zip").toString());
        assertEquals(Main.USER_ERROR, twin.exit());
        assertTrue(twin.err().contains("twin options") && twin.err().strip().lines().count() == 1, twin.err());
        CliRun flat = CliRun.of("train", "--data", train.toString(), "--encoder", "bilstm", "--word-encoder", "cnn",
                "--out", dir.resolve("y.zip").toString());
        assertEquals(Main.USER_ERROR, flat.exit());
        assertTrue(flat.err().contains("give --encoder han"), flat.err());
        CliRun bad = CliRun.of("train", "--data", train.toString(), "--encoder", "han", "--sentence-encoder", "gru",
                "--out", dir.resolve("z.zip").toString());
        assertEquals(Main.USER_ERROR, bad.exit());
        assertTrue(bad.err().contains("expected bilstm, cnn or none"), bad.err());
    }
}
