package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import org.attentionworkbench.figures.PanelFigures;
import java.io.IOException;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.geometry.Orientation;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.ColumnConstraints;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.RowConstraints;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.figures.GridExporter;
import org.attentionworkbench.figures.HeatmapFigure;

/**
 * Token heatmaps side by side (original, adversarial, permuted, saliency, uniform) that share ONE
 * layout, one hovered token and one scroll position: the same word sits at the same place in every
 * panel. The side bar shows/hides and reorders panels; one scroll bar scrolls them all; a line
 * at the bottom gives the hovered token's value under every method.
 */
public final class ComparisonGrid extends BorderPane {

    private static final int COLUMNS = 2;
    /** Width from which the panel list is shown beside the panels by default. */
    private static final double WIDE = 1350;

    private final javafx.scene.control.ToggleButton panelsToggle = new javafx.scene.control.ToggleButton("Panels");
    /** Measures a token as FXGraphics2D will draw it on screen (see HeatmapPainter#layout). */
    private final java.util.function.ToDoubleFunction<String> screenWidth;

    private final ComparisonGridViewModel vm;
    private final HeatmapPainter painter = new HeatmapPainter();
    private final Map<PanelKind, PanelView> panels = new EnumMap<>(PanelKind.class);
    private final GridPane grid = new GridPane();
    private final ScrollBar scrollBar = new ScrollBar();
    private final DoubleProperty scrollTop = new SimpleDoubleProperty(this, "scrollTop");
    private HeatmapLayout layout = HeatmapLayout.EMPTY;
    /** The document a two-level layout was laid out for (its rows are that document's sentences). */
    private EncodedDocument laidOut;
    /** Over a hierarchical model's rows: colour words by alpha within the sentence, not by their share of the row's value. */
    private final javafx.scene.control.ToggleButton alphaToggle = new javafx.scene.control.ToggleButton("\u03b1 within sentence");

    /** @param vm the grid's state */
    public ComparisonGrid(ComparisonGridViewModel vm) {
        this.vm = vm;
        this.screenWidth = org.attentionworkbench.ui.ScreenTextWidth.of(painter.font());
        getStyleClass().add("comparison-grid");
        setId("comparisonGrid");
        for (PanelKind k : PanelKind.values()) {
            PanelView p = new PanelView(k, vm, painter);
            // One position for all: panels follow it and ask the grid to move it, which clamps.
            p.heatmap().scrollTopProperty().bind(scrollTop);
            p.heatmap().setScrollHandler(this::scrollTo);
            p.heatmap().viewportWidthProperty().addListener(o -> relayout());
            p.heatmap().viewportHeightProperty().addListener(o -> updateScroll());
            p.heatmap().alphaOnlyProperty().bind(alphaToggle.selectedProperty());
            panels.put(k, p);
        }
        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.valueProperty().bindBidirectional(scrollTop);
        // The scroll bar's own moves stay within its range; wheel moves go through scrollTo.
        grid.getStyleClass().add("panel-grid");
        grid.setHgap(6);
        grid.setVgap(4);
        Label info = new Label();
        info.setId("hoverInfo");
        info.getStyleClass().add("heatmap-hover");
        info.setMaxWidth(Double.MAX_VALUE);
        info.textProperty().bind(vm.hoverInfoProperty());

        PanelListView panelList = new PanelListView(vm);
        // The side bar costs the panels 200 pixels of width: on a laptop screen it folds away
        // behind the "Panels" toggle, which also brings it back.
        panelsToggle.setId("panelsToggle");
        panelsToggle.setTooltip(new javafx.scene.control.Tooltip("Show or hide the panel list (order, shared colour scale)"));
        panelsToggle.selectedProperty().addListener((obs, was, on) -> setLeft(on ? panelList : null));
        widthProperty().addListener((obs, old, w) -> {
            boolean wide = w.doubleValue() >= WIDE;
            boolean wasWide = old.doubleValue() >= WIDE;
            if (wasWide != wide || old.doubleValue() == 0) panelsToggle.setSelected(wide);
        });
        alphaToggle.setId("alphaToggle");
        alphaToggle.setTooltip(new javafx.scene.control.Tooltip("Hierarchical model: colour each word by its attention"
                + " within its sentence (\u03b1) instead of its share of the sentence's value (\u03b2\u00d7\u03b1 for attention)"));
        alphaToggle.setVisible(false);
        alphaToggle.managedProperty().bind(alphaToggle.visibleProperty());
        HBox bottom = new HBox(8, panelsToggle, alphaToggle, info);
        bottom.setAlignment(javafx.geometry.Pos.CENTER_LEFT);
        HBox.setHgrow(info, Priority.ALWAYS);
        info.setMinWidth(0);
        setCenter(grid);
        setRight(scrollBar);
        setBottom(bottom);
        vm.shown().addListener((Observable o) -> arrange());
        for (Observable o : List.<Observable>of(vm.analysis().documentProperty())) {
            o.addListener(x -> relayout());
        }
        arrange();
    }

    /** The grid's state (panel order, scale mode, hover). */
    public ComparisonGridViewModel viewModel() {
        return vm;
    }

