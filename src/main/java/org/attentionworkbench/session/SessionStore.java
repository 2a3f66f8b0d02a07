package org.attentionworkbench.session;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.attentionworkbench.data.Json;

/** Reads and writes {@link Session} files (JSON, atomic writes). */
public final class SessionStore {

    /** File extension of saved sessions. */
    public static final String EXTENSION = ".awsession.json";

    private final ObjectMapper json = mapper();

    /** The mapper every file of this package uses: the shared one (indented, tolerant of fields added later). */
    static ObjectMapper mapper() {
        return Json.mapper();
    }

    /** Writes {@code session} to {@code file} atomically. */
    public void save(Session session, Path file) throws IOException {
        AtomicFiles.write(file, json.writeValueAsBytes(session));
    }

    /**
     * Reads a session.
     *
     * @throws SessionException with a message for the user when the file is missing, not JSON, or
     *                          not a session of a known version
     */
    public Session load(Path file) throws SessionException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SessionException("Session file not found: " + file);
        } catch (IOException e) {
            throw new SessionException("Cannot read session file " + file + ": " + e.getMessage(), e);
        }
        Session s;
        try {
            s = json.readValue(bytes, Session.class);
        } catch (JsonProcessingException e) {
            throw new SessionException("Session file " + file.getFileName() + " is damaged or not a session "
                    + "(" + e.getOriginalMessage() + " at line " + (e.getLocation() == null ? "?" : e.getLocation().getLineNr())
                    + ")", e);
        } catch (IOException | IllegalArgumentException e) {
            throw new SessionException("Session file " + file.getFileName() + " is damaged: " + e.getMessage(), e);
        }
        if (s == null || s.document() == null || s.model() == null) {
            throw new SessionException("Session file " + file.getFileName() + " has no model or document");
        }
        if (s.version() > Session.FORMAT_VERSION) {
            throw new SessionException("Session file " + file.getFileName() + " was written by a newer version "
                    + "(format " + s.version() + "; this one reads up to " + Session.FORMAT_VERSION + ")");
        }
        return s;
    }
}
