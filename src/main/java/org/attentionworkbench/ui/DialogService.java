package org.attentionworkbench.ui;

import java.nio.file.Path;
import java.util.Optional;

/**
 * The questions the window asks its user: which file to open or save, and a message to read. The
 * actions ask through this interface, so they hold no dialog code of their own (JabRef's
 * DialogService); {@link FxDialogService} shows the JavaFX dialogs.
 */
public interface DialogService {

    /**
     * Asks for an existing file.
     *
     * @param what     what the files are ("Model archives")
     * @param patterns their glob patterns ("*.zip")
     * @return the chosen file, empty if the user cancelled
     */
    Optional<Path> openFile(String title, String what, String... patterns);

    /**
     * Asks where to save.
     *
     * @param initialName the file name proposed
     * @return the chosen file, empty if the user cancelled
     */
    Optional<Path> saveFile(String title, String what, String initialName, String... patterns);

    /** Shows a message (what went wrong, or why nothing happened). */
    void inform(String message);
}
