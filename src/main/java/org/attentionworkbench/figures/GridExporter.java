package org.attentionworkbench.figures;

import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes several heatmap figures (the shown panels of a comparison grid, in their order) as one
 * page: PNG, SVG or PDF, every cell painted by one {@link FigurePainter} into one Graphics2D, so
 * each cell is the panel's own picture. Cells fill rows of {@code columns}, left to right; figures
 * of the same text share one token layout, so a word sits at the same place in every cell, as on
 * screen.
 */
public final class GridExporter {

    /** Width of one cell in the default exporter (pixels / points). */
    public static final int DEFAULT_COLUMN_WIDTH = 560;
    /** Columns in the default exporter: the screen's grid has two. */
    public static final int DEFAULT_COLUMNS = 2;

    private static final double MARGIN = 12;
    private static final double GAP = 16;
    private static final String PDF_TITLE = "Attention Workbench comparison";

    private final FigurePainter figures;
    private final int columnWidth;
    private final int columns;
    private final org.attentionworkbench.explain.HierarchicalDocument hierarchy;

    /**
     * @param painter     the heatmap painter (the screen's)
     * @param columnWidth width of a cell
     * @param columns     cells per row
     */
    public GridExporter(HeatmapPainter painter, int columnWidth, int columns) {
        this(painter, columnWidth, columns, null);
    }

    private GridExporter(HeatmapPainter painter, int columnWidth, int columns,
                         org.attentionworkbench.explain.HierarchicalDocument hierarchy) {
        if (columnWidth < 100) throw new IllegalArgumentException("column width must be at least 100, got " + columnWidth);
        if (columns < 1) throw new IllegalArgumentException("columns must be at least 1, got " + columns);
        this.figures = new FigurePainter(painter);
        this.columnWidth = columnWidth;
        this.columns = columns;
        this.hierarchy = hierarchy;
    }

    /**
     * This exporter for a hierarchical model's document (docs/methods.md section 10): a figure over
     * its sentences (one value per sentence, as the sentence-level explanation gives) is drawn as the
     * window draws it, one row per sentence with the value as the row's bar and the words coloured by
     * their share of it (value x word attention); other figures stay flat.
     *
     * @param h the document's two levels, or null for a flat document
     */
    public GridExporter hierarchical(org.attentionworkbench.explain.HierarchicalDocument h) {
        return new GridExporter(figures.heatmapPainter(), columnWidth, columns, h);
    }

    /** An exporter with the default painter, two columns 560 wide. */
    public GridExporter() {
        this(new HeatmapPainter(), DEFAULT_COLUMN_WIDTH, DEFAULT_COLUMNS);
    }

    /**
     * A placed cell.
     *
     * @param figure what it shows
     * @param x      left of the cell on the page
     * @param y      top of the cell on the page
     * @param layout where its parts go, relative to ({@code x}, {@code y})
     */
    public record Cell(HeatmapFigure figure, double x, double y, FigureLayout layout) { }

    /**
     * The page.
     *
     * @param width  page width
     * @param height page height
     * @param cells  the cells in the order of the figures
     */
    public record PageLayout(double width, double height, List<Cell> cells) {
        public PageLayout {
            cells = List.copyOf(cells);
        }
    }

    /** Places {@code list} on a page (fewer figures than columns: as many columns as figures). */
    public PageLayout layout(List<HeatmapFigure> list) {
        if (list.isEmpty()) throw new IllegalArgumentException("no figures to export");
        int cols = Math.min(columns, list.size());
        Map<List<String>, HeatmapLayout> shared = new HashMap<>();
        List<FigureLayout> laid = new ArrayList<>();
        for (HeatmapFigure f : list) {
            HeatmapLayout tokens = shared.computeIfAbsent(f.tokens(), t -> hierarchy != null
                    && t.equals(hierarchy.sentenceLevel().tokens())
                    ? figures.heatmapPainter().layoutRows(hierarchy.sentences(), hierarchy.wordAttention(),
                            hierarchy.sentenceAttention(), columnWidth, null)
                    : figures.heatmapPainter().layout(t, columnWidth));
            laid.add(figures.layout(f, columnWidth, tokens));
        }
        List<Cell> cells = new ArrayList<>();
        double y = MARGIN;
        for (int start = 0; start < list.size(); start += cols) {
            double rowHeight = 0;
            for (int i = start; i < Math.min(list.size(), start + cols); i++) {
                double x = MARGIN + (i - start) * (columnWidth + GAP);
                cells.add(new Cell(list.get(i), x, y, laid.get(i)));
                rowHeight = Math.max(rowHeight, laid.get(i).height());
            }
            y += rowHeight + GAP;
        }
        double width = 2 * MARGIN + cols * columnWidth + (cols - 1) * GAP;
        return new PageLayout(width, Math.ceil(y - GAP + MARGIN), cells);
    }

    /** Paints every cell of {@code page} into {@code g}. */
    public void paint(Graphics2D g, PageLayout page) {
        for (Cell c : page.cells()) figures.paint(g, c.figure(), c.layout(), c.x(), c.y());
    }

    /** The page as an image. */
    public BufferedImage png(List<HeatmapFigure> list) {
        PageLayout page = layout(list);
        return FigureWriter.image(page.width(), page.height(), g -> paint(g, page));
    }

    /** The page as an SVG document. */
    public String svg(List<HeatmapFigure> list) {
        PageLayout page = layout(list);
        return FigureWriter.svg(page.width(), page.height(), g -> paint(g, page));
    }

    /** The page as a one-page PDF. */
    public byte[] pdf(List<HeatmapFigure> list) {
        PageLayout page = layout(list);
        return FigureWriter.pdf(page.width(), page.height(), PDF_TITLE, g -> paint(g, page));
    }

    /** Writes the page as PNG, SVG or PDF by {@code file}'s extension (a page has no LaTeX or HTML form). */
    public void write(List<HeatmapFigure> list, Path file) throws IOException {
        switch (HeatmapExporter.formatOf(file)) {
            case PNG, SVG, PDF -> {
                PageLayout page = layout(list);
                FigureWriter.write(file, page.width(), page.height(), PDF_TITLE, g -> paint(g, page));
            }
            default -> throw new IllegalArgumentException("a grid is exported as .png, .svg or .pdf, not "
                    + file.getFileName());
        }
    }
}
