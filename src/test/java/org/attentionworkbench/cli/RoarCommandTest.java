package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.roar.RoarReport;
import org.attentionworkbench.roar.RoarRow;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** workbench roar on a tiny sample of SST-2: every point retrained and measured, resumed without work. */
class RoarCommandTest {

    @Test
    void aTinyRunWritesEveryPointAndResumes(@TempDir Path dir) throws Exception {
        Path glove = Path.of("/work/shared/datasets/glove-6B-100d/glove.6B.100d.wink-top20k.txt.gz");
        org.junit.jupiter.api.Assumptions.assumeTrue(Files.isRegularFile(glove), "shared GloVe file");
        String[] args = {"roar", "-m", "models/sst2-average.zip", "--data", "sst2:train", "--dev", "sst2:dev",
                "--test", "sst2:test", "--embeddings", glove.toString(), "--out", dir.toString(), "--limit", "40",
                "--epochs", "1", "--k", "50", "--methods", "attention,lrp,random"};
        CliRun run = CliRun.of(args);
        assertEquals(0, run.exit(), run.err());
        List<RoarRow> rows = new RoarReport(dir).read();
        assertEquals(4, rows.size(), rows.toString()); // the original model and three methods
        for (RoarRow r : rows.subList(1, 4)) {
            assertEquals(50, r.k());
            assertTrue(r.removedFraction() > 0.4 && r.removedFraction() < 0.6, r.toString());
            assertTrue(r.retrainedAccuracy() >= 0 && r.retrainedAccuracy() <= 1);
        }
        assertTrue(Files.size(dir.resolve("roar.png")) > 1000);
        assertTrue(Files.readString(dir.resolve("roar.md")).contains("| lrp |"));
        CliRun again = CliRun.of(args);
        assertEquals(0, again.exit(), again.err());
        assertTrue(again.err().contains("resuming: 4 rows"), again.err());
        assertEquals(rows, new RoarReport(dir).read());
    }

    @Test
    void aModelTrainedFromGloveNeedsTheFile(@TempDir Path dir) {
        CliRun run = CliRun.of("roar", "-m", "models/sst2-average.zip", "--data", "sst2:train", "--dev", "sst2:dev",
                "--test", "sst2:test", "--out", dir.toString());
        assertTrue(run.exit() != 0, "refused");
        assertTrue(run.err().contains("give that file with --embeddings"), run.err());
    }
}
