package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/** The one CSV line splitter (audit files and the window's tables) follows the dataset reader's rules. */
class CsvTest {

    @Test
    void quotedFieldsHoldCommasAndDoubledQuotes() {
        assertEquals(List.of("a", "b, c", "say \"hi\"", "", "7"), Csv.splitLine("a,\"b, c\",\"say \"\"hi\"\"\",,7"));
        assertEquals(List.of(""), Csv.splitLine(""));
        assertEquals(List.of("", ""), Csv.splitLine(","));
    }

    @Test
    void brokenQuotingIsRefusedWithAReason() {
        assertEquals("quote inside an unquoted field (quote the whole field and double inner quotes)",
                assertThrows(IllegalArgumentException.class, () -> Csv.splitLine("a,b\"c")).getMessage());
        assertEquals("unexpected character 'x' after closing quote",
                assertThrows(IllegalArgumentException.class, () -> Csv.splitLine("\"a\"x,b")).getMessage());
        assertEquals("quoted field is never closed",
                assertThrows(IllegalArgumentException.class, () -> Csv.splitLine("a,\"b")).getMessage());
    }
}
