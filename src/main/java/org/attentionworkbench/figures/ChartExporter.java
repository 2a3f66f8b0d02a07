package org.attentionworkbench.figures;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.session.AtomicFiles;
import java.nio.file.StandardCopyOption;
import java.util.Locale;
import javax.imageio.ImageIO;
import org.jfree.chart.JFreeChart;
import org.jfree.pdf.PDFDocument;
import org.jfree.pdf.PDFGraphics2D;
import org.jfree.pdf.Page;
import org.jfree.svg.SVGGraphics2D;

/**
 * Writes a chart as PNG, SVG (JFreeSVG) or PDF (JFreePDF). Every format is drawn by
 * {@code chart.draw(Graphics2D, Rectangle)}, the call the screen's ChartViewer also makes, so an
 * exported file is the picture on the screen at the size given. Files are written to a temporary
 * sibling and moved into place, so a failed export never leaves half a file.
 */
public final class ChartExporter {

    /** The export formats. */
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

    private ChartExporter() {
    }

    /** Writes {@code chart} at {@code width} x {@code height} to {@code file} in the format of its extension. */
    public static void write(JFreeChart chart, Path file, int width, int height) {
        Format format = Format.of(file);
        byte[] bytes = switch (format) {
            case PNG -> png(chart, width, height);
            case SVG -> svg(chart, width, height).getBytes(StandardCharsets.UTF_8);
            case PDF -> pdf(chart, width, height);
        };
        try {
            AtomicFiles.write(file.toAbsolutePath(), bytes);
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The chart drawn on a white image. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        BufferedImage image = new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        try {
            g.setColor(Color.WHITE);
            g.fillRect(0, 0, width, height);
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            chart.draw(g, new Rectangle(width, height));
        } finally {
            g.dispose();
        }
        return image;
    }

    /** PNG bytes of {@link #image}. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        try (var out = new java.io.ByteArrayOutputStream()) {
            ImageIO.write(image(chart, width, height), "png", out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A standalone SVG document; text stays text (searchable, editable). */
    public static String svg(JFreeChart chart, int width, int height) {
        SVGGraphics2D g = new SVGGraphics2D(width, height);
        // Coordinates to 1/100 pixel: the default full double precision made a 5,000-point scatter 7 MB.
        g.setGeomDoubleConverter(v -> Double.toString(Math.round(v * 100) / 100.0));
        chart.draw(g, new Rectangle(width, height));
        return g.getSVGDocument();
    }

    /** A one-page PDF of the chart, the page the size of the chart (in points). */
    public static byte[] pdf(JFreeChart chart, int width, int height) {
        PDFDocument pdf = new PDFDocument();
        Page page = pdf.createPage(new Rectangle(width, height));
        PDFGraphics2D g = page.getGraphics2D();
        chart.draw(g, new Rectangle(width, height));
        return pdf.getPDFBytes();
    }
}
