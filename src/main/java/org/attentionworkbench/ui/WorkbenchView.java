package org.attentionworkbench.ui;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.SplitPane;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.control.TextArea;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.ToolBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.attentionworkbench.ui.analysis.AnalysisProgress;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.charts.AnalysisCharts;
import org.attentionworkbench.ui.charts.SanityCheckView;
import org.attentionworkbench.ui.eraser.EraserPanel;
import org.attentionworkbench.ui.grid.ComparisonGrid;
import org.attentionworkbench.ui.grid.ComparisonGridViewModel;
import org.controlsfx.control.StatusBar;

/**
 * The window's content: model picker on top; the review with the prediction and class
 * probabilities; below them a tab pane whose "Compare" tab holds the comparison grid (more analysis
 * tabs can be added through {@link #tabs()}); a status bar with the progress of the analysis at the
 * bottom. Only binds to the view models.
 */
public final class WorkbenchView extends BorderPane {

    private final BooleanProperty darkTheme = new SimpleBooleanProperty(this, "darkTheme");

    /** Whether the user chose the dark theme (the app applies it to the scene). */
    public BooleanProperty darkThemeProperty() {
        return darkTheme;
    }

    private final TabPane tabs = new TabPane();
    /** Where the review came from (a dataset's document and its true label), null for typed text. */
    private final javafx.beans.property.StringProperty source =
            new javafx.beans.property.SimpleStringProperty(this, "source");
    private final ToolBar toolBar;
    private final EraserPanel eraser = new EraserPanel();
    private final ComparisonGrid grid;

    /**
     * @param viewModel the state shown
     * @param analysis  the explanation of the current text
     */
    public WorkbenchView(WorkbenchViewModel viewModel, AnalysisViewModel analysis) {
        getStyleClass().add("workbench");
        toolBar = toolBar(viewModel, darkTheme);
        setTop(toolBar);
        grid = new ComparisonGrid(new ComparisonGridViewModel(analysis));
        Tab compare = new Tab("Compare", grid);
        compare.setId("compareTab");
        compare.setClosable(false);
        tabs.getTabs().addAll(compare, eraserTab(eraser, analysis));
        tabs.setId("analysisTabs");
        setCenter(content(viewModel, tabs, source));
        setBottom(statusBar(viewModel, analysis));
    }

    /**
     * The live eraser over the current document with the charts beneath it: the flip curves show
     * the eraser's state as a point, the output bars its current distribution.
     */
    private static Tab eraserTab(EraserPanel eraser, AnalysisViewModel analysis) {
        eraser.documentProperty().bind(analysis.documentProperty());
        eraser.explanationProperty().bind(analysis.explanationProperty());
        AnalysisCharts charts = new AnalysisCharts();
        charts.bindEraser(eraser.viewModel());
        SanityCheckView sanity = new SanityCheckView(FxTasks.runner("workbench-sanity"), analysis::settings);
        sanity.modelProperty().bind(analysis.model());
        sanity.documentProperty().bind(analysis.documentProperty());
        charts.addTab("Sanity check", sanity);
        SplitPane split = new SplitPane(eraser, charts);
        split.setOrientation(Orientation.VERTICAL);
        // The charts get the larger half and a floor: at the default window on a laptop the
        // eraser's full height left them a 5-pixel strip that nothing showed existed.
        split.setDividerPositions(0.42);
        charts.setMinHeight(190);
        Tab tab = new Tab("Eraser & charts", split);
        tab.setId("eraserTab");
        tab.setClosable(false);
        // Charts follow the analysis only while their tab is shown: redrawing thousands of points
        // for every partial result of a hidden tab stalled the FX thread on long texts.
        tab.selectedProperty().addListener((obs, was, selected) -> {
            if (selected) {
                charts.explanationProperty().bind(analysis.explanationProperty());
            } else {
                charts.explanationProperty().unbind();
            }
        });
        return tab;
    }

    /** The tool bar: actions (examples, export, sessions, teaching mode) add their controls here. */
    public ToolBar toolBar() {
        return toolBar;
    }

    /**
     * Adds controls to the tool bar after the model picker, before the spacer and the theme
     * toggle (which stay at the right end).
     */
    public void addTools(List<? extends javafx.scene.Node> tools) {
        // The tool bar ends with the spacer and the theme toggle (see toolBar(...)): insert before them.
        toolBar.getItems().addAll(toolBar.getItems().size() - 2, tools);
    }

    /** The live eraser (its state is saved with a session). */
    public EraserPanel eraser() {
        return eraser;
    }

    /** The comparison grid of the "Compare" tab (its scale mode is saved with a session). */
    public ComparisonGrid grid() {
        return grid;
    }

    /** The analysis tabs ("Compare" first): other analysis views add their tab here. */
    public TabPane tabs() {
        return tabs;
    }

