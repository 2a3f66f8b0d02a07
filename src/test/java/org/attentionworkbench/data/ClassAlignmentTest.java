package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The one label rule between a user's labelled file and a model's classes: integer labels are class
 * indices, names match case-insensitively, and only a real mismatch is an error naming its line.
 */
class ClassAlignmentTest {

    private static final List<String> NEG_POS = List.of("neg", "pos");

    @TempDir
    Path dir;

    private Dataset tsv(String name, String content) throws IOException {
        Path f = dir.resolve(name);
        Files.writeString(f, content, StandardCharsets.UTF_8);
        return new LabelledTsvReader().read(f, ReadOptions.defaults());
    }

    private static List<Integer> labels(Dataset d) {
        return d.documents().stream().map(Document::label).toList();
    }

    @Test
    void integerLabelsAreClassIndices() throws IOException {
        Dataset d = ClassAlignment.align(tsv("a.tsv", "1\tgood\n0\tbad\n1\tfine\n"), NEG_POS, "model m");
        assertEquals(NEG_POS, d.labels());
        assertEquals(List.of(1, 0, 1), labels(d));
    }

    @Test
    void aFileWithOneClassOnlyIsAcceptedWhicheverClassItIs() throws IOException {
        // Both used to differ: an all-0 file had "1 class [0]" (refused), an all-1 file "[0, 1]" (accepted).
        assertEquals(List.of(0, 0), labels(ClassAlignment.align(tsv("zeros.tsv", "0\ta\n0\tb\n"), NEG_POS, "model m")));
        assertEquals(List.of(1, 1), labels(ClassAlignment.align(tsv("ones.tsv", "1\ta\n1\tb\n"), NEG_POS, "model m")));
    }

    @Test
    void namesMatchIgnoringCaseWhateverTheirOrderInTheFile() throws IOException {
        Dataset read = tsv("named.tsv", "POS\tgood\nNeg\tbad\npos\tfine\n");
        assertEquals(List.of("Neg", "POS"), read.labels(), "names seen, sorted, first spelling kept");
        Dataset d = ClassAlignment.align(read, NEG_POS, "model m");
        assertEquals(List.of(1, 0, 1), labels(d));
        Dataset reversed = ClassAlignment.align(read, List.of("pos", "neg"), "model m");
        assertEquals(List.of(0, 1, 0), labels(reversed), "by name, not by position");
    }

    @Test
    void anIndexPastTheModelsClassesNamesItsLine() throws IOException {
        Dataset read = tsv("three.tsv", "0\ta\n1\tb\n2\tc\n2\td\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ClassAlignment.align(read, NEG_POS, "model m"));
        assertTrue(e.getMessage().startsWith("three.tsv:3: label \"2\" is not a class of model m"), e.getMessage());
        assertTrue(e.getMessage().contains("0 = neg, 1 = pos"), e.getMessage());
    }

    @Test
    void aNameTheModelLacksNamesItsLine() throws IOException {
        Dataset read = tsv("names.tsv", "pos\ta\nneutral\tb\n");
        DatasetException e = assertThrows(DatasetException.class, () -> ClassAlignment.align(read, NEG_POS, "model m"));
        assertTrue(e.getMessage().startsWith("names.tsv:2: label \"neutral\" is not a class of model m"), e.getMessage());
    }

    @Test
    void oneDocumentIsAlignedAloneSoABadLabelElsewhereDoesNotStopIt() throws IOException {
        Dataset read = tsv("mixed.tsv", "1\tgood\n7\tseven\n");
        assertEquals(1, ClassAlignment.align(read.documents().get(0), read, NEG_POS, "model m").label());
        assertThrows(DatasetException.class, () -> ClassAlignment.align(read.documents().get(1), read, NEG_POS, "m"));
    }

    @Test
    void manifestNamesMatchTheModelsByName() throws DatasetException {
        Dataset manifest = new Dataset("x:test", List.of("negative", "positive"),
                List.of(new Document("x:1", "a", 1), new Document("x:2", "b", 0)), 0);
        Dataset d = ClassAlignment.align(manifest, List.of("POSITIVE", "NEGATIVE"), "model m");
        assertEquals(List.of(0, 1), labels(d));
    }

    @Test
    void aHugeIntegerLabelIsAnErrorOnItsLineNotTwoBillionClasses() throws IOException {
        Path f = dir.resolve("huge.tsv");
        Files.writeString(f, "0\ta\n2000000000\tb\n", StandardCharsets.UTF_8);
        DatasetFormatException e = assertThrows(DatasetFormatException.class,
                () -> new LabelledTsvReader().read(f, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains(":2") && e.getMessage().contains("too large"), e.getMessage());
    }

    @Test
    void csvLabelsFollowTheSameRule() throws IOException {
        Path f = dir.resolve("u.csv");
        Files.writeString(f, "text,label\n\"good, really\",Pos\nbad,NEG\n", StandardCharsets.UTF_8);
        Dataset d = ClassAlignment.align(new CsvReader().read(f, ReadOptions.defaults()), NEG_POS, "model m");
        assertEquals(List.of(1, 0), labels(d));
    }
}
