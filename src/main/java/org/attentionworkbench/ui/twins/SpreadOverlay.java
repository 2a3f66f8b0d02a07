package org.attentionworkbench.ui.twins;

import javafx.scene.canvas.Canvas;
import javafx.scene.canvas.GraphicsContext;
import javafx.scene.paint.Color;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.HeatmapLayout;

/**
 * Drawn over the seeds' heatmap: under each word a thin bar from its lowest to its highest weight
 * across the seeds (on the row's colour scale, across the word's box), with a tick at the mean.
 * Mouse-transparent, so hovering reaches the heatmap beneath.
 */
final class SpreadOverlay extends Canvas {

    private static final Color BAR = Color.web("#d35400");

    SpreadOverlay() {
        setMouseTransparent(true);
        setManaged(false);
    }

    /** Paints the band of {@code seeds} over {@code layout}, scaled by {@code scale}'s maximum. */
    void paint(HeatmapLayout layout, SeedBand seeds, AttentionPalette.Scale scale) {
        GraphicsContext g = getGraphicsContext2D();
        g.clearRect(0, 0, getWidth(), getHeight());
        if (layout.boxes().size() != seeds.mean().length || scale.max() <= 0) return;
        g.setFill(BAR);
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            var r = b.bounds();
            int i = b.index();
            double x0 = r.getX() + r.getWidth() * Math.min(1, seeds.min()[i] / scale.max());
            double x1 = r.getX() + r.getWidth() * Math.min(1, seeds.max()[i] / scale.max());
            double y = r.getMaxY() - 3;
            g.fillRect(x0, y, Math.max(1.5, x1 - x0), 3);
            double xm = r.getX() + r.getWidth() * Math.min(1, seeds.mean()[i] / scale.max());
            g.fillRect(xm - 0.75, y - 3, 1.5, 6);
        }
    }
}
