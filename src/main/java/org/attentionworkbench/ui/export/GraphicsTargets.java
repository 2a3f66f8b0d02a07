package org.attentionworkbench.ui.export;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.util.function.Consumer;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.PDFHints;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;

/**
 * The three Graphics2D targets of a figure file: a PNG image, an SVG document, a one-page PDF.
 * Each gets a white page of the given size and then whatever {@code paint} draws, so the same
 * painting code yields all three.
 */
final class GraphicsTargets {

    private GraphicsTargets() {
    }

    /** An RGB image of {@code width} x {@code height} pixels (one pixel per point, as on screen). */
    static BufferedImage image(double width, double height, Consumer<Graphics2D> paint) {
        BufferedImage image = new BufferedImage(Math.max(1, (int) Math.ceil(width)), Math.max(1, (int) Math.ceil(height)),
                BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            draw(g, width, height, paint);
        } finally {
            g.dispose();
        }
        return image;
    }

    /** An SVG document (text kept as text, so titles stay searchable). */
    static String svg(double width, double height, Consumer<Graphics2D> paint) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        draw(g, width, height, paint);
        return g.getSVGDocument();
    }

    /**
     * A one-page PDF. Text is drawn as outlines: the PDF standard fonts only cover Latin-1, and
     * titles and tokens carry Greek letters (alpha, epsilon, tau) and arbitrary Unicode.
     */
    static byte[] pdf(double width, double height, String title, Consumer<Graphics2D> paint) {
        PDFDocument doc = new PDFDocument();
        doc.setTitle(title);
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, width, height));
        PDFGraphics2D g = page.getGraphics2D();
        g.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        draw(g, width, height, paint);
        return doc.getPDFBytes();
    }

    private static void draw(Graphics2D g, double width, double height, Consumer<Graphics2D> paint) {
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        paint.accept(g);
    }
}
