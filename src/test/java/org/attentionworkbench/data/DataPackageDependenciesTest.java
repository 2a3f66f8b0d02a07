package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;

/** the package rooms of README.md, "How it is built": the data package imports only the JDK, the text package and Jackson. */
class DataPackageDependenciesTest {

    private static final List<String> ALLOWED = List.of("java.", "org.attentionworkbench.text.",
            "org.attentionworkbench.data.", "com.fasterxml.jackson.", "org.apache.commons.compress.");

    @Test
    void importsStayInsideTheAllowedPackages() throws IOException {
        Path src = Path.of("src/main/java/org/attentionworkbench/data");
        List<String> violations = new ArrayList<>();
        List<Path> files;
        try (Stream<Path> list = Files.list(src)) {
            files = list.filter(p -> p.toString().endsWith(".java")).toList();
        }
        assertTrue(files.size() > 10, "sources found: " + files.size());
        for (Path f : files) {
            for (String line : Files.readAllLines(f)) {
                String l = line.strip();
                if (l.startsWith("import ")) {
                    String target = l.substring(7).replace("static ", "").strip();
                    if (ALLOWED.stream().noneMatch(target::startsWith)) {
                        violations.add(f.getFileName() + ": " + l);
                    }
                }
                // Fully qualified references would bypass the import check.
                if (!l.startsWith("*") && !l.startsWith("//") && l.matches(".*\\b(javafx|org\\.nd4j|org\\.deeplearning4j|picocli)\\..*")) {
                    violations.add(f.getFileName() + ": " + l);
                }
            }
        }
        assertEquals(List.of(), violations);
    }
}
