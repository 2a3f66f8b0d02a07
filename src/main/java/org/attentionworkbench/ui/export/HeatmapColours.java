package org.attentionworkbench.ui.export;

import java.awt.Color;
import org.attentionworkbench.ui.AttentionPalette;

/**
 * The colours of a heatmap for the text formats (LaTeX, HTML), computed exactly as
 * {@link org.attentionworkbench.ui.HeatmapPainter} does: weight over the text's largest weight,
 * through {@link AttentionPalette}, so a figure in a paper matches the screen.
 */
final class HeatmapColours {

    private final double scale;

    HeatmapColours(double[] weights) {
        double max = 0;
        for (double w : weights) max = Math.max(max, w);
        this.scale = max > 0 ? max : 1;
    }

    Color fill(double weight) {
        return AttentionPalette.color(weight / scale);
    }

    Color text(double weight) {
        return AttentionPalette.textOn(fill(weight));
    }
}
