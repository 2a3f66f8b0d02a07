package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.attentionworkbench.data.ArchiveUnpacker;
import org.attentionworkbench.data.DataDirectory;
import org.attentionworkbench.data.DataFetcher;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.data.DatasetManifest;
import org.attentionworkbench.data.ManifestRepository;
import org.attentionworkbench.data.TestArchives;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Issue 17, "Downloads and manifests": a manifest and the archive it points to are untrusted. Nothing
 * outside the data directory is written or deleted, whatever the manifest's name, file name or split
 * paths, or the archive's entries say (both layers: the manifest check and the unpacker); an archive
 * that unpacks past its cap stops cleanly and leaves nothing taken for data. Every archive is served
 * from 127.0.0.1 and every input is built in a temporary folder.
 */
class HostileManifestTest {

    private static final String TREES = "(4 (4 great) (3 fun))\n(0 (0 dull))\n";

    @TempDir
    Path tmp;
    Path data;
    Path manifests;
    HttpServer server;

    @BeforeEach
    void setUp() throws IOException {
        data = tmp.resolve("data");
        manifests = Files.createDirectories(tmp.resolve("manifests"));
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.start();
    }

    @AfterEach
    void tearDown() {
        server.stop(0);
    }

    /** Serves {@code body} at {@code /path} and returns its address. */
    private String serve(String path, byte[] body) {
        server.createContext("/" + path, ex -> {
            ex.sendResponseHeaders(200, body.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(body);
            }
        });
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/" + path;
    }

    /** Writes a manifest (no sha256, as a careless or hostile one would) and returns its file. */
    private Path manifestFile(String file, String name, String fileName, String url, String format, String splitPath)
            throws IOException {
        String json = ("{\"name\":%s,\"title\":\"T\",\"homepage\":\"h\",\"archive\":{\"url\":%s,\"file_name\":%s,"
                + "\"format\":%s,\"sha256_verified\":false,\"note\":\"test\"},\"labels\":[\"neg\",\"pos\"],"
                + "\"default_split\":\"dev\",\"splits\":{\"dev\":{\"path\":%s,\"format\":\"sst-trees-binary\"}},"
                + "\"citation\":\"c\"}").formatted(q(name), q(url), q(fileName), q(format), q(splitPath));
        return Files.writeString(manifests.resolve(file), json);
    }

    private static String q(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }

    private static DatasetManifest manifest(String name, String fileName, String format) {
        return new DatasetManifest(name, "T", "d", "h", new DatasetManifest.Archive("http://127.0.0.1/unused",
                fileName, format, null, null, null, false, "test"), List.of("neg", "pos"), "dev",
                Map.of("dev", new DatasetManifest.SplitFile("trees/dev.txt", "sst-trees-binary")), Map.of(),
                Map.of(), "none", "none");
    }

    private DataCliRun get(String name) {
        DataCliRun r = DataCliRun.of("data", "get", "--manifests", manifests.toString(), "--data-dir", data.toString(), name);
        HostileOutput.assertClean(r.all());
        return r;
    }

    /** A folder outside the data directory with one file, to see whether anything touches it. */
    private Path victim() throws IOException {
        Path victim = Files.createDirectories(tmp.resolve("victim"));
        Files.writeString(victim.resolve("keep.txt"), "mine");
        return victim;
    }

    private void assertUntouched(Path victim) throws IOException {
        assertEquals(List.of(victim.resolve("keep.txt")), list(victim));
        assertEquals("mine", Files.readString(victim.resolve("keep.txt")));
    }

    private static List<Path> list(Path folder) throws IOException {
        try (Stream<Path> s = Files.walk(folder)) {
            return s.filter(p -> !Files.isDirectory(p, java.nio.file.LinkOption.NOFOLLOW_LINKS)).sorted().toList();
        }
    }

    /** Nothing in the data directory but (empty) folders: no file, no dataset taken for data. */
    private void assertNoDataKept(String name) throws IOException {
        if (Files.exists(data)) {
            assertEquals(List.of(), list(data));
        }
        assertFalse(new DataDirectory(data).isPresent(name));
    }

    private byte[] goodTarGz() throws IOException {
        return new TestArchives().file("trees/dev.txt", TREES).tarGz();
    }

    // --- names and file names --------------------------------------------------------------------

