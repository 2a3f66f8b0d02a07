package org.attentionworkbench.ui.demo;

import java.nio.file.Path;
import java.util.List;
import javafx.application.Application;
import javafx.application.Platform;
import javafx.beans.property.SimpleObjectProperty;
import javafx.scene.Scene;
import javafx.stage.Stage;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.ui.browser.DatasetBrowserView;
import org.attentionworkbench.ui.browser.DatasetBrowserViewModel;
import org.attentionworkbench.ui.browser.ExampleLibrary;
import org.attentionworkbench.ui.teaching.TeachingView;
import org.attentionworkbench.ui.teaching.TeachingViewModel;

/**
 * Manual demo for screenshots: {@code BrowserDemo browser [DATASET]} or {@code BrowserDemo teaching STEP [EXAMPLE-ID]}.
 * Loads models/sst2-bilstm.zip.
 */
public final class BrowserDemo extends Application {

    @Override
    public void start(Stage stage) throws Exception {
        List<String> args = getParameters().getRaw();
        AttentionModel model = AttentionModel.load(Path.of("models/sst2-bilstm.zip"));
        if (args.get(0).equals("browser")) {
            DatasetBrowserViewModel vm = new DatasetBrowserViewModel();
            vm.modelProperty().set(model);
            DatasetBrowserView view = new DatasetBrowserView(vm);
            if (args.size() > 1) {
                vm.open(args.get(1));
            } else {
                List<Document> docs = ExampleLibrary.builtIn().all().stream()
                        .map(r -> r.toDocument(model.labels())).toList();
                vm.show(new Dataset("examples", model.labels(), docs, 0));
            }
            stage.setScene(new Scene(view, 1500, 900));
        } else {
            int step = Integer.parseInt(args.get(1));
            String id = args.size() > 2 ? args.get(2) : "negation";
            String text = ExampleLibrary.builtIn().find(id).orElseThrow().text();
            Explanation e = new ExplanationEngine(model).explain(text, ExplainSettings.defaults());
            TeachingViewModel tvm = new TeachingViewModel();
            tvm.explanationProperty().bind(new SimpleObjectProperty<>(e));
            tvm.go(step);
            stage.setScene(new Scene(new TeachingView(tvm), 1500, 900));
        }
        stage.setX(0);
        stage.setY(0);
        stage.show();
    }

    public static void main(String[] args) {
        Platform.setImplicitExit(true);
        launch(args);
    }
}
