package org.attentionworkbench.ui.eraser;

import java.nio.file.Path;
import javafx.application.Application;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.EncodedDocument;
import org.attentionworkbench.ui.Theme;

/**
 * A window with the eraser on a real model, for looking at it (not a test):
 * {@code java -cp ... org.attentionworkbench.ui.eraser.EraserDemo [model.zip] [text]}.
 * A plain main that launches the Application, so that JavaFX on the class path starts.
 */
public final class EraserDemo {

    private EraserDemo() {
    }

    public static void main(String[] args) {
        Application.launch(App.class, args);
    }

    /** The demo window. */
    public static final class App extends Application {
        @Override
        public void start(Stage stage) {
            var args = getParameters().getRaw();
            Path archive = Path.of(args.isEmpty() ? "models/sst2-bilstm.zip" : args.get(0));
            String text = args.size() > 1 ? args.get(1)
                    : "the acting is superb and the story is moving , but the ending feels rushed and a little dull .";
            EncodedDocument doc = AttentionModel.load(archive).encode(text);
            EraserViewModel vm = new EraserViewModel(doc);
            EraserPanel panel = new EraserPanel(vm);
            vm.eraseTopK(RankingKind.ATTENTION, 2);
            vm.erase(doc.size() - 1);
            Scene scene = new Scene(panel, 1200, 420);
            Theme.apply(scene, false);
            stage.setTitle("Eraser demo");
            stage.setScene(scene);
            stage.show();
        }
    }
}
