package org.attentionworkbench.ui;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.function.Supplier;
import java.util.concurrent.Executor;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.Button;
import javafx.scene.control.Menu;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import javax.imageio.ImageIO;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.session.Autosaver;
import org.attentionworkbench.session.ConfigDirectory;
import org.attentionworkbench.session.DocumentRef;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.PreferencesStore;
import org.attentionworkbench.session.RecentFiles;
import org.attentionworkbench.session.Session;
import org.attentionworkbench.session.SessionSettings;
import org.attentionworkbench.session.SessionStore;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.audit.AuditView;
import org.attentionworkbench.ui.audit.AuditViewModel;
import org.attentionworkbench.ui.browser.DatasetBrowserView;
import org.attentionworkbench.ui.browser.DatasetBrowserViewModel;
import org.attentionworkbench.ui.browser.ExampleLibrary;
import org.attentionworkbench.ui.browser.ExampleReview;
import org.attentionworkbench.figures.HeatmapExporter;
import org.attentionworkbench.ui.grid.ComparisonGrid;
import org.attentionworkbench.figures.TokenValuesTable;
import org.attentionworkbench.ui.teaching.TeachingMode;

/**
 * The window's actions beyond typing: built-in examples, the dataset browser tab, teaching mode,
 * export, and sessions (save, open, recent files, autosave). Adds its controls to the
 * {@link WorkbenchView}'s tool bar and tabs; file work runs off the FX thread only where it can be
 * slow (datasets); sessions and exports are small and written atomically.
 */
public final class WorkbenchActions implements AutoCloseable {

    private final Supplier<Window> window;
    private final WorkbenchViewModel vm;
    private final AnalysisViewModel analysis;
    private final WorkbenchView view;
    private final DatasetBrowserViewModel browser = new DatasetBrowserViewModel();
    private final SessionStore sessions = new SessionStore();
    private final RecentFiles recent;
    private final Autosaver autosaver; // null: no autosave (snapshots)
    private final ExampleLibrary examples;
    private List<Integer> pendingErased = List.of();
    /** Notes per document (DocumentRef key), saved with the session. */
    private final Map<String, String> notes = new java.util.TreeMap<>();
    private final javafx.scene.control.TextArea noteArea = new javafx.scene.control.TextArea();
    private final PreferencesStore preferences;
    private final AuditViewModel audit;
    /**
     * Where the autosave thread's reports are handed to the window: the view model's state
     * changes on the FX thread only.
     */
    private final Executor fxThread = Platform::runLater;
    /** The autosave failure shown in the status bar, taken back by the next successful save. */
    private String autosaveProblem;

    /**
     * @param autosave whether to autosave the session (off for snapshots, which must not touch the
     *                 user's files)
     */
    public WorkbenchActions(WorkbenchViewModel vm, AnalysisViewModel analysis, WorkbenchView view, boolean autosave) {
        this.window = () -> view.getScene() == null ? null : view.getScene().getWindow();
        this.vm = vm;
        this.analysis = analysis;
        this.view = view;
        Path config = ConfigDirectory.resolve();
        this.recent = new RecentFiles(config, 8);
        this.autosaver = autosave ? new Autosaver(config, Autosaver.DEFAULT_DELAY,
                e -> fxThread.execute(() -> autosaveFailed(e)),
                () -> fxThread.execute(() -> vm.clearProblem(autosaveProblem))) : null;
        this.examples = ExampleLibrary.builtIn();
        this.preferences = new PreferencesStore(config);
        this.audit = new AuditViewModel(vm.models(), vm.selectedModelProperty(), config.resolve("audits"));
        int at = view.toolBar().getItems().size() - 2; // before the spacer and the theme toggle
        view.toolBar().getItems().addAll(at, List.of(openModelButton(), examplesMenu(), sessionMenu(), exportMenu(),
                teachButton()));
        view.tabs().getTabs().addAll(datasetTab(), auditTab(), notesTab());
        if (autosaver != null) wireAutosave();
    }

    /** Restores the last autosaved text (and eraser state), if any: a crash loses nothing. */
    public void recoverAutosave() {
        // The model is left to the command line / default: only the text and its state come back.
        if (autosaver != null) autosaver.recover().ifPresent(s -> apply(s, false));
    }

