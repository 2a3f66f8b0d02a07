package org.attentionworkbench.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import javafx.application.Platform;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.TextArea;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.stage.Window;
import javafx.stage.WindowEvent;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.session.Autosaver;
import org.attentionworkbench.session.DocumentRef;
import org.attentionworkbench.session.RecentFiles;
import org.attentionworkbench.session.Session;
import org.attentionworkbench.session.SessionSettings;
import org.attentionworkbench.session.SessionStore;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.eraser.RankingKind;

/**
 * The window's session: what it is now (model, text, eraser state, settings, notes), the Session
 * menu (open, save, recent files, quit), the Notes tab, and the autosave that lets a crash lose
 * nothing. Session files are read and written off the FX thread from the menu ({@link FileWork}).
 */
final class SessionActions implements AutoCloseable {

    /** Ctrl+Q (Cmd+Q on macOS). */
    static final KeyCombination QUIT = new KeyCodeCombination(KeyCode.Q, KeyCombination.SHORTCUT_DOWN);

    private final WorkbenchViewModel vm;
    private final AnalysisViewModel analysis;
    private final WorkbenchView view;
    private final DialogService dialogs;
    private final SessionStore sessions = new SessionStore();
    private final RecentFiles recent;
    private final Autosaver autosaver; // null: no autosave (snapshots)
    /** Notes per document (DocumentRef key), saved with the session. */
    private final Map<String, String> notes = new java.util.TreeMap<>();
    private final TextArea noteArea = new TextArea();
    private List<Integer> pendingErased = List.of();
    /** Where the text shown came from when it is a dataset's document (null for typed text). */
    private DocumentRef openedFrom;
    /** Opens document {@code index} of a dataset spec in the window (the Dataset tab's reader). */
    private final java.util.function.ObjIntConsumer<String> datasetOpener;
    /** The autosave failure shown in the status bar, taken back by the next successful save. */
    private String autosaveProblem;

    /**
     * @param config   the configuration folder (recent files, autosave)
     * @param autosave whether to autosave (off for snapshots, which must not touch the user's files)
     */
    SessionActions(WorkbenchViewModel vm, AnalysisViewModel analysis, WorkbenchView view, DialogService dialogs,
                   Path config, boolean autosave, java.util.function.ObjIntConsumer<String> datasetOpener) {
        this.datasetOpener = datasetOpener;
        this.vm = vm;
        this.analysis = analysis;
        this.view = view;
        this.dialogs = dialogs;
        this.recent = new RecentFiles(config, 8);
        // The autosave thread's reports are handed to the FX thread, where the view model lives.
        this.autosaver = autosave ? new Autosaver(config, Autosaver.DEFAULT_DELAY,
                e -> Platform.runLater(() -> autosaveFailed(e)),
                () -> Platform.runLater(() -> vm.clearProblem(autosaveProblem))) : null;
        if (autosaver != null) wireAutosave();
    }

