package org.attentionworkbench.ui;

import java.util.List;
import java.util.Locale;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.util.Duration;
import org.attentionworkbench.model.Prediction;
import org.jfree.fx.FXGraphics2D;

/**
 * Shows a prediction's attention as a heatmap drawn by {@link HeatmapPainter} through FXGraphics2D:
 * a legend strip, the tokens, a scroll bar and a hover readout (tooltip and a line below).
 *
 * <p>The canvas is only as big as the viewport and paints the visible band of the layout: a canvas
 * as tall as a 5,000-token review would exceed the texture limits of some GPUs.
 */
public final class HeatmapView extends BorderPane {

    private final HeatmapPainter painter = new HeatmapPainter();
    private final ObjectProperty<Prediction> prediction = new SimpleObjectProperty<>(this, "prediction");
    private final Canvas legendCanvas = new Canvas(10, HeatmapPainter.LEGEND_HEIGHT);
    private final Canvas canvas = new Canvas(10, 10);
    private final FXGraphics2D legendGraphics = new FXGraphics2D(legendCanvas.getGraphicsContext2D());
    private final FXGraphics2D graphics = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final ScrollBar scrollBar = new ScrollBar();
    private final Label hoverLine = new Label("Hover a token to see its exact attention weight.");
    private final Tooltip tooltip = new Tooltip();
    private HeatmapLayout layout = HeatmapLayout.EMPTY;
    private int hovered = -1;

    public HeatmapView() {
        getStyleClass().add("heatmap-view");
        setId("heatmap");
        Pane legendPane = new Pane(legendCanvas);
        legendPane.getStyleClass().add("heatmap-legend");
        legendPane.setMinHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendPane.setPrefHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendCanvas.widthProperty().bind(legendPane.widthProperty());
        legendCanvas.widthProperty().addListener(o -> paintLegend());

        Pane body = new Pane(canvas);
        body.getStyleClass().add("heatmap-body");
        body.setMinSize(0, 0);
        body.setPrefSize(600, 300);
        canvas.setManaged(false);
        canvas.widthProperty().bind(body.widthProperty());
        canvas.heightProperty().bind(body.heightProperty());
        canvas.widthProperty().addListener(o -> relayout());
        canvas.heightProperty().addListener(o -> updateScroll());

        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.valueProperty().addListener(o -> paintTokens());
        body.setOnScroll(e -> scrollBar.setValue(clamp(scrollBar.getValue() - e.getDeltaY())));
        canvas.setOnMouseMoved(e -> hover(layout.indexAt(e.getX(), e.getY() + scrollBar.getValue())));
        canvas.setOnMouseExited(e -> hover(-1));
        tooltip.setShowDelay(Duration.millis(120));

        hoverLine.getStyleClass().add("heatmap-hover");
        hoverLine.setMaxWidth(Double.MAX_VALUE);
        setTop(legendPane);
        setCenter(body);
        setRight(scrollBar);
        setBottom(hoverLine);
        prediction.addListener(o -> relayout());
    }

    /** The prediction shown; null shows nothing. */
    public ObjectProperty<Prediction> predictionProperty() {
        return prediction;
    }

    private void relayout() {
        Prediction p = prediction.get();
        layout = p == null ? HeatmapLayout.EMPTY
                : painter.layout(graphics, p.tokens(), p.attention(), canvas.getWidth());
        hover(-1);
        updateScroll();
        paintLegend();
        paintTokens();
    }

    private void updateScroll() {
        double overflow = Math.max(0, layout.height() - canvas.getHeight());
        scrollBar.setMax(overflow);
        scrollBar.setVisibleAmount(overflow == 0 ? 0 : canvas.getHeight() * overflow / layout.height());
        scrollBar.setUnitIncrement(24);
        scrollBar.setBlockIncrement(Math.max(24, canvas.getHeight() - 24));
        scrollBar.setDisable(overflow == 0);
        scrollBar.setValue(clamp(scrollBar.getValue()));
        paintTokens();
    }

    private double clamp(double v) {
        return Math.max(0, Math.min(scrollBar.getMax(), v));
    }

    private void paintLegend() {
        legendCanvas.getGraphicsContext2D().clearRect(0, 0, legendCanvas.getWidth(), legendCanvas.getHeight());
        if (layout.boxes().isEmpty()) return;
        painter.paintLegend(legendGraphics, 0, 0, legendCanvas.getWidth(), layout.maxWeight());
    }

    private void paintTokens() {
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        painter.paintTokens(graphics, layout, scrollBar.getValue(), canvas.getHeight(), hovered);
    }

    private void hover(int index) {
        if (index == hovered) return;
        hovered = index;
        if (index < 0) {
            Tooltip.uninstall(canvas, tooltip);
            hoverLine.setText(layout.boxes().isEmpty() ? "" : "Hover a token to see its exact attention weight.");
        } else {
            HeatmapLayout.TokenBox b = layout.boxes().get(index);
            String text = String.format(Locale.ROOT, "\u201c%s\u201d  token %d  \u00b7  attention %s  \u00b7  rank %d of %d",
                    b.token(), b.index() + 1, HeatmapPainter.formatWeight(b.weight()), layout.rankOf(index),
                    layout.boxes().size());
            tooltip.setText(String.format(Locale.ROOT, "%s\nattention %.6f", b.token(), b.weight()));
            Tooltip.install(canvas, tooltip);
            hoverLine.setText(text);
        }
        paintTokens();
    }

    /** Tokens currently laid out (for tests). */
    List<HeatmapLayout.TokenBox> boxes() {
        return layout.boxes();
    }
}
