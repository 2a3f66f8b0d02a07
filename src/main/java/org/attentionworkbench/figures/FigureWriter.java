package org.attentionworkbench.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Locale;
import java.util.function.Consumer;
import javax.imageio.ImageIO;
import org.attentionworkbench.session.AtomicFiles;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.PDFHints;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;

/**
 * THE writer of figure files, for charts and token heatmaps alike: a PNG image, an SVG document or
 * a one-page PDF, each a white page of the given size with whatever {@code paint} draws on its
 * {@link Graphics2D}. One painting call gives all three formats, and every figure of the
 * workbench gets the same treatment of text:
 * <ul>
 *   <li>PDF: text drawn as glyph outlines. The PDF standard fonts cover Latin-1 only, and titles,
 *       axes and tokens carry Greek (alpha, tau, epsilon) and arbitrary Unicode.</li>
 *   <li>SVG: text kept as text (searchable, editable); coordinates to 1/100 px, since full double
 *       precision made a 5,000-point scatter 7 MB.</li>
 * </ul>
 * Files are written atomically ({@link AtomicFiles}), so a failed export never leaves half a file.
 */
public final class FigureWriter {

    /** The figure file formats. */
    public enum Format {
        PNG, SVG, PDF;

        /** The format named by {@code file}'s extension (png, svg, pdf; any case). */
        public static Format of(Path file) {
            String name = file.getFileName().toString();
            int dot = name.lastIndexOf('.');
            String ext = dot < 0 ? "" : name.substring(dot + 1).toUpperCase(Locale.ROOT);
            try {
                return valueOf(ext);
            } catch (IllegalArgumentException e) {
                throw new IllegalArgumentException("cannot export to '" + name + "': use .png, .svg or .pdf", e);
            }
        }

        /** The file extension, without the dot. */
        public String extension() {
            return name().toLowerCase(Locale.ROOT);
        }
    }

    private FigureWriter() {
    }

    /** An RGB image of {@code width} x {@code height} pixels (one pixel per point, as on screen). */
    public static BufferedImage image(double width, double height, Consumer<Graphics2D> paint) {
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

    /** PNG bytes of {@link #image}. */
    public static byte[] png(double width, double height, Consumer<Graphics2D> paint) {
        try (ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            if (!ImageIO.write(image(width, height, paint), "png", out)) throw new IllegalStateException("no PNG writer");
            return out.toByteArray();
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e); // a byte array does not fail to grow
        }
    }

    /** A standalone SVG document; text stays text. */
    public static String svg(double width, double height, Consumer<Graphics2D> paint) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        g.setGeomDoubleConverter(v -> Double.toString(Math.round(v * 100) / 100.0));
        draw(g, width, height, paint);
        return g.getSVGDocument();
    }

    /** A one-page PDF, the page the size of the figure (in points), text as outlines. */
    public static byte[] pdf(double width, double height, String title, Consumer<Graphics2D> paint) {
        PDFDocument doc = new PDFDocument();
        if (title != null) doc.setTitle(title);
        Page page = doc.createPage(new Rectangle2D.Double(0, 0, width, height));
        PDFGraphics2D g = page.getGraphics2D();
        g.setRenderingHint(PDFHints.KEY_DRAW_STRING_TYPE, PDFHints.VALUE_DRAW_STRING_TYPE_VECTOR);
        draw(g, width, height, paint);
        return doc.getPDFBytes();
    }

    /** The figure's bytes in {@code format}; {@code title} is the PDF's document title. */
    public static byte[] bytes(Format format, double width, double height, String title, Consumer<Graphics2D> paint) {
        return switch (format) {
            case PNG -> png(width, height, paint);
            case SVG -> svg(width, height, paint).getBytes(StandardCharsets.UTF_8);
            case PDF -> pdf(width, height, title, paint);
        };
    }

    /** Writes the figure to {@code file} in the format of its extension, atomically. */
    public static void write(Path file, double width, double height, String title, Consumer<Graphics2D> paint)
            throws IOException {
        byte[] bytes = bytes(Format.of(file), width, height, title, paint);
        AtomicFiles.write(file.toAbsolutePath(), bytes);
    }

    private static void draw(Graphics2D g, double width, double height, Consumer<Graphics2D> paint) {
        g.setColor(Color.WHITE);
        g.fill(new Rectangle2D.Double(0, 0, width, height));
        paint.accept(g);
    }
}
