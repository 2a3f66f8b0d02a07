package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

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

    @Test
    void anUnknownTabIsRefusedWithTheTabsThereAre() {
        Path png = dir.resolve("bogus.png");
        CliRun run = CliRun.of("gui", "--snapshot", png.toString(), "--tab", "bogus", "-t", "a fine film");
        assertEquals(1, run.exit(), run.err());
        assertEquals("workbench: --tab must be one of compare, eraser, dataset, audit, twins, notes; got 'bogus'",
                run.err().strip());
        assertFalse(Files.exists(png));
    }

    @Test
    void aSnapshotSmallerThanTheWindowCanShowIsRefused() {
        for (String size : new String[] {"10x10", "639x480", "640x479"}) {
            Path png = dir.resolve("small.png");
            CliRun run = CliRun.of("gui", "--snapshot", png.toString(), "--size", size, "-t", "a fine film");
            assertEquals(1, run.exit(), size + ": " + run.err());
            assertTrue(run.err().contains("--size must be at least 640x480"), run.err());
            assertFalse(Files.exists(png));
        }
    }

    @Test
    void helpStatesTheSizesMinimumAndDefaultAndTheTabs() {
        String help = CliRun.of("gui", "--help").out().replaceAll("\\s+", " ");
        assertTrue(help.contains("at least 640x480 (default: 1600x1000)"), help);
        assertTrue(help.contains("compare, eraser, dataset, audit, twins or notes (default: compare)"), help);
    }
}