    private static ToolBar toolBar(WorkbenchViewModel vm, BooleanProperty darkTheme) {
        Label modelLabel = new Label("Model");
        modelLabel.getStyleClass().add("toolbar-label");
        ModelPickerView picker = new ModelPickerView(vm);
        picker.setPrefWidth(330);
        picker.setMinWidth(Region.USE_PREF_SIZE);
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        ToggleButton dark = new ToggleButton("Dark");
        dark.setId("darkToggle");
        dark.selectedProperty().bindBidirectional(darkTheme);
        // The button names the theme it switches to.
        dark.textProperty().bind(Bindings.when(darkTheme).then("Light").otherwise("Dark"));
        dark.setTooltip(new javafx.scene.control.Tooltip("Switch between the light and the dark theme"));
        return new ToolBar(modelLabel, picker, spacer, dark);
    }

    /**
     * Where the review came from, shown above it ("sst2_test.tsv:17 · true label neg"); null for
     * typed text. Editing the text away from that document clears it.
     */
    public javafx.beans.property.StringProperty sourceProperty() {
        return source;
    }

    private static SplitPane content(WorkbenchViewModel vm, TabPane tabs, javafx.beans.property.StringProperty source) {
        Label reviewCaption = new Label();
        reviewCaption.setId("reviewCaption");
        reviewCaption.textProperty().bind(Bindings.when(source.isNull())
                .then("Review \u2014 type or paste; the model re-reads it as you type")
                .otherwise(Bindings.concat("Review \u2014 ", source)));
        reviewCaption.getStyleClass().add("section-caption");
        TextArea review = new TextArea();
        review.setId("reviewText");
        review.setWrapText(true);
        review.setPrefRowCount(3);
        review.setPromptText("Type or paste a review: the model re-reads it as you type");
        review.textProperty().bindBidirectional(vm.textProperty());
        VBox reviewPane = new VBox(2, reviewCaption, review);
        VBox.setVgrow(review, Priority.ALWAYS);
        HBox.setHgrow(reviewPane, Priority.ALWAYS);

        ProbabilityView probabilities = new ProbabilityView();
        probabilities.predictionProperty().bind(vm.predictionProperty());
        probabilities.setPrefWidth(260);
        probabilities.setMinWidth(220);
        HBox top = new HBox(16, reviewPane, probabilities);
        top.getStyleClass().add("review-pane");

        // Calm messages (no model, loading, empty text) replace the results rather than pop up.
        Label message = new Label();
        message.setId("message");
        message.getStyleClass().add("placeholder-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        tabs.visibleProperty().bind(vm.messageProperty().isNull());
        probabilities.visibleProperty().bind(vm.messageProperty().isNull());
        StackPane resultArea = new StackPane(tabs, message);

        SplitPane split = new SplitPane(top, resultArea);
        split.setOrientation(Orientation.VERTICAL);
        split.setDividerPositions(0.22);
        SplitPane.setResizableWithParent(top, false);
        // The review gets its own height, no more: a fraction of the window gave it a quarter of
        // a laptop screen that the heatmaps need. Set once, at the first layout; the user may drag.
        split.heightProperty().addListener(new javafx.beans.InvalidationListener() {
            @Override
            public void invalidated(javafx.beans.Observable o) {
                double h = split.getHeight();
                if (h <= 0) return;
                split.heightProperty().removeListener(this);
                top.applyCss();
                double wanted = top.prefHeight(split.getWidth()) + 4;
                split.setDividerPositions(Math.min(0.4, wanted / h));
            }
        });
        return split;
    }

    private static StatusBar statusBar(WorkbenchViewModel vm, AnalysisViewModel analysis) {
        StatusBar bar = new StatusBar();
        bar.setId("statusBar");
        bar.textProperty().bind(Bindings.createStringBinding(() -> {
            String extra = analysis.errorProperty().get() != null ? analysis.errorProperty().get()
                    : analysis.progressProperty().get().describe();
            var explanation = analysis.explanationProperty().get();
            if (explanation != null && !explanation.notes().isEmpty()) {
                extra = (extra.isEmpty() ? "" : extra + "  \u00b7  ") + String.join("; ", explanation.notes());
            }
            if (vm.problemProperty().get() != null) {
                extra = (extra.isEmpty() ? "" : extra + "  \u00b7  ") + vm.problemProperty().get();
            }
            return extra.isEmpty() ? vm.statusProperty().get() : vm.statusProperty().get() + "  \u00b7  " + extra;
        }, vm.statusProperty(), analysis.progressProperty(), analysis.errorProperty(), analysis.explanationProperty(),
                vm.problemProperty()));
        // A long status (a 2 MB text's notes) is cut at the window's edge: the whole of it is the tooltip.
        javafx.scene.control.Tooltip whole = new javafx.scene.control.Tooltip();
        whole.setWrapText(true);
        whole.setMaxWidth(640);
        whole.textProperty().bind(bar.textProperty());
        bar.setTooltip(whole);
        // Determinate while sections of an explanation are counted, indeterminate for other work.
        bar.progressProperty().bind(Bindings.createDoubleBinding(() -> {
            AnalysisProgress p = analysis.progressProperty().get();
            if (p.running()) return Math.max(0.02, p.fraction());
            return vm.busyProperty().get() ? -1.0 : 0.0;
        }, analysis.progressProperty(), vm.busyProperty()));
        return bar;
    }
}