    private Button openModelButton() {
        Button open = new Button("Open model...");
        open.setId("openModelButton");
        open.setTooltip(new Tooltip("Open a model archive (.zip) from disk"));
        open.setOnAction(e -> {
            FileChooser fc = chooser("Open model archive", "Model archives", "*.zip");
            Optional.ofNullable(fc.showOpenDialog(window.get())).map(java.io.File::toPath).ifPresent(vm::openArchive);
        });
        return open;
    }

    /** Width of an example's wrapped teaching point in the Examples menu. */
    static final double EXAMPLE_TEXT_WIDTH = 420;

    private MenuButton examplesMenu() {
        MenuButton menu = new MenuButton("Examples");
        menu.setId("examplesMenu");
        menu.setTooltip(new Tooltip("Built-in reviews, one per teaching point"));
        for (ExampleReview ex : examples.all()) {
            // Title above its teaching point, wrapped: on one line the menu was wider than a
            // laptop screen and the descriptions were cut mid-sentence.
            javafx.scene.control.Label title = new javafx.scene.control.Label(ex.title());
            title.setStyle("-fx-font-weight: bold;");
            javafx.scene.control.Label point = new javafx.scene.control.Label(ex.teachingPoint());
            point.setWrapText(true);
            point.setMaxWidth(EXAMPLE_TEXT_WIDTH);
            point.setPrefWidth(EXAMPLE_TEXT_WIDTH);
            point.setStyle("-fx-font-size: 11px; -fx-opacity: 0.8;");
            javafx.scene.layout.VBox box = new javafx.scene.layout.VBox(1, title, point);
            javafx.scene.control.CustomMenuItem item = new javafx.scene.control.CustomMenuItem(box, true);
            item.setId("example-" + ex.id());
            box.setId("example-" + ex.id());
            item.setOnAction(e -> vm.textProperty().set(ex.text()));
            menu.getItems().add(item);
        }
        return menu;
    }

    /** True while the dataset opened last is being read again (the built-in examples must not replace it). */
    private boolean reopeningDataset;

    private Tab datasetTab() {
        browser.modelProperty().bind(vm.modelProperty());
        // Until the user opens a dataset, the browser lists the built-in examples.
        vm.modelProperty().addListener((obs, old, model) -> {
            if (model != null && !reopeningDataset && (browser.datasetProperty().get() == null
                    || "built-in examples".equals(browser.datasetProperty().get().name()))) {
                browser.show(examplesAsDataset(model));
            }
        });
        DatasetBrowserView browserView = new DatasetBrowserView(browser);
        browserView.setOnOpen(this::openDocument);
        Tab tab = new Tab("Dataset", browserView);
        tab.setId("datasetTab");
        tab.setClosable(false);
        return tab;
    }

    /**
     * Corpus audits of the chosen models over a dataset; a row or scatter point opens its document
     * in the comparison grid, under the model that computed it.
     */
    private Tab auditTab() {
        audit.setOnOpen(r -> {
            vm.models().stream().filter(e -> e.name().equals(r.model())).findFirst().ifPresent(e -> {
                if (!e.equals(vm.selectedModelProperty().get())) vm.selectedModelProperty().set(e);
            });
            openDocument(r.document());
        });
        Tab tab = new Tab("Audit", new AuditView(audit));
        tab.setId("auditTab");
        tab.setClosable(false);
        return tab;
    }

    /** A note for the current review; each review keeps its own, and they travel with the session. */
    private Tab notesTab() {
        noteArea.setId("noteArea");
        noteArea.setWrapText(true);
        noteArea.setPromptText("Notes on this review (saved with the session)");
        vm.textProperty().addListener((obs, old, t) -> noteArea.setText(notes.getOrDefault(keyOf(t), "")));
        noteArea.textProperty().addListener((obs, old, t) -> {
            String key = keyOf(vm.textProperty().get());
            if (t == null || t.isBlank()) notes.remove(key);
            else notes.put(key, t);
            if (autosaver != null) autosaver.changed(currentSession());
        });
        Tab tab = new Tab("Notes", noteArea);
        tab.setId("notesTab");
        tab.setClosable(false);
        return tab;
    }

    private static String keyOf(String text) {
        return DocumentRef.ofText(text == null ? "" : text).key();
    }

