package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code workbench gui --snapshot}'s refusals: one line, exit code 1, at once, and no PNG. */
class GuiCommandTest {

    @TempDir
    Path dir;

    @Test
    void blankTextFailsFastWithThePredictCommandsWords() {
        for (String text : new String[] {"", "   "}) {
            Path png = dir.resolve("empty.png");
            // It used to wait for ever for an analysis that an empty text never starts.
            CliRun run = assertTimeoutPreemptively(Duration.ofSeconds(20),
                    () -> CliRun.of("gui", "--snapshot", png.toString(), "--size", "1280x720", "-t", text));
            assertEquals(1, run.exit(), run.err());
            assertEquals("workbench: the text has no tokens to classify", run.err().strip());
            assertFalse(Files.exists(png));
        }
    }
}
