package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelLoader;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The audit of the shipped hierarchical model runs at its sentence level, as {@code explain} reads
 * it (Serrano &amp; Smith's HAN experiments erase sentences): one row per review whose length is its
 * sentence count.
 */
class HanAuditTest {

    @Test
    void aHierarchicalModelIsAuditedAtItsSentenceLevel(@TempDir Path dir) throws Exception {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("imdb/test.tsv.gz");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
        Path out = dir.resolve("audit");
        CliRun r = CliRun.of("audit", "-m", "imdb-han", "--data", "imdb:test", "--limit", "2", "--threads", "1",
                "--sections", "uniform,erasure,saliency,agreement", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        List<String> lines = Files.readAllLines(out.resolve("documents.csv"));
        assertEquals(3, lines.size(), "header and two rows");
        List<String> header = List.of(lines.get(0).split(","));
        AttentionClassifier han = ModelLoader.open(Path.of("models/imdb-han.zip"));
        Dataset imdb = DatasetLoader.load("imdb:test");
        for (String line : lines.subList(1, 3)) {
            String[] cells = line.split(",", -1);
            assertEquals("imdb-han", cells[header.indexOf("model")]);
            int index = Integer.parseInt(cells[header.indexOf("doc_index")]);
            int sentences = han.tokens(imdb.documents().get(index).text()).size();
            assertEquals(sentences, Integer.parseInt(cells[header.indexOf("length")]), "length counts sentences");
            assertTrue(sentences < 60, "a review has tens of sentences, not hundreds of words: " + sentences);
        }
        assertTrue(Files.size(out.resolve("summary.json")) > 0);
        assertTrue(r.out().contains("resident memory: ") && !r.out().contains("NaN MB"), r.out());
    }
}
