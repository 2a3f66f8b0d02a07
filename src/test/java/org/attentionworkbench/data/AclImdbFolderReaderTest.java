package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;

import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The aclImdb reader on a small aclImdb/test folder built from real IMDB rows: the first 30 reviews
 * of test.tsv.gz (positive) and the last 20 (negative), under their original file names from
 * test.ids.tsv.gz.
 */
class AclImdbFolderReaderTest {

    @TempDir
    static Path tmp;
    static Path root;
    /** Expected documents, by id. */
    static final List<Document> expected = new ArrayList<>();

    @BeforeAll
    static void buildFolder() throws IOException {
        List<String> rows = firstAndLast(SharedDatasets.file("imdb/test.tsv.gz"));
        List<String> ids = firstAndLast(SharedDatasets.file("imdb/test.ids.tsv.gz"));
        root = tmp.resolve("aclImdb");
        Files.createDirectories(root.resolve("test/pos"));
        Files.createDirectories(root.resolve("test/neg"));
        Files.createDirectories(root.resolve("train/pos"));
        Files.createDirectories(root.resolve("train/neg"));
        for (int i = 0; i < rows.size(); i++) {
            String[] row = rows.get(i).split("\t", 2);
            String file = ids.get(i).split("\t")[1]; // e.g. pos/0_10.txt
            Files.writeString(root.resolve("test").resolve(file), row[1], StandardCharsets.UTF_8);
            expected.add(new Document("test/" + file, row[1], Integer.parseInt(row[0])));
        }
    }

    /** Rows 1-30 and the last 20 data rows (the ids file has a header line, skipped). */
    private static List<String> firstAndLast(Path gz) throws IOException {
        List<String> all = new ArrayList<>();
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(gz)), StandardCharsets.UTF_8))) {
            String line;
            while ((line = r.readLine()) != null) {
                if (!line.startsWith("line\t")) {
                    all.add(line);
                }
            }
        }
        List<String> out = new ArrayList<>(all.subList(0, 30));
        out.addAll(all.subList(all.size() - 20, all.size()));
        return out;
    }

    @Test
    void readsRootWithSplitAndSplitFolderAlike() throws IOException {
        AclImdbFolderReader reader = new AclImdbFolderReader();
        Dataset fromRoot = reader.read(root, ReadOptions.defaults().withSplit("test"));
        Dataset fromSplit = reader.read(root.resolve("test"));
        assertEquals(fromRoot.documents(), fromSplit.documents());
        assertEquals(50, fromRoot.size());
        assertEquals(List.of("neg", "pos"), fromRoot.labels());
        assertArrayEquals(new int[] {20, 30}, fromRoot.classCounts());
        assertEquals("aclImdb/test", fromRoot.name());
    }

    @Test
    void idsTextsAndLabelsMatchTheTsvRows() throws IOException {
        Dataset d = new AclImdbFolderReader().read(root.resolve("test"));
        for (Document e : expected) {
            Document actual = d.documents().stream().filter(x -> x.id().equals(e.id())).findFirst().orElseThrow();
            assertEquals(e, actual);
            assertEquals(e.id().contains("/pos/") ? 1 : 0, actual.label());
        }
        // neg before pos, each by numeric id: pos/0_10.txt is the first positive.
        assertEquals("test/pos/0_10.txt", d.documents().get(20).id());
        assertTrue(d.documents().get(0).id().startsWith("test/neg/"));
    }

    @Test
    void rootWithoutSplitOrEmptySplitIsAClearError() {
        DatasetException noSplit = assertThrows(DatasetException.class, () -> new AclImdbFolderReader().read(root));
        assertTrue(noSplit.getMessage().contains("choose a split"), noSplit.getMessage());
        DatasetFormatException empty = assertThrows(DatasetFormatException.class,
                () -> new AclImdbFolderReader().read(root, ReadOptions.defaults().withSplit("train")));
        assertTrue(empty.getMessage().contains("no <id>_<rating>.txt review files"), empty.getMessage());
    }

    @Test
    void detectsTheLayout() {
        assertTrue(AclImdbFolderReader.looksLikeAclImdb(root));
        assertTrue(AclImdbFolderReader.looksLikeAclImdb(root.resolve("test")));
        assertTrue(!AclImdbFolderReader.looksLikeAclImdb(tmp.resolve("nowhere")));
    }
}
