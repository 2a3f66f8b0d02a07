package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code explain --figure} of the shipped hierarchical model draws its panels as the window does:
 * a row per sentence with the sentence's bar, the words drawn one by one, not each sentence as one
 * flat token.
 */
class HanFigureTest {

    @Test
    void aHierarchicalModelsFigureHasARowPerSentenceAndItsWords(@TempDir Path dir) throws Exception {
        Path svg = dir.resolve("han.svg");
        CliRun r = CliRun.of("explain", "-m", "imdb-han", "-t",
                "The plot was dull. The acting was terrible and wooden. I left early.",
                "--only", "uniform,saliency", "--figure", svg.toString());
        assertEquals(0, r.exit(), r.err());
        String s = Files.readString(svg);
        for (String word : new String[] {"plot", "dull", "acting", "terrible", "wooden", "left", "early"}) {
            assertTrue(s.contains(">" + word + "<"), word + " drawn as a word of its own");
        }
        assertFalse(s.contains("the acting was terrible and wooden"), "no sentence drawn as one token");
        // Each panel (original attention, uniform, saliency, ...) draws the three words 'terrible' once.
        Matcher m = Pattern.compile(">terrible<").matcher(s);
        int count = 0;
        while (m.find()) count++;
        assertTrue(count >= 2, "the word in every panel: " + count);
        assertTrue(r.err().contains("panels written to"), r.err());
    }
}
