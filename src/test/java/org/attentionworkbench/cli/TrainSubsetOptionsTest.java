package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * workbench train --only-labels: a class the data lacks is refused in one line that lists the data's
 * classes, one class is not a classifier, and nothing is written in either case.
 */
class TrainSubsetOptionsTest {

    private static void assumeNewsgroups() {
        assumeTrue(Files.isRegularFile(Path.of("../shared/datasets/20newsgroups/train.tsv.gz")),
                "20 Newsgroups not in ../shared/datasets");
    }

    @Test
    void anUnknownClassIsRefusedWithTheRealOnes(@TempDir Path dir) {
        assumeNewsgroups();
        Path out = dir.resolve("m.zip");
        CliRun r = CliRun.of("train", "--data", "20newsgroups:train", "--only-labels", "rec.sport.baseball,hockey",
                "--encoder", "average", "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("\"hockey\" is not a class of 20newsgroups:train; its classes are alt.atheism, "
                + "comp.graphics,"), r.err());
        assertTrue(r.err().strip().endsWith("talk.religion.misc"), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertFalse(Files.exists(out));
    }

    @Test
    void oneClassIsNotAClassifier(@TempDir Path dir) {
        Path out = dir.resolve("m.zip");
        CliRun r = CliRun.of("train", "--data", "20newsgroups:train", "--only-labels", "rec.sport.hockey",
                "--encoder", "average", "--out", out.toString());
        assertEquals(1, r.exit());
        assertTrue(r.err().contains("--only-labels needs at least two classes"), r.err());
        assertFalse(Files.exists(out));
    }
}