    @Test
    void aManifestNamedDotDotVictimNeitherDeletesNorWritesOutsideTheDataDirectory() throws IOException {
        Path victim = victim();
        manifestFile("victim.json", "../victim", "tiny.tar.gz", serve("good.tar.gz", goodTarGz()), "tar.gz", "trees/dev.txt");
        DataCliRun r = get("../victim");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("name \"../victim\" is not a plain name"), r.err());
        assertTrue(r.err().contains(manifests.resolve("victim.json").toString()), r.err());
        assertEquals(1, r.err().strip().lines().count(), r.err());
        assertUntouched(victim);
        assertNoDataKept("victim");
    }

    @Test
    void anArchiveFileNameThatClimbsOutOfDownloadsIsRefusedBeforeTheDownload() throws IOException {
        // .downloads/../../evilpart.part is tmp/evilpart.part: the download used to overwrite, then delete it.
        Path outside = Files.writeString(tmp.resolve("evilpart.part"), "mine");
        manifestFile("tiny.json", "tiny", "../../evilpart", serve("good.tar.gz", goodTarGz()), "tar.gz", "trees/dev.txt");
        DataCliRun r = get("tiny");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("archive.file_name \"../../evilpart\" is not a plain file name"), r.err());
        assertEquals("mine", Files.readString(outside));
        assertNoDataKept("tiny");
    }

    @Test
    void splitPathsThatLeaveTheirFolderAreRefusedWhenTheManifestIsRead() throws IOException {
        manifestFile("tiny.json", "tiny", "tiny.tar.gz", "https://example.org/t.tar.gz", "tar.gz", "../../../etc/passwd");
        DatasetException e = assertThrows(DatasetException.class, () -> ManifestRepository.fromDirectory(manifests));
        assertTrue(e.getMessage().contains("splits.dev.path \"../../../etc/passwd\" must be a relative path"),
                e.getMessage());
        HostileOutput.assertClean(e.getMessage());
    }

    @Test
    void theDataLayerChecksNamesItselfWhenAManifestDoesNotComeFromARepository() throws IOException {
        Path victim = victim();
        DataDirectory dir = new DataDirectory(data);
        for (String bad : new String[] {"../victim", "..", ".", "a/b", "a\\b", "/abs", "", ".downloads", "x..y",
                "ok\nname", "C:evil"}) {
            DatasetException e = assertThrows(DatasetException.class, () -> dir.datasetFolder(bad), bad);
            assertTrue(e.getMessage().contains("is not a plain name"), e.getMessage());
            assertFalse(dir.isPresent(bad), bad);
            assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest(bad, "t.tar.gz", "tar.gz"),
                    dir, java.net.URI.create("http://127.0.0.1:1/never"), DataFetcher.ProgressListener.none()), bad);
            assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest("tiny", bad, "tar.gz"),
                    dir, java.net.URI.create("http://127.0.0.1:1/never"), DataFetcher.ProgressListener.none()), bad);
        }
        for (String good : new String[] {"imdb", "20newsgroups", "sst-2_v1.0", "aclImdb_v1.tar.gz"}) {
            assertEquals(data.resolve(good), dir.datasetFolder(good));
        }
        assertUntouched(victim);
        assertNoDataKept("tiny");
    }

    // --- the archive layer, through `data get` ----------------------------------------------------

    @Test
    void archiveEntriesThatEscapeAreRefusedAndNothingIsKept() throws IOException {
        Path victim = victim();
        Map<String, byte[]> archives = Map.of(
                "dotdot", new TestArchives().file("trees/dev.txt", TREES).file("../../victim/keep.txt", "overwritten").tarGz(),
                "absolute", new TestArchives().file("trees/dev.txt", TREES).file(victim.resolve("keep.txt").toString(), "x").tarGz(),
                "symlink", new TestArchives().file("trees/dev.txt", TREES).symlink("trees/out", "../../../victim").tarGz(),
                "hardlink", new TestArchives().file("trees/dev.txt", TREES).hardLink("trees/h", "../victim/keep.txt").tarGz());
        for (Map.Entry<String, byte[]> a : archives.entrySet()) {
            Files.deleteIfExists(manifests.resolve("tiny.json"));
            manifestFile("tiny.json", "tiny", "tiny.tar.gz", serve(a.getKey() + ".tar.gz", a.getValue()), "tar.gz",
                    "trees/dev.txt");
            DataCliRun r = get("tiny");
            assertEquals(1, r.exit(), a.getKey() + ": " + r.all());
            assertTrue(r.err().contains("refusing to unpack unsafe archive entry"), a.getKey() + ": " + r.err());
            assertUntouched(victim);
            assertNoDataKept("tiny");
        }
    }

    @Test
    void aLinkThatStaysInsideIsNotCreatedSoNothingIsWrittenThroughIt() throws IOException {
        Path victim = victim();
        byte[] archive = new TestArchives().file("trees/dev.txt", TREES).symlink("trees/here", ".")
                .file("trees/here/extra.txt", "inside").tarGz();
        manifestFile("tiny.json", "tiny", "tiny.tar.gz", serve("inside.tar.gz", archive), "tar.gz", "trees/dev.txt");
        DataCliRun r = get("tiny");
        assertEquals(0, r.exit(), r.all());
        assertFalse(Files.isSymbolicLink(data.resolve("tiny/trees/here")));
        assertEquals("inside", Files.readString(data.resolve("tiny/trees/here/extra.txt")));
        assertUntouched(victim);
    }

    // --- the unpacked cap ---------------------------------------------------------------------------

    @Test
    void anEntryDeclaringFourGibibytesIsRefusedFromItsHeaderWithTheCapInTheMessage() throws IOException {
        // A few kilobytes whose tar header says 4 GiB; no sha256 and no size in the manifest, so the
        // download itself is accepted. Refused before any of the entry is written.
        byte[] bomb = new TestArchives().file("trees/dev.txt", TREES).declaring("trees/zeros.bin", 4L << 30, 1 << 16).tarGz();
        manifestFile("tiny.json", "tiny", "tiny.tar.gz", serve("bomb.tar.gz", bomb), "tar.gz", "trees/dev.txt");
        DataCliRun r = get("tiny");
        assertEquals(1, r.exit(), r.all());
        assertTrue(r.err().contains("unpacks to more than 256 MiB (268,435,456 bytes)"), r.err());
        assertTrue(r.err().contains("20 times the archive's"), r.err());
        assertTrue(r.err().contains("\"trees/zeros.bin\" declares 4 GiB (4,294,967,296 bytes)"), r.err());
        assertEquals(1, r.err().lines().filter(l -> l.startsWith("workbench")).count(), r.err());
        assertNoDataKept("tiny");
    }

    @Test
    void zipEntriesOfUnknownSizeStopAtTheCapAndTheOldDatasetStays() throws IOException {
        // Deflated zip entries carry their size only after the data, so the cap is met while writing.
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("trees/dev.txt"));
            zip.write(TREES.getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 4; i++) {
                zip.putNextEntry(new ZipEntry("trees/zeros" + i + ".bin"));
                zip.write(new byte[512 << 10]);
            }
        }
        DataDirectory dir = new DataDirectory(data);
        DataFetcher fetcher = new DataFetcher().withMaxUnpackedBytes(1 << 20);
        // A complete earlier download of the same dataset must survive the refused one.
        byte[] small = new TestArchives().file("trees/dev.txt", TREES).tarGz();
        DatasetManifest ok = manifest("tiny", "tiny.tar.gz", "tar.gz");
        fetcher.fetch(ok, dir, java.net.URI.create(serve("small.tar.gz", small)), DataFetcher.ProgressListener.none());
        assertTrue(dir.isPresent("tiny"));

        DatasetManifest bomb = manifest("tiny", "tiny.zip", "zip");
        DatasetException e = assertThrows(DatasetException.class, () -> fetcher.fetch(bomb, dir,
                java.net.URI.create(serve("bomb.zip", bytes.toByteArray())), DataFetcher.ProgressListener.none()));
        assertTrue(e.getMessage().contains("unpacks to more than 1 MiB (1,048,576 bytes) (the cap: set for this download)"),
                e.getMessage());
        assertTrue(e.getMessage().contains("passes the cap while being unpacked"), e.getMessage());
        HostileOutput.assertClean(e.getMessage());
        assertTrue(dir.isPresent("tiny"));
        assertEquals(List.of(data.resolve("tiny/.complete"), data.resolve("tiny/trees/dev.txt")), list(data));
    }

    @Test
    void manyTarEntriesUnderTheCapEachAreStoppedWhenTheirTotalPassesIt() throws IOException {
        TestArchives tar = new TestArchives();
        for (int i = 0; i < 5; i++) {
            tar.zeros("z/" + i + ".bin", 300 << 10);
        }
        Path archive = Files.write(tmp.resolve("many.tar.gz"), tar.tarGz());
        Path target = tmp.resolve("unpacked");
        DatasetException e = assertThrows(DatasetException.class,
                () -> ArchiveUnpacker.unpack(archive, "tar.gz", target, 1 << 20, "for this test"));
        assertTrue(e.getMessage().contains("entry \"z/3.bin\" declares 300 KiB (307,200 bytes) after 900 KiB"),
                e.getMessage());
        long written;
        try (Stream<Path> s = Files.walk(target)) {
            written = s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
        }
        assertTrue(written <= 1 << 20, "written " + written);
        // The default cap follows the archive's size: 20 times it, at least 256 MiB.
        assertEquals(256L << 20, ArchiveUnpacker.defaultMaxBytes(4 << 20));
        assertEquals(20L * (100 << 20), ArchiveUnpacker.defaultMaxBytes(100 << 20));
        assertEquals(Long.MAX_VALUE, ArchiveUnpacker.defaultMaxBytes(Long.MAX_VALUE / 2));
    }
}
