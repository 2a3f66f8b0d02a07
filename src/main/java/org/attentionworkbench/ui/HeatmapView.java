package org.attentionworkbench.ui;

import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.AttentionPalette;
import java.util.List;
import javafx.beans.Observable;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.util.Duration;
import org.jfree.fx.FXGraphics2D;

/**
 * One heatmap drawn by {@link HeatmapPainter} through FXGraphics2D: a legend strip above the
 * tokens. It paints values over a layout it is given, so that several views can share one layout
 * (same token positions everywhere), one hovered token and one scroll position: a comparison grid
 * binds these properties of all its panels together.
 *
 * <p>The canvas is only as big as the viewport and paints the visible band of the layout: a canvas
 * as tall as a 5,000-token review would exceed the texture limits of some GPUs.
 */
public final class HeatmapView extends BorderPane {

    private final HeatmapPainter painter;
    private final ObjectProperty<HeatmapLayout> layout = new SimpleObjectProperty<>(this, "layout", HeatmapLayout.EMPTY);
    private final ObjectProperty<double[]> values = new SimpleObjectProperty<>(this, "values");
    private final ObjectProperty<AttentionPalette.Scale> scale =
            new SimpleObjectProperty<>(this, "scale", AttentionPalette.Scale.sequential(0));
    private final StringProperty caption = new SimpleStringProperty(this, "caption", "attention weight");
    private final IntegerProperty hovered = new SimpleIntegerProperty(this, "hovered", -1);
    private final DoubleProperty scrollTop = new SimpleDoubleProperty(this, "scrollTop");
    private final ObjectProperty<double[]> band = new SimpleObjectProperty<>(this, "band");
    private final StringProperty hoverText = new SimpleStringProperty(this, "hoverText");
    private final Canvas legendCanvas = new Canvas(10, HeatmapPainter.LEGEND_HEIGHT);
    private final Canvas canvas = new Canvas(10, 10);
    private final FXGraphics2D legendGraphics = new FXGraphics2D(legendCanvas.getGraphicsContext2D());
    private final FXGraphics2D graphics = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final Tooltip tooltip = new Tooltip();
    private final ObjectProperty<boolean[]> unknown = new SimpleObjectProperty<>(this, "unknown");
    private final javafx.beans.property.BooleanProperty alphaOnly =
            new javafx.beans.property.SimpleBooleanProperty(this, "alphaOnly");
    /** The token box under the mouse, -1 for none (in a two-level layout {@link #hovered} is its row). */
    private final IntegerProperty hoveredBox = new SimpleIntegerProperty(this, "hoveredBox", -1);
    private final javafx.beans.property.BooleanProperty legendBeside =
            new javafx.beans.property.SimpleBooleanProperty(this, "legendBeside");
    private final ColourLegend sideLegend = new ColourLegend();
    private final Pane legendPane;
    private final Pane body;
    private java.util.function.DoubleConsumer scrollHandler;
    /** The paper the tokens lie on: the body's CSS background (white, or the dark theme's). */
    private java.awt.Color paper = java.awt.Color.WHITE;

