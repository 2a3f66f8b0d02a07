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
 * @param rows      a hierarchical model's sentences, one per row with a bar in its margin (values
 *                  painted over such a layout are one per row: the bars; each box's weight is its
 *                  word attention alpha within its sentence); empty for a flat text
 */
public record HeatmapLayout(List<TokenBox> boxes, double width, double height, double maxWeight, List<Row> rows) {

    /** An empty layout (nothing to draw). */
    public static final HeatmapLayout EMPTY = new HeatmapLayout(List.of(), 0, 0, 0);

    public HeatmapLayout {
        boxes = List.copyOf(boxes);
        rows = List.copyOf(rows);
    }

    /** A flat text's layout: no rows. */
    public HeatmapLayout(List<TokenBox> boxes, double width, double height, double maxWeight) {
        this(boxes, width, height, maxWeight, List.of());
    }

    /**
     * One sentence of a two-level layout.
     *
     * @param index  the sentence's position (its index in the sentence-level document)
     * @param first  its first box
     * @param end    one past its last box
     * @param weight its sentence attention beta
     * @param bar    where its bar is drawn, in the margin left of its first line
     */
    public record Row(int index, int first, int end, double weight, Rectangle2D bar) { }

    /** Whether the layout has rows (a hierarchical model's sentences). */
    public boolean hierarchical() {
        return !rows.isEmpty();
    }

    /** How many values a painter takes over this layout: one per token, or one per row. */
    public int units() {
        return rows.isEmpty() ? boxes.size() : rows.size();
    }

    /** The row holding box {@code box} (of a hierarchical layout), or -1. */
    public int rowOf(int box) {
        for (Row r : rows) {
            if (box >= r.first() && box < r.end()) return r.index();
        }
        return -1;
    }

    /** Index of the token box under ({@code x}, {@code y}) in layout coordinates, or -1 (rows or not). */
    public int boxAt(double x, double y) {
        for (TokenBox b : boxes) {
            if (b.bounds().contains(x, y)) return b.index();
        }
        return -1;
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

    /**
     * Index of the unit under ({@code x}, {@code y}) in layout coordinates, or -1: the token, or in a
     * hierarchical layout the row (its bar or any of its tokens).
     */
    public int indexAt(double x, double y) {
        if (!rows.isEmpty()) {
            for (Row r : rows) {
                if (r.bar().contains(x, y)) return r.index();
            }
            int box = boxAt(x, y);
            return box < 0 ? -1 : rowOf(box);
        }
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
