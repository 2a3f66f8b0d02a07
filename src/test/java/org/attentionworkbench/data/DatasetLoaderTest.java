package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Spec resolution: manifest names against the data directory and the shared folder, and paths. */
class DatasetLoaderTest {

    @TempDir
    Path dataDir;
    Path shared;
    DatasetLoader loader;

    @BeforeEach
    void setUp() throws IOException {
        shared = SharedDatasets.dir();
        loader = new DatasetLoader(ManifestRepository.fromDirectory(Path.of("datasets")),
                new DataDirectory(dataDir), shared);
    }

    @Test
    void imdbTestFallsBackToTheSharedPreprocessedFile() throws IOException {
        Dataset d = loader.read("imdb:test", ReadOptions.defaults());
        assertEquals("imdb:test", d.name());
        assertEquals(25_000, d.size());
        assertEquals(List.of("neg", "pos"), d.labels());
        assertArrayEquals(new int[] {12_500, 12_500}, d.classCounts());
    }

    @Test
    void manifestNamesWithSplits() throws IOException {
        Dataset sst2 = loader.read("sst2:train", ReadOptions.defaults());
        assertEquals(6_920, sst2.size());
        assertEquals(List.of("neg", "pos"), sst2.labels());
        Dataset sst5 = loader.read("sst5:dev", ReadOptions.defaults());
        assertEquals(1_101, sst5.size());
        assertEquals(SstTreeReader.FINE_LABELS, sst5.labels());
        Dataset ng = loader.read("20newsgroups:test", ReadOptions.defaults());
        assertEquals(7_532, ng.size());
        assertEquals(20, ng.numClasses());
        assertEquals("sst5:train", loader.read("sst5", ReadOptions.defaults()).name()); // default split
    }

    @Test
    void aCompleteDownloadInTheDataDirectoryWins() throws IOException {
        Path trees = dataDir.resolve("sst5/trees");
        Files.createDirectories(trees);
        Files.writeString(trees.resolve("dev.txt"), "(4 (4 great))\n(0 (0 awful))\n");
        // Without the completion marker a (possibly half) unpacked folder is not trusted.
        assertEquals(1_101, loader.read("sst5:dev", ReadOptions.defaults()).size());
        Files.createFile(dataDir.resolve("sst5").resolve(DataDirectory.COMPLETE_MARKER));
        Dataset d = loader.read("sst5:dev", ReadOptions.defaults());
        assertEquals(2, d.size());
        assertEquals("sst5:dev", d.name());
        assertEquals(4, d.documents().get(0).label());
    }

    @Test
    void pathsAreReadWithTheirDetectedFormat() throws IOException {
        assertEquals(872, loader.read(shared.resolve("sst/sst2_dev.tsv").toString(), ReadOptions.defaults()).size());
        assertEquals(2_210, loader.read(shared.resolve("sst/trees/test.txt").toString(), ReadOptions.defaults()).size());
        Dataset csvDev = loader.read(shared.resolve("sst/jain_wallace_sst_dataset.csv") + ":dev", ReadOptions.defaults());
        assertEquals(872, csvDev.size());
        assertEquals(DatasetFormat.NEWSGROUPS_TSV, FormatDetector.detect(shared.resolve("20newsgroups/test.tsv.gz")));
        assertEquals(DatasetFormat.LABEL_TSV, FormatDetector.detect(shared.resolve("imdb/test.tsv.gz")));
    }

    @Test
    void clearErrors() throws IOException {
        DatasetException unknown = assertThrows(DatasetException.class,
                () -> loader.read("imbd:test", ReadOptions.defaults()));
        assertEquals("no such file or dataset: imbd:test (known datasets: 20newsgroups, imdb, sst2, sst5)",
                unknown.getMessage());
        DatasetException split = assertThrows(DatasetException.class,
                () -> loader.read("imdb:dev", ReadOptions.defaults()));
        assertEquals("dataset imdb has no split \"dev\" (splits: test, train)", split.getMessage());

        DatasetLoader noShared = new DatasetLoader(ManifestRepository.fromDirectory(Path.of("datasets")),
                new DataDirectory(dataDir), null);
        DatasetException missing = assertThrows(DatasetException.class,
                () -> noShared.read("imdb:test", ReadOptions.defaults()));
        assertTrue(missing.getMessage().contains("run `workbench data get imdb`"), missing.getMessage());
        assertTrue(missing.getMessage().contains(dataDir.resolve("imdb/aclImdb/test").toString()), missing.getMessage());

        Path odd = dataDir.resolve("odd.txt");
        Files.writeString(odd, "just some words\n");
        DatasetFormatException format = assertThrows(DatasetFormatException.class,
                () -> loader.read(odd.toString(), ReadOptions.defaults()));
        assertTrue(format.getMessage().startsWith(odd + ":1: cannot tell the dataset format"), format.getMessage());
    }

    @Test
    void dataDirectoryResolutionOrder() {
        assertEquals(Path.of("/x"), DataDirectory.resolve(Path.of("/x"), Map.of("WORKBENCH_DATA", "/y")).root());
        assertEquals(Path.of("/y"), DataDirectory.resolve(null, Map.of("WORKBENCH_DATA", "/y")).root());
        assertEquals(Path.of(System.getProperty("user.home"), ".attention-workbench", "data"),
                DataDirectory.resolve(null, Map.of()).root());
    }
}
