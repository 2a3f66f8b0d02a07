package org.attentionworkbench.data;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Downloads from a local HTTP server on 127.0.0.1 (never the internet): success and each failure. */
class DataFetcherTest {

    @TempDir
    Path tmp;
    HttpServer server;
    byte[] good;

    @BeforeEach
    void startServer() throws Exception {
        good = new TestArchives()
                .file("trees/train.txt", "(4 (4 great) (3 fun))\n(0 (0 dull))\n(2 (2 so-so))\n")
                .file("trees/dev.txt", "(3 (3 nice))\n")
                .tarGz();
        byte[] evil = new TestArchives().file("trees/dev.txt", "(3 (3 x))\n").file("../../escaped.txt", "x").tarGz();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/good.tar.gz", ex -> {
            ex.sendResponseHeaders(200, good.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(good);
            }
        });
        server.createContext("/evil.tar.gz", ex -> {
            ex.sendResponseHeaders(200, evil.length);
            try (OutputStream out = ex.getResponseBody()) {
                out.write(evil);
            }
        });
        server.createContext("/truncated.tar.gz", ex -> {
            // Announce the full length, send half, then drop the connection.
            ex.sendResponseHeaders(200, good.length);
            OutputStream out = ex.getResponseBody();
            out.write(good, 0, good.length / 2);
            out.flush();
            ex.close();
        });
        server.createContext("/missing.tar.gz", ex -> {
            ex.sendResponseHeaders(404, -1);
            ex.close();
        });
        server.start();
    }

    @AfterEach
    void stopServer() {
        server.stop(0);
    }

    private URI url(String path) {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path);
    }

    private static DatasetManifest manifest(String sha256) {
        return new DatasetManifest("tiny", "Tiny", "test", "http://127.0.0.1/", new DatasetManifest.Archive(
                "http://127.0.0.1/unused.tar.gz", "tiny.tar.gz", "tar.gz", sha256, null, null, false, "test"),
                List.of("neg", "pos"), "train",
                Map.of("train", new DatasetManifest.SplitFile("trees/train.txt", "sst-trees-binary")),
                Map.of(), Map.of("train", 2), "none", "none");
    }

    private String sha256(byte[] b) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(b));
    }

    /** Nothing but the (empty) downloads folder may remain after a failure. */
    private void assertNothingLeft(DataDirectory dir) throws IOException {
        try (Stream<Path> files = Files.walk(dir.root())) {
            assertEquals(List.of(), files.filter(Files::isRegularFile).toList());
        }
        assertFalse(dir.isPresent("tiny"));
    }

    @Test
    void downloadsVerifiesUnpacksAndLoads() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        List<long[]> progress = new ArrayList<>();
        DataFetcher.FetchResult r = new DataFetcher().fetch(manifest(sha256(good)), dir, url("/good.tar.gz"),
                (done, total) -> progress.add(new long[] {done, total}));
        assertTrue(r.verified());
        assertEquals(sha256(good), r.sha256());
        assertEquals(good.length, r.bytes());
        assertEquals(2, r.files());
        assertTrue(dir.isPresent("tiny"));
        long[] last = progress.get(progress.size() - 1);
        assertEquals(good.length, last[0]);
        assertEquals(good.length, last[1]);
        assertFalse(Files.exists(tmp.resolve("data/.downloads/tiny.tar.gz.part")));

        Dataset d = DatasetFormat.SST_TREES_BINARY.reader().read(r.folder().resolve("trees/train.txt"));
        assertEquals(2, d.size()); // the neutral tree is dropped
    }

    @Test
    void unknownChecksumIsAcceptedButReportedAsUnverified() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        DataFetcher.FetchResult r = new DataFetcher().fetch(manifest(null), dir, url("/good.tar.gz"),
                DataFetcher.ProgressListener.none());
        assertFalse(r.verified());
        assertEquals(sha256(good), r.sha256());
    }

    @Test
    void wrongChecksumIsRefusedAndTheFileDeleted() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        String wrong = "0".repeat(64);
        DatasetException e = assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest(wrong),
                dir, url("/good.tar.gz"), DataFetcher.ProgressListener.none()));
        assertTrue(e.getMessage().startsWith("checksum mismatch for " + url("/good.tar.gz") + ": expected sha256 "
                + wrong + ", got " + sha256(good)), e.getMessage());
        assertNothingLeft(dir);
    }

    @Test
    void truncatedDownloadIsAClearError() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        DatasetException e = assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest(null),
                dir, url("/truncated.tar.gz"), DataFetcher.ProgressListener.none()));
        assertTrue(e.getMessage().startsWith("download of " + url("/truncated.tar.gz") + " truncated: received "),
                e.getMessage());
        assertTrue(e.getMessage().contains(" of " + good.length + " bytes"), e.getMessage());
        assertNothingLeft(dir);
    }

    @Test
    void traversalEntryIsRejectedAndNothingIsInstalled() throws Exception {
        DataDirectory dir = new DataDirectory(tmp.resolve("deep/data"));
        DatasetException e = assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest(null),
                dir, url("/evil.tar.gz"), DataFetcher.ProgressListener.none()));
        assertEquals("refusing to unpack unsafe archive entry \"../../escaped.txt\": path contains \"..\"; "
                + "nothing of it was kept", e.getMessage());
        assertFalse(Files.exists(tmp.resolve("escaped.txt")));
        assertFalse(Files.exists(tmp.resolve("deep/escaped.txt")));
        assertNothingLeft(dir);
    }

    @Test
    void httpErrorIsAClearError() {
        DataDirectory dir = new DataDirectory(tmp.resolve("data"));
        DatasetException e = assertThrows(DatasetException.class, () -> new DataFetcher().fetch(manifest(null),
                dir, url("/missing.tar.gz"), DataFetcher.ProgressListener.none()));
        assertEquals("cannot download " + url("/missing.tar.gz") + ": HTTP 404", e.getMessage());
    }
}
