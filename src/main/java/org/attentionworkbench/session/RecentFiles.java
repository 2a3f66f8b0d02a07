package org.attentionworkbench.session;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Most-recently-used files (sessions, datasets, models), newest first, bounded, persisted as
 * {@code recent.json} in the config folder. Not thread-safe: owned by the window.
 */
public final class RecentFiles {

    /** Entries kept by default. */
    public static final int DEFAULT_LIMIT = 10;

    private final Path file;
    private final int limit;
    private final ObjectMapper json = SessionStore.mapper();
    private final List<String> entries = new ArrayList<>();

    /** Recent files stored in {@code directory/recent.json}, loaded now (a damaged file reads as empty). */
    public RecentFiles(Path directory, int limit) {
        if (limit < 1) throw new IllegalArgumentException("limit must be positive");
        this.file = directory.resolve("recent.json");
        this.limit = limit;
        if (Files.exists(file)) {
            try {
                List<String> stored = json.readValue(file.toFile(), new TypeReference<List<String>>() { });
                if (stored != null) stored.stream().filter(s -> s != null && !s.isBlank()).limit(limit).forEach(entries::add);
            } catch (IOException e) {
                // A lost recent list is an inconvenience, not a reason to refuse to start.
            }
        }
    }

    /** The entries, newest first. */
    public List<Path> list() {
        return entries.stream().map(Path::of).toList();
    }

    /** Puts {@code path} first (moving it if present), drops the oldest beyond the limit, saves. */
    public void add(Path path) throws IOException {
        String key = path.toAbsolutePath().normalize().toString();
        entries.remove(key);
        entries.add(0, key);
        while (entries.size() > limit) entries.remove(entries.size() - 1);
        save();
    }

    /** Forgets {@code path} (e.g. after it was found missing), saves. */
    public void remove(Path path) throws IOException {
        if (entries.remove(path.toAbsolutePath().normalize().toString())) save();
    }

    private void save() throws IOException {
        AtomicFiles.write(file, json.writeValueAsBytes(entries));
    }
}
