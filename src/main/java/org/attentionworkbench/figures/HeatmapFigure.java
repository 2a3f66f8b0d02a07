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
 * @param unknown one flag per token, true where the model does not know the word (drawn with a
 *                dotted outline, named "unknown to the model"); null for none
 */
public record HeatmapFigure(String title, List<String> details, List<String> tokens, double[] values,
                            AttentionPalette.Scale scale, String caption, boolean[] unknown) {

    /** A figure with no token marked unknown. */
    public HeatmapFigure(String title, List<String> details, List<String> tokens, double[] values,
                         AttentionPalette.Scale scale, String caption) {
        this(title, details, tokens, values, scale, caption, null);
    }

    public HeatmapFigure {
        Objects.requireNonNull(title, "title");
        Objects.requireNonNull(scale, "scale");
        details = List.copyOf(details);
        tokens = List.copyOf(tokens);
        values = values.clone();
        caption = caption == null ? "" : caption;
        unknown = unknown == null ? null : unknown.clone();
        if (unknown != null && unknown.length != tokens.size()) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + unknown.length + " unknown flags");
        }
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

    @Override
    public boolean[] unknown() {
        return unknown == null ? null : unknown.clone();
    }

    /** Whether token {@code i} is unknown to the model. */
    public boolean isUnknown(int i) {
        return unknown != null && unknown[i];
    }
}
