package org.attentionworkbench.figures;

import java.util.List;
import java.util.Objects;

/**
 * One heatmap as a figure: a title, detail lines under it (what the values are, how they compare),
 * and the values painted over the tokens with a given colour scale and legend caption. What a
 * panel export writes, and one cell of a grid export. Immutable.
 *
 * @param title   the heading (e.g. "Original attention")
 * @param details lines under the title, in order (may be empty)
 * @param tokens  the tokens of the text
 * @param values  one value per token
 * @param scale   the colour scale the values are painted with (the one the screen uses)
 * @param caption what the legend says the values are
 */
public record HeatmapFigure(String title, List<String> details, List<String> tokens, double[] values,
                            AttentionPalette.Scale scale, String caption) {

    public HeatmapFigure {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scale, "scale");
        details = List.copyOf(details);
        tokens = List.copyOf(tokens);
        values = values.clone();
        caption = caption == null ? "" : caption;
        if (tokens.size() != values.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + values.length + " values");
        }
    }

    /** A figure of attention-like weights on their own sequential scale (largest weight darkest). */
    public static HeatmapFigure sequential(String title, List<String> tokens, double[] weights) {
        return new HeatmapFigure(title, List.of(), tokens, weights,
                AttentionPalette.Scale.fitting(AttentionPalette.Kind.SEQUENTIAL, weights), "attention weight");
    }

    @Override
    public double[] values() {
        return values.clone();
    }
}
