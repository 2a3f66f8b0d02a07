package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.util.List;

import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;

/**
 * Dataset specs with a selection ({@code +only-labels=}, {@code +strip-headers}): parsing, the kept
 * classes and their order, refusals, and the 20 Newsgroups sports subset of Jain &amp; Wallace read from
 * the shared files.
 */
class DataSelectionTest {

    private static final Dataset THREE = new Dataset("toy", List.of("a", "b", "c"), List.of(
            new Document("1", "one", 0), new Document("2", "two", 1), new Document("3", "three", 2),
            new Document("4", "four", 2), Document.unlabelled("5", "five")), 0);

    @Test
    void aSpecIsSplitIntoItsBaseAndSelection() throws IOException {
        DataSelection s = DataSelection.parse("20newsgroups:test+only-labels=rec.sport.baseball,rec.sport.hockey+strip-headers");
        assertEquals("20newsgroups:test", s.base());
        assertEquals(List.of("rec.sport.baseball", "rec.sport.hockey"), s.onlyLabels());
        assertTrue(s.stripHeaders());
        assertFalse(DataSelection.parse("imdb:test").selects());
        assertEquals("imdb:test", DataSelection.parse("imdb:test").base());
        // A '+' inside a class name or a file name is not a selection.
        DataSelection plus = DataSelection.parse("my+data.tsv+only-labels=C++,Java");
        assertEquals("my+data.tsv", plus.base());
        assertEquals(List.of("C++", "Java"), plus.onlyLabels());
        assertEquals("+only-labels=a,b+strip-headers", DataSelection.suffix(List.of("a", "b"), true));
        assertEquals("", DataSelection.suffix(null, false));
    }

    @Test
    void theKeptClassesTakeTheGivenOrderAndTheDataSpelling() throws IOException {
        Dataset kept = DataSelection.parse("toy+only-labels=C,a").apply(THREE);
        assertEquals(List.of("c", "a"), kept.labels());
        assertEquals(List.of("1", "3", "4"), kept.documents().stream().map(Document::id).toList());
        assertArrayEquals(new int[] {2, 1}, kept.classCounts());
        assertEquals(1, kept.documents().get(0).label()); // "one" was class a, now index 1
    }

    @Test
    void unknownEmptyOrRepeatedClassNamesAreRefusedNamingTheRealOnes() throws IOException {
        DatasetException e = assertThrows(DatasetException.class,
                () -> DataSelection.parse("toy+only-labels=a,hockey").apply(THREE));
        assertEquals("only-labels: \"hockey\" is not a class of toy; its classes are a, b, c", e.getMessage());
        assertThrows(DatasetException.class, () -> DataSelection.parse("toy+only-labels=a,A").apply(THREE));
        assertThrows(DatasetException.class, () -> DataSelection.parse("toy+only-labels=a,").apply(THREE));
    }

    @Test
    void aModelOfSomeClassesMeetingAllOfThemIsToldTheSelectionThatWorks() throws IOException {
        Dataset all = THREE.withName("toy:test");
        DatasetException e = assertThrows(DatasetException.class,
                () -> ClassAlignment.align(all, List.of("a", "c"), "model m"));
        String hint = "; to read only the model's classes, give the data as toy:test+only-labels=a,c";
        assertTrue(e.getMessage().endsWith(hint), e.getMessage());
        Dataset selected = DataSelection.parse("toy:test+only-labels=a,c").apply(all);
        assertEquals(List.of("a", "c"), ClassAlignment.align(selected, List.of("a", "c"), "model m").labels());
        // No hint when the model has a class the data lacks.
        DatasetException other = assertThrows(DatasetException.class,
                () -> ClassAlignment.align(all, List.of("a", "z"), "model m"));
        assertFalse(other.getMessage().contains("only-labels"), other.getMessage());
    }

    @Test
    void jainAndWallacesSportsSubsetOfTheBydateTestSplit() throws IOException {
        DatasetLoader loader = new DatasetLoader(ManifestRepository.load(), DataDirectory.resolve(null),
                SharedDatasets.dir());
        String spec = "20newsgroups:test+only-labels=rec.sport.baseball,rec.sport.hockey+strip-headers";
        Dataset d = loader.read(spec, ReadOptions.defaults());
        assertEquals(spec, d.name());
        assertEquals(List.of("rec.sport.baseball", "rec.sport.hockey"), d.labels());
        assertArrayEquals(new int[] {397, 399}, d.classCounts());
        long withHeader = d.documents().stream().filter(doc -> doc.text().startsWith("From:")
                || doc.text().startsWith("Subject:")).count();
        // Two hockey messages have no Lines field and keep their header (NewsHeaders says why).
        assertEquals(2, withHeader);
        assertTrue(d.documents().stream().allMatch(doc -> doc.id().startsWith("rec.sport.")));
        // The plain split keeps its headers: the selection is only where it is asked for.
        Dataset plain = loader.read("20newsgroups:test", ReadOptions.defaults());
        assertTrue(plain.documents().get(0).text().startsWith("From:") || plain.documents().get(0).text().startsWith("Subject:"));
    }
}
