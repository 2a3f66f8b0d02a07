package org.attentionworkbench.ui;

import org.attentionworkbench.figures.HeatmapPainter;
import java.util.function.ToDoubleFunction;
import javafx.scene.text.Font;
import javafx.scene.text.Text;

/**
 * How wide JavaFX draws a word in a given AWT font: FXGraphics2D hands the text to JavaFX's own
 * rasteriser, whose words can be a few pixels wider than AWT's metrics say, so token boxes laid
 * out by AWT alone cut off last letters ("compellin"). Give it to
 * {@link HeatmapPainter#layout(java.util.List, double, ToDoubleFunction)}. FX thread only.
 */
public final class ScreenTextWidth {

    private ScreenTextWidth() {
    }

    /** The on-screen width of a string drawn in {@code font} through FXGraphics2D. */
    public static ToDoubleFunction<String> of(java.awt.Font font) {
        Text probe = new Text();
        // FXGraphics2D's default font mapping keeps the family name and the point size.
        probe.setFont(Font.font(font.getFamily(), font.getSize2D()));
        return s -> {
            probe.setText(s);
            return probe.getLayoutBounds().getWidth();
        };
    }
}
