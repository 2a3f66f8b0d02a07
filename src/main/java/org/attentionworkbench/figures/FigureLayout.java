package org.attentionworkbench.figures;

import java.util.List;

/**
 * Where {@link FigurePainter} puts the parts of a {@link HeatmapFigure}, top to bottom: the title
 * and detail lines, the legend strip, the tokens. All in figure coordinates (0, 0 at the figure's
 * top left); tests use it to find a token's box in an exported image.
 *
 * @param width        the figure's width
 * @param detailLines  the detail lines as wrapped to the width
 * @param headerHeight height of the title block
 * @param tokens       the token layout (shared by figures of the same text)
 */
public record FigureLayout(double width, List<String> detailLines, double headerHeight, HeatmapLayout tokens) {

    public FigureLayout {
        detailLines = List.copyOf(detailLines);
    }

    /** Top of the legend strip. */
    public double legendTop() {
        return headerHeight;
    }

    /** Top of the token area: token boxes are at {@code tokensTop()} + their layout y. */
    public double tokensTop() {
        return headerHeight + HeatmapPainter.LEGEND_HEIGHT;
    }

    /** The figure's total height. */
    public double height() {
        return tokensTop() + tokens.height();
    }
}
