package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Malformed lines fail loudly with file and line, or are skipped and counted when asked. */
class MalformedInputTest {

    @TempDir
    Path tmp;

    private Path write(String name, String content) throws IOException {
        Path f = tmp.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return f;
    }

    private static DatasetFormatException fails(DatasetReader reader, Path file, ReadOptions options) {
        return assertThrows(DatasetFormatException.class, () -> reader.read(file, options));
    }

    private static void assertNames(DatasetFormatException e, Path file, int line, String detail) {
        assertEquals(file, e.file());
        assertEquals(line, e.line());
        assertTrue(e.getMessage().startsWith(file + (line > 0 ? ":" + line + ": " : ": ")), e.getMessage());
        assertTrue(e.getMessage().contains(detail), e.getMessage());
    }

    @Test
    void tsvMissingTab() throws IOException {
        Path f = write("a.tsv", "1\tgood\n0 no tab here\n1\tfine\n");
        assertNames(fails(new LabelledTsvReader(), f, ReadOptions.defaults()), f, 2, "missing tab");
        Dataset d = new LabelledTsvReader().read(f, ReadOptions.skippingMalformed());
        assertEquals(2, d.size());
        assertEquals(1, d.skipped());
        assertEquals("a.tsv:3", d.documents().get(1).id());
    }

    @Test
    void tsvNonIntegerAndOutOfRangeLabels() throws IOException {
        Path f = write("b.tsv", "1\tok\npos\tword label\n");
        assertNames(fails(new LabelledTsvReader(), f, ReadOptions.defaults()), f, 2,
                "label \"pos\" is a name but earlier labels are integers");
        Path g = write("c.tsv", "0\tok\n1\tok\n2\tthree classes?\n-1\tnegative\n");
        ReadOptions binary = ReadOptions.defaults().withLabelNames(List.of("neg", "pos"));
        assertNames(fails(new LabelledTsvReader(), g, binary), g, 3, "label 2 is out of range 0..1");
        assertNames(fails(new LabelledTsvReader(), g, ReadOptions.defaults()), g, 4, "label -1 is negative");
        Dataset d = new LabelledTsvReader().read(g, binary.withSkipMalformed(true));
        assertEquals(2, d.size());
        assertEquals(2, d.skipped());
    }

    @Test
    void newsgroupsTooFewColumnsAndUnknownGroup() throws IOException {
        Path f = write("ng.tsv", "sci.space\t1\ttext\nsci.space 2 text\n");
        assertNames(fails(new NewsgroupsTsvReader(), f, ReadOptions.defaults()), f, 2, "expected 3 tab-separated");
        Path g = write("ng2.tsv", "sci.space\t1\ttext\nrec.pets\t2\ttext\n");
        ReadOptions known = ReadOptions.defaults().withLabelNames(List.of("sci.space"));
        assertNames(fails(new NewsgroupsTsvReader(), g, known), g, 2, "unknown group \"rec.pets\"");
        Dataset inferred = new NewsgroupsTsvReader().read(g);
        assertEquals(List.of("rec.pets", "sci.space"), inferred.labels());
        assertEquals(1, inferred.documents().get(0).label());
    }

    @Test
    void csvBadQuotingAndFieldCount() throws IOException {
        Path f = write("q.csv", "text,label\n\"fine, quoted\",1\nbad \"quote\" here,0\n");
        assertNames(fails(new CsvReader(), f, ReadOptions.defaults()), f, 3, "quote inside an unquoted field");
        Path g = write("r.csv", "text,label\n\"closed\" then text,1\n");
        assertNames(fails(new CsvReader(), g, ReadOptions.defaults()), g, 2, "after closing quote");
        Path h = write("s.csv", "text,label\n\"never closed,1\nmore,0\nlast,1\n");
        assertNames(fails(new CsvReader(), h, ReadOptions.defaults()), h, 2, "quoted field is never closed");
        Path k = write("t.csv", "text,label\nthree,1,fields\nok,0\n");
        assertNames(fails(new CsvReader(), k, ReadOptions.defaults()), k, 2, "expected 2 fields");
        Dataset d = new CsvReader().read(k, ReadOptions.skippingMalformed());
        assertEquals(1, d.size());
        assertEquals(1, d.skipped());
    }

