package org.attentionworkbench.ui;

import java.nio.file.Path;
import java.util.logging.Level;
import java.util.logging.Logger;
import javafx.application.Application;

/**
 * Starts the window from a plain class path. A main class that extends {@code Application} is
 * refused by the Java launcher unless JavaFX is on the module path, so the CLI ({@code workbench
 * gui}) and IDEs start the app through this class instead.
 */
public final class WorkbenchLauncher {

    /**
     * Held so that the level set on it is not lost to garbage collection (java.util.logging keeps
     * loggers weakly).
     */
    private static final Logger JAVAFX_LOG = Logger.getLogger("javafx");

    private WorkbenchLauncher() {
    }

    /** Opens the window directly (IDE entry point); same as {@code workbench gui}. */
    public static void main(String[] args) {
        launch(args.length > 0 ? Path.of(args[0]) : null);
    }

    /**
     * Opens the window and returns when it is closed.
     *
     * @param model an archive to open instead of the default model, or null
     */
    public static void launch(Path model) {
        // JavaFX warns about running from the class path ("Unsupported JavaFX configuration"):
        // that is how this app is deployed on purpose, so users need not see it.
        JAVAFX_LOG.setLevel(Level.SEVERE);
        String[] args = model == null ? new String[0] : new String[] {"--model=" + model.toAbsolutePath()};
        Application.launch(WorkbenchApp.class, args);
    }
}
