package org.attentionworkbench.ui;

import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.figures.AttentionPalette;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.geometry.Pos;
import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.control.Label;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;
import javafx.scene.paint.Color;

/**
 * A narrow vertical colour bar beside a heatmap: the scale's top value above it, its bottom value
 * below, the caption ("attention weight", "gradient") as its tooltip. It costs the tokens a few
 * dozen pixels of width instead of a legend strip's height, which a laptop screen cannot spare
 * when five panels share it.
 */
public final class ColourLegend extends VBox {

    /** Width of the colour bar itself. */
    private static final double BAR_WIDTH = 10;

    private final ObjectProperty<AttentionPalette.Scale> scale =
            new SimpleObjectProperty<>(this, "scale", AttentionPalette.Scale.sequential(0));
    private final StringProperty caption = new SimpleStringProperty(this, "caption", "");
    private final Label top = new Label();
    private final Label bottom = new Label();
    private final Canvas bar = new Canvas(BAR_WIDTH, 10);

    /** An empty legend; bind {@link #scaleProperty()} and {@link #captionProperty()}. */
    public ColourLegend() {
        getStyleClass().add("colour-legend");
        setAlignment(Pos.TOP_CENTER);
        setSpacing(2);
        top.getStyleClass().add("colour-legend-value");
        bottom.getStyleClass().add("colour-legend-value");
        top.setMinWidth(Label.USE_PREF_SIZE);
        bottom.setMinWidth(Label.USE_PREF_SIZE);
        Pane holder = new Pane(bar);
        holder.setMinHeight(0);
        bar.setManaged(false);
        bar.heightProperty().bind(holder.heightProperty());
        holder.widthProperty().addListener(o -> bar.setLayoutX((holder.getWidth() - BAR_WIDTH) / 2));
        VBox.setVgrow(holder, Priority.ALWAYS);
        holder.setPrefWidth(BAR_WIDTH);
        getChildren().addAll(top, holder, bottom);
        Tooltip tip = new Tooltip();
        tip.textProperty().bind(caption);
        Tooltip.install(this, tip);
        scale.addListener(o -> update());
        bar.heightProperty().addListener(o -> paint());
        update();
    }

    /** The scale drawn. */
    public ObjectProperty<AttentionPalette.Scale> scaleProperty() {
        return scale;
    }

    /** What the values are (the tooltip). */
    public StringProperty captionProperty() {
        return caption;
    }

    /** The top and bottom values as shown (for tests). */
    public String describe() {
        return top.getText() + " .. " + bottom.getText();
    }

    private void update() {
        AttentionPalette.Scale s = scale.get();
        top.setText(HeatmapPainter.formatWeight(s.max()));
        bottom.setText(HeatmapPainter.formatWeight(s.min()));
        paint();
    }

    private void paint() {
        GraphicsContext g = bar.getGraphicsContext2D();
        double h = bar.getHeight();
        g.clearRect(0, 0, BAR_WIDTH, h);
        if (h < 2) return;
        AttentionPalette.Scale s = scale.get();
        int steps = 48;
        for (int i = 0; i < steps; i++) {
            // Top of the bar is the scale's maximum, as the label above it says.
            double v = s.max() - (s.max() - s.min()) * (i + 0.5) / steps;
            java.awt.Color c = s.color(v);
            g.setFill(Color.rgb(c.getRed(), c.getGreen(), c.getBlue()));
            g.fillRect(0, i * h / steps, BAR_WIDTH, h / steps + 0.6);
        }
        g.setStroke(Color.GRAY);
        g.setLineWidth(1);
        g.strokeRect(0.5, 0.5, BAR_WIDTH - 1, h - 1);
    }
}