    /**
     * The text shown is document {@code index} of dataset {@code spec}: a session saved now names
     * the document (dataset and index) instead of copying its text, until the text is edited.
     */
    void openedFrom(String spec, int index, String text) {
        openedFrom = DocumentRef.ofDataset(spec, index);
        vm.textProperty().addListener(new javafx.beans.value.ChangeListener<String>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends String> o, String old, String now) {
                if (!text.equals(now)) {
                    if (openedFrom != null && openedFrom.dataset().equals(spec) && openedFrom.index() == index) {
                        openedFrom = null;
                    }
                    vm.textProperty().removeListener(this);
                }
            }
        });
    }

    /** Restores the last autosaved text (and eraser state), if any. The model is left to the caller. */
    void recoverAutosave() {
        if (autosaver != null) autosaver.recover().ifPresent(s -> apply(s, false));
    }

    /** The Session menu button of the tool bar; Ctrl+Q quits anywhere in the window. */
    MenuButton menu() {
        MenuButton menu = new MenuButton("Session");
        menu.setId("sessionMenu");
        MenuItem save = new MenuItem("Save session...");
        save.setOnAction(e -> dialogs.saveFile("Save session", "Sessions", "session" + SessionStore.EXTENSION,
                "*" + SessionStore.EXTENSION).ifPresent(this::saveInBackground));
        MenuItem open = new MenuItem("Open session...");
        open.setOnAction(e -> dialogs.openFile("Open session", "Sessions", "*" + SessionStore.EXTENSION)
                .ifPresent(this::openSession));
        Menu recentMenu = new Menu("Recent");
        menu.setOnShowing(e -> {
            recentMenu.getItems().clear();
            for (Path p : recent.list()) {
                MenuItem item = new MenuItem(p.getFileName().toString());
                item.setOnAction(a -> openSession(p));
                recentMenu.getItems().add(item);
            }
            recentMenu.setDisable(recentMenu.getItems().isEmpty());
        });
        MenuItem quit = new MenuItem("Quit");
        quit.setId("quitItem");
        quit.setAccelerator(QUIT);
        quit.setOnAction(e -> quit());
        menu.getItems().addAll(open, save, recentMenu, new SeparatorMenuItem(), quit);
        view.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) scene.getAccelerators().put(QUIT, this::quit);
        });
        return menu;
    }

    /**
     * Closes the window as its close button does: a close request first (for whoever listens to
     * it), then the window is hidden, and the application exits through its usual stop(), which
     * saves the preferences and flushes the autosave.
     */
    void quit() {
        Window w = view.getScene() == null ? null : view.getScene().getWindow();
        if (w == null) return;
        w.fireEvent(new WindowEvent(w, WindowEvent.WINDOW_CLOSE_REQUEST));
        w.hide();
    }

    /** A note for the current review; each review keeps its own, and they travel with the session. */
    Tab notesTab() {
        noteArea.setId("noteArea");
        noteArea.setWrapText(true);
        noteArea.setPromptText("Notes on this review (saved with the session)");
        vm.textProperty().addListener((obs, old, t) -> noteArea.setText(notes.getOrDefault(keyOf(t), "")));
        noteArea.textProperty().addListener((obs, old, t) -> {
            String key = keyOf(vm.textProperty().get());
            if (t == null || t.isBlank()) notes.remove(key);
            else notes.put(key, t);
            if (autosaver != null) autosaver.changed(current());
        });
        Tab tab = new Tab("Notes", noteArea);
        tab.setId("notesTab");
        tab.setClosable(false);
        return tab;
    }

    private static String keyOf(String text) {
        return DocumentRef.ofText(text == null ? "" : text).key();
    }

    private void wireAutosave() {
        vm.textProperty().addListener((obs, old, t) -> autosaver.changed(current()));
        view.eraser().viewModel().stateProperty().addListener((obs, old, s) -> autosaver.changed(current()));
        // Re-apply a session's eraser state once its document has been encoded.
        analysis.documentProperty().addListener((obs, old, doc) -> {
            if (doc != null && !pendingErased.isEmpty()) {
                List<Integer> erased = pendingErased;
                pendingErased = List.of();
                for (int i : erased) if (i < doc.size()) view.eraser().viewModel().erase(i);
            }
        });
    }

    private void autosaveFailed(IOException e) {
        autosaveProblem = "Autosave failed: " + WorkbenchActions.describe(e) + " (the next change tries again)";
        vm.reportProblem(autosaveProblem);
    }

    /** The window's session as it is now. */
    Session current() {
        AttentionClassifier m = vm.modelProperty().get();
        List<Integer> erased = new ArrayList<>();
        var state = view.eraser().viewModel().getState();
        if (state != null) for (int i : state.erased()) erased.add(i);
        SessionSettings s = new SessionSettings(analysis.epsilonProperty().get(), analysis.seedProperty().get(),
                analysis.saliencyMethodProperty().get().id(), view.darkThemeProperty().get() ? "dark" : "light",
                view.grid().viewModel().sharedScaleProperty().get() ? SessionSettings.SHARED : SessionSettings.PER_PANEL,
                view.eraser().rankingProperty().get() == null ? null : view.eraser().rankingProperty().get().name());
        String text = vm.textProperty().get() == null ? "" : vm.textProperty().get();
        DocumentRef document = openedFrom != null ? openedFrom : DocumentRef.ofText(text);
        return Session.of(m == null ? null : m.name(), document, erased, s, notes);
    }

    private void apply(Session s, boolean includeModel) {
        notes.clear();
        notes.putAll(s.notes());
        // Settings before the text: the text's (debounced) analysis is then the last request and
        // runs once with all of them.
        if (s.settings() != null) {
            SessionSettings settings = s.settings();
            analysis.epsilonProperty().set(settings.epsilon());
            analysis.seedProperty().set(settings.seed());
            // An id this build does not know (a method removed since) keeps the current choice.
            SaliencyMethod.fromId(settings.method()).ifPresent(analysis.saliencyMethodProperty()::set);
            view.grid().viewModel().sharedScaleProperty().set(settings.sharedScale());
            view.darkThemeProperty().set("dark".equals(settings.theme()));
            // An unknown ranking name (a file from another version) keeps the current choice.
            java.util.Arrays.stream(RankingKind.values())
                    .filter(k -> k.name().equals(settings.ranking())).findFirst()
                    .ifPresent(view.eraser().rankingProperty()::set);
        }
        if (s.document() != null && s.document().text() != null) {
            pendingErased = s.erased();
            vm.textProperty().set(s.document().text());
        } else if (s.document() != null && s.document().dataset() != null) {
            // The dataset is read again (in the background) and its document opened.
            pendingErased = s.erased();
            datasetOpener.accept(s.document().dataset(), s.document().index());
        }
        if (includeModel && s.model() != null) {
            vm.models().stream().filter(e -> e.name().equals(s.model())).findFirst()
                    .ifPresent(e -> vm.selectedModelProperty().set(e));
        }
    }

    /** Saves the window's session to {@code file} and lists it under Recent. */
    void saveSession(Path file) throws IOException {
        sessions.save(current(), file);
        recent.add(file);
    }

    /** Save from the menu: the session is taken now, written in the background. */
    private void saveInBackground(Path file) {
        Session s = current();
        FileWork.run("session-save", () -> {
            sessions.save(s, file);
            recent.add(file);
            return file;
        }, done -> { }, e -> dialogs.inform("Could not save the session: " + e.getMessage()));
    }

    /**
     * Opens a saved session, its model included (what Open and Recent do): read in the background,
     * applied on the FX thread; a bad file is explained.
     */
    void openSession(Path p) {
        FileWork.run("session-open", () -> {
            Session s = sessions.load(p);
            recent.add(p);
            return s;
        }, s -> apply(s, true), e -> dialogs.inform(e.getMessage()));
    }

    /** Writes a pending autosave now and stops the autosave thread. */
    @Override
    public void close() {
        if (autosaver != null) {
            autosaver.flush();
            autosaver.close();
        }
    }

    /** The session settings now, for the preferences. */
    SessionSettings settings() {
        return current().settings();
    }

    /** For the preferences: nothing else of the session is remembered between runs. */
    Optional<AttentionClassifier> model() {
        return Optional.ofNullable(vm.modelProperty().get());
    }
}
