package org.attentionworkbench.ui.teaching;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.FontMetrics;
import java.awt.Graphics2D;
import java.awt.RenderingHints;
import java.awt.Shape;
import java.awt.geom.AffineTransform;
import java.awt.geom.Rectangle2D;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.ui.teaching.TeachingStep.BarsPanel;
import org.attentionworkbench.ui.teaching.TeachingStep.HeatmapPanel;
import org.attentionworkbench.ui.teaching.TeachingStep.Panel;

/**
 * Draws a teaching step's panels over any {@link Graphics2D} (a Canvas through FXGraphics2D on
 * screen, an image in tests): heatmaps by {@link HeatmapPainter} in the largest type that fits,
 * each with its output as probability bars, and bar charts. Large type because it is projected.
 */
public final class TeachingPainter {

    private static final float[] TOKEN_SIZES = {34, 30, 26, 22, 19, 16, 14, 12, 10};
    private static final Color INK = new Color(0x1a1a1a);
    private static final Color MUTED = new Color(0x555555);
    private static final Color BAR = new Color(0x2171b5);
    private static final Color TRACK = new Color(0xe6e6e6);
    private static final double GAP = 18;

    private final Font headingFont = new Font(Font.SANS_SERIF, Font.BOLD, 22);
    private final Font barFont = new Font(Font.SANS_SERIF, Font.PLAIN, 20);

    /** Paints {@code step} into (0, 0, width, height), white background. */
    public void paint(Graphics2D g, TeachingStep step, double width, double height) {
        g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
        g.setRenderingHint(RenderingHints.KEY_TEXT_ANTIALIASING, RenderingHints.VALUE_TEXT_ANTIALIAS_ON);
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        List<Panel> panels = step.panels();
        if (panels.isEmpty()) return;
        double each = (height - GAP * (panels.size() - 1)) / panels.size();
        double y = 0;
        for (Panel p : panels) {
            AffineTransform saved = g.getTransform();
            Shape clip = g.getClip();
            g.translate(0, y);
            g.clip(new Rectangle2D.Double(0, 0, width, each));
            if (p instanceof HeatmapPanel h) paintHeatmap(g, h, width, each);
            else if (p instanceof BarsPanel b) paintBars(g, b, width, each);
            g.setTransform(saved);
            g.setClip(clip);
            y += each + GAP;
        }
    }

    private void paintHeatmap(Graphics2D g, HeatmapPanel p, double width, double height) {
        double top = paintHeading(g, p.heading(), width);
        if (p.probabilities() != null) top = paintProbabilities(g, p.labels(), p.probabilities(), top, width);
        double available = height - top;
        // The largest type whose wrapped text fits the panel: a short review is read from the back row.
        HeatmapPainter painter = null;
        HeatmapLayout layout = null;
        for (float size : TOKEN_SIZES) {
            Font font = new Font(Font.SANS_SERIF, Font.PLAIN, Math.round(size));
            painter = new HeatmapPainter(font);
            // FXGraphics2D measures with its current font whatever font is asked for: set it first.
            g.setFont(font);
            layout = painter.layout(g, p.tokens(), p.weights(), width);
            if (layout.height() <= available) break;
        }
        AffineTransform saved = g.getTransform();
        g.translate(0, top);
        if (Double.isFinite(p.scaleMax())) {
            painter.paintTokens(g, layout, p.weights(), AttentionPalette.Scale.sequential(p.scaleMax()), 0, available, -1);
        } else {
            painter.paintTokens(g, layout, 0, available, -1);
        }
        g.setTransform(saved);
    }

    private double paintHeading(Graphics2D g, String heading, double width) {
        g.setFont(headingFont);
        FontMetrics fm = g.getFontMetrics(headingFont);
        g.setColor(INK);
        g.drawString(heading, 10f, (float) fm.getAscent() + 2);
        return fm.getHeight() + 6;
    }

    private double paintProbabilities(Graphics2D g, List<String> labels, double[] probs, double top, double width) {
        g.setFont(barFont);
        FontMetrics fm = g.getFontMetrics(barFont);
        double x = 10;
        double h = fm.getHeight();
        int[] shown = shownClasses(probs);
        double slot = Math.min(320, (width - 20) / Math.max(1, shown.length));
        for (int c : shown) {
            String name = c < labels.size() ? labels.get(c) : "class " + c;
            String text = String.format(Locale.ROOT, "%s %.2f", name, probs[c]);
            g.setColor(MUTED);
            g.drawString(text, (float) x, (float) (top + fm.getAscent()));
            double barX = x + fm.stringWidth(text) + 8;
            double barW = Math.max(20, slot - (barX - x) - 20);
            g.setColor(TRACK);
            g.fill(new Rectangle2D.Double(barX, top + h * 0.25, barW, h * 0.5));
            g.setColor(BAR);
            g.fill(new Rectangle2D.Double(barX, top + h * 0.25, barW * clamp(probs[c]), h * 0.5));
            x += slot;
        }
        if (shown.length < probs.length) {
            g.setColor(MUTED);
            g.drawString(String.format(Locale.ROOT, "(+%d classes)", probs.length - shown.length), (float) x,
                    (float) (top + fm.getAscent()));
        }
        return top + h + 6;
    }

    /** Most classes in a panel's probability line; beyond, the most probable ones (20 made 60 px slots). */
    static final int MAX_CLASSES = 5;

    /** The classes of the probability line: all in class order, or the {@link #MAX_CLASSES} most probable, first first. */
    public static int[] shownClasses(double[] probs) {
        if (probs.length <= MAX_CLASSES) return java.util.stream.IntStream.range(0, probs.length).toArray();
        return java.util.stream.IntStream.range(0, probs.length).boxed()
                .sorted((a, b) -> Double.compare(probs[b], probs[a])).limit(MAX_CLASSES).mapToInt(Integer::intValue)
                .toArray();
    }

    private void paintBars(Graphics2D g, BarsPanel p, double width, double height) {
        double top = paintHeading(g, p.heading(), width);
        g.setFont(barFont);
        FontMetrics fm = g.getFontMetrics(barFont);
        double nameW = 0;
        for (String n : p.names()) nameW = Math.max(nameW, fm.stringWidth(n));
        double rowH = Math.min(56, (height - top) / Math.max(1, p.names().size()));
        double barX = 20 + nameW + 16;
        double barW = Math.max(40, width - barX - 110);
        for (int i = 0; i < p.names().size(); i++) {
            double y = top + i * rowH;
            double v = p.values()[i];
            g.setColor(INK);
            g.drawString(p.names().get(i), 20f, (float) (y + (rowH + fm.getAscent()) / 2 - 2));
            g.setColor(TRACK);
            g.fill(new Rectangle2D.Double(barX, y + rowH * 0.2, barW, rowH * 0.6));
            String label;
            if (Double.isNaN(v)) {
                label = "never flips";
            } else {
                g.setColor(BAR);
                g.fill(new Rectangle2D.Double(barX, y + rowH * 0.2, barW * clamp(v), rowH * 0.6));
                label = String.format(Locale.ROOT, v < 0.1 ? "%.1f%%" : "%.0f%%", 100 * v); // 2 of 600 tokens is not 0%
            }
            g.setColor(INK);
            g.setStroke(new BasicStroke(1f));
            g.drawString(label, (float) (barX + barW + 10), (float) (y + (rowH + fm.getAscent()) / 2 - 2));
        }
    }

    private static double clamp(double v) {
        return Double.isFinite(v) ? Math.max(0, Math.min(1, v)) : 0;
    }
}
