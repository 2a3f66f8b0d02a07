package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;

/** Locates ../shared/datasets for tests; skips the test when it is absent. */
final class SharedDatasets {

    private SharedDatasets() {
    }

    /** The shared datasets folder, or a skipped test. */
    static Path dir() {
        String prop = System.getProperty("workbench.shared.datasets");
        Path dir = Path.of(prop != null ? prop : "../shared/datasets");
        assumeTrue(Files.isDirectory(dir), "shared datasets not found at " + dir.toAbsolutePath());
        return dir;
    }

    /** A file under the shared folder, or a skipped test when it is absent. */
    static Path file(String relative) {
        Path f = dir().resolve(relative);
        assumeTrue(Files.exists(f), "shared dataset file not found: " + f.toAbsolutePath());
        return f;
    }
}
