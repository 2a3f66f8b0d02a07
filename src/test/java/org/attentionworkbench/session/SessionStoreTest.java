package org.attentionworkbench.session;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SessionStoreTest {

    @TempDir
    Path dir;

    private final SessionStore store = new SessionStore();

    private static Session sample() {
        return Session.of("sst2-bilstm", DocumentRef.ofDataset("sst2:test", 42), List.of(7, 3, 3),
                new SessionSettings(0.02, 9, "integrated_gradients", "dark", SessionSettings.SHARED),
                Map.of("sst2:test#42", "attention on \"not\" is small; ünïcödé note"));
    }

    @Test
    void roundTripKeepsEverything() throws Exception {
        Path f = dir.resolve("a" + SessionStore.EXTENSION);
        store.save(sample(), f);
        Session back = store.load(f);
        assertEquals(sample(), back);
        assertEquals(List.of(3, 7), back.erased());
        Session typed = Session.of("m.zip", DocumentRef.ofText("not bad at all"), List.of(), null, null).withNote("n");
        store.save(typed, f);
        assertEquals(typed, store.load(f));
        assertEquals("n", store.load(f).notes().get(typed.document().key()));
    }

    @Test
    void scaleModeIsWrittenAsDocumentedAndReadBack() throws Exception {
        Path f = dir.resolve("scale" + SessionStore.EXTENSION);
        store.save(sample(), f);
        assertTrue(Files.readString(f).contains("\"scaleMode\" : \"shared\""), Files.readString(f));
        assertTrue(store.load(f).settings().sharedScale());
        // What earlier builds wrote ("panel"), or anything unknown, reads as the per-panel default.
        Files.writeString(f, Files.readString(f).replace("\"shared\"", "\"panel\""));
        assertEquals(SessionSettings.PER_PANEL, store.load(f).settings().scaleMode());
        assertEquals(SessionSettings.PER_PANEL, SessionSettings.defaults().scaleMode());
    }

    @Test
    void crashBeforeTheMoveLeavesTheOldFileIntact() throws Exception {
        Path f = dir.resolve("s.json");
        store.save(sample(), f);
        byte[] before = Files.readAllBytes(f);
        // A crash mid-write: a temporary file is half written and never moved.
        Path stale = dir.resolve("s.json123" + AtomicFiles.TMP_SUFFIX);
        Files.writeString(stale, "{\"version\":1,\"model\":\"hal");
        assertEquals(sample(), store.load(f));
        assertTrue(java.util.Arrays.equals(before, Files.readAllBytes(f)));
        // The next save is whole and leaves no temporary file of its own behind.
        store.save(sample().withNote("later"), f);
        try (var files = Files.list(dir)) {
            assertEquals(java.util.Set.of(f, stale), files.collect(java.util.stream.Collectors.toSet()));
        }
        assertEquals("later", store.load(f).notes().get("sst2:test#42"));
    }

    @Test
    void corruptFileIsAClearError() throws Exception {
        Path f = dir.resolve("bad.json");
        Files.writeString(f, "{\"version\": 1, \"model\": ");
        SessionException e = assertThrows(SessionException.class, () -> store.load(f));
        assertTrue(e.getMessage().contains("damaged"), e.getMessage());
        Files.write(f, new byte[] {0, 1, 2, (byte) 0xff, (byte) 0xfe});
        assertTrue(assertThrows(SessionException.class, () -> store.load(f)).getMessage().contains("bad.json"));
        Files.writeString(f, "{\"version\":1,\"model\":\"m\",\"document\":{\"text\":\"a\",\"dataset\":\"d\",\"index\":0}}");
        assertTrue(assertThrows(SessionException.class, () -> store.load(f)).getMessage().contains("damaged"));
        Files.writeString(f, "{\"version\":99,\"model\":\"m\",\"document\":{\"text\":\"a\"}}", StandardCharsets.UTF_8);
        assertTrue(assertThrows(SessionException.class, () -> store.load(f)).getMessage().contains("newer"));
        assertTrue(assertThrows(SessionException.class, () -> store.load(dir.resolve("none.json")))
                .getMessage().contains("not found"));
    }

    @Test
    void preferencesAndRecentFilesPersist() throws Exception {
        PreferencesStore prefs = new PreferencesStore(dir);
        assertEquals(Preferences.defaults(), prefs.load());
        Preferences p = Preferences.defaults().withLastModel("sst2-cnn").withWindowSize(1200, 800);
        prefs.save(p);
        assertEquals(p, new PreferencesStore(dir).load());
        Files.writeString(prefs.file(), "not json");
        assertEquals(Preferences.defaults(), prefs.load());
        assertTrue(prefs.lastProblem().isPresent());

        RecentFiles recent = new RecentFiles(dir, 3);
        for (String n : List.of("a", "b", "c", "d", "b")) recent.add(dir.resolve(n));
        List<Path> expected = List.of(dir.resolve("b"), dir.resolve("d"), dir.resolve("c"));
        assertEquals(expected, recent.list());
        assertEquals(expected, new RecentFiles(dir, 3).list());
    }

    @Test
    void autosaverWritesTheLastChangeAndRecovers() throws Exception {
        try (Autosaver saver = new Autosaver(dir, Duration.ofMillis(50), e -> { throw new AssertionError(e); })) {
            saver.changed(sample());
            saver.changed(sample().withNote("second"));
            long deadline = System.currentTimeMillis() + 5000;
            while (!Files.exists(saver.file()) && System.currentTimeMillis() < deadline) Thread.sleep(20);
            Thread.sleep(100);
            assertEquals("second", saver.recover().orElseThrow().notes().get("sst2:test#42"));
            saver.changed(sample().withNote("third"));
            saver.flush();
            assertEquals("third", saver.recover().orElseThrow().notes().get("sst2:test#42"));
        }
    }

    @Test
    void configDirectoryPrefersPropertyThenEnvironment() {
        assertEquals(Path.of("/p"), ConfigDirectory.resolve(k -> "/p", Map.of(ConfigDirectory.ENV, "/e"), "/h"));
        assertEquals(Path.of("/e"), ConfigDirectory.resolve(k -> null, Map.of(ConfigDirectory.ENV, "/e"), "/h"));
        assertEquals(Path.of("/h", ".attention-workbench"), ConfigDirectory.resolve(k -> null, Map.of(), "/h"));
    }
}
