package org.attentionworkbench.figures;

import java.awt.Color;

/**
 * The colours of a heatmap for the text formats (LaTeX, HTML), computed exactly as
 * {@link org.attentionworkbench.figures.HeatmapPainter} does: through the same
 * {@link AttentionPalette.Scale}, so a figure in a paper matches the screen.
 */
final class HeatmapColours {

    private final AttentionPalette.Scale scale;

    /** The sequential scale of {@code weights}: the largest weight darkest (the painter's default). */
    HeatmapColours(double[] weights) {
        double max = 0;
        for (double w : weights) max = Math.max(max, w);
        this.scale = AttentionPalette.Scale.sequential(max > 0 ? max : 1);
    }

    /** The colours of {@code scale} (sequential or diverging), as a panel paints them. */
    HeatmapColours(AttentionPalette.Scale scale) {
        this.scale = scale;
    }

    Color fill(double weight) {
        return scale.color(weight);
    }

    Color text(double weight) {
        return AttentionPalette.textOn(fill(weight));
    }
}
