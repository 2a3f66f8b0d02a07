package org.attentionworkbench.ui;

import java.nio.file.Path;
import java.util.Optional;
import javafx.application.Application;
import javafx.geometry.Dimension2D;
import javafx.scene.Scene;
import javafx.stage.Screen;
import javafx.stage.Stage;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * The JavaFX application: one window over a {@link WorkbenchViewModel}. Started through
 * {@link WorkbenchLauncher} (never as a main class: see there). Named parameter {@code --model=PATH}
 * opens that archive instead of the catalog's default model.
 */
public final class WorkbenchApp extends Application {

    private ModelCatalog catalog;
    private WorkbenchViewModel viewModel;
    private WorkbenchActions actions;

    @Override
    public void init() {
        // Runs on the launcher thread: reading every archive's card stays off the FX thread.
        catalog = ModelCatalog.fromEnvironment();
    }

    @Override
    public void start(Stage stage) {
        viewModel = new WorkbenchViewModel(catalog, FxTasks.runner("workbench-model-loader"),
                FxTasks.runner("workbench-analysis"));
        AnalysisViewModel analysis = viewModel.analysis();
        WorkbenchView view = new WorkbenchView(viewModel, analysis);
        actions = new WorkbenchActions(viewModel, analysis, view, true);
        // The remembered window size, fitted to the screen (one saved on a larger monitor would
        // hide the status bar). The scene gets it too: a scene without a size takes the content's
        // preferred size, wider than the window, and the window then shows only part of it.
        Dimension2D size = actions.rememberedWindowSize(Screen.getPrimary().getVisualBounds());
        Scene scene = new Scene(view, size.getWidth(), size.getHeight());
        Theme.apply(scene, false);
        view.darkThemeProperty().addListener((obs, old, dark) -> Theme.apply(scene, dark));
        stage.setTitle("Attention Workbench");
        stage.setScene(scene);
        stage.setWidth(size.getWidth()); // the saved size is the window's, decorations included
        stage.setHeight(size.getHeight());
        stage.centerOnScreen(); // a window as large as the screen is all on it only when centred
        Optional<Path> remembered = actions.applyPreferences();
        stage.show();
        Optional<Path> requested = Optional.ofNullable(getParameters().getNamed().get("model")).map(Path::of)
                .or(() -> remembered);
        actions.recoverAutosave();
        viewModel.start(requested);
    }

    @Override
    public void stop() {
        if (actions != null) actions.close();
        if (viewModel != null) viewModel.close();
    }
}
