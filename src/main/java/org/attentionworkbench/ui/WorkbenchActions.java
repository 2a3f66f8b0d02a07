package org.attentionworkbench.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Button;
import javafx.scene.control.MenuButton;
import javafx.scene.control.Tab;
import javafx.scene.control.Tooltip;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.session.ConfigDirectory;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.Session;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.audit.AuditView;
import org.attentionworkbench.ui.audit.AuditViewModel;
import org.attentionworkbench.ui.browser.DatasetBrowserView;
import org.attentionworkbench.ui.browser.DatasetBrowserViewModel;
import org.attentionworkbench.ui.browser.ExampleLibrary;
import org.attentionworkbench.ui.browser.ExampleReview;
import org.attentionworkbench.ui.teaching.TeachingMode;
import org.attentionworkbench.ui.twins.TwinsView;
import org.attentionworkbench.ui.twins.UniformTwinProbe;
import org.attentionworkbench.ui.twins.TwinsViewModel;
import org.attentionworkbench.model.ModelLoader;

/**
 * The window's actions beyond typing, composed here and added to the {@link WorkbenchView}: the
 * model, Examples and Teach buttons, the Dataset, Audit and Twins tabs, and the parts with rooms of their
 * own: {@link SessionActions} (Session menu, Notes tab, autosave), {@link ExportActions} (Export
 * menu), {@link WindowPreferences} (what is remembered between runs). Dialogs go through a
 * {@link DialogService}; files are read and written off the FX thread ({@link FileWork}, the
 * Dataset tab's own runner).
 */
public final class WorkbenchActions implements AutoCloseable {

    /** Ctrl+Q (Cmd+Q on macOS). */
    static final javafx.scene.input.KeyCombination QUIT = SessionActions.QUIT;

    /** Smallest window restored: below it the tool bar and status bar no longer fit. */
    static final Dimension2D MIN_WINDOW = WindowPreferences.MIN_WINDOW;

    private final WorkbenchViewModel vm;
    private final AnalysisViewModel analysis;
    private final WorkbenchView view;
    private final DialogService dialogs;
    private final DatasetBrowserViewModel browser = new DatasetBrowserViewModel();
    private final ExampleLibrary examples = ExampleLibrary.builtIn();
    private final AuditViewModel audit;
    private final TwinsViewModel twins;
    private final SessionActions session;
    private final WindowPreferences preferences;

    /**
     * @param autosave whether to autosave the session (off for snapshots, which must not touch the
     *                 user's files)
     */
    public WorkbenchActions(WorkbenchViewModel vm, AnalysisViewModel analysis, WorkbenchView view, boolean autosave) {
        this.vm = vm;
        this.analysis = analysis;
        this.view = view;
        this.dialogs = new FxDialogService(() -> view.getScene() == null ? null : view.getScene().getWindow());
        Path config = ConfigDirectory.resolve();
        this.session = new SessionActions(vm, analysis, view, dialogs, config, autosave, this::openFromDataset);
        this.preferences = new WindowPreferences(config, vm, view, browser, session);
        this.audit = new AuditViewModel(vm.models(), vm.selectedModelProperty(), config.resolve("audits"));
        this.twins = new TwinsViewModel(vm.catalog(), ModelLoader::open, FxTasks.runner("twins"));
        view.addTools(List.of(openModelButton(), examplesMenu(), session.menu(),
                new ExportActions(analysis, view, dialogs).menu(), teachButton()));
        view.tabs().getTabs().addAll(datasetTab(), auditTab(), twinsTab(), session.notesTab());
    }

    /** Restores the last autosaved text (and eraser state), if any: a crash loses nothing. */
    public void recoverAutosave() {
        // The model is left to the command line / default: only the text and its state come back.
        session.recoverAutosave();
    }

