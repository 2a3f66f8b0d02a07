package org.attentionworkbench.figures;

import java.awt.geom.Rectangle2D;
import java.util.List;

/**
 * Where {@link HeatmapPainter} puts each token: a wrapped-text layout computed once per text and
 * width, used for painting and for hit-testing the mouse.
 *
 * @param boxes     one box per token, in reading order
 * @param width     the width laid out for
 * @param height    total height of the token area
 * @param maxWeight the largest weight (the top of the colour scale)
 */
public record HeatmapLayout(List<TokenBox> boxes, double width, double height, double maxWeight) {

    /** An empty layout (nothing to draw). */
    public static final HeatmapLayout EMPTY = new HeatmapLayout(List.of(), 0, 0, 0);

    public HeatmapLayout {
        boxes = List.copyOf(boxes);
    }

    /**
     * One token's place.
     *
     * @param index  position of the token in the text
     * @param token  the token
     * @param weight its attention weight
     * @param bounds its box, in layout coordinates
     */
    public record TokenBox(int index, String token, double weight, Rectangle2D bounds) { }

    /** Index of the token under ({@code x}, {@code y}) in layout coordinates, or -1. */
    public int indexAt(double x, double y) {
        // Boxes are sorted by line, so a binary search over line tops would do; n is small enough
        // (a few thousand) that a scan is still far below a frame.
        for (TokenBox b : boxes) {
            if (b.bounds().contains(x, y)) return b.index();
        }
        return -1;
    }

    /** Rank of token {@code index} by weight, 1 = most attended. */
    public int rankOf(int index) {
        double w = boxes.get(index).weight();
        int rank = 1;
        for (TokenBox b : boxes) {
            if (b.weight() > w || (b.weight() == w && b.index() < index)) rank++;
        }
        return rank;
    }
}
