package org.attentionworkbench.ui;

import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.controlsfx.control.StatusBar;

/**
 * The window's content: model picker on top, the review above the results (prediction, class
 * probabilities, attention heatmap), a status bar at the bottom. Only binds to the view model.
 */
public final class WorkbenchView extends BorderPane {

    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");

    /** Whether the user chose the dark theme (the app applies it to the scene). */
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    /**
     * @param viewModel the state shown
     */
    public WorkbenchView(WorkbenchViewModel viewModel) {
        getStyleClass().add("workbench");
        setTop(toolBar(viewModel, darkTheme));
        setCenter(content(viewModel));
        setBottom(statusBar(viewModel));
    }

    private static ToolBar toolBar(WorkbenchViewModel vm, BooleanProperty darkTheme) {
        Label modelLabel = new Label("Model");
        modelLabel.getStyleClass().add("toolbar-label");
        ModelPickerView picker = new ModelPickerView(vm);
        picker.setPrefWidth(640);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("darkToggle");
        dark.selectedProperty().bindBidirectional(darkTheme);
        return new ToolBar(modelLabel, picker, spacer, dark);
    }

    private static SplitPane content(WorkbenchViewModel vm) {
        Label reviewCaption = new Label("Review \u2014 type or paste; the model re-reads it as you type");
        reviewCaption.getStyleClass().add("section-caption");
        TextArea review = new TextArea();
        review.setId("reviewText");
        review.setWrapText(true);
        review.setPrefRowCount(5);
        review.textProperty().bindBidirectional(vm.textProperty());
        VBox reviewPane = new VBox(6, reviewCaption, review);
        VBox.setVgrow(review, Priority.ALWAYS);
        reviewPane.getStyleClass().add("review-pane");

        ProbabilityView probabilities = new ProbabilityView();
        probabilities.predictionProperty().bind(vm.predictionProperty());
        probabilities.setPrefWidth(260);
        probabilities.setMinWidth(220);

        Label heatmapCaption = new Label("What the model attended to (darker = more attention)");
        heatmapCaption.getStyleClass().add("section-caption");
        HeatmapView heatmap = new HeatmapView();
        heatmap.predictionProperty().bind(vm.predictionProperty());
        VBox heatmapPane = new VBox(6, heatmapCaption, heatmap);
        VBox.setVgrow(heatmap, Priority.ALWAYS);
        HBox.setHgrow(heatmapPane, Priority.ALWAYS);

        HBox results = new HBox(16, probabilities, heatmapPane);
        results.getStyleClass().add("results-pane");

        // Calm messages (no model, loading, empty text) replace the results rather than pop up.
        Label message = new Label();
        message.setId("message");
        message.getStyleClass().add("placeholder-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        results.visibleProperty().bind(vm.messageProperty().isNull());
        StackPane resultArea = new StackPane(results, message);

        SplitPane split = new SplitPane(reviewPane, resultArea);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.28);
        SplitPane.setResizableWithParent(reviewPane, false);
        return split;
    }

    private static StatusBar statusBar(WorkbenchViewModel vm) {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(vm.statusProperty());
        bar.progressProperty().bind(Bindings.when(vm.busyProperty()).then(-1.0).otherwise(0.0));
        return bar;
    }
}