    /** A view drawing with {@code painter} (share one painter so that every panel measures alike). */
    public HeatmapView(HeatmapPainter painter) {
        this.painter = painter;
        getStyleClass().add("heatmap-view");
        legendPane = new Pane(legendCanvas);
        legendPane.getStyleClass().add("heatmap-legend");
        legendPane.setMinHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendPane.setPrefHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendCanvas.widthProperty().bind(legendPane.widthProperty());

        body = new Pane(canvas);
        body.getStyleClass().add("heatmap-body");
        body.setMinSize(0, 0);
        body.setPrefSize(400, 160);
        canvas.setManaged(false);
        canvas.widthProperty().bind(body.widthProperty());
        canvas.heightProperty().bind(body.heightProperty());
        // Nothing of a partly scrolled token may be drawn outside the viewport (over a legend).
        javafx.scene.shape.Rectangle clip = new javafx.scene.shape.Rectangle();
        clip.widthProperty().bind(body.widthProperty());
        clip.heightProperty().bind(body.heightProperty());
        body.setClip(clip);
        body.backgroundProperty().addListener(o -> {
            paper = paperOf(body);
            paintTokens();
        });
        sideLegend.scaleProperty().bind(scale);
        sideLegend.captionProperty().bind(caption);
        sideLegend.visibleProperty().bind(values.isNotNull());
        legendBeside.addListener((obs, was, beside) -> placeLegend(beside));

        // Scrolling asks for a new position: the owner of a shared position clamps it to the text's
        // height (setting a bidirectionally bound property from here kept the unclamped value in
        // this panel only, which then scrolled into blank space while the others stopped).
        body.setOnScroll(e -> {
            if (scrollHandler != null) scrollHandler.accept(scrollTop.get() - e.getDeltaY());
            else if (!scrollTop.isBound()) scrollTop.set(Math.max(0, scrollTop.get() - e.getDeltaY()));
        });
        canvas.setOnMouseMoved(e -> {
            hoveredBox.set(layout.get().boxAt(e.getX(), e.getY() + scrollTop.get()));
            hovered.set(layout.get().indexAt(e.getX(), e.getY() + scrollTop.get()));
        });
        canvas.setOnMouseExited(e -> {
            hoveredBox.set(-1);
            hovered.set(-1);
        });
        tooltip.setShowDelay(Duration.millis(120));
        // Over a two-level layout the hovered word's alpha, beta and product come first.
        tooltip.textProperty().bind(javafx.beans.binding.Bindings.createStringBinding(() -> {
            String word = wordLine(layout.get(), hoveredBox.get());
            String rest = hoverText.get();
            return word == null ? rest : rest == null ? word : word + "\n" + rest;
        }, hoverText, hoveredBox, layout));

        setTop(legendPane);
        setCenter(body);
        for (Observable o : List.<Observable>of(layout, values, scale, hovered, scrollTop, unknown, band, alphaOnly,
                canvas.widthProperty(), canvas.heightProperty())) {
            o.addListener(x -> paintTokens());
        }
        for (Observable o : List.<Observable>of(scale, caption, values, legendCanvas.widthProperty())) {
            o.addListener(x -> paintLegend());
        }
        hovered.addListener((obs, old, i) -> {
            if (i.intValue() >= 0 && tooltip.getText() != null) Tooltip.install(canvas, tooltip);
            else Tooltip.uninstall(canvas, tooltip);
        });
    }

    /**
     * Over a two-level layout, colour tokens by their word attention alpha within the sentence
     * instead of their share of the row's value (beta x alpha for attention).
     */
    public javafx.beans.property.BooleanProperty alphaOnlyProperty() {
        return alphaOnly;
    }

    /** The hovered word of a two-level layout: its alpha, its sentence's beta and their product; null otherwise. */
    static String wordLine(HeatmapLayout l, int box) {
        if (!l.hierarchical() || box < 0 || box >= l.boxes().size()) return null;
        int row = l.rowOf(box);
        double a = l.boxes().get(box).weight();
        double b = l.rows().get(row).weight();
        return String.format(java.util.Locale.ROOT, "\"%s\" (sentence %d): \u03b1 %s \u00b7 \u03b2 %s \u00b7 \u03b2\u00d7\u03b1 %s",
                l.boxes().get(box).token(), row + 1, HeatmapPainter.formatWeight(a), HeatmapPainter.formatWeight(b),
                HeatmapPainter.formatWeight(a * b));
    }

    /** The token positions to paint over (shared between views). */
    public ObjectProperty<HeatmapLayout> layoutProperty() {
        return layout;
    }

    /** One value per token of the layout; null paints nothing. */
    public ObjectProperty<double[]> valuesProperty() {
        return values;
    }

    /** The colour scale of the values and of the legend. */
    public ObjectProperty<AttentionPalette.Scale> scaleProperty() {
        return scale;
    }

    /** What the legend says the values are. */
    public StringProperty captionProperty() {
        return caption;
    }

    /** One flag per token: true where the model does not know the word (drawn with a dotted outline); null for none. */
    public ObjectProperty<boolean[]> unknownProperty() {
        return unknown;
    }

    /**
     * Whether the legend is a narrow colour bar beside the tokens instead of a strip above them
     * (the comparison grid: five panels on a laptop screen cannot each give a strip's height).
     */
    public javafx.beans.property.BooleanProperty legendBesideProperty() {
        return legendBeside;
    }

    /**
     * Where a wheel scroll over the tokens goes: the handler gets the wanted new top and sets
     * (clamped) the position this view's {@link #scrollTopProperty()} follows. Null: the view
     * scrolls itself.
     */
    public void setScrollHandler(java.util.function.DoubleConsumer handler) {
        this.scrollHandler = handler;
    }

