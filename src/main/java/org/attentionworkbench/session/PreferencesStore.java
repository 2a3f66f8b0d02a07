package org.attentionworkbench.session;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Preferences in {@code settings.json} of the config folder. Reading never fails the start: a
 * missing or damaged file gives the defaults (and {@link #lastProblem()} says why), because a
 * broken preferences file must not keep anyone out of the app.
 */
public final class PreferencesStore {

    private final Path file;
    private final ObjectMapper json = SessionStore.mapper();
    private String lastProblem;

    /** Preferences in {@code directory/settings.json}. */
    public PreferencesStore(Path directory) {
        this.file = directory.resolve("settings.json");
    }

    /** The file read and written. */
    public Path file() {
        return file;
    }

    /** The stored preferences, or the defaults when there are none or they are damaged. */
    public Preferences load() {
        lastProblem = null;
        if (!Files.exists(file)) return Preferences.defaults();
        try {
            Preferences p = json.readValue(file.toFile(), Preferences.class);
            return p == null ? Preferences.defaults() : p;
        } catch (IOException | RuntimeException e) {
            lastProblem = "Preferences " + file + " could not be read (" + e.getMessage() + "); using defaults";
            return Preferences.defaults();
        }
    }

    /** Writes {@code prefs} atomically. */
    public void save(Preferences prefs) throws IOException {
        AtomicFiles.write(file, json.writeValueAsBytes(prefs));
    }

    /** Why the last {@link #load()} fell back to the defaults, if it did. */
    public Optional<String> lastProblem() {
        return Optional.ofNullable(lastProblem);
    }
}
