package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The shared Jackson setup: indented files, tolerant reading, and its two derived variations. */
class JsonTest {

    record Point(int x, int y) {
    }

    @Test
    void writesIndentedAndReadsFieldsAddedLater() throws Exception {
        assertTrue(Json.mapper().writeValueAsString(new Point(1, 2)).contains("\n  \"x\" : 1"));
        assertEquals(new Point(1, 2), Json.mapper().readValue("{\"x\":1,\"y\":2,\"z\":3}", Point.class));
        assertEquals("{\"a\":1,\"b\":[1,2]}", Json.compactWriter().writeValueAsString(Map.of("a", 1, "b", new int[] {1, 2}))
                .replace("{\"b\":[1,2],\"a\":1}", "{\"a\":1,\"b\":[1,2]}"));
    }

    @Test
    void theStrictReaderRefusesUnknownFields() {
        assertThrows(UnrecognizedPropertyException.class,
                () -> Json.strictReader(Point.class).readValue("{\"x\":1,\"y\":2,\"z\":3}"));
        // Deriving the strict reader leaves the shared mapper tolerant.
        assertTrue(!Json.mapper().isEnabled(com.fasterxml.jackson.databind.DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES));
    }
}
