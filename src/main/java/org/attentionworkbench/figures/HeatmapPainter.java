package org.attentionworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.awt.geom.RoundRectangle2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Draws a text as an attention heatmap over {@link Graphics2D}: tokens as wrapped text, each on a
 * box coloured by its weight ({@link AttentionPalette}), text colour chosen for contrast, and a
 * legend with numbers. The one painter for the screen (through FXGraphics2D on a Canvas), for
 * exported figures (SVG/PDF Graphics2D) and for tests (a BufferedImage): the same picture in all.
 *
 * <p>Colours are scaled to the largest weight of the text, not to 1: over a long review every
 * weight is small, and an absolute scale would paint everything white. The legend says so in
 * numbers.
 */
public final class HeatmapPainter {

    /** Height of the legend strip drawn by {@link #paintLegend}. */
    public static final double LEGEND_HEIGHT = 44;

    private static final double PAD_X = 3;
    private static final double PAD_Y = 2;
    private static final double GAP_X = 4;
    private static final double GAP_Y = 5;
    private static final double MARGIN = 10;
    /** Width of a row's bar margin in a two-level layout. */
    private static final double BAR_MARGIN = 54;
    private static final Color PAPER = Color.WHITE;
    private static final Color INK = new Color(0x1a1a1a);
    private static final Color HOVER = new Color(0xd94801);

    private final Font font;
    private final Font legendFont;

    /** A painter with the default font (sans-serif, 15 pt). */
    public HeatmapPainter() {
        this(new Font(Font.SANS_SERIF, Font.PLAIN, 15));
    }

    /** A painter drawing tokens in {@code font}. */
    public HeatmapPainter(Font font) {
        this.font = font;
        this.legendFont = font.deriveFont(Font.PLAIN, Math.max(10f, font.getSize2D() - 3));
    }

    /**
     * Lays the tokens out as wrapped text of the given width, measured with {@code g}'s font metrics
     * (so that the layout fits the target it is painted on).
     *
     * @param weights one weight per token (attention: non-negative, summing to 1)
     */
    public HeatmapLayout layout(Graphics2D g, List<String> tokens, double[] weights, double width) {
        return layout(g, tokens, weights, width, null);
    }

