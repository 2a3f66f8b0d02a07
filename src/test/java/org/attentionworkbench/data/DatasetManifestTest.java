package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import org.junit.jupiter.api.Test;

/** The four shipped manifests parse, are complete, and agree with the shared data. */
class DatasetManifestTest {

    private static final List<String> NAMES = List.of("20newsgroups", "imdb", "sst2", "sst5");

    @Test
    void allFourManifestsParseFromTheFolderAndAreComplete() throws IOException {
        ManifestRepository repo = ManifestRepository.fromDirectory(Path.of("datasets"));
        assertEquals(NAMES, repo.names());
        for (DatasetManifest m : repo.all()) {
            assertEquals(List.of(), m.problems(), m.name());
            assertNotNull(m.archive().url());
            for (String split : m.splits().keySet()) {
                assertTrue(m.expectedRows().containsKey(split), m.name() + " expected_rows." + split);
            }
            // An unverified or unknown checksum must be flagged, never presented as checked.
            if (m.archive().sha256() == null) {
                assertFalse(m.archive().sha256Verified(), m.name());
            }
        }
        DatasetManifest imdb = repo.find("imdb").orElseThrow();
        assertEquals("https://ai.stanford.edu/~amaas/data/sentiment/aclImdb_v1.tar.gz", imdb.archive().url());
        assertEquals("tar.gz", imdb.archive().format());
        assertEquals(List.of("neg", "pos"), imdb.labels());
        assertEquals(DatasetFormat.ACL_IMDB_FOLDER, imdb.splits().get("test").datasetFormat());
        DatasetManifest sst5 = repo.find("sst5").orElseThrow();
        assertEquals("https://nlp.stanford.edu/sentiment/trainDevTestTrees_PTB.zip", sst5.archive().url());
        assertEquals("zip", sst5.archive().format());
        assertEquals(SstTreeReader.FINE_LABELS, sst5.labels());
        assertEquals(DatasetFormat.SST_TREES_BINARY, repo.find("sst2").orElseThrow().splits().get("dev").datasetFormat());
        DatasetManifest ng = repo.find("20newsgroups").orElseThrow();
        assertEquals("http://qwone.com/~jason/20Newsgroups/20news-bydate.tar.gz", ng.archive().url());
        assertEquals(20, ng.labels().size());
    }

    @Test
    void classpathCopyMatchesTheFolder() throws IOException {
        ManifestRepository fromClasspath = ManifestRepository.fromClasspath();
        assertEquals(NAMES, fromClasspath.names());
        assertEquals(ManifestRepository.fromDirectory(Path.of("datasets")).all(), fromClasspath.all());
    }

    @Test
    void labelsAndPreprocessedFilesAgreeWithTheSharedData() throws IOException {
        Path shared = SharedDatasets.dir();
        ManifestRepository repo = ManifestRepository.fromDirectory(Path.of("datasets"));
        for (DatasetManifest m : repo.all()) {
            m.preprocessed().values().forEach(f ->
                    assertTrue(Files.exists(shared.resolve(f.path())), m.name() + ": " + f.path()));
        }
        List<String> classes = Files.readAllLines(shared.resolve("20newsgroups/classes.txt")).stream()
                .filter(s -> !s.isBlank()).toList();
        assertEquals(classes, repo.find("20newsgroups").orElseThrow().labels());
    }

    @Test
    void problemsAreReportedAndBadJsonIsAClearError() throws IOException {
        String json = "{\"name\":\"x\",\"archive\":{\"url\":\"ftp://a\",\"format\":\"rar\",\"sha256\":null,"
                + "\"sha256_verified\":true},\"labels\":[\"a\"],\"splits\":{\"train\":{\"path\":\"t\",\"format\":\"nope\"}}}";
        DatasetManifest m = ManifestRepository.parse(
                new ByteArrayInputStream(json.getBytes(StandardCharsets.UTF_8)), "x.json");
        List<String> p = m.problems();
        assertTrue(p.contains("title missing"), p.toString());
        assertTrue(p.contains("archive.url is not http(s): ftp://a"), p.toString());
        assertTrue(p.contains("archive.format must be tar.gz or zip, got rar"), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.startsWith("archive.sha256 unknown")), p.toString());
        assertTrue(p.stream().anyMatch(s -> s.contains("unknown dataset format \"nope\"")), p.toString());
        DatasetException e = assertThrows(DatasetException.class, () -> ManifestRepository.parse(
                new ByteArrayInputStream("{\"name\": ".getBytes(StandardCharsets.UTF_8)), "broken.json"));
        assertTrue(e.getMessage().startsWith("cannot read dataset manifest broken.json"), e.getMessage());
    }
}
