package org.attentionworkbench.ui.eraser;

import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.figures.ChartExporter;
import java.nio.file.Path;
import javafx.application.Application;
import javafx.geometry.Orientation;
import javafx.scene.control.SplitPane;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.ui.charts.AnalysisCharts;
import org.attentionworkbench.figures.ChartExporter;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.explain.EncodedDocument;
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
            AttentionModel model = AttentionModel.load(archive);
            EncodedDocument doc = model.encode(text);
            Explanation explanation = new ExplanationEngine(model).explain(doc, -1,
                    ExplainSettings.defaults().withAdversarialSteps(100), p -> { }, Cancellation.NEVER);
            EraserViewModel vm = new EraserViewModel(doc);
            vm.explanationProperty().set(explanation);
            EraserPanel panel = new EraserPanel(vm);
            AnalysisCharts charts = new AnalysisCharts();
            charts.explanationProperty().set(explanation);
            charts.bindEraser(vm);
            charts.getSelectionModel().select(Integer.getInteger("demo.tab", 1));
            vm.eraseTopK(RankingKind.ATTENTION, 2);
            vm.erase(doc.size() - 1);
            String out = System.getProperty("demo.export");
            if (out != null) { // every chart as the exporter writes it, to look at
                ChartExporter.write(charts.flipCurves().chart(), Path.of(out, "flip.png"), 800, 450);
                ChartExporter.write(charts.outputs().chart(), Path.of(out, "output.png"), 800, 450);
                ChartExporter.write(charts.saliencyScatter().chart(), Path.of(out, "scatter.png"), 800, 450);
                ChartExporter.write(charts.permutationHistogram().chart(), Path.of(out, "perm.png"), 800, 450);
                ChartExporter.write(charts.flipCurves().chart(), Path.of(out, "flip.svg"), 800, 450);
                ChartExporter.write(charts.flipCurves().chart(), Path.of(out, "flip.pdf"), 800, 450);
            }
            SplitPane split = new SplitPane(panel, charts);
            split.setOrientation(Orientation.VERTICAL);
            split.setDividerPositions(0.45);
            Scene scene = new Scene(split, 1200, 900);
            Theme.apply(scene, false);
            stage.setTitle("Eraser demo");
            stage.setScene(scene);
            stage.show();
        }
    }
}
