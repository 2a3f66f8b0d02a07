package org.attentionworkbench.figures;

import java.awt.Graphics2D;
import java.awt.Rectangle;
import java.awt.RenderingHints;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.function.Consumer;
import org.jfree.chart.JFreeChart;

/**
 * Writes a chart as PNG, SVG or PDF through the one {@link FigureWriter} (so a chart's PDF draws
 * its text as outlines, like a heatmap's). Every format is drawn by
 * {@code chart.draw(Graphics2D, Rectangle)}, the call the screen's ChartViewer also makes, so an
 * exported file is the picture on the screen at the size given.
 */
public final class ChartExporter {

    private ChartExporter() {
    }

    /** Writes {@code chart} at {@code width} x {@code height} to {@code file} in the format of its extension. */
    public static void write(JFreeChart chart, Path file, int width, int height) {
        try {
            FigureWriter.write(file, width, height, title(chart), painting(chart, width, height));
        } catch (IOException e) {
            throw new UncheckedIOException("could not write " + file, e);
        }
    }

    /** The chart drawn on a white image. */
    public static BufferedImage image(JFreeChart chart, int width, int height) {
        return FigureWriter.image(width, height, painting(chart, width, height));
    }

    /** PNG bytes of {@link #image}. */
    public static byte[] png(JFreeChart chart, int width, int height) {
        return FigureWriter.png(width, height, painting(chart, width, height));
    }

    /** A standalone SVG document; text stays text (searchable, editable). */
    public static String svg(JFreeChart chart, int width, int height) {
        return FigureWriter.svg(width, height, painting(chart, width, height));
    }

    /** A one-page PDF of the chart, the page the size of the chart (in points), text as outlines. */
    public static byte[] pdf(JFreeChart chart, int width, int height) {
        return FigureWriter.pdf(width, height, title(chart), painting(chart, width, height));
    }

    private static Consumer<Graphics2D> painting(JFreeChart chart, int width, int height) {
        return g -> {
            // Smooth lines in the PNG, as the screen draws them (vector targets ignore the hint).
            g.setRenderingHint(RenderingHints.KEY_ANTIALIASING, RenderingHints.VALUE_ANTIALIAS_ON);
            chart.draw(g, new Rectangle(width, height));
        };
    }

    private static String title(JFreeChart chart) {
        return chart.getTitle() == null ? "Attention Workbench chart" : chart.getTitle().getText();
    }
}
