package org.attentionworkbench.ui.charts;

import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.FigureWriter;
import java.io.File;
import javafx.geometry.Pos;
import javafx.scene.Node;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.stage.FileChooser;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.fx.ChartViewer;

/**
 * One chart on screen (a JFreeChart-FX {@link ChartViewer}) with an Export menu writing PNG, SVG
 * or PDF through {@link ChartExporter} at the size the chart has on screen, so the file is the
 * picture the user sees. Optional controls (e.g. a method picker) sit left of the menu.
 */
public final class ChartView extends BorderPane {

    private final ChartViewer viewer;
    private final String fileStem;

    /**
     * @param chart    the chart to show
     * @param fileStem the suggested export file name, without extension
     * @param controls nodes shown in the bar above the chart
     */
    public ChartView(JFreeChart chart, String fileStem, Node... controls) {
        this.viewer = new ChartViewer(chart);
        this.fileStem = fileStem;
        getStyleClass().add("chart-view");
        MenuButton export = new MenuButton("Export");
        export.getStyleClass().add("chart-export");
        export.setTooltip(new javafx.scene.control.Tooltip(
                "Save the chart at a fixed size, whatever the window's: a paper column or a slide"));
        for (ExportSize size : ExportSize.values()) {
            for (FigureWriter.Format f : FigureWriter.Format.values()) {
                MenuItem item = new MenuItem(f.name() + " \u2014 " + size.label + "\u2026");
                item.setId("export-" + fileStem + "-" + f.extension() + "-" + size.name().toLowerCase(java.util.Locale.ROOT));
                item.setOnAction(e -> export(f, size));
                export.getItems().add(item);
            }
        }
        // The controls float over the chart's top corners (where its title leaves room) instead
        // of taking a bar's height from it.
        HBox bar = new HBox(8);
        bar.setAlignment(Pos.TOP_RIGHT);
        bar.getChildren().addAll(controls);
        bar.getChildren().add(export);
        bar.setStyle("-fx-padding: 2 8 0 8;");
        bar.setPickOnBounds(false);
        bar.setMaxSize(Region.USE_PREF_SIZE, Region.USE_PREF_SIZE);
        javafx.scene.layout.StackPane stack = new javafx.scene.layout.StackPane(viewer, bar);
        javafx.scene.layout.StackPane.setAlignment(bar, Pos.TOP_RIGHT);
        setCenter(stack);
        viewer.setMinSize(200, 150);
    }

    /** The fixed sizes a chart is exported at (pixels for PNG, points for SVG and PDF). */
    public enum ExportSize {
        /**
         * One column of a two-column paper: 360 x 260 points, which a 3.5-inch column scales to
         * about 8-point text (the charts' fonts are 11-12 points).
         */
        PAPER_COLUMN("paper column", 360, 260),
        /** A 16:9 slide. */
        SLIDES("slides", 1280, 720);

        private final String label;
        /** Width of the export. */
        public final int width;
        /** Height of the export. */
        public final int height;

        ExportSize(String label, int width, int height) {
            this.label = label;
            this.width = width;
            this.height = height;
        }
    }

    /** The viewer (for tests). */
    public ChartViewer viewer() {
        return viewer;
    }

    private void export(FigureWriter.Format format, ExportSize size) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chart as " + format.name());
        chooser.setInitialFileName(fileStem + "." + format.extension());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name(), "*." + format.extension()));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) return;
        try {
            // A fixed size, not the viewer's: the on-screen size made a 1294x150 strip of a figure.
            ChartExporter.write(viewer.getChart(), file.toPath(), size.width, size.height);
        } catch (RuntimeException ex) {
            new Alert(Alert.AlertType.ERROR, "Could not export: " + ex.getMessage()).showAndWait();
        }
    }
}
