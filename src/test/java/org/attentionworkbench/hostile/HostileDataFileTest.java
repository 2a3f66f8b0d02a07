package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;

import org.attentionworkbench.data.DataDirectory;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.data.DatasetFormatException;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.data.ManifestRepository;
import org.attentionworkbench.data.ReadOptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "Data files": invalid UTF-8 is reported at its real line and byte offset and is a
 * malformed line like any other (skipped and counted with the skip-malformed option); standard input
 * follows the same strict rule; the shared datasets are found wherever the workbench is started.
 */
class HostileDataFileTest {

    @TempDir
    Path tmp;
    DatasetLoader loader;

    @BeforeEach
    void setUp() throws IOException {
        loader = new DatasetLoader(ManifestRepository.fromDirectory(Files.createDirectories(tmp.resolve("no-manifests"))),
                new DataDirectory(tmp.resolve("data")), null);
    }

    /** 999 good lines, line 1000 with a Latin-1 {@code é}, then ten good lines. */
    private static byte[] tsvWithLatin1OnLine1000(StringBuilder before) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (int i = 1; i <= 999; i++) {
            before.append(i % 2).append("\tgood review number ").append(i).append(" with several words\n");
        }
        out.writeBytes(before.toString().getBytes(StandardCharsets.UTF_8));
        out.writeBytes("0\tcaf".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9);
        out.writeBytes(" au lait\n".getBytes(StandardCharsets.UTF_8));
        for (int i = 0; i < 10; i++) {
            out.writeBytes(("1\tfine again " + i + "\n").getBytes(StandardCharsets.UTF_8));
        }
        return out.toByteArray();
    }

    @Test
    void invalidUtf8OnLine1000IsReportedAtLine1000WithItsByteOffset() throws IOException {
        StringBuilder before = new StringBuilder();
        Path f = Files.write(tmp.resolve("reviews.tsv"), tsvWithLatin1OnLine1000(before));
        long offset = before.toString().getBytes(StandardCharsets.UTF_8).length + "0\tcaf".length();
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> loader.readPath(f, ReadOptions.defaults()));
        assertEquals(1000, e.line(), e.getMessage());
        assertTrue(e.getMessage().startsWith(f + ":1000: not valid UTF-8: bytes 0xE9 0x20 0x61 0x75 at byte offset "
                + offset + " (byte 6 of the line)"), e.getMessage());
        assertTrue(e.getMessage().contains("skip-malformed"), e.getMessage());
        HostileOutput.assertClean(e.getMessage());
    }

    @Test
    void skipMalformedSkipsTheInvalidLineAndCountsIt() throws IOException {
        Path f = Files.write(tmp.resolve("reviews.tsv"), tsvWithLatin1OnLine1000(new StringBuilder()));
        Dataset d = loader.readPath(f, ReadOptions.skippingMalformed());
        assertEquals(1009, d.size());
        assertEquals(1, d.skipped());
        assertEquals("reviews.tsv:1001", d.documents().get(999).id()); // later lines keep their numbers
    }

    @Test
    void inGzipTheOffsetCountsTheUncompressedData() throws IOException {
        StringBuilder before = new StringBuilder();
        byte[] plain = tsvWithLatin1OnLine1000(before);
        Path gz = tmp.resolve("reviews.tsv.gz");
        try (OutputStream out = new GZIPOutputStream(Files.newOutputStream(gz))) {
            out.write(plain);
        }
        long offset = before.toString().getBytes(StandardCharsets.UTF_8).length + "0\tcaf".length();
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> loader.readPath(gz, ReadOptions.defaults()));
        assertTrue(e.getMessage().contains(":1000: not valid UTF-8: bytes 0xE9 0x20 0x61 0x75 at byte offset " + offset
                + " of the uncompressed data"), e.getMessage());
        assertEquals(1, loader.readPath(gz, ReadOptions.skippingMalformed()).skipped());
    }

    @Test
    void aCsvRecordWithAnInvalidLineInsideItsQuotedFieldIsSkippedWhole() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes("text,label\n\"first\",1\n\"a quoted field\nspanning caf".getBytes(StandardCharsets.UTF_8));
        out.write(0xE9);
        out.writeBytes("\nthree lines\",0\n\"last\",0\n".getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(tmp.resolve("data.csv"), out.toByteArray());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> loader.readPath(f, ReadOptions.defaults()));
        assertEquals(4, e.line(), e.getMessage());
        Dataset d = loader.readPath(f, ReadOptions.skippingMalformed());
        assertEquals(List.of("first", "last"), d.documents().stream().map(doc -> doc.text()).toList());
        assertEquals(1, d.skipped());
    }

    @Test
    void anInvalidFirstLineIsSkippableToo() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0xFF);
        out.writeBytes("1\tbad start\n0\tgood\n1\tgood too\n".getBytes(StandardCharsets.UTF_8));
        Path f = Files.write(tmp.resolve("first.tsv"), out.toByteArray());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> loader.readPath(f, ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(f + ":1: not valid UTF-8: bytes 0xFF 0x31 0x09 0x62 at byte offset 0"),
                e.getMessage());
        Dataset d = loader.readPath(f, ReadOptions.skippingMalformed());
        assertEquals(2, d.size());
        assertEquals(1, d.skipped());
    }

    @Test
    void anAclImdbReviewThatIsNotUtf8IsNamedAndCanBeSkipped() throws IOException {
        Path split = tmp.resolve("aclImdb/test");
        Files.createDirectories(split.resolve("pos"));
        Files.createDirectories(split.resolve("neg"));
        Files.writeString(split.resolve("pos/0_9.txt"), "great film");
        Files.writeString(split.resolve("neg/0_2.txt"), "dull film");
        ByteArrayOutputStream bad = new ByteArrayOutputStream();
        bad.writeBytes("first line\nsecond caf".getBytes(StandardCharsets.UTF_8));
        bad.write(0xE9);
        Path review = Files.write(split.resolve("neg/1_1.txt"), bad.toByteArray());
        DatasetFormatException e = assertThrows(DatasetFormatException.class, () -> loader.readPath(split, ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith(review + ":2: not valid UTF-8: bytes 0xE9 at byte offset 21"), e.getMessage());
        Dataset d = loader.readPath(split, ReadOptions.skippingMalformed());
        assertEquals(2, d.size());
        assertEquals(1, d.skipped());
    }

    @Test
    void evaluateWithSkipMalformedCountsTheInvalidLineInItsSummary() throws IOException {
        Path f = Files.write(tmp.resolve("reviews.tsv"), tsvWithLatin1OnLine1000(new StringBuilder()));
        DataCliRun strict = DataCliRun.of("evaluate", "-m", "sst2-average", "--data", f.toString(), "--limit", "20");
        HostileOutput.assertClean(strict.all());
        assertEquals(1, strict.exit(), strict.all());
        assertTrue(strict.err().contains(f + ":1000: not valid UTF-8"), strict.err());
        DataCliRun skipping = DataCliRun.of("evaluate", "-m", "sst2-average", "--data", f.toString(), "--limit", "20",
                "--skip-malformed");
        HostileOutput.assertClean(skipping.all());
        assertEquals(0, skipping.exit(), skipping.all());
        assertTrue(skipping.out().contains("(1 malformed line skipped)"), skipping.out());
    }

    @Test
    void standardInputThatIsNotUtf8IsRefusedWithWhereTheByteIs() {
        byte[] latin1 = "a caf\u00e9 review\nthat is fine".getBytes(StandardCharsets.ISO_8859_1);
        DataCliRun r = DataCliRun.withStdin(latin1, "predict", "-m", "sst2-average");
        HostileOutput.assertClean(r.all());
        assertEquals(1, r.exit(), r.all());
        assertEquals("workbench: standard input is not valid UTF-8: byte 0xE9 at byte offset 5 (line 1); convert it to "
                + "UTF-8 (e.g. iconv -f latin1 -t utf-8) or give the text with --text", r.err().strip());
        assertEquals("", r.out());

        DataCliRun ok = DataCliRun.withStdin("a caf\u00e9 review".getBytes(StandardCharsets.UTF_8), "predict", "-m",
                "sst2-average");
        assertEquals(0, ok.exit(), ok.all());
        assertTrue(ok.out().startsWith("label:"), ok.out());
    }

    // --- the shared datasets folder ------------------------------------------------------------------

    /** A checkout beside {@code shared/datasets}, as in the project's own layout, and a manifest using it. */
    private Path checkout() throws IOException {
        Path root = tmp.resolve("work");
        Path shared = Files.createDirectories(root.resolve("shared/datasets/tiny"));
        Files.writeString(shared.resolve("test.tsv"), "0\tdull\n1\tgreat\n1\tfun\n");
        Path manifests = Files.createDirectories(root.resolve("project/datasets"));
        Files.writeString(manifests.resolve("tiny.json"), "{\"name\":\"tiny\",\"title\":\"T\",\"homepage\":\"h\","
                + "\"archive\":{\"url\":\"https://example.org/t.tar.gz\",\"file_name\":\"t.tar.gz\",\"format\":\"tar.gz\","
                + "\"sha256_verified\":false,\"note\":\"test\"},\"labels\":[\"neg\",\"pos\"],\"default_split\":\"test\","
                + "\"splits\":{\"test\":{\"path\":\"tiny/test.tsv\",\"format\":\"label-tsv\"}},"
                + "\"preprocessed\":{\"test\":{\"path\":\"tiny/test.tsv\",\"format\":\"label-tsv\"}},\"citation\":\"c\"}");
        Files.createDirectories(root.resolve("project/target/classes"));
        Files.createDirectories(root.resolve("project/target/workbench/lib"));
        return root;
    }

    @Test
    void theSharedFolderIsFoundFromTheInstallationWhenStartedElsewhere() throws IOException {
        Path root = checkout();
        Path elsewhere = Files.createDirectories(tmp.resolve("somewhere/else"));
        Path expected = root.resolve("shared/datasets").toAbsolutePath().normalize();
        Map<String, String> noEnv = Map.of();
        // The classes folder of a checkout, and the launcher's lib/ folder and basedir.
        for (Path installation : List.of(root.resolve("project/target/classes"),
                root.resolve("project/target/workbench/lib/workbench.jar"), root.resolve("project/target/workbench"))) {
            assertEquals(expected, DatasetLoader.locateSharedDatasets(noEnv, name -> null, List.of(installation), elsewhere),
                    installation.toString());
        }
        // The working directory still counts: ../shared/datasets from the project folder.
        assertEquals(expected, DatasetLoader.locateSharedDatasets(noEnv, name -> null, List.of(), root.resolve("project")));
        assertNull(DatasetLoader.locateSharedDatasets(noEnv, name -> null, List.of(), elsewhere));
        // A configured folder is used alone, never replaced by a guess.
        Path missing = tmp.resolve("missing");
        Path configured = DatasetLoader.locateSharedDatasets(Map.of(DatasetLoader.SHARED_ENV, missing.toString()),
                name -> null, List.of(root.resolve("project/target/classes")), elsewhere);
        assertEquals(missing, configured);
        // ... and the message names it, instead of "none was found beside the installation" (there was one).
        DatasetException e = assertThrows(DatasetException.class, () -> new DatasetLoader(
                ManifestRepository.fromDirectory(root.resolve("project/datasets")), new DataDirectory(tmp.resolve("data")),
                configured).read("tiny:test", ReadOptions.defaults()));
        assertTrue(e.getMessage().contains("set WORKBENCH_SHARED_DATASETS to the shared datasets folder that holds "
                + "tiny/test.tsv (" + missing + ", configured, is not a folder)"), e.getMessage());
        HostileOutput.assertClean(e.getMessage());

        Path shared = DatasetLoader.locateSharedDatasets(noEnv, name -> null,
                List.of(root.resolve("project/target/classes")), elsewhere);
        Dataset d = new DatasetLoader(ManifestRepository.fromDirectory(root.resolve("project/datasets")),
                new DataDirectory(tmp.resolve("data")), shared).read("tiny:test", ReadOptions.defaults());
        assertEquals(3, d.size());
        assertEquals("tiny:test", d.name());
    }

    @Test
    void notAvailableLocallyNamesTheSettingThatPointsToTheSharedFolder() throws IOException {
        Path root = checkout();
        DatasetLoader none = new DatasetLoader(ManifestRepository.fromDirectory(root.resolve("project/datasets")),
                new DataDirectory(tmp.resolve("data")), null);
        DatasetException e = assertThrows(DatasetException.class, () -> none.read("tiny:test", ReadOptions.defaults()));
        assertTrue(e.getMessage().startsWith("dataset tiny:test is not available locally"), e.getMessage());
        assertTrue(e.getMessage().contains("run `workbench data get tiny`, or set WORKBENCH_SHARED_DATASETS to the shared "
                + "datasets folder that holds tiny/test.tsv"), e.getMessage());
        HostileOutput.assertClean(e.getMessage());
    }
}
