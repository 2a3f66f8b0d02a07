package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A user's own labelled file, not a manifest split, through audit, evaluate and explain: labels 0/1
 * (the shared {@code sst2_test.tsv} itself) and class names in another case are the model's classes,
 * and a label the model lacks is one clear line naming where it is.
 */
class OwnLabelledDataTest {

    private static Path sst2Test() {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst/sst2_test.tsv");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
        return f;
    }

    /** The first {@code n} lines of the shared SST-2 test file, labels rewritten by {@code names}. */
    private static Path copy(Path dir, String name, int n, List<String> names) throws IOException {
        List<String> lines = Files.readAllLines(sst2Test(), StandardCharsets.UTF_8).subList(0, n);
        StringBuilder b = new StringBuilder();
        for (String line : lines) {
            int tab = line.indexOf('\t');
            int label = Integer.parseInt(line.substring(0, tab));
            b.append(names == null ? Integer.toString(label) : names.get(label)).append(line.substring(tab)).append('\n');
        }
        return Files.writeString(dir.resolve(name), b.toString(), StandardCharsets.UTF_8);
    }

    @Test
    void theSharedSst2TestFileIsAuditedWithTheModelsClassNames(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("audit");
        CliRun r = CliRun.of("audit", "-m", "sst2-average", "--data", sst2Test().toString(), "--limit", "3",
                "--sections", "uniform", "--threads", "1", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        List<String> rows = Files.readAllLines(out.resolve("documents.csv"));
        assertEquals(4, rows.size(), "header and three rows");
        for (String row : rows.subList(1, rows.size())) {
            assertTrue(row.contains(",neg,") || row.contains(",pos,"), "true class by the model's name: " + row);
        }
        JsonNode summary = new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertEquals("[\"neg\",\"pos\"]", summary.get("classes").toString());
    }

    @Test
    void evaluateGivesTheSameAccuracyForIndicesAndForNamesInAnyCase(@TempDir Path dir) throws Exception {
        Path indices = copy(dir, "indices.tsv", 40, null);
        Path names = copy(dir, "names.tsv", 40, List.of("NEG", "Pos"));
        CliRun a = CliRun.of("evaluate", "-m", "sst2-average", "--data", indices.toString(), "--json");
        CliRun b = CliRun.of("evaluate", "-m", "sst2-average", "--data", names.toString(), "--json");
        CliRun c = CliRun.of("evaluate", "-m", "sst2-average", "--data", sst2Test().toString(), "--limit", "40",
                "--json");
        assertEquals(0, a.exit(), a.err());
        assertEquals(0, b.exit(), b.err());
        assertEquals(0, c.exit(), c.err());
        JsonNode ja = new ObjectMapper().readTree(a.out());
        JsonNode jb = new ObjectMapper().readTree(b.out());
        assertEquals(ja.get("confusion"), jb.get("confusion"));
        assertTrue(ja.get("accuracy").asDouble() > 0.6, "a real model on real labels: " + a.out());
    }

    @Test
    void aLabelTheModelLacksIsOneLineNamingItsLineInEveryCommand(@TempDir Path dir) throws Exception {
        Path f = Files.writeString(dir.resolve("mine.tsv"), "1\ta fine film\n0\ta dull film\n2\twhat is two?\n",
                StandardCharsets.UTF_8);
        for (String[] args : new String[][] {
            {"audit", "-m", "sst2-average", "--data", f.toString(), "--out", dir.resolve("o").toString(), "--no-progress"},
            {"evaluate", "-m", "sst2-average", "--data", f.toString()},
            {"explain", "-m", "sst2-average", "--data", f.toString(), "--index", "2", "--only", "uniform"}}) {
            CliRun r = CliRun.of(args);
            assertEquals(Main.USER_ERROR, r.exit(), args[0] + ": " + r.err());
            assertTrue(r.err().contains("mine.tsv:3: label \"2\" is not a class of model sst2-average"),
                    args[0] + ": " + r.err());
            assertFalse(r.err().contains("\tat ") || r.err().contains("Exception"), r.err());
            String line = r.err().lines().filter(l -> l.startsWith("workbench: ")).findFirst().orElseThrow();
            assertEquals(1, line.split("mine\\.tsv", -1).length - 1, args[0] + " names the file once: " + line);
        }
        // explain needs only its own document: the bad line elsewhere does not stop it.
        CliRun ok = CliRun.of("explain", "-m", "sst2-average", "--data", f.toString(), "--index", "0", "--only",
                "uniform", "--json");
        assertEquals(0, ok.exit(), ok.err());
        assertEquals("pos", new ObjectMapper().readTree(ok.out()).get("label").asText(), "label 1 is the class pos");
    }

    @Test
    void aTextPastTheTokenLimitIsReadUpToItAndTheCommandSaysSo(@TempDir Path dir) throws Exception {
        String text = "a good film . ".repeat(1_300); // 5,200 tokens
        CliRun p = CliRun.of("predict", "-m", "sst2-average", "--text", text, "--json");
        assertEquals(0, p.exit(), p.err());
        assertTrue(p.err().contains("only the first 5,000 of 5,200 tokens are read"), p.err());
        Path f = Files.writeString(dir.resolve("long.tsv"), "1\t" + text + "\n0\tdull\n", StandardCharsets.UTF_8);
        CliRun e = CliRun.of("evaluate", "-m", "sst2-average", "--data", f.toString());
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("1 of 2 documents are longer than 5,000 tokens"), e.err());
        CliRun x = CliRun.of("explain", "-m", "sst2-average", "--data", f.toString(), "--index", "0", "--only",
                "uniform", "--json");
        assertEquals(0, x.exit(), x.err());
        assertTrue(x.err().contains("only the first 5,000 of 5,200 tokens are read"), x.err());
        assertEquals(5_000, new ObjectMapper().readTree(x.out()).get("tokens").size(), "explained as read");
    }

    @Test
    void maxTokensLowersTheLimitInEveryCommandAndSaysSo(@TempDir Path dir) throws Exception {
        String text = "a good film but a dull plot"; // 7 tokens
        CliRun p = CliRun.of("predict", "-m", "sst2-average", "--text", text, "--json", "--max-tokens", "3");
        assertEquals(0, p.exit(), p.err());
        assertEquals(3, new ObjectMapper().readTree(p.out()).get("tokens").asInt());
        assertTrue(p.err().contains("only the first 3 of 7 tokens are read (--max-tokens 3)"), p.err());
        CliRun x = CliRun.of("explain", "-m", "sst2-average", "--text", text, "--only", "uniform", "--json",
                "--max-tokens", "4");
        assertEquals(0, x.exit(), x.err());
        assertEquals(4, new ObjectMapper().readTree(x.out()).get("tokens").size(), "explained as read");
        CliRun whole = CliRun.of("explain", "-m", "sst2-average", "--text", text, "--only", "uniform", "--json");
        assertEquals(7, new ObjectMapper().readTree(whole.out()).get("tokens").size());
        assertTrue(whole.err().isBlank() || !whole.err().contains("are read"), whole.err());
        Path f = Files.writeString(dir.resolve("mixed.tsv"), "1\t" + text + "\n0\tdull\n", StandardCharsets.UTF_8);
        CliRun e = CliRun.of("evaluate", "-m", "sst2-average", "--data", f.toString(), "--max-tokens", "2");
        assertEquals(0, e.exit(), e.err());
        assertTrue(e.err().contains("1 of 2 documents are longer than 2 tokens; they are read up to their first 2"
                + " (--max-tokens 2)"), e.err());
    }
}
