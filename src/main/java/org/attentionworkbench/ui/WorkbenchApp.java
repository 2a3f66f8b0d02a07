package org.attentionworkbench.ui;

import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.geometry.Pos;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.attentionworkbench.session.ConfigDirectory;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.PreferencesStore;
import javafx.geometry.Dimension2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * The JavaFX application: one window over a {@link WorkbenchViewModel}. Started through
 * {@link WorkbenchLauncher} (never as a main class: see there). Named parameter {@code --model=PATH}
 * opens that archive instead of the catalog's default model.
 */
public final class WorkbenchApp extends Application {

    /** The shipped models' cards, read beside the window's first frame (about half a second of zip reading). */
    private java.util.concurrent.CompletableFuture<ModelCatalog> catalog;
    private WorkbenchViewModel viewModel;
    private WorkbenchActions actions;

    /** With {@code -Dworkbench.startupTiming=true}: prints the JVM's uptime at each start-up step. */
    private static void timing(String step) {
        if (Boolean.getBoolean("workbench.startupTiming")) {
            System.err.printf("[startup] %6d ms  %s%n",
                    java.lang.management.ManagementFactory.getRuntimeMXBean().getUptime(), step);
        }
    }

    @Override
    public void init() {
        timing("init");
        // Off the FX thread and beside it: the window shows while every archive's card is read.
        catalog = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            ModelCatalog c = ModelCatalog.fromEnvironment();
            timing("catalog read");
            return c;
        });
    }

    @Override
    public void start(Stage stage) {
        timing("start");
        // The window first, with a progress indicator: building the view (and its first style and
        // layout pass) took seconds, during which nothing showed the application had started.
        // The remembered window size, fitted to the screen (one saved on a larger monitor would
        // hide the status bar); on a first start 90% of the screen. The scene gets it too: a
        // scene without a size takes the content's preferred size, wider than the window.
        Rectangle2D screen = Screen.getPrimary().getVisualBounds();
        Dimension2D size = initialWindowSize(new PreferencesStore(ConfigDirectory.resolve()), screen);
        ProgressIndicator spinner = new ProgressIndicator();
        spinner.setMaxSize(48, 48);
        Label starting = new Label("Starting the workbench\u2026");
        VBox splash = new VBox(12, spinner, starting);
        splash.setAlignment(Pos.CENTER);
        splash.setId("startupSplash");
        Scene scene = new Scene(new StackPane(splash), size.getWidth(), size.getHeight());
        Theme.apply(scene, false);
        stage.setTitle("Attention Workbench");
        stage.setScene(scene);
        stage.setWidth(size.getWidth()); // the saved size is the window's, decorations included
        stage.setHeight(size.getHeight());
        stage.centerOnScreen(); // a window as large as the screen is all on it only when centred
        stage.show();
        timing("window shown");
        Platform.runLater(() -> build(scene));
    }

    /** Builds the view into the shown window's scene, then loads the model behind the status bar's progress. */
    private void build(Scene scene) {
        viewModel = new WorkbenchViewModel(catalog.join(), FxTasks.runner("workbench-model-loader"),
                FxTasks.runner("workbench-analysis"));
        AnalysisViewModel analysis = viewModel.analysis();
        WorkbenchView view = new WorkbenchView(viewModel, analysis);
        actions = new WorkbenchActions(viewModel, analysis, view, true);
        // The first frame of the view styles and lays out only the Compare tab.
        LazyTabs.deferUnselected(view.tabs());
        view.darkThemeProperty().addListener((obs, old, dark) -> Theme.apply(scene, dark));
        Optional<Path> remembered = actions.applyPreferences();
        scene.setRoot(view);
        timing("view built");
        Optional<Path> requested = Optional.ofNullable(getParameters().getNamed().get("model")).map(Path::of)
                .or(() -> remembered);
        actions.recoverAutosave();
        viewModel.start(requested);
    }

    /**
     * The window's size at start: the remembered one fitted to the screen, or 90% of the screen
     * when nothing was remembered yet (a fixed 1400x900 filled a laptop screen edge to edge).
     */
    static Dimension2D initialWindowSize(PreferencesStore store, Rectangle2D screen) {
        if (!java.nio.file.Files.isRegularFile(store.file())) {
            return new Dimension2D(Math.round(0.9 * screen.getWidth()), Math.round(0.9 * screen.getHeight()));
        }
        Preferences p = store.load();
        return WorkbenchActions.fitWindow(p.windowWidth(), p.windowHeight(), screen);
    }

    @Override
    public void stop() {
        if (actions != null) actions.close();
        if (viewModel != null) viewModel.close();
    }
}