    /**
     * The remembered window size (what {@link #close()} saved: the window's, decorations included),
     * fitted to {@code screen}, the visual bounds of the screen the window opens on.
     */
    public Dimension2D rememberedWindowSize(Rectangle2D screen) {
        Preferences p = preferences.load();
        return fitWindow(p.windowWidth(), p.windowHeight(), screen);
    }

    /**
     * The remembered preferences: the model opened last (when none was asked for) and the theme.
     * A preferences file that cannot be read gives the defaults, and the status bar says why.
     *
     * @return the model archive to open, if the last one is still in the catalog
     */
    public Optional<Path> applyPreferences() {
        Preferences p = preferences.load();
        preferences.lastProblem().ifPresent(vm::reportProblem);
        view.darkThemeProperty().set("dark".equals(p.settings().theme()));
        // The dataset opened last comes back in the Dataset tab (its rows, not a document).
        if (p.lastDataset() != null) {
            reopeningDataset = true;
            browser.datasetProperty().addListener(new javafx.beans.value.ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends org.attentionworkbench.data.Dataset> o,
                                    org.attentionworkbench.data.Dataset old, org.attentionworkbench.data.Dataset now) {
                    reopeningDataset = false;
                    browser.datasetProperty().removeListener(this);
                }
            });
            browser.errorProperty().addListener((o, was, error) -> {
                if (error) reopeningDataset = false;
            });
            browser.open(p.lastDataset());
        }
        return Optional.ofNullable(p.lastModel()).flatMap(name -> vm.models().stream()
                .filter(e -> e.name().equals(name)).findFirst()).map(e -> e.path());
    }

    /** Smallest window restored: below it the tool bar and status bar no longer fit. */
    static final Dimension2D MIN_WINDOW = new Dimension2D(640, 480);

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

    private void savePreferences() {
        AttentionClassifier m = vm.modelProperty().get();
        Preferences p = preferences.load();
        if (m != null) p = p.withLastModel(m.name());
        if (browser.lastOpenedProperty().get() != null) p = p.withLastDataset(browser.lastOpenedProperty().get());
        javafx.stage.Window w = window.get();
        if (w != null) p = p.withWindowSize(w.getWidth(), w.getHeight());
        try {
            preferences.save(p.withSettings(currentSession().settings()));
        } catch (IOException | RuntimeException e) {
            // Never let preferences stop the window from closing; the window is going away, so
            // the message goes to the terminal as well as the status bar.
            String problem = "Could not save the preferences to " + preferences.file() + ": " + describe(e);
            vm.reportProblem(problem);
            System.err.println(problem);
        }
    }

    private void autosaveFailed(IOException e) {
        autosaveProblem = "Autosave failed: " + describe(e) + " (the next change tries again)";
        vm.reportProblem(autosaveProblem);
    }

    /** A file error for the status bar: the exception's kind as well, since some carry only a path. */
    private static String describe(Exception e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private Dataset examplesAsDataset(AttentionClassifier model) {
        List<Document> docs = new ArrayList<>();
        for (ExampleReview ex : examples.all()) docs.add(ex.toDocument(model.labels()));
        return new Dataset("built-in examples", model.labels(), docs, 0);
    }

    private void openDocument(Document d) {
        vm.textProperty().set(d.text());
        // Compare says which document this is and its true label, by the model's class names.
        AttentionClassifier m = vm.modelProperty().get();
        String truth = !d.hasLabel() ? "no true label"
                : "true label " + (m != null && d.label() < m.labels().size() ? m.labels().get(d.label())
                        : Integer.toString(d.label()));
        view.sourceProperty().set(d.id() + " \u00b7 " + truth);
        String opened = d.text();
        javafx.beans.value.ChangeListener<String> edited = new javafx.beans.value.ChangeListener<>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends String> o, String old, String now) {
                if (!opened.equals(now)) {
                    view.sourceProperty().set(null);
                    vm.textProperty().removeListener(this);
                }
            }
        };
        vm.textProperty().addListener(edited);
        view.tabs().getSelectionModel().select(0);
    }

    private Button teachButton() {
        Button teach = new Button("Teach");
        teach.setId("teachButton");
        teach.setTooltip(new Tooltip("Full-screen guided story on the current review (arrow keys, Esc to leave)"));
        teach.setOnAction(e -> TeachingMode.open(window.get(), analysis.explanationProperty()));
        return teach;
    }

    private MenuButton exportMenu() {
        MenuButton menu = new MenuButton("Export");
        menu.setId("exportMenu");
        MenuItem attention = new MenuItem("Attention heatmap (PNG, SVG, PDF, LaTeX, HTML)...");
        attention.setOnAction(e -> withDocument(doc -> exportHeatmap(doc.tokens(), doc.attention(), "attention")));
        MenuItem saliency = new MenuItem("Saliency heatmap of the shown method...");
        saliency.setOnAction(e -> withExplanation(ex -> {
            SaliencyMethod m = analysis.saliencyMethodProperty().get();
            ex.saliency(m).ifPresentOrElse(s -> exportHeatmap(ex.document().tokens(),
                            HeatmapExporter.magnitudes(s.scores()), m.id()),
                    () -> inform("Saliency is still being computed."));
        }));
        MenuItem values = new MenuItem("Per-token values of every method (CSV, JSON)...");
        values.setOnAction(e -> withExplanation(this::exportValues));
        MenuItem comparison = new MenuItem("Comparison grid (PNG, SVG, PDF)...");
        comparison.setId("exportComparisonGrid");
        comparison.setOnAction(e -> view.tabs().getTabs().stream().map(Tab::getContent)
                .filter(ComparisonGrid.class::isInstance).map(ComparisonGrid.class::cast).findFirst()
                .ifPresent(g -> g.exportGrid(window.get(), this::inform)));
        MenuItem grid = new MenuItem("Current tab as PNG...");
        grid.setOnAction(e -> exportNode(view.tabs().getSelectionModel().getSelectedItem().getContent()));
        menu.getItems().addAll(attention, saliency, values, comparison, new SeparatorMenuItem(), grid);
        return menu;
    }

    private MenuButton sessionMenu() {
        MenuButton menu = new MenuButton("Session");
        menu.setId("sessionMenu");
        MenuItem save = new MenuItem("Save session...");
        save.setOnAction(e -> saveSession());
        MenuItem open = new MenuItem("Open session...");
        open.setOnAction(e -> {
            FileChooser fc = chooser("Open session", "Sessions", "*" + SessionStore.EXTENSION);
            Optional.ofNullable(fc.showOpenDialog(window.get())).map(java.io.File::toPath).ifPresent(this::openSession);
        });
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
        menu.getItems().addAll(open, save, recentMenu, new javafx.scene.control.SeparatorMenuItem(), quit);
        // Ctrl+Q anywhere in the window, not only while the menu is open.
        view.sceneProperty().addListener((obs, old, scene) -> {
            if (scene != null) scene.getAccelerators().put(QUIT, this::quit);
        });
        return menu;
    }

    /** Ctrl+Q (Cmd+Q on macOS). */
    static final javafx.scene.input.KeyCombination QUIT = new javafx.scene.input.KeyCodeCombination(
            javafx.scene.input.KeyCode.Q, javafx.scene.input.KeyCombination.SHORTCUT_DOWN);

    /**
     * Closes the window as its close button does: a close request first (for whoever listens to
     * it), then the window is hidden, and the application exits through its usual stop(), which
     * saves the preferences and flushes the autosave.
     */
    void quit() {
        javafx.stage.Window w = window.get();
        if (w == null) return;
        w.fireEvent(new javafx.stage.WindowEvent(w, javafx.stage.WindowEvent.WINDOW_CLOSE_REQUEST));
        w.hide();
    }

    private void wireAutosave() {
        vm.textProperty().addListener((obs, old, t) -> autosaver.changed(currentSession()));
        view.eraser().viewModel().stateProperty().addListener((obs, old, s) -> autosaver.changed(currentSession()));
        // Re-apply a session's eraser state once its document has been encoded.
        analysis.documentProperty().addListener((obs, old, doc) -> {
            if (doc != null && !pendingErased.isEmpty()) {
                List<Integer> erased = pendingErased;
                pendingErased = List.of();
                for (int i : erased) if (i < doc.size()) view.eraser().viewModel().erase(i);
            }
        });
    }

    private Session currentSession() {
        AttentionClassifier m = vm.modelProperty().get();
        List<Integer> erased = new ArrayList<>();
        var state = view.eraser().viewModel().getState();
        if (state != null) for (int i : state.erased()) erased.add(i);
        SessionSettings s = new SessionSettings(analysis.epsilonProperty().get(), analysis.seedProperty().get(),
                analysis.saliencyMethodProperty().get().id(), view.darkThemeProperty().get() ? "dark" : "light",
                view.grid().viewModel().sharedScaleProperty().get() ? SessionSettings.SHARED : SessionSettings.PER_PANEL,
                view.eraser().rankingProperty().get() == null ? null : view.eraser().rankingProperty().get().name());
        String text = vm.textProperty().get() == null ? "" : vm.textProperty().get();
        return Session.of(m == null ? null : m.name(), DocumentRef.ofText(text), erased, s, notes);
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
            java.util.Arrays.stream(org.attentionworkbench.ui.eraser.RankingKind.values())
                    .filter(k -> k.name().equals(settings.ranking())).findFirst()
                    .ifPresent(view.eraser().rankingProperty()::set);
        }
        if (s.document() != null && s.document().text() != null) {
            pendingErased = s.erased();
            vm.textProperty().set(s.document().text());
        }
        if (includeModel && s.model() != null) {
            vm.models().stream().filter(e -> e.name().equals(s.model())).findFirst()
                    .ifPresent(e -> vm.selectedModelProperty().set(e));
        }
    }

    private void saveSession() {
        FileChooser fc = chooser("Save session", "Sessions", "*" + SessionStore.EXTENSION);
        fc.setInitialFileName("session" + SessionStore.EXTENSION);
        java.io.File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        try {
            saveSession(f.toPath());
        } catch (IOException e) {
            inform("Could not save the session: " + e.getMessage());
        }
    }

    /** Saves the window's session to {@code file} and lists it under Recent (what Save does after its dialog). */
    void saveSession(Path file) throws IOException {
        sessions.save(currentSession(), file);
        recent.add(file);
    }

    /** Opens a saved session, its model included (what Open and Recent do); a bad file is explained. */
    void openSession(Path p) {
        try {
            apply(sessions.load(p), true);
            recent.add(p);
        } catch (IOException | RuntimeException e) {
            inform(e.getMessage());
        }
    }

    private void exportHeatmap(List<String> tokens, double[] weights, String name) {
        FileChooser fc = chooser("Export heatmap", "Images and documents", "*.png", "*.svg", "*.pdf", "*.tex", "*.html");
        fc.setInitialFileName(name + ".png");
        java.io.File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        try {
            new HeatmapExporter().write(tokens, weights, f.toPath());
        } catch (IOException | RuntimeException e) {
            inform("Could not export: " + e.getMessage());
        }
    }

    private void exportValues(Explanation ex) {
        FileChooser fc = chooser("Export per-token values", "CSV or JSON", "*.csv", "*.json");
        fc.setInitialFileName("token-values.csv");
        java.io.File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        TokenValuesTable table = TokenValuesTable.of(ex);
        String body = f.getName().endsWith(".json") ? table.toJson() : table.toCsv();
        try {
            org.attentionworkbench.session.AtomicFiles.write(f.toPath(), body.getBytes(StandardCharsets.UTF_8));
        } catch (IOException e) {
            inform("Could not export: " + e.getMessage());
        }
    }

    private void exportNode(Node node) {
        FileChooser fc = chooser("Export as PNG", "PNG image", "*.png");
        fc.setInitialFileName("workbench.png");
        java.io.File f = fc.showSaveDialog(window.get());
        if (f == null) return;
        try {
            ImageIO.write(SwingFXUtils.fromFXImage(node.snapshot(null, null), null), "png", f);
        } catch (IOException e) {
            inform("Could not export: " + e.getMessage());
        }
    }

    private void withDocument(Consumer<EncodedDocument> action) {
        EncodedDocument doc = analysis.documentProperty().get();
        if (doc == null) inform("There is no analysed review yet.");
        else action.accept(doc);
    }

    private void withExplanation(Consumer<Explanation> action) {
        Explanation ex = analysis.explanationProperty().get();
        if (ex == null) inform("The explanation is still being computed.");
        else action.accept(ex);
    }

    private static FileChooser chooser(String title, String what, String... patterns) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, patterns));
        return fc;
    }

    private void inform(String message) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, message);
        a.initOwner(window.get());
        a.setHeaderText(null);
        a.show();
    }

    @Override
    public void close() {
        savePreferences();
        if (autosaver != null) {
            autosaver.flush();
            autosaver.close();
        }
        browser.close();
        audit.close();
    }
}
