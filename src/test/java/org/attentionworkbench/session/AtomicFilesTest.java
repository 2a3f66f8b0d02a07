package org.attentionworkbench.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFilePermission;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Atomic writes when two threads (the autosave thread and the window closing) write one file. */
class AtomicFilesTest {

    @TempDir
    Path dir;

    /** Writer {@code w}'s {@code k}-th content: its own letter, a length of its own, so a mix shows. */
    private static byte[] payload(int w, int k) {
        return String.valueOf((char) ('a' + w)).repeat(1000 + 7919 * w + 13 * k).getBytes(StandardCharsets.US_ASCII);
    }

    @Test
    void concurrentWritersNeverFailNorMixTheirBytes() throws Exception {
        Path target = dir.resolve("autosave" + SessionStore.EXTENSION);
        int writers = 4;
        int rounds = 200;
        Set<String> written = ConcurrentHashMap.newKeySet();
        for (int w = 0; w < writers; w++) {
            for (int k = 0; k < rounds; k++) written.add(new String(payload(w, k), StandardCharsets.US_ASCII));
        }
        ExecutorService pool = Executors.newFixedThreadPool(writers);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<?>> runs = new ArrayList<>();
        List<String> torn = Collections.synchronizedList(new ArrayList<>());
        try {
            for (int w = 0; w < writers; w++) {
                int writer = w;
                runs.add(pool.submit(() -> {
                    go.await();
                    for (int k = 0; k < rounds; k++) {
                        AtomicFiles.write(target, payload(writer, k));
                        // What a reader sees at any moment is one whole write, never a blend.
                        String seen = Files.readString(target, StandardCharsets.US_ASCII);
                        if (!written.contains(seen)) torn.add(seen.length() + " bytes");
                    }
                    return null;
                }));
            }
            go.countDown();
            for (Future<?> f : runs) f.get(60, TimeUnit.SECONDS); // a writer's exception fails here
        } finally {
            pool.shutdownNow();
        }
        assertEquals(List.of(), torn, "reads that were no single write");
        assertTrue(written.contains(Files.readString(target, StandardCharsets.US_ASCII)), "the last write is whole");
        assertEquals(List.of(target), files(), "no temporary file left behind");
    }

    /**
     * A written file has the permissions of any new file (an audit's tables and figures are files to
     * share; with {@code Files.createTempFile}'s temporary file they were owner-only, rw-------,
     * beside a documents.csv that was not), and a rewritten file keeps the permissions it had.
     */
    @Test
    void aWrittenFileHasANewFilesPermissionsAndARewriteKeepsItsOwn() throws Exception {
        assumeTrue(Files.getFileStore(dir).supportsFileAttributeView(PosixFileAttributeView.class), "POSIX permissions");
        Set<PosixFilePermission> usual = Files.getPosixFilePermissions(Files.createFile(dir.resolve("plain.csv")));
        Path table = dir.resolve("table.csv");
        AtomicFiles.write(table, "a,b\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(usual, Files.getPosixFilePermissions(table), "a new file's permissions");

        Set<PosixFilePermission> chosen = PosixFilePermissions.fromString("rw-rw-r--");
        Files.setPosixFilePermissions(table, chosen);
        AtomicFiles.write(table, "a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
        assertEquals(chosen, Files.getPosixFilePermissions(table), "a rewrite keeps the file's permissions");
    }

    @Test
    void aFailedWriteLeavesTheOldFileAndNoTemporaryFile() throws Exception {
        Path target = dir.resolve("settings.json");
        AtomicFiles.write(target, "old".getBytes(StandardCharsets.UTF_8));
        // The move fails: the target is now a folder that is not empty.
        Files.delete(target);
        Files.createDirectory(target);
        Files.writeString(target.resolve("inside"), "x");
        assertThrows(IOException.class, () -> AtomicFiles.write(target, "new".getBytes(StandardCharsets.UTF_8)));
        assertEquals(List.of(target), files(), "the temporary file was removed");
    }

    private List<Path> files() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.sorted().toList();
        }
    }
}
