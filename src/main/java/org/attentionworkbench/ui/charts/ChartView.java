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
        for (FigureWriter.Format f : FigureWriter.Format.values()) {
            MenuItem item = new MenuItem(f.name() + "\u2026");
            item.setOnAction(e -> export(f));
            export.getItems().add(item);
        }
        Region spacer = new Region();
        HBox.setHgrow(spacer, Priority.ALWAYS);
        HBox bar = new HBox(8);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.getChildren().addAll(controls);
        bar.getChildren().addAll(spacer, export);
        bar.setStyle("-fx-padding: 4 8 4 8;");
        setTop(bar);
        setCenter(viewer);
        viewer.setMinSize(200, 150);
    }

    /** The viewer (for tests). */
    public ChartViewer viewer() {
        return viewer;
    }

    private void export(FigureWriter.Format format) {
        FileChooser chooser = new FileChooser();
        chooser.setTitle("Export chart as " + format.name());
        chooser.setInitialFileName(fileStem + "." + format.extension());
        chooser.getExtensionFilters().add(new FileChooser.ExtensionFilter(format.name(), "*." + format.extension()));
        File file = chooser.showSaveDialog(getScene() == null ? null : getScene().getWindow());
        if (file == null) return;
        int w = (int) Math.max(200, Math.round(viewer.getWidth()));
        int h = (int) Math.max(150, Math.round(viewer.getHeight()));
        try {
            ChartExporter.write(viewer.getChart(), file.toPath(), w, h);
        } catch (RuntimeException ex) {
            new Alert(Alert.AlertType.ERROR, "Could not export: " + ex.getMessage()).showAndWait();
        }
    }
}
