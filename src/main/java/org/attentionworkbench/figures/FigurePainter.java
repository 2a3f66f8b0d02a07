package org.attentionworkbench.figures;

import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.List;

/**
 * Paints a {@link HeatmapFigure} into any {@link Graphics2D}: a title block it draws itself, then
 * the legend and the tokens drawn by the screen's {@link HeatmapPainter}, so the colours and
 * token boxes of a file are those of the panel on screen. Used for one panel and for every cell
 * of a grid page.
 */
public final class FigurePainter {

    private static final double MARGIN = 10;
    private static final double LINE_GAP = 3;
    private static final Color PAPER = Color.WHITE;
    private static final Color INK = new Color(0x1a1a1a);
    private static final Color MUTED = new Color(0x4d4d4d);

    private final HeatmapPainter painter;
    private final Font titleFont;
    private final Font detailFont;

    /** A figure painter whose heatmaps are drawn by {@code painter}. */
    public FigurePainter(HeatmapPainter painter) {
        this.painter = painter;
        this.titleFont = new Font(Font.SANS_SERIF, Font.BOLD, 16);
        this.detailFont = new Font(Font.SANS_SERIF, Font.PLAIN, 12);
    }

    /** The heatmap painter (shared with the screen). */
    public HeatmapPainter heatmapPainter() {
        return painter;
    }

    /** Lays {@code figure} out {@code width} wide, its tokens laid out as on screen. */
    public FigureLayout layout(HeatmapFigure figure, double width) {
        return layout(figure, width, painter.layout(figure.tokens(), width));
    }

    /**
     * Lays {@code figure} out over a token layout computed elsewhere (a grid page shares one among
     * its cells, as the screen does).
     */
    public FigureLayout layout(HeatmapFigure figure, double width, HeatmapLayout tokens) {
        if (tokens.units() != figure.tokens().size()) {
            throw new IllegalArgumentException(tokens.units() + (tokens.hierarchical() ? " rows" : " boxes") + " but "
                    + figure.tokens().size() + " tokens");
        }
        // Measured on an off-screen image, as HeatmapPainter measures tokens: SVG and PDF targets
        // report the same AWT metrics, so a layout fits every target.
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            FontMetrics tm = sg.getFontMetrics(titleFont);
            FontMetrics dm = sg.getFontMetrics(detailFont);
            List<String> lines = new ArrayList<>();
            for (String d : figure.details()) lines.addAll(wrap(d, dm, width - 2 * MARGIN));
            double h = MARGIN + tm.getAscent() + tm.getDescent()
                    + lines.size() * (dm.getAscent() + dm.getDescent() + LINE_GAP) + LINE_GAP;
            return new FigureLayout(width, lines, Math.ceil(h), tokens);
        } finally {
            sg.dispose();
        }
    }

    /** Paints {@code figure} with its top left at ({@code x}, {@code y}). */
    public void paint(Graphics2D g, HeatmapFigure figure, FigureLayout layout, double x, double y) {
        AffineTransform saved = g.getTransform();
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(PAPER);
        g.fill(new Rectangle2D.Double(x, y, layout.width(), layout.headerHeight()));
        FontMetrics tm = g.getFontMetrics(titleFont);
        FontMetrics dm = g.getFontMetrics(detailFont);
        float baseline = (float) (y + MARGIN + tm.getAscent());
        g.setFont(titleFont);
        g.setColor(INK);
        g.drawString(figure.title(), (float) (x + MARGIN), baseline);
        baseline += tm.getDescent();
        g.setFont(detailFont);
        g.setColor(MUTED);
        for (String line : layout.detailLines()) {
            baseline += LINE_GAP + dm.getAscent();
            g.drawString(line, (float) (x + MARGIN), baseline);
            baseline += dm.getDescent();
        }
        painter.paintLegend(g, x, y + layout.legendTop(), layout.width(), figure.scale(), figure.caption());
        g.translate(x, y + layout.tokensTop());
        HeatmapLayout tokens = layout.tokens();
        // Over a two-level layout the figure's tokens are sentences, its unknown-word flags theirs:
        // the words are drawn without them.
        painter.paintTokens(g, tokens, figure.values(), figure.scale(), 0, tokens.height(), -1, java.awt.Color.WHITE,
                tokens.hierarchical() ? null : figure.unknown());
        g.setTransform(saved);
    }

    /** Greedy word wrap of {@code text} to {@code width} (a single over-long word stays whole). */
    private static List<String> wrap(String text, FontMetrics fm, double width) {
        List<String> out = new ArrayList<>();
        StringBuilder line = new StringBuilder();
        for (String word : text.split(" ")) {
            String candidate = line.length() == 0 ? word : line + " " + word;
            if (line.length() > 0 && fm.stringWidth(candidate) > width) {
                out.add(line.toString());
                line.setLength(0);
                line.append(word);
            } else {
                line.setLength(0);
                line.append(candidate);
            }
        }
        if (line.length() > 0 || out.isEmpty()) out.add(line.toString());
        return out;
    }
}
