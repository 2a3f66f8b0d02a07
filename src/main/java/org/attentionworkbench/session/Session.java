package org.attentionworkbench.session;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * A saved session: what the window showed and what the user wrote, enough to come back to it.
 * Written as JSON by {@link SessionStore}.
 *
 * @param version  file format version ({@link #FORMAT_VERSION})
 * @param model    the model's shipped name or archive path
 * @param document the document shown
 * @param erased   indices of tokens erased in the eraser, ascending
 * @param settings analysis and display settings
 * @param notes    the user's notes, by {@link DocumentRef#key()}
 */
public record Session(int version, String model, DocumentRef document, List<Integer> erased,
                      SessionSettings settings, Map<String, String> notes) {

    /** The format this build writes. */
    public static final int FORMAT_VERSION = 1;

    public Session {
        erased = erased == null ? List.of() : erased.stream().sorted().distinct().toList();
        settings = settings == null ? SessionSettings.defaults() : settings;
        notes = notes == null ? Map.of() : java.util.Collections.unmodifiableMap(new TreeMap<>(notes));
    }

    /** A session of the current format. */
    public static Session of(String model, DocumentRef document, List<Integer> erased, SessionSettings settings,
                             Map<String, String> notes) {
        return new Session(FORMAT_VERSION, model, document, erased, settings, notes);
    }

    /** This session with the note of the current document replaced (blank removes it). */
    public Session withNote(String note) {
        Map<String, String> n = new TreeMap<>(notes);
        if (note == null || note.isBlank()) n.remove(document.key());
        else n.put(document.key(), note);
        return new Session(version, model, document, erased, settings, n);
    }
}
