package org.attentionworkbench.ui.teaching;

import javafx.geometry.Insets;
import javafx.scene.canvas.Canvas;
import javafx.scene.control.Label;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.Pane;
import javafx.scene.layout.VBox;
import org.jfree.fx.FXGraphics2D;

/**
 * Teaching mode's screen: a large title, the step's picture (drawn by {@link TeachingPainter}
 * from the explanation, independent of the workbench panels) and a large caption. Presenter
 * keys: Right, PageDown and Space step forward; Left and PageUp step back; Home goes to the
 * start; Escape calls {@link #setOnExit}. Keys are taken in an event filter, so a focused button
 * cannot swallow the Space of a presenter's clicker.
 */
public final class TeachingView extends BorderPane {

    private final TeachingViewModel model;
    private final TeachingPainter painter = new TeachingPainter();
    private final Canvas canvas = new Canvas();
    private final Label title = new Label();
    private final Label caption = new Label();
    private final Label position = new Label();
    private Runnable onExit = () -> { };

    public TeachingView(TeachingViewModel model) {
        this.model = model;
        setId("teachingView");
        title.setId("teachingTitle");
        caption.setId("teachingCaption");
        position.setId("teachingPosition");
        setStyle("-fx-background-color: white;");
        title.setStyle("-fx-font-size: 40px; -fx-font-weight: bold; -fx-text-fill: #1a1a1a;");
        caption.setStyle("-fx-font-size: 28px; -fx-text-fill: #1a1a1a;");
        position.setStyle("-fx-font-size: 16px; -fx-text-fill: #666666;");
        caption.setWrapText(true);
        caption.setMinHeight(120);

        Pane canvasHolder = new Pane(canvas);
        canvasHolder.setMinSize(0, 0);
        canvas.widthProperty().bind(canvasHolder.widthProperty());
        canvas.heightProperty().bind(canvasHolder.heightProperty());
        canvas.widthProperty().addListener(o -> redraw());
        canvas.heightProperty().addListener(o -> redraw());

        setTop(title);
        setCenter(canvasHolder);
        setBottom(new VBox(8, caption, position));
        BorderPane.setMargin(title, new Insets(24, 32, 12, 32));
        BorderPane.setMargin(canvasHolder, new Insets(0, 32, 0, 32));
        BorderPane.setMargin(getBottom(), new Insets(16, 32, 24, 32));

        model.currentProperty().addListener((o, a, b) -> refresh());
        addEventFilter(KeyEvent.KEY_PRESSED, this::onKey);
        setFocusTraversable(true);
        refresh();
    }

    /** Called when the presenter presses Escape (the stage leaves full screen / closes). */
    public void setOnExit(Runnable onExit) {
        this.onExit = onExit == null ? () -> { } : onExit;
    }

    private void onKey(KeyEvent e) {
        boolean handled = switch (e.getCode()) {
            case RIGHT, PAGE_DOWN, SPACE, DOWN -> {
                model.next();
                yield true;
            }
            case LEFT, PAGE_UP, UP, BACK_SPACE -> {
                model.previous();
                yield true;
            }
            case HOME -> {
                model.go(0);
                yield true;
            }
            case END -> {
                model.go(model.stepCount() - 1);
                yield true;
            }
            case ESCAPE -> {
                onExit.run();
                yield true;
            }
            default -> false;
        };
        if (handled) e.consume();
    }

    private void refresh() {
        TeachingStep s = model.current();
        title.setText(s == null ? "Teaching mode" : s.title());
        caption.setText(s == null ? "Open a document to tell its story." : s.caption());
        position.setText(String.format("step %d of %d    \u2192 / Space: next    \u2190: back    Esc: leave",
                model.indexProperty().get() + 1, model.stepCount()));
        redraw();
    }

    private void redraw() {
        double w = canvas.getWidth();
        double h = canvas.getHeight();
        canvas.getGraphicsContext2D().clearRect(0, 0, w, h);
        TeachingStep s = model.current();
        if (s == null || w < 10 || h < 10) return;
        FXGraphics2D g = new FXGraphics2D(canvas.getGraphicsContext2D());
        painter.paint(g, s, w, h);
    }
}
