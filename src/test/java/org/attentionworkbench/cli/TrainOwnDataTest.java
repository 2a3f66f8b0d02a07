package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.model.ModelArchive;
import org.attentionworkbench.model.Trainer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own labelled file to a trained model with named classes, as a new user would: integer
 * labels named with --labels (or a file), the names in the card and in every output, and no
 * checkpoint left behind unless asked for.
 */
class TrainOwnDataTest {

    /** Every 9th line of the shared SST-2 training file (the file is sorted by label in places). */
    private static Path sample(Path dir, String name, int count) throws Exception {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst/sst2_train.tsv");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
        List<String> lines = Files.readAllLines(f, StandardCharsets.UTF_8);
        StringBuilder b = new StringBuilder();
        for (int i = 0, n = 0; i < lines.size() && n < count; i += 9, n++) b.append(lines.get(i)).append('\n');
        return Files.writeString(dir.resolve(name), b.toString(), StandardCharsets.UTF_8);
    }

    private static String[] train(Path data, Path out, String... more) {
        List<String> args = new java.util.ArrayList<>(List.of("train", "--data", data.toString(), "--encoder", "average",
                "--epochs", "1", "--embedding-dim", "8", "--hidden", "8", "--attention-size", "8", "--min-count", "1",
                "--out", out.toString()));
        args.addAll(List.of(more));
        return args.toArray(String[]::new);
    }

    @Test
    void classNamesGivenAtTrainingAreTheModelsEverywhereAndNoCheckpointIsLeft(@TempDir Path dir) throws Exception {
        Path data = sample(dir, "mine.tsv", 240);
        Path out = dir.resolve("mine.zip");
        CliRun t = CliRun.of(train(data, out, "--labels", "Negative,Positive"));
        assertEquals(0, t.exit(), t.err());
        assertTrue(t.err().contains("checkpoints go to " + Trainer.checkpointDir(out)), t.err());
        assertFalse(Files.exists(Trainer.checkpointDir(out)), "a finished run leaves no checkpoint: " + t.err());
        assertTrue(t.err().contains(" no test data (--test) in ") && !t.err().contains("NaN"),
                "without --test the summary says so, not 'test NaN': " + t.err());
        assertEquals(List.of("Negative", "Positive"), ModelArchive.readCard(out).labels());

        CliRun p = CliRun.of("predict", "-m", out.toString(), "--text", "a wonderful , moving film", "--json");
        assertEquals(0, p.exit(), p.err());
        JsonNode probs = new ObjectMapper().readTree(p.out()).get("probabilities");
        assertTrue(probs.has("Negative") && probs.has("Positive"), p.out());

        // The same 0/1 file evaluates against the named classes (integer labels are class indices).
        CliRun e = CliRun.of("evaluate", "-m", out.toString(), "--data", data.toString(), "--json");
        assertEquals(0, e.exit(), e.err());
        assertEquals("[\"Negative\",\"Positive\"]", new ObjectMapper().readTree(e.out()).get("labels").toString());
    }

    @Test
    void aLabelsFileAndKeepCheckpointAndClearRefusals(@TempDir Path dir) throws Exception {
        Path data = sample(dir, "mine.tsv", 120);
        Path names = Files.writeString(dir.resolve("classes.txt"), "# my classes\nneg\n\npos\n", StandardCharsets.UTF_8);
        Path out = dir.resolve("kept.zip");
        CliRun t = CliRun.of(train(data, out, "--labels-file", names.toString(), "--keep-checkpoint"));
        assertEquals(0, t.exit(), t.err());
        assertTrue(Files.isRegularFile(Trainer.checkpointDir(out).resolve("state.json")), "kept on request");
        assertEquals(List.of("neg", "pos"), ModelArchive.readCard(out).labels());

        CliRun one = CliRun.of(train(data, dir.resolve("x.zip"), "--labels", "only"));
        assertEquals(Main.USER_ERROR, one.exit());
        assertTrue(one.err().contains("needs at least two class names"), one.err());
        CliRun twice = CliRun.of(train(data, dir.resolve("x.zip"), "--labels", "a,A"));
        assertTrue(twice.err().contains("is given twice"), twice.err());
        Path three = Files.writeString(dir.resolve("three.tsv"), "0\ta\n1\tb\n2\tc\n", StandardCharsets.UTF_8);
        CliRun bad = CliRun.of(train(three, dir.resolve("x.zip"), "--labels", "neg,pos"));
        assertEquals(Main.USER_ERROR, bad.exit());
        assertTrue(bad.err().contains("three.tsv:3: label \"2\" is not a class of the class names given"), bad.err());
    }
}
