package org.attentionworkbench.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.stage.Window;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.PreferencesStore;
import org.attentionworkbench.ui.browser.DatasetBrowserViewModel;

/**
 * What the window remembers between runs: its size, the theme, the model and the dataset opened
 * last, and the session settings. Read at start, written when the window closes; a file that
 * cannot be read gives the defaults, and the status bar says why.
 */
final class WindowPreferences {

    /** Smallest window restored: below it the tool bar and status bar no longer fit. */
    static final Dimension2D MIN_WINDOW = new Dimension2D(640, 480);

    private final PreferencesStore store;
    private final WorkbenchViewModel vm;
    private final WorkbenchView view;
    private final DatasetBrowserViewModel browser;
    private final SessionActions session;

    WindowPreferences(Path config, WorkbenchViewModel vm, WorkbenchView view, DatasetBrowserViewModel browser,
                      SessionActions session) {
        this.store = new PreferencesStore(config);
        this.vm = vm;
        this.view = view;
        this.browser = browser;
        this.session = session;
    }

    /** The remembered window size (the window's, decorations included), fitted to {@code screen}. */
    Dimension2D rememberedWindowSize(Rectangle2D screen) {
        Preferences p = store.load();
        return fitWindow(p.windowWidth(), p.windowHeight(), screen);
    }

    /**
     * A saved window size fitted to the screen: never larger than its visual bounds (a window
     * saved on a bigger monitor would hide its status bar), never smaller than {@link #MIN_WINDOW}
     * unless the screen itself is.
     */
    static Dimension2D fitWindow(double width, double height, Rectangle2D screen) {
        double w = Math.min(Math.max(width, MIN_WINDOW.getWidth()), screen.getWidth());
        double h = Math.min(Math.max(height, MIN_WINDOW.getHeight()), screen.getHeight());
        return new Dimension2D(w, h);
    }

    /** The remembered preferences, as they were saved (problems reported to the status bar). */
    Preferences load() {
        Preferences p = store.load();
        store.lastProblem().ifPresent(vm::reportProblem);
        return p;
    }

    /** The archive of a remembered model, if it is still in the catalog. */
    Optional<Path> archiveOf(String modelName) {
        return Optional.ofNullable(modelName).flatMap(name -> vm.models().stream()
                .filter(e -> e.name().equals(name)).findFirst()).map(e -> e.path());
    }

    /** Saves what the window is now; never stops the window from closing. */
    void save() {
        Preferences p = store.load();
        Optional<String> model = session.model().map(m -> m.name());
        if (model.isPresent()) p = p.withLastModel(model.get());
        if (browser.lastOpenedProperty().get() != null) p = p.withLastDataset(browser.lastOpenedProperty().get());
        Window w = view.getScene() == null ? null : view.getScene().getWindow();
        if (w != null) p = p.withWindowSize(w.getWidth(), w.getHeight());
        try {
            store.save(p.withSettings(session.settings()));
        } catch (IOException | RuntimeException e) {
            // The window is going away, so the message goes to the terminal as well as the status bar.
            String problem = "Could not save the preferences to " + store.file() + ": " + WorkbenchActions.describe(e);
            vm.reportProblem(problem);
            System.err.println(problem);
        }
    }
}
