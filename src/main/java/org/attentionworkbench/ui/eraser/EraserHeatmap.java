package org.attentionworkbench.ui.eraser;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.geom.AffineTransform;
import java.awt.geom.Line2D;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.geometry.Orientation;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.control.ScrollBar;
import javafx.scene.input.KeyEvent;
import javafx.scene.input.MouseButton;
import javafx.scene.input.MouseEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.HeatmapPainter;
import org.jfree.fx.FXGraphics2D;

/**
 * The review as an attention heatmap ({@link HeatmapPainter}, the same painter as every other
 * panel) on which tokens are erased: a click toggles a token, a drag erases the range it covers,
 * and the keyboard does both (arrows move a focus cursor, Space / Delete toggle). Erased tokens
 * are drawn at weight zero, greyed and struck through, on top of the painter's boxes.
 *
 * <p>The colours keep the ORIGINAL attention (and its scale) after erasure: the eye should see
 * which tokens were erased, not a repainted text whose remaining weights all grew.
 */
public final class EraserHeatmap extends BorderPane {

    private static final String HINT = "Click a token to erase or restore it, drag to erase a range; "
            + "arrows + Space work too.";
    private static final Color ERASED_VEIL = new Color(110, 110, 110, 95);
    private static final Color STRIKE = new Color(0x303030);
    private static final Color FOCUS = new Color(0x000000);
    private static final Color RANGE = new Color(0xD55E00); // Okabe-Ito vermillion: "about to erase"

    private final EraserViewModel viewModel;
    private final HeatmapPainter painter = new HeatmapPainter();
    /** The paper the tokens are painted on (the body's CSS background). */
    private java.awt.Color paper = java.awt.Color.WHITE;
    /** On-screen word widths (AWT's alone cut last letters off). */
    private final java.util.function.ToDoubleFunction<String> screenWidth =
            org.attentionworkbench.ui.ScreenTextWidth.of(painter.font());
    private final Canvas legendCanvas = new Canvas(10, HeatmapPainter.LEGEND_HEIGHT);
    private final Canvas canvas = new Canvas(10, 10);
    private final FXGraphics2D legendGraphics = new FXGraphics2D(legendCanvas.getGraphicsContext2D());
    private final FXGraphics2D graphics = new FXGraphics2D(canvas.getGraphicsContext2D());
    private final ScrollBar scrollBar = new ScrollBar();
    private final Label hoverLine = new Label(HINT);
    private HeatmapLayout layout = HeatmapLayout.EMPTY;
    private EncodedDocument laidOut;
    private int hovered = -1;
    private int focused = 0;
    private int dragAnchor = -1;
    private int dragEnd = -1;

    /** A heatmap editing {@code viewModel}'s erased set. */
    public EraserHeatmap(EraserViewModel viewModel) {
        this.viewModel = viewModel;
        getStyleClass().addAll("heatmap-view", "eraser-heatmap");
        Pane legendPane = new Pane(legendCanvas);
        legendPane.getStyleClass().add("heatmap-legend");
        legendPane.setMinHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendPane.setPrefHeight(HeatmapPainter.LEGEND_HEIGHT);
        legendCanvas.widthProperty().bind(legendPane.widthProperty());
        legendCanvas.widthProperty().addListener(o -> paintLegend());

        // The canvas is only as big as the viewport (see HeatmapView: long reviews exceed texture limits).
        Pane body = new Pane(canvas);
        body.getStyleClass().add("heatmap-body");
        // The tokens lie on the theme's paper (the body's CSS background): dark in the dark theme.
        body.backgroundProperty().addListener(o -> {
            javafx.scene.layout.Background bg = body.getBackground();
            paper = bg != null && !bg.getFills().isEmpty() && bg.getFills().get(0).getFill() instanceof javafx.scene.paint.Color c
                    ? new java.awt.Color((float) c.getRed(), (float) c.getGreen(), (float) c.getBlue()) : java.awt.Color.WHITE;
            paintTokens();
        });
        body.setMinSize(0, 0);
        body.setPrefSize(600, 300);
        canvas.setManaged(false);
        canvas.setId("eraserCanvas");
        canvas.setFocusTraversable(true);
        canvas.widthProperty().bind(body.widthProperty());
        canvas.heightProperty().bind(body.heightProperty());
        canvas.widthProperty().addListener(o -> relayout());
        canvas.heightProperty().addListener(o -> updateScroll());
        canvas.focusedProperty().addListener(o -> paintTokens());

        scrollBar.setOrientation(Orientation.VERTICAL);
        scrollBar.valueProperty().addListener(o -> paintTokens());
        body.setOnScroll(e -> scrollBar.setValue(clamp(scrollBar.getValue() - e.getDeltaY())));
        canvas.setOnMouseMoved(e -> hover(indexAt(e)));
        canvas.setOnMouseExited(e -> hover(-1));
        canvas.setOnMousePressed(this::pressed);
        canvas.setOnMouseDragged(this::dragged);
        canvas.setOnMouseReleased(this::released);
        canvas.setOnKeyPressed(this::keyPressed);

        hoverLine.getStyleClass().add("heatmap-hover");
        hoverLine.setId("eraserHoverLine");
        hoverLine.setMaxWidth(Double.MAX_VALUE);
        setTop(legendPane);
        setCenter(body);
        setRight(scrollBar);
        setBottom(hoverLine);
        viewModel.stateProperty().addListener((obs, old, s) -> stateChanged(s));
        stateChanged(viewModel.getState());
    }

