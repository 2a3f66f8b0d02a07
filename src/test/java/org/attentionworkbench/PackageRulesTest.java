package org.attentionworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The rooms of the package rooms of README.md, "How it is built", checked over the sources: only {@code ui} imports JavaFX (and the
 * JavaFX-based ControlsFX / FXGraphics2D), only {@code model} imports DL4J/ND4J.
 */
class PackageRulesTest {

    private static final Path ROOT = Path.of("src/main/java/org/attentionworkbench");

    @Test
    void onlyUiImportsJavaFx() throws IOException {
        assertEquals(List.of(), offenders("ui", "import javafx.", "import org.controlsfx.", "import org.jfree.fx."));
    }

    @Test
    void onlyModelImportsDl4j() throws IOException {
        assertEquals(List.of(), offenders("model", "import org.nd4j.", "import org.deeplearning4j.", "import org.bytedeco."));
    }

    private static List<String> offenders(String allowedPackage, String... prefixes) throws IOException {
        try (Stream<Path> files = Files.walk(ROOT)) {
            return files.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> !ROOT.relativize(p).startsWith(allowedPackage))
                    .filter(p -> {
                        try {
                            return Files.readAllLines(p).stream()
                                    .anyMatch(l -> Stream.of(prefixes).anyMatch(l.strip()::startsWith));
                        } catch (IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })
                    .map(Path::toString)
                    .toList();
        }
    }
}