    private Button openModelButton() {
        Button open = new Button("Open model...");
        open.setId("openModelButton");
        open.setTooltip(new Tooltip("Open a model archive (.zip) or a safetensors bundle (.safetensors with its"
                + " .vocab.txt and .config.json beside it) from disk"));
        open.setOnAction(e -> dialogs.openFile("Open model", "Model archives and safetensors bundles", "*.zip",
                "*.safetensors").ifPresent(vm::openArchive));
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
        browserView.setOnOpen(this::openBrowserDocument);
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

    /** The Twins tab's state (the snapshot waits for its heatmaps). */
    public TwinsViewModel twins() {
        return twins;
    }

    /**
     * The base model and its counterfactual twins on the window's document; the models read it
     * only while the tab is shown (ten BiLSTMs on every keystroke of a hidden tab would queue).
     */
    private Tab twinsTab() {
        twins.textProperty().bind(vm.textProperty());
        vm.modelProperty().addListener((obs, old, model) -> {
            if (model != null) twins.followOpenModel(model.name());
        });
        Tab tab = new Tab("Twins", new TwinsView(twins));
        tab.setId("twinsTab");
        tab.setClosable(false);
        twins.activeProperty().bind(tab.selectedProperty());
        return tab;
    }

    /**
     * The remembered window size (what {@link #close()} saved: the window's, decorations included),
     * fitted to {@code screen}, the visual bounds of the screen the window opens on.
     */
    public Dimension2D rememberedWindowSize(Rectangle2D screen) {
        return preferences.rememberedWindowSize(screen);
    }

    /** A saved window size fitted to the screen; see {@link WindowPreferences#fitWindow}. */
    static Dimension2D fitWindow(double width, double height, Rectangle2D screen) {
        return WindowPreferences.fitWindow(width, height, screen);
    }

    /**
     * The remembered preferences: the theme, the dataset opened last (back in the Dataset tab) and
     * the model opened last (when none was asked for). A preferences file that cannot be read gives
     * the defaults, and the status bar says why.
     *
     * @return the model archive to open, if the last one is still in the catalog
     */
    public Optional<Path> applyPreferences() {
        Preferences p = preferences.load();
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
        return preferences.archiveOf(p.lastModel());
    }

    /** A file error for the status bar: the exception's kind as well, since some carry only a path. */
    static String describe(Exception e) {
        String kind = e.getClass().getSimpleName();
        return e.getMessage() == null ? kind : kind + ": " + e.getMessage();
    }

    private Dataset examplesAsDataset(AttentionClassifier model) {
        List<Document> docs = new ArrayList<>();
        for (ExampleReview ex : examples.all()) docs.add(ex.toDocument(model.labels()));
        return new Dataset("built-in examples", model.labels(), docs, 0);
    }

    /**
     * A document opened from the Dataset tab: shown, and, when the tab holds a dataset read from
     * disk, remembered as that dataset's document for the session.
     */
    private void openBrowserDocument(Document d) {
        openDocument(d);
        String spec = browser.lastOpenedProperty().get();
        Dataset shown = browser.datasetProperty().get();
        if (spec == null || shown == null || "built-in examples".equals(shown.name())) return;
        int index = -1;
        List<Document> docs = browser.documents();
        for (int i = 0; i < docs.size(); i++) {
            if (docs.get(i) == d) index = i;
        }
        if (index >= 0) session.openedFrom(spec, index, d.text());
    }

    /**
     * Opens document {@code index} of dataset {@code spec} (a restored session's document): the
     * Dataset tab reads the dataset in the background, then the document is shown.
     */
    private void openFromDataset(String spec, int index) {
        browser.datasetProperty().addListener(new javafx.beans.value.ChangeListener<Dataset>() {
            @Override
            public void changed(javafx.beans.value.ObservableValue<? extends Dataset> o, Dataset old, Dataset now) {
                if (now == null || !spec.equals(browser.lastOpenedProperty().get())) return;
                browser.datasetProperty().removeListener(this);
                if (index < now.documents().size()) {
                    openBrowserDocument(now.documents().get(index));
                } else {
                    vm.reportProblem("The session's document " + (index + 1) + " is not in " + spec + " ("
                            + now.documents().size() + " documents)");
                }
            }
        });
        browser.open(spec);
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
        teach.setOnAction(e -> {
            // The W&P step reads the document with the model's uniform-trained twin, if there is one.
            UniformTwinProbe probe = new UniformTwinProbe(vm.catalog(), ModelLoader::open, FxTasks.runner("teaching-twin"),
                    vm.modelProperty(), analysis.documentProperty());
            javafx.stage.Stage stage = TeachingMode.open(view.getScene() == null ? null : view.getScene().getWindow(),
                    analysis.explanationProperty(), probe.evidenceProperty());
            stage.addEventHandler(javafx.stage.WindowEvent.WINDOW_HIDDEN, h -> probe.close());
        });
        return teach;
    }

    /** Saves the window's session to {@code file} and lists it under Recent (what Save does after its dialog). */
    void saveSession(Path file) throws IOException {
        session.saveSession(file);
    }

    /** Opens a saved session, its model included (what Open and Recent do); a bad file is explained. */
    void openSession(Path p) {
        session.openSession(p);
    }

    /** Closes the window as its close button does (the Session menu's Quit, Ctrl+Q). */
    void quit() {
        session.quit();
    }

    @Override
    public void close() {
        preferences.save();
        session.close();
        browser.close();
        audit.close();
        twins.close();
    }
}
