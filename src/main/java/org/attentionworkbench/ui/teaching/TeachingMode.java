package org.attentionworkbench.ui.teaching;

import javafx.beans.value.ObservableValue;
import javafx.scene.Scene;
import javafx.stage.Stage;
import javafx.stage.Window;
import org.attentionworkbench.explain.Explanation;

/**
 * Opens teaching mode: a full-screen stage with a {@link TeachingView} following the analysis'
 * explanation as it fills in. Escape closes it.
 */
public final class TeachingMode {

    private TeachingMode() {
    }

    /**
     * Opens the full-screen stage.
     *
     * @param owner       the workbench window (teaching mode closes with it)
     * @param explanation the analysis' progressive explanation (e.g. AnalysisViewModel.explanation())
     * @return the stage, already shown
     */
    public static Stage open(Window owner, ObservableValue<Explanation> explanation) {
        return open(owner, explanation, null);
    }

    /**
     * As {@link #open(Window, ObservableValue)}, with the Wiegreffe &amp; Pinter step told from
     * {@code uniformTwin} (null, or a null value: no such step).
     */
    public static Stage open(Window owner, ObservableValue<Explanation> explanation,
                             ObservableValue<UniformTwinEvidence> uniformTwin) {
        TeachingViewModel model = new TeachingViewModel();
        model.explanationProperty().bind(explanation);
        if (uniformTwin != null) model.uniformTwinProperty().bind(uniformTwin);
        TeachingView view = new TeachingView(model);
        Stage stage = new Stage();
        if (owner != null) stage.initOwner(owner);
        stage.setTitle("Attention Workbench - teaching mode");
        stage.setScene(new Scene(view, 1280, 800));
        stage.setFullScreenExitHint("");
        view.setOnExit(stage::close);
        stage.setOnHidden(e -> {
            model.explanationProperty().unbind();
            model.uniformTwinProperty().unbind();
        }); // let the analysis forget this stage
        stage.setFullScreen(true);
        stage.show();
        view.requestFocus();
        return stage;
    }
}
