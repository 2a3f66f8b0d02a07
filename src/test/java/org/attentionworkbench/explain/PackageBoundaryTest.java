package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The explain package imports only the JDK, the text package and the task package (cancellation):
 * not the model package (models
 * implement {@link AttentionClassifier}, which explain owns), no ND4J, no JavaFX (the package rooms of
 * README.md, "How it is built").
 */
class PackageBoundaryTest {

    @Test
    void importsOnlyTheJdkAndText() throws IOException {
        Path dir = Path.of("src/main/java/org/attentionworkbench/explain");
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 10, "found the sources");
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String t = line.trim();
                assertTrue(!t.contains("org.nd4j") && !t.contains("javafx") && !t.contains("deeplearning4j"),
                        f.getFileName() + ": " + t);
                if (!t.startsWith("import ")) continue;
                assertTrue(t.matches("import (static )?java\\..*")
                                || t.matches("import org\\.attentionworkbench\\.(text|task)\\.[A-Za-z.]+;"),
                        f.getFileName() + ": " + t);
            }
        }
    }
}
