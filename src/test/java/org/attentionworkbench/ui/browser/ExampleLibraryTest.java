package org.attentionworkbench.ui.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ExampleLibraryTest {

    @Test
    void builtInExamplesAreCompleteAndUnique() {
        List<ExampleReview> all = ExampleLibrary.builtIn().all();
        assertTrue(all.size() >= 20, "only " + all.size() + " examples");
        Set<String> ids = new HashSet<>();
        for (ExampleReview r : all) {
            assertTrue(ids.add(r.id()), "duplicate id " + r.id());
            assertFalse(r.text().isBlank(), r.id());
            assertFalse(r.title().isBlank(), r.id());
            assertFalse(r.teachingPoint().isBlank(), r.id());
            assertTrue(r.labelIndexIn(List.of("neg", "pos")) >= 0, r.id() + ": " + r.expectedLabel());
        }
        assertTrue(all.stream().anyMatch(r -> r.text().split("\\s+").length >= 500), "no very long review");
        assertTrue(all.stream().anyMatch(r -> r.text().split("\\s+").length == 1), "no one-word review");
        assertEquals("Awful.", ExampleLibrary.builtIn().find("very-short").orElseThrow().text());
    }

    @Test
    void labelsMatchByPrefix() {
        ExampleReview r = ExampleLibrary.builtIn().find("negation").orElseThrow();
        assertEquals(1, r.labelIndexIn(List.of("neg", "pos")));
        assertEquals(0, r.labelIndexIn(List.of("positive", "negative")));
        assertEquals(-1, r.labelIndexIn(List.of("sports", "politics")));
        assertEquals(-1, r.toDocument(List.of("a", "b")).label());
    }

    @Test
    void duplicateIdsAreRejected() {
        String json = "{\"reviews\":[{\"id\":\"a\",\"text\":\"x\"},{\"id\":\"a\",\"text\":\"y\"}]}";
        assertThrows(IOException.class,
                () -> ExampleLibrary.parse(new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8))));
    }
}