    /**
     * As {@link #layout(Graphics2D, List, double[], double)}, each token box at least as wide as
     * {@code screenWidth} says the token is on the target (null: the AWT metrics alone). The screen
     * draws through FXGraphics2D with JavaFX's font rasteriser, whose words can be a few pixels
     * wider than AWT measures them: without this the last letter of "compelling" fell off its box.
     */
    public HeatmapLayout layout(Graphics2D g, List<String> tokens, double[] weights, double width,
                                java.util.function.ToDoubleFunction<String> screenWidth) {
        if (tokens.size() != weights.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + weights.length + " weights");
        }
        if (tokens.isEmpty()) return new HeatmapLayout(List.of(), width, 0, 0);
        FontMetrics fm = g.getFontMetrics(font);
        double lineHeight = fm.getAscent() + fm.getDescent() + 2 * PAD_Y;
        double max = 0;
        for (double w : weights) max = Math.max(max, w);
        Map<String, Double> widths = new HashMap<>(); // long texts repeat tokens; measuring is not free
        List<HeatmapLayout.TokenBox> boxes = new ArrayList<>(tokens.size());
        double x = MARGIN;
        double y = MARGIN;
        double right = Math.max(width - MARGIN, MARGIN + 1);
        for (int i = 0; i < tokens.size(); i++) {
            String tok = tokens.get(i);
            double w = widths.computeIfAbsent(tok, t -> screenWidth == null ? fm.stringWidth(t)
                    : Math.max(fm.stringWidth(t), Math.ceil(screenWidth.applyAsDouble(t)))) + 2 * PAD_X;
            if (x > MARGIN && x + w > right) { // wrap, unless the token alone is wider than a line
                x = MARGIN;
                y += lineHeight + GAP_Y;
            }
            boxes.add(new HeatmapLayout.TokenBox(i, tok, weights[i], new Rectangle2D.Double(x, y, w, lineHeight)));
            x += w + GAP_X;
        }
        return new HeatmapLayout(boxes, width, y + lineHeight + MARGIN, max);
    }

    /**
     * Lays the tokens out as wrapped text of the given width, measured on an off-screen image
     * (FXGraphics2D measures with the same AWT metrics, so the layout fits the screen too). Every
     * panel of a comparison shares one such layout: token positions depend on the text and width,
     * never on the values painted.
     */
    public HeatmapLayout layout(List<String> tokens, double width) {
        return layout(tokens, width, null);
    }

    /** As {@link #layout(List, double)}, measuring tokens as {@link #layout(Graphics2D, List, double[], double, java.util.function.ToDoubleFunction)} does. */
    public HeatmapLayout layout(List<String> tokens, double width, java.util.function.ToDoubleFunction<String> screenWidth) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            hints(sg);
            return layout(sg, tokens, new double[tokens.size()], width, screenWidth);
        } finally {
            sg.dispose();
        }
    }

    /**
     * A hierarchical model's two-level layout (docs/methods.md section 10): one sentence per row,
     * its tokens wrapped right of a margin that holds the sentence's bar. Each box's weight is its
     * word attention alpha within the sentence; each row's weight its beta.
     *
     * @param sentences the tokens of each sentence
     * @param alpha     word attention within each sentence
     * @param beta      sentence attention
     */
    public HeatmapLayout layoutRows(List<List<String>> sentences, double[][] alpha, double[] beta, double width,
                                    java.util.function.ToDoubleFunction<String> screenWidth) {
        if (sentences.size() != alpha.length || sentences.size() != beta.length) {
            throw new IllegalArgumentException(sentences.size() + " sentences but " + alpha.length + " word attentions and "
                    + beta.length + " sentence weights");
        }
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            hints(sg);
            FontMetrics fm = sg.getFontMetrics(font);
            double lineHeight = fm.getAscent() + fm.getDescent() + 2 * PAD_Y;
            double left = MARGIN + BAR_MARGIN;
            double right = Math.max(width - MARGIN, left + 1);
            Map<String, Double> widths = new HashMap<>();
            List<HeatmapLayout.TokenBox> boxes = new ArrayList<>();
            List<HeatmapLayout.Row> rows = new ArrayList<>(sentences.size());
            double y = MARGIN;
            double max = 0;
            for (int j = 0; j < sentences.size(); j++) {
                List<String> words = sentences.get(j);
                if (words.size() != alpha[j].length) {
                    throw new IllegalArgumentException("sentence " + j + " has " + words.size() + " tokens but "
                            + alpha[j].length + " weights");
                }
                int first = boxes.size();
                double x = left;
                for (int i = 0; i < words.size(); i++) {
                    String tok = words.get(i);
                    double w = widths.computeIfAbsent(tok, t -> screenWidth == null ? fm.stringWidth(t)
                            : Math.max(fm.stringWidth(t), Math.ceil(screenWidth.applyAsDouble(t)))) + 2 * PAD_X;
                    if (x > left && x + w > right) {
                        x = left;
                        y += lineHeight + GAP_Y;
                    }
                    boxes.add(new HeatmapLayout.TokenBox(boxes.size(), tok, alpha[j][i], new Rectangle2D.Double(x, y, w, lineHeight)));
                    max = Math.max(max, alpha[j][i]);
                    x += w + GAP_X;
                }
                double top = boxes.size() > first ? boxes.get(first).bounds().getY() : y;
                rows.add(new HeatmapLayout.Row(j, first, boxes.size(), beta[j],
                        new Rectangle2D.Double(MARGIN, top, BAR_MARGIN - 6, lineHeight)));
                // A sentence starts on a line of its own, a little apart from the one before.
                y += lineHeight + 2 * GAP_Y;
            }
            return new HeatmapLayout(boxes, width, y - 2 * GAP_Y + MARGIN, max, rows);
        } finally {
            sg.dispose();
        }
    }

    /**
     * The colours of a two-level layout's tokens under one value per row: v_j * alpha_ji (the
     * token's share of the value, beta_j * alpha_ji for attention), or alpha_ji alone with
     * {@code alphaOnly}; with the scale they are drawn in (the row scale's kind, fitted to them).
     */
    public static TokenColours tokenColours(HeatmapLayout layout, double[] rowValues, AttentionPalette.Scale rowScale,
                                            boolean alphaOnly) {
        double[] out = new double[layout.boxes().size()];
        double max = 0;
        for (HeatmapLayout.Row r : layout.rows()) {
            for (int b = r.first(); b < r.end(); b++) {
                double a = layout.boxes().get(b).weight();
                out[b] = alphaOnly ? a : rowValues[r.index()] * a;
                max = Math.max(max, Math.abs(out[b]));
            }
        }
        AttentionPalette.Scale scale = alphaOnly || rowScale.kind() != AttentionPalette.Kind.DIVERGING
                ? AttentionPalette.Scale.sequential(max) : AttentionPalette.Scale.diverging(max);
        return new TokenColours(out, scale);
    }

    /** Per-token values of a two-level layout and their colour scale. */
    public record TokenColours(double[] values, AttentionPalette.Scale scale) { }

    /**
     * Paints the tokens of {@code layout} that intersect the band [top, top + height) of layout
     * coordinates, translated so that {@code top} is at y = 0 (the screen shows a scrolled window
     * of a long text without a canvas as tall as the text).
     *
     * @param hovered index of a token to outline, or -1
     */
    public void paintTokens(Graphics2D g, HeatmapLayout layout, double top, double height, int hovered) {
        if (layout.hierarchical()) { // the rows' beta as bars, their tokens by beta x alpha
            double[] beta = layout.rows().stream().mapToDouble(HeatmapLayout.Row::weight).toArray();
            double max = java.util.Arrays.stream(beta).max().orElse(0);
            paintTokens(g, layout, beta, AttentionPalette.Scale.sequential(max), top, height, hovered);
            return;
        }
        double[] weights = layout.boxes().stream().mapToDouble(HeatmapLayout.TokenBox::weight).toArray();
        paintTokens(g, layout, weights, AttentionPalette.Scale.sequential(layout.maxWeight()), top, height, hovered);
    }

    /**
     * Paints {@code values} (one per token of the layout) over the shared {@code layout}, coloured
     * by {@code scale}; otherwise as {@link #paintTokens(Graphics2D, HeatmapLayout, double, double, int)}.
     */
    public void paintTokens(Graphics2D g, HeatmapLayout layout, double[] values, AttentionPalette.Scale scale,
                            double top, double height, int hovered) {
        paintTokens(g, layout, values, scale, top, height, hovered, PAPER, null);
    }

    /**
     * As {@link #paintTokens(Graphics2D, HeatmapLayout, double[], AttentionPalette.Scale, double, double, int)}
     * on {@code paper} (the dark theme's background instead of white), drawing a dotted outline
     * around each token marked in {@code unknown} (null: none): words the model has no embedding
     * for all read as the same UNK token, which should not look like a known word.
     */
    public void paintTokens(Graphics2D g, HeatmapLayout layout, double[] values, AttentionPalette.Scale scale,
                            double top, double height, int hovered, Color paper, boolean[] unknown) {
        paintTokens(g, layout, values, scale, top, height, hovered, paper, unknown, false);
    }

    /**
     * As {@link #paintTokens(Graphics2D, HeatmapLayout, double[], AttentionPalette.Scale, double, double, int, Color, boolean[])};
     * over a two-level layout ({@link HeatmapLayout#hierarchical()}) {@code values} are one per row:
     * each row's bar shows its value in {@code scale}, its tokens are coloured by
     * {@link #tokenColours} ({@code alphaOnly}: word attention within the sentence), {@code hovered}
     * is a row and {@code unknown} is per token.
     */
    public void paintTokens(Graphics2D g, HeatmapLayout layout, double[] values, AttentionPalette.Scale scale,
                            double top, double height, int hovered, Color paper, boolean[] unknown, boolean alphaOnly) {
        if (layout.hierarchical()) {
            paintRows(g, layout, values, scale, top, height, hovered, paper, unknown, alphaOnly);
            return;
        }
        if (values.length != layout.boxes().size()) {
            throw new IllegalArgumentException(layout.boxes().size() + " tokens but " + values.length + " values");
        }
        AffineTransform saved = g.getTransform();
        hints(g);
        g.setColor(paper);
        g.fill(new Rectangle2D.Double(0, 0, layout.width(), height));
        g.translate(0, -top);
        Color dotted = AttentionPalette.luminance(paper) > 0.5 ? new Color(0x555555) : new Color(0xc8c8c8);
        BasicStroke dots = new BasicStroke(1.2f, BasicStroke.CAP_BUTT, BasicStroke.JOIN_MITER, 10f, new float[] {2f, 2f}, 0f);
        g.setFont(font);
        FontMetrics fm = g.getFontMetrics(font);
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            Rectangle2D r = b.bounds();
            if (r.getMaxY() < top || r.getMinY() > top + height) continue;
            Color fill = scale.color(values[b.index()]);
            g.setColor(fill);
            g.fill(new RoundRectangle2D.Double(r.getX(), r.getY(), r.getWidth(), r.getHeight(), 6, 6));
            g.setColor(AttentionPalette.textOn(fill));
            g.drawString(b.token(), (float) (r.getX() + PAD_X), (float) (r.getY() + PAD_Y + fm.getAscent()));
            if (unknown != null && b.index() < unknown.length && unknown[b.index()]) {
                g.setColor(dotted);
                g.setStroke(dots);
                g.draw(new RoundRectangle2D.Double(r.getX() + 0.5, r.getY() + 0.5, r.getWidth() - 1, r.getHeight() - 1, 6, 6));
            }
            if (b.index() == hovered) {
                g.setColor(HOVER);
                g.setStroke(new BasicStroke(2f));
                g.draw(new RoundRectangle2D.Double(r.getX() - 1, r.getY() - 1, r.getWidth() + 2, r.getHeight() + 2, 7, 7));
            }
        }
        g.setTransform(saved);
    }

    private void paintRows(Graphics2D g, HeatmapLayout layout, double[] values, AttentionPalette.Scale scale,
                           double top, double height, int hovered, Color paper, boolean[] unknown, boolean alphaOnly) {
        if (values.length != layout.rows().size()) {
            throw new IllegalArgumentException(layout.rows().size() + " rows but " + values.length + " values");
        }
        TokenColours colours = tokenColours(layout, values, scale, alphaOnly);
        // The tokens first, as a flat text (no token outlined: a hovered row outlines its bar).
        HeatmapLayout flat = new HeatmapLayout(layout.boxes(), layout.width(), layout.height(), layout.maxWeight());
        paintTokens(g, flat, colours.values(), colours.scale(), top, height, -1, paper, unknown);
        AffineTransform saved = g.getTransform();
        g.translate(0, -top);
        double maxAbs = 0;
        for (double v : values) maxAbs = Math.max(maxAbs, Math.abs(v));
        Color ink = AttentionPalette.luminance(paper) > 0.5 ? new Color(0x888888) : new Color(0x9a9a9a);
        for (HeatmapLayout.Row r : layout.rows()) {
            Rectangle2D bar = r.bar();
            if (bar.getMaxY() < top || bar.getMinY() > top + height) continue;
            double v = values[r.index()];
            // The bar grows from the text leftwards, as long as the row's value is against the largest.
            double w = maxAbs == 0 ? 0 : bar.getWidth() * Math.abs(v) / maxAbs;
            g.setColor(ink);
            g.setStroke(new BasicStroke(1f));
            g.draw(new java.awt.geom.Line2D.Double(bar.getMaxX(), bar.getY(), bar.getMaxX(), bar.getMaxY()));
            g.setColor(scale.color(v));
            g.fill(new Rectangle2D.Double(bar.getMaxX() - w, bar.getY() + 2, w, bar.getHeight() - 4));
            g.setColor(ink);
            g.draw(new Rectangle2D.Double(bar.getMaxX() - w, bar.getY() + 2, w, bar.getHeight() - 4));
            if (r.index() == hovered) {
                g.setColor(HOVER);
                g.setStroke(new BasicStroke(2f));
                g.draw(new Rectangle2D.Double(bar.getX() - 1, bar.getY(), bar.getWidth() + 2, bar.getHeight()));
            }
        }
        g.setTransform(saved);
    }

    /**
     * Paints the legend in the strip {@code (x, y, width, LEGEND_HEIGHT)}: the colour scale from 0
     * to {@code maxWeight} with numbered ticks.
     */
    public void paintLegend(Graphics2D g, double x, double y, double width, double maxWeight) {
        paintLegend(g, x, y, width, AttentionPalette.Scale.sequential(maxWeight), "attention weight");
    }

    /**
     * Paints the legend of {@code scale} in the strip {@code (x, y, width, LEGEND_HEIGHT)}: the
     * caption, the colour bar from the scale's minimum to its maximum and five numbered ticks (a
     * diverging scale's middle tick is its 0).
     */
    public void paintLegend(Graphics2D g, double x, double y, double width, AttentionPalette.Scale scale,
                            String caption) {
        hints(g);
        g.setColor(PAPER);
        g.fill(new Rectangle2D.Double(x, y, width, LEGEND_HEIGHT));
        g.setFont(legendFont);
        FontMetrics fm = g.getFontMetrics(legendFont);
        float baseline = (float) (y + 6 + fm.getAscent());
        g.setColor(INK);
        g.drawString(caption, (float) (x + MARGIN), baseline);
        double barX = x + MARGIN + fm.stringWidth(caption) + 12;
        // barX is absolute: measure the room left from the strip's right edge, x + width (a legend
        // drawn away from x = 0, as in a grid page's right column, would otherwise shrink).
        double barW = Math.max(60, Math.min(360, x + width - barX - MARGIN - 30));
        double barY = y + 6;
        double barH = 14;
        int steps = 64;
        double lo = scale.min();
        double hi = scale.max();
        for (int s = 0; s < steps; s++) {
            g.setColor(scale.color(lo + (hi - lo) * (s + 0.5) / steps));
            g.fill(new Rectangle2D.Double(barX + s * barW / steps, barY, barW / steps + 0.6, barH));
        }
        g.setColor(Color.GRAY);
        g.setStroke(new BasicStroke(1f));
        g.draw(new Rectangle2D.Double(barX, barY, barW, barH));
        g.setColor(INK);
        for (int k = 0; k <= 4; k++) {
            double v = k == 2 && scale.kind() == AttentionPalette.Kind.DIVERGING ? 0 : lo + (hi - lo) * k / 4;
            String label = formatWeight(v);
            double tx = barX + barW * k / 4;
            g.draw(new java.awt.geom.Line2D.Double(tx, barY + barH, tx, barY + barH + 3));
            float lx = (float) Math.max(x, Math.min(tx - fm.stringWidth(label) / 2.0, x + width - fm.stringWidth(label)));
            g.drawString(label, lx, (float) (barY + barH + 4 + fm.getAscent()));
        }
    }

    /** The whole figure, legend above the tokens: what an export writes. */
    public void paint(Graphics2D g, HeatmapLayout layout) {
        paintLegend(g, 0, 0, layout.width(), layout.maxWeight());
        AffineTransform saved = g.getTransform();
        g.translate(0, LEGEND_HEIGHT);
        paintTokens(g, layout, 0, layout.height(), -1);
        g.setTransform(saved);
    }

    /** The whole figure as an image {@code width} pixels wide (for tests and PNG export). */
    public BufferedImage toImage(List<String> tokens, double[] weights, int width) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        hints(sg);
        HeatmapLayout layout = layout(sg, tokens, weights, width);
        sg.dispose();
        int height = (int) Math.ceil(LEGEND_HEIGHT + layout.height());
        BufferedImage image = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paint(g, layout);
        g.dispose();
        return image;
    }

    /**
     * One comparison panel as an image {@code width} pixels wide: legend of {@code scale} above
     * {@code values} painted over the tokens (what a panel export writes).
     */
    public BufferedImage toImage(List<String> tokens, double[] values, AttentionPalette.Scale scale, String caption,
                                 int width) {
        HeatmapLayout layout = layout(tokens, width);
        int height = (int) Math.ceil(LEGEND_HEIGHT + layout.height());
        BufferedImage image = new BufferedImage(width, Math.max(1, height), BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        paintLegend(g, 0, 0, width, scale, caption);
        g.translate(0, LEGEND_HEIGHT);
        paintTokens(g, layout, values, scale, 0, layout.height(), -1);
        g.dispose();
        return image;
    }

    /** The font tokens are drawn in (the screen measures its own rendering of it). */
    public Font font() {
        return font;
    }

    /** A weight as the legend and tooltips show it: enough digits for the small weights of long texts. */
    public static String formatWeight(double w) {
        if (w == 0) return "0";
        return Math.abs(w) >= 0.01 || !Double.isFinite(w) ? String.format(Locale.ROOT, "%.3f", w) : String.format(Locale.ROOT, "%.2e", w);
    }

    private static void hints(Graphics2D g) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
    }
}
