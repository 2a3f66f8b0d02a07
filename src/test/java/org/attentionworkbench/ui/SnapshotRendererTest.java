package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

/** The renderer behind {@code workbench gui --snapshot}, on a real model archive. */
class SnapshotRendererTest {

    @TempDir
    Path dir;

    @Test
    void aTextWithoutTokensIsRefusedInsteadOfAwaited() throws Exception {
        Path archive = Path.of("models", "sst2-average.zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive at " + archive.toAbsolutePath());
        FxToolkit.registerPrimaryStage();
        Path png = dir.resolve("empty.png");
        // The model's tokenizer finds nothing: no analysis starts, so there is nothing to wait for.
        IllegalArgumentException e = assertTimeoutPreemptively(Duration.ofSeconds(60),
                () -> assertThrows(IllegalArgumentException.class,
                        () -> SnapshotRenderer.render(archive.toAbsolutePath(), " \n\t ", 640, 480, png)));
        assertEquals(SnapshotRenderer.NO_TOKENS, e.getMessage());
        assertFalse(Files.exists(png));
    }
}