    /** Puts the shown panels into rows of {@link #COLUMNS}, all cells of equal size. */
    private void arrange() {
        List<PanelKind> shown = vm.shown();
        grid.getChildren().clear();
        grid.getColumnConstraints().clear();
        grid.getRowConstraints().clear();
        int columns = Math.min(COLUMNS, Math.max(1, shown.size()));
        int rows = (shown.size() + columns - 1) / columns;
        for (int c = 0; c < columns; c++) {
            ColumnConstraints cc = new ColumnConstraints();
            cc.setPercentWidth(100.0 / columns);
            cc.setHgrow(Priority.ALWAYS);
            grid.getColumnConstraints().add(cc);
        }
        for (int r = 0; r < rows; r++) {
            RowConstraints rc = new RowConstraints();
            rc.setPercentHeight(100.0 / rows);
            rc.setVgrow(Priority.ALWAYS);
            grid.getRowConstraints().add(rc);
        }
        for (int i = 0; i < shown.size(); i++) {
            PanelView p = panels.get(shown.get(i));
            p.setMinSize(0, 0);
            grid.add(p, i % columns, i / columns);
        }
        relayout();
    }

    /** One layout for every panel: laid out for the narrowest shown panel, so it fits them all. */
    private void relayout() {
        EncodedDocument doc = vm.analysis().documentProperty().get();
        double width = vm.shown().stream().mapToDouble(k -> panels.get(k).heatmap().viewportWidthProperty().get())
                .filter(w -> w > 1).min().orElse(0);
        // A hierarchical model's documents are its sentence level: one row per sentence, a bar each.
        HierarchicalDocument h = doc == null ? null : vm.analysis().hierarchy();
        alphaToggle.setVisible(h != null);
        if (doc == null || width <= 1) {
            layout = HeatmapLayout.EMPTY;
        } else if (h != null) {
            if (!layout.hierarchical() || laidOut != doc || layout.width() != width) {
                layout = painter.layoutRows(h.sentences(), h.wordAttention(), h.sentenceAttention(), width, screenWidth);
            }
        } else if (layout.hierarchical() || layout.boxes().size() != doc.size() || layout.width() != width
                || !sameTokens(layout, doc.tokens())) {
            layout = painter.layout(doc.tokens(), width, screenWidth);
        }
        laidOut = doc;
        for (PanelView p : panels.values()) p.heatmap().layoutProperty().set(layout);
        updateScroll();
    }

    /** Moves the shared position to {@code top}, clamped to the text: no panel scrolls past its last line. */
    void scrollTo(double top) {
        scrollTop.set(Math.max(0, Math.min(scrollBar.getMax(), top)));
    }

    /** The shared scroll position (for tests). */
    double scrollTop() {
        return scrollTop.get();
    }

    private static boolean sameTokens(HeatmapLayout l, List<String> tokens) {
        for (int i = 0; i < tokens.size(); i++) {
            if (!l.boxes().get(i).token().equals(tokens.get(i))) return false;
        }
        return true;
    }

    private void updateScroll() {
        double viewport = vm.shown().stream().mapToDouble(k -> panels.get(k).heatmap().viewportHeightProperty().get())
                .filter(h -> h > 1).min().orElse(0);
        double overflow = Math.max(0, layout.height() - viewport);
        scrollBar.setMax(overflow);
        scrollBar.setVisibleAmount(overflow == 0 ? 0 : viewport * overflow / layout.height());
        scrollBar.setUnitIncrement(24);
        scrollBar.setBlockIncrement(Math.max(24, viewport - 24));
        scrollBar.setDisable(overflow == 0);
        scrollTop.set(Math.max(0, Math.min(overflow, scrollTop.get())));
    }

    /**
     * Asks for a file (PNG, SVG or PDF) and writes the shown panels, in their order, as one page
     * drawn by the screen's painter ({@link GridExporter}); the window's Export menu calls this.
     *
     * @param owner  the chooser's owner window
     * @param inform shows a message to the user (nothing to export, a failed write, panels left out)
     */
    public void exportGrid(Window owner, Consumer<String> inform) {
        List<HeatmapFigure> figures = shownFigures(vm);
        if (figures.isEmpty()) {
            inform.accept("There is no analysed review, or no panel is shown.");
            return;
        }
        FileChooser fc = new FileChooser();
        fc.setTitle("Export comparison grid");
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter("PNG, SVG or PDF", "*.png", "*.svg", "*.pdf"));
        fc.setInitialFileName("comparison.png");
        java.io.File f = fc.showSaveDialog(owner);
        if (f == null) return;
        try {
            new GridExporter(painter, GridExporter.DEFAULT_COLUMN_WIDTH, COLUMNS).hierarchical(vm.analysis().hierarchy())
                    .write(figures, f.toPath());
        } catch (IOException | RuntimeException e) {
            inform.accept("Could not export: " + e.getMessage());
            return;
        }
        if (figures.size() < vm.shown().size()) {
            inform.accept("Panels still being computed were left out of " + f.getName() + ".");
        }
    }

    /** The layout every panel paints over (for tests). */
    HeatmapLayout sharedLayout() {
        return layout;
    }

    /** A panel's view, shown or not (for tests). */
    PanelView panel(PanelKind kind) {
        return panels.get(kind);
    }

    /**
     * The figures of the grid's shown panels, in their order, as they are now; panels still
     * computing are left out.
     */
    static List<HeatmapFigure> shownFigures(ComparisonGridViewModel vm) {
        EncodedDocument doc = vm.analysis().documentProperty().get();
        if (doc == null) return List.of();
        List<HeatmapFigure> out = new java.util.ArrayList<>();
        for (PanelKind k : vm.shown()) {
            PanelContent c = vm.contentsProperty().get().get(k);
            if (c != null && c.available()) out.add(PanelFigures.of(c, doc.tokens()));
        }
        return out;
    }
}
