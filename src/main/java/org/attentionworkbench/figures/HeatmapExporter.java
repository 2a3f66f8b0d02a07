package org.attentionworkbench.figures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.session.AtomicFiles;

/**
 * Writes a token heatmap as PNG, SVG or PDF, drawn by the same {@link HeatmapPainter} as the
 * screen, so the exported figure is the picture the user saw. The weights may be attention or
 * any saliency: signed scores are drawn by magnitude ({@link #magnitudes}), because the painter's
 * default scale is sequential.
 *
 * <p>A {@link HeatmapFigure} (what a comparison panel shows) is written with its own colour scale,
 * sequential or diverging, its title block and its legend, in any of the five formats.
 */
public final class HeatmapExporter {

    /** The formats {@link #write} understands, by file extension. */
    public enum Format { PNG, SVG, PDF, TEX, HTML }

    private static final String PDF_TITLE = "Attention Workbench heatmap";

    private final HeatmapPainter painter;
    private final int width;

    /**
     * @param painter the painter (its font sets the figure's type size)
     * @param width   figure width in pixels / points
     */
    public HeatmapExporter(HeatmapPainter painter, int width) {
        if (width < 50) throw new IllegalArgumentException("width must be at least 50, got " + width);
        this.painter = painter;
        this.width = width;
    }

    /** An exporter with the default painter, 800 wide. */
    public HeatmapExporter() {
        this(new HeatmapPainter(), 800);
    }

    /** |w| of each weight, for signed saliency scores. */
    public static double[] magnitudes(double[] weights) {
        double[] out = new double[weights.length];
        for (int i = 0; i < out.length; i++) out[i] = Double.isFinite(weights[i]) ? Math.abs(weights[i]) : 0;
        return out;
    }

    /** The format of a file name's extension. */
    public static Format formatOf(Path file) {
        String n = file.getFileName().toString().toLowerCase(Locale.ROOT);
        int dot = n.lastIndexOf('.');
        String ext = dot < 0 ? "" : n.substring(dot + 1);
        return switch (ext) {
            case "png" -> Format.PNG;
            case "svg" -> Format.SVG;
            case "pdf" -> Format.PDF;
            case "tex" -> Format.TEX;
            case "html", "htm" -> Format.HTML;
            default -> throw new IllegalArgumentException("unknown figure format '." + ext
                    + "' (expected .png, .svg, .pdf, .tex or .html)");
        };
    }

    /** Writes the figure in the format of {@code file}'s extension. */
    public void write(List<String> tokens, double[] weights, Path file) throws IOException {
        double[] w = magnitudes(weights);
        switch (formatOf(file)) {
            case PNG, SVG, PDF -> FigureWriter.write(file, width, figureHeight(tokens, w), PDF_TITLE, g -> paint(g, tokens, w));
            case TEX -> AtomicFiles.write(file, LatexHeatmap.render(tokens, w).getBytes(StandardCharsets.UTF_8));
            case HTML -> AtomicFiles.write(file, HtmlHeatmap.page(tokens, w).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalStateException();
        }
    }

    /** The figure as an image. */
    public BufferedImage png(List<String> tokens, double[] weights) {
        return painter.toImage(tokens, magnitudes(weights), width);
    }

    /** The figure as an SVG document. */
    public String svg(List<String> tokens, double[] weights) {
        double[] w = magnitudes(weights);
        return FigureWriter.svg(width, figureHeight(tokens, w), g -> paint(g, tokens, w));
    }

    /** The figure as a one-page PDF, text as outlines (tokens are any Unicode). */
    public byte[] pdf(List<String> tokens, double[] weights) {
        double[] w = magnitudes(weights);
        return FigureWriter.pdf(width, figureHeight(tokens, w), PDF_TITLE, g -> paint(g, tokens, w));
    }

    /** Where the parts of {@code figure} go in its PNG / SVG / PDF (the token layout is the screen's). */
    public FigureLayout layout(HeatmapFigure figure) {
        return new FigurePainter(painter).layout(figure, width);
    }

    /** {@code figure} as an image: title block, legend and tokens on the figure's own scale. */
    public BufferedImage png(HeatmapFigure figure) {
        FigureLayout l = layout(figure);
        return FigureWriter.image(width, l.height(), g -> new FigurePainter(painter).paint(g, figure, l, 0, 0));
    }

    /** {@code figure} as an SVG document. */
    public String svg(HeatmapFigure figure) {
        FigureLayout l = layout(figure);
        return FigureWriter.svg(width, l.height(), g -> new FigurePainter(painter).paint(g, figure, l, 0, 0));
    }

    /** {@code figure} as a one-page PDF. */
    public byte[] pdf(HeatmapFigure figure) {
        FigureLayout l = layout(figure);
        return FigureWriter.pdf(width, l.height(), figure.title(),
                g -> new FigurePainter(painter).paint(g, figure, l, 0, 0));
    }

    /**
     * Writes {@code figure} in the format of {@code file}'s extension: PNG, SVG, PDF (drawn by the
     * painter), LaTeX or HTML (the same colours, computed by the figure's scale). Values are
     * written as given: a signed saliency keeps its sign on a diverging scale.
     */
    public void write(HeatmapFigure figure, Path file) throws IOException {
        switch (formatOf(file)) {
            case PNG, SVG, PDF -> {
                FigureLayout l = layout(figure);
                FigureWriter.write(file, width, l.height(), figure.title(),
                        g -> new FigurePainter(painter).paint(g, figure, l, 0, 0));
            }
            case TEX -> AtomicFiles.write(file, LatexHeatmap.render(figure).getBytes(StandardCharsets.UTF_8));
            case HTML -> AtomicFiles.write(file, HtmlHeatmap.page(figure).getBytes(StandardCharsets.UTF_8));
            default -> throw new IllegalStateException();
        }
    }

    private void paint(Graphics2D g, List<String> tokens, double[] w) {
        // Laid out with the target's own font metrics: the painter wraps by measured widths.
        HeatmapLayout layout = painter.layout(g, tokens, w, width);
        painter.paint(g, layout);
    }

    private double figureHeight(List<String> tokens, double[] w) {
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        Graphics2D sg = scratch.createGraphics();
        try {
            return Math.ceil(HeatmapPainter.LEGEND_HEIGHT + painter.layout(sg, tokens, w, width).height());
        } finally {
            sg.dispose();
        }
    }
}