    private void stateChanged(EraserState s) {
        EncodedDocument doc = s == null ? null : s.document();
        if (doc != laidOut) { // a new text needs a new layout; a new erased set only a repaint
            laidOut = doc;
            focused = 0;
            relayout();
        } else {
            describe(hovered >= 0 ? hovered : -1);
            paintTokens();
        }
    }

    private void relayout() {
        layout = laidOut == null ? HeatmapLayout.EMPTY
                : painter.layout(graphics, laidOut.tokens(), laidOut.attention(), canvas.getWidth(), screenWidth);
        hovered = -1;
        dragAnchor = -1;
        describe(-1);
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
        EraserState s = viewModel.getState();
        double top = scrollBar.getValue();
        HeatmapLayout shown = s == null ? layout : withErasedAtZero(layout, s);
        double[] weights = shown.boxes().stream().mapToDouble(HeatmapLayout.TokenBox::weight).toArray();
        painter.paintTokens(graphics, shown, weights,
                org.attentionworkbench.figures.AttentionPalette.Scale.sequential(shown.maxWeight()), top, canvas.getHeight(),
                hovered, paper,
                org.attentionworkbench.figures.UnknownTokenMarks.of(s == null ? null : s.document()));
        if (s == null || layout.boxes().isEmpty()) return;
        AffineTransform saved = graphics.getTransform();
        graphics.translate(0, -top);
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            Rectangle2D r = b.bounds();
            if (r.getMaxY() < top || r.getMinY() > top + canvas.getHeight()) continue;
            if (s.isErased(b.index())) paintErased(r);
            if (inDrag(b.index())) outline(r, RANGE, 2f, null);
        }
        if (canvas.isFocused() && focused < layout.boxes().size()) {
            outline(layout.boxes().get(focused).bounds(), FOCUS, 1.5f, new float[] {3f, 2f});
        }
        graphics.setTransform(saved);
    }

    /** The layout with erased tokens at weight zero, so the painter draws them as "no attention". */
    static HeatmapLayout withErasedAtZero(HeatmapLayout layout, EraserState s) {
        if (s.erasedCount() == 0) return layout;
        List<HeatmapLayout.TokenBox> boxes = new ArrayList<>(layout.boxes().size());
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            boxes.add(s.isErased(b.index()) ? new HeatmapLayout.TokenBox(b.index(), b.token(), 0, b.bounds()) : b);
        }
        return new HeatmapLayout(boxes, layout.width(), layout.height(), layout.maxWeight());
    }

    private void paintErased(Rectangle2D r) {
        graphics.setColor(ERASED_VEIL);
        graphics.fill(new RoundRectangle2D.Double(r.getX(), r.getY(), r.getWidth(), r.getHeight(), 6, 6));
        graphics.setColor(STRIKE);
        graphics.setStroke(new BasicStroke(1.6f));
        double y = r.getCenterY() + 1; // through the x-height of the text, not its top
        graphics.draw(new Line2D.Double(r.getX() + 1, y, r.getMaxX() - 1, y));
    }

    private void outline(Rectangle2D r, Color color, float width, float[] dash) {
        graphics.setColor(color);
        graphics.setStroke(dash == null ? new BasicStroke(width)
                : new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, dash, 0f));
        graphics.draw(new RoundRectangle2D.Double(r.getX() - 2, r.getY() - 2, r.getWidth() + 4, r.getHeight() + 4,
                8, 8));
    }

    private boolean inDrag(int index) {
        if (dragAnchor < 0 || dragEnd < 0 || dragEnd == dragAnchor) return false;
        return index >= Math.min(dragAnchor, dragEnd) && index <= Math.max(dragAnchor, dragEnd);
    }

    private int indexAt(MouseEvent e) {
        return layout.indexAt(e.getX(), e.getY() + scrollBar.getValue());
    }

    private void pressed(MouseEvent e) {
        canvas.requestFocus();
        if (e.getButton() != MouseButton.PRIMARY) return;
        dragAnchor = indexAt(e);
        dragEnd = dragAnchor;
    }

    private void dragged(MouseEvent e) {
        if (dragAnchor < 0) return;
        int i = indexAt(e);
        if (i >= 0 && i != dragEnd) {
            dragEnd = i;
            paintTokens();
        }
    }

    private void released(MouseEvent e) {
        if (dragAnchor < 0 || e.getButton() != MouseButton.PRIMARY) return;
        int anchor = dragAnchor;
        int end = dragEnd;
        dragAnchor = -1;
        dragEnd = -1;
        focused = end;
        if (end == anchor) viewModel.toggle(anchor);
        else viewModel.eraseRange(anchor, end);
    }

    private void keyPressed(KeyEvent e) {
        if (layout.boxes().isEmpty() || e.isShortcutDown() || e.isAltDown()) return;
        int n = layout.boxes().size();
        int next = switch (e.getCode()) {
            case LEFT, KP_LEFT -> Math.max(0, focused - 1);
            case RIGHT, KP_RIGHT -> Math.min(n - 1, focused + 1);
            case UP, KP_UP -> verticalNeighbour(-1);
            case DOWN, KP_DOWN -> verticalNeighbour(1);
            case HOME -> 0;
            case END -> n - 1;
            default -> -1;
        };
        if (next >= 0) {
            focused = next;
            scrollTo(focused);
            describe(focused);
            paintTokens();
            e.consume();
        } else if (switch (e.getCode()) { case SPACE, DELETE, BACK_SPACE, ENTER -> true; default -> false; }) {
            viewModel.toggle(focused);
            describe(focused);
            e.consume();
        }
    }

    /** The token on the line above (-1) or below (+1) whose centre is nearest horizontally. */
    private int verticalNeighbour(int direction) {
        Rectangle2D here = layout.boxes().get(focused).bounds();
        int best = focused;
        double bestLineGap = Double.MAX_VALUE;
        double bestDx = Double.MAX_VALUE;
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            double dy = (b.bounds().getCenterY() - here.getCenterY()) * direction;
            if (dy <= 1) continue;
            double dx = Math.abs(b.bounds().getCenterX() - here.getCenterX());
            if (dy < bestLineGap - 1 || (Math.abs(dy - bestLineGap) <= 1 && dx < bestDx)) {
                bestLineGap = dy;
                bestDx = dx;
                best = b.index();
            }
        }
        return best;
    }

    private void scrollTo(int index) {
        Rectangle2D r = layout.boxes().get(index).bounds();
        double top = scrollBar.getValue();
        if (r.getMinY() < top) scrollBar.setValue(clamp(r.getMinY() - 6));
        else if (r.getMaxY() > top + canvas.getHeight()) scrollBar.setValue(clamp(r.getMaxY() - canvas.getHeight() + 6));
    }

    private void hover(int index) {
        if (index == hovered) return;
        hovered = index;
        describe(index);
        paintTokens();
    }

    private void describe(int index) {
        EraserState s = viewModel.getState();
        if (index < 0 || s == null || index >= layout.boxes().size()) {
            hoverLine.setText(layout.boxes().isEmpty() ? "" : HINT);
            return;
        }
        HeatmapLayout.TokenBox b = layout.boxes().get(index);
        boolean erased = s.isErased(index);
        hoverLine.setText(String.format(Locale.ROOT, "\u201c%s\u201d  token %d  \u00b7  attention %s  \u00b7  rank %d of %d"
                        + "%s  \u00b7  %s", b.token(), index + 1, HeatmapPainter.formatWeight(b.weight()),
                layout.rankOf(index), layout.boxes().size(),
                org.attentionworkbench.figures.UnknownTokenMarks.isUnknown(s.document(), index)
                        ? "  \u00b7  " + org.attentionworkbench.figures.UnknownTokenMarks.NOTE : "",
                erased ? "erased: click to restore" : "click to erase"));
    }

    /** The token layout (for tests: where to click). */
    public HeatmapLayout tokenLayout() {
        return layout;
    }

    /** The canvas the tokens are drawn on (for tests: what to click). */
    public Canvas canvas() {
        return canvas;
    }

    /** Layout y of the top of the visible band. */
    public double scrollTop() {
        return scrollBar.getValue();
    }

    /** Index of the keyboard focus cursor. */
    public int focusedToken() {
        return focused;
    }
}
