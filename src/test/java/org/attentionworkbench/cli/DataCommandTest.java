package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/** The data command end to end, downloading only from a local server on 127.0.0.1. */
class DataCommandTest {

    @TempDir
    Path tmp;
    HttpServer server;
    byte[] zip;
    final StringWriter out = new StringWriter();
    final StringWriter err = new StringWriter();

    @BeforeEach
    void startServer() throws IOException {
        var bytes = new java.io.ByteArrayOutputStream();
        try (ZipOutputStream z = new ZipOutputStream(bytes)) {
            z.putNextEntry(new ZipEntry("trees/dev.txt"));
            z.write("(3 (3 nice))\n".getBytes(StandardCharsets.UTF_8));
        }
        zip = bytes.toByteArray();
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/trees.zip", ex -> {
            ex.sendResponseHeaders(200, zip.length);
            try (OutputStream o = ex.getResponseBody()) {
                o.write(zip);
            }
        });
        server.start();
    }

    @AfterEach
    void stop() {
        server.stop(0);
    }

    private int run(String... args) {
        CommandLine cl = new CommandLine(new DataCommand());
        cl.setOut(new PrintWriter(out, true));
        cl.setErr(new PrintWriter(err, true));
        return cl.execute(args);
    }

    private String mirror() {
        return "http://127.0.0.1:" + server.getAddress().getPort() + "/trees.zip";
    }

    @Test
    void listShowsAllManifestsAndTheirStatus() {
        assertEquals(0, run("list", "--manifests", "datasets", "--data-dir", tmp.toString()));
        String text = out.toString();
        for (String name : new String[] {"20newsgroups", "imdb", "sst2", "sst5"}) {
            assertTrue(text.lines().anyMatch(l -> l.startsWith(name + " ")), text);
        }
        assertTrue(text.contains("data directory: " + tmp.toAbsolutePath()), text);
    }

    @Test
    void getDownloadsWithAProgressBar() throws Exception {
        String sha = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(zip));
        Path manifests = Files.createDirectories(tmp.resolve("manifests"));
        Files.writeString(manifests.resolve("tiny.json"), ("{\"name\":\"tiny\",\"title\":\"Tiny\",\"homepage\":\"h\","
                + "\"archive\":{\"url\":\"%s\",\"file_name\":\"trees.zip\",\"format\":\"zip\",\"sha256\":\"%s\","
                + "\"sha256_verified\":true},\"labels\":[\"neg\",\"pos\"],\"default_split\":\"dev\","
                + "\"splits\":{\"dev\":{\"path\":\"trees/dev.txt\",\"format\":\"sst-trees-binary\"}},"
                + "\"citation\":\"c\"}").formatted(mirror(), sha));
        Path data = tmp.resolve("data");
        assertEquals(0, run("get", "tiny", "--manifests", manifests.toString(), "--data-dir", data.toString()), err.toString());
        assertTrue(out.toString().contains("tiny: 1 files unpacked into " + data.resolve("tiny").toAbsolutePath()), out.toString());
        assertTrue(out.toString().contains("sha256 " + sha + " (matches the manifest)"), out.toString());
        assertTrue(err.toString().contains("100%"), err.toString());
        assertTrue(Files.exists(data.resolve("tiny/trees/dev.txt")));

        out.getBuffer().setLength(0);
        assertEquals(0, run("get", "tiny", "--manifests", manifests.toString(), "--data-dir", data.toString()));
        assertTrue(out.toString().startsWith("tiny is already present"), out.toString());
    }

    @Test
    void errorsAreOneLineWithNonZeroExit() {
        assertEquals(1, run("get", "nope", "--manifests", "datasets", "--data-dir", tmp.toString()));
        assertEquals("workbench data get: unknown dataset \"nope\" (known: 20newsgroups, imdb, sst2, sst5)",
                err.toString().strip());

        err.getBuffer().setLength(0);
        // The real sst5 manifest's size and checksum do not match the local test archive.
        assertEquals(1, run("get", "sst5", "--from", mirror(), "--manifests", "datasets", "--data-dir", tmp.toString()));
        String last = err.toString().strip().lines().reduce((a, b) -> b).orElse("");
        assertTrue(last.startsWith("workbench data get: size mismatch for " + mirror()), err.toString());
        assertFalse(err.toString().contains("Exception"), err.toString());
        assertFalse(err.toString().contains("\tat "), err.toString());
        assertFalse(Files.exists(tmp.resolve("sst5")));
    }

    @Test
    void progressBarLine() {
        assertEquals("[############------------]  50%     40.0 / 80.0 MB     4.0 MB/s  ETA 0:10",
                ProgressBar.downloadLine(40L << 20, 80L << 20, 10.0));
        assertEquals("    12.0 MB     1.0 MB/s", ProgressBar.downloadLine(12L << 20, -1, 12.0));
    }
}