    @Test
    void csvMultiLineQuotedFieldKeepsRecordStartLine() throws IOException {
        Path f = write("m.csv", "label,text\n1,\"two\nlines, \"\"quoted\"\"\"\n0,x\n");
        Dataset d = new CsvReader().read(f);
        assertEquals(2, d.size());
        assertEquals("two\nlines, \"quoted\"", d.documents().get(0).text());
        assertEquals("m.csv:4", d.documents().get(1).id());
    }

    @Test
    void csvSplitWithoutSplitColumn() throws IOException {
        Path f = write("n.csv", "text,label\na,1\n");
        assertNames(fails(new CsvReader(), f, ReadOptions.defaults().withSplit("dev")), f, 1, "no exp_split");
    }

    @Test
    void unbalancedAndBadTrees() throws IOException {
        Path f = write("trees.txt", "(3 (2 good) (3 film))\n(1 (2 missing) (1 close)\n(4 (4 x)) extra)\n");
        SstTreeReader reader = new SstTreeReader(SstTreeReader.Granularity.FINE);
        assertNames(fails(reader, f, ReadOptions.defaults()), f, 2, "unbalanced tree");
        Dataset d = reader.read(f, ReadOptions.skippingMalformed());
        assertEquals(1, d.size());
        assertEquals(2, d.skipped());
        assertEquals("good film", d.documents().get(0).text());
        Path g = write("label.txt", "(7 (2 x))\n");
        assertNames(fails(reader, g, ReadOptions.defaults()), g, 1, "root label 7 is out of range");
        Path h = write("nolabel.txt", "(x (2 x))\n");
        assertNames(fails(reader, h, ReadOptions.defaults()), h, 1, "expected a numeric node label");
    }

    @Test
    void treeEscapesAreUndone() throws IOException {
        Path f = write("esc.txt", "(3 (2 -LRB-) (3 (2 and\\/or) (2 \\*)) (2 -RRB-))\n");
        Dataset d = new SstTreeReader(SstTreeReader.Granularity.BINARY).read(f);
        assertEquals("( and/or * )", d.documents().get(0).text());
        assertEquals(1, d.documents().get(0).label());
    }

    @Test
    void emptyFile() throws IOException {
        Path f = write("empty.tsv", "");
        assertNames(fails(new LabelledTsvReader(), f, ReadOptions.skippingMalformed()), f, 0, "file is empty");
    }

    @Test
    void binaryAndNonUtf8Files() throws IOException {
        Path nul = tmp.resolve("nul.tsv");
        Files.write(nul, new byte[] {'1', '\t', 'a', '\n', '0', '\t', 0, 1, 2, '\n'});
        assertNames(fails(new LabelledTsvReader(), nul, ReadOptions.skippingMalformed()), nul, 2, "binary file");
        Path latin1 = tmp.resolve("latin1.tsv");
        Files.write(latin1, "1\tcaf\u00e9\n".getBytes(StandardCharsets.ISO_8859_1));
        assertNames(fails(new LabelledTsvReader(), latin1, ReadOptions.defaults()), latin1, 1, "not valid UTF-8");
        Path gz = tmp.resolve("binary.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(new byte[] {(byte) 0xff, (byte) 0xfe, 0, 0, 7});
        }
        assertTrue(fails(new LabelledTsvReader(), gz, ReadOptions.defaults()).getMessage().contains("binary file"));
    }

    @Test
    void truncatedGzip() throws IOException {
        Path gz = tmp.resolve("cut.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            for (int i = 0; i < 2000; i++) {
                out.write(("1\tline number " + i + " with some words\n").getBytes(StandardCharsets.UTF_8));
            }
        }
        byte[] all = Files.readAllBytes(gz);
        Files.write(gz, java.util.Arrays.copyOf(all, all.length / 2));
        DatasetFormatException e = fails(new LabelledTsvReader(), gz, ReadOptions.defaults());
        assertTrue(e.getMessage().contains("gzip"), e.getMessage());
    }

    @Test
    void missingFileNamesThePath() {
        Path missing = tmp.resolve("no/such.tsv");
        DatasetException e = assertThrows(DatasetException.class, () -> new LabelledTsvReader().read(missing));
        assertEquals("dataset file not found: " + missing.toAbsolutePath(), e.getMessage());
    }
}
