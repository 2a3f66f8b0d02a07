package org.attentionworkbench.ui.teaching;

import java.util.List;

/**
 * One step of the guided story: what the presenter says (title and caption) and what the screen
 * shows (panels, drawn by {@link TeachingPainter}). Built from an explanation by {@link TeachingStory}.
 *
 * @param kind    which step of the story
 * @param title   a headline, large
 * @param caption one or two sentences with this document's numbers
 * @param panels  what to draw, top to bottom
 */
public record TeachingStep(Kind kind, String title, String caption, List<Panel> panels) {

    public TeachingStep {
        panels = List.copyOf(panels);
    }

    /** The steps, in story order (the last only with a uniform-trained twin). */
    public enum Kind { ATTENTION, SHUFFLE, ADVERSARY, ERASE_TOP, RANKINGS, SALIENCY, UNIFORM, TRAINED_UNIFORM }

    /** Something drawn on a step's screen. */
    public sealed interface Panel permits HeatmapPanel, BarsPanel { }

    /**
     * A text as a heatmap, with the model's output under that weighting.
     *
     * @param heading       what the weights are
     * @param tokens        the tokens
     * @param weights       one non-negative weight per token
     * @param labels        class names
     * @param probabilities the output under these weights (or null when it does not apply)
     * @param scaleMax      the weight drawn darkest: another panel's maximum to compare with it,
     *                      or NaN for this panel's own maximum
     */
    public record HeatmapPanel(String heading, List<String> tokens, double[] weights, List<String> labels,
                               double[] probabilities, double scaleMax) implements Panel {
        public HeatmapPanel {
            tokens = List.copyOf(tokens);
            weights = weights.clone();
            labels = List.copyOf(labels);
            probabilities = probabilities == null ? null : probabilities.clone();
        }

        /** A panel on its own colour scale. */
        public HeatmapPanel(String heading, List<String> tokens, double[] weights, List<String> labels,
                            double[] probabilities) {
            this(heading, tokens, weights, labels, probabilities, Double.NaN);
        }
    }

    /**
     * Horizontal bars with values in [0, 1] (fractions, probabilities).
     *
     * @param heading what the bars compare
     * @param names   one name per bar
     * @param values  one value per bar; NaN draws "never" (e.g. a ranking that never flips)
     */
    public record BarsPanel(String heading, List<String> names, double[] values) implements Panel {
        public BarsPanel {
            names = List.copyOf(names);
            values = values.clone();
            if (names.size() != values.length) throw new IllegalArgumentException("one value per bar");
        }
    }
}