    /** Index of the token under the mouse (here or in a view bound to this one), -1 for none. */
    public IntegerProperty hoveredProperty() {
        return hovered;
    }

    /** Layout y-coordinate at the top of the viewport (never negative; clamped by the owner). */
    public DoubleProperty scrollTopProperty() {
        return scrollTop;
    }

    /** Text of the tooltip over a hovered token; null for no tooltip. */
    public StringProperty hoverTextProperty() {
        return hoverText;
    }

    /** Width available to the tokens: the width to lay out for. */
    public ReadOnlyDoubleProperty viewportWidthProperty() {
        return canvas.widthProperty();
    }

    /** Height of the token viewport. */
    public ReadOnlyDoubleProperty viewportHeightProperty() {
        return canvas.heightProperty();
    }

    private boolean drawable() {
        double[] v = values.get();
        return v != null && v.length == layout.get().units() && !layout.get().boxes().isEmpty();
    }

    private void paintLegend() {
        legendCanvas.getGraphicsContext2D().clearRect(0, 0, legendCanvas.getWidth(), legendCanvas.getHeight());
        if (values.get() == null) return;
        painter.paintLegend(legendGraphics, 0, 0, legendCanvas.getWidth(), scale.get(), caption.get());
    }

    private void paintTokens() {
        canvas.getGraphicsContext2D().clearRect(0, 0, canvas.getWidth(), canvas.getHeight());
        if (!drawable()) return;
        painter.paintTokens(graphics, layout.get(), values.get(), scale.get(), scrollTop.get(), canvas.getHeight(),
                hovered.get(), paper, unknown.get(), alphaOnly.get());
        paintBand();
    }

    /**
     * The band, when there is one: under each token a thin bar from value - sd to value + sd on the
     * scale's axis across the token's box (-max at its left edge for a diverging scale, 0 for a
     * sequential one, +max at its right), with a tick at the value.
     */
    private void paintBand() {
        double[] sd = band.get();
        double[] v = values.get();
        double max = scale.get().max();
        // A two-level layout has a value per sentence, not per word box: no per-token band there.
        if (sd == null || sd.length != v.length || max <= 0 || layout.get().hierarchical()) return;
        javafx.scene.canvas.GraphicsContext g = canvas.getGraphicsContext2D();
        g.setFill(BAND);
        double lo = scale.get().kind() == org.attentionworkbench.figures.AttentionPalette.Kind.DIVERGING ? -max : 0;
        for (HeatmapLayout.TokenBox b : layout.get().boxes()) {
            var r = b.bounds();
            double y = r.getMaxY() - scrollTop.get() - 3;
            if (y < -6 || y > canvas.getHeight()) continue;
            int i = b.index();
            double x0 = r.getX() + r.getWidth() * clamp((v[i] - sd[i] - lo) / (max - lo));
            double x1 = r.getX() + r.getWidth() * clamp((v[i] + sd[i] - lo) / (max - lo));
            g.fillRect(x0, y, Math.max(1.5, x1 - x0), 3);
            double xm = r.getX() + r.getWidth() * clamp((v[i] - lo) / (max - lo));
            g.fillRect(xm - 0.75, y - 3, 1.5, 6);
        }
    }

    private static double clamp(double f) {
        return Math.max(0, Math.min(1, f));
    }

    /** The band's colour (the Twins tab's seed band's). */
    private static final javafx.scene.paint.Color BAND = javafx.scene.paint.Color.web("#d35400");

    /**
     * A spread per token drawn as a band under the tokens (null: none): LIME's stability band in
     * the Compare panel.
     */
    public ObjectProperty<double[]> bandProperty() {
        return band;
    }

    private void placeLegend(boolean beside) {
        setTop(beside ? null : legendPane);
        setRight(beside ? sideLegend : null);
    }

    private static java.awt.Color paperOf(Pane pane) {
        javafx.scene.layout.Background bg = pane.getBackground();
        if (bg != null && !bg.getFills().isEmpty() && bg.getFills().get(0).getFill() instanceof javafx.scene.paint.Color c) {
            return new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue());
        }
        return java.awt.Color.WHITE;
    }

    /** The legend beside the tokens (for tests). */
    ColourLegend sideLegend() {
        return sideLegend;
    }

    /** Tokens currently laid out (for tests). */
    List<HeatmapLayout.TokenBox> boxes() {
        return layout.get().boxes();
    }
}
