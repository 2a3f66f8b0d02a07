package org.attentionworkbench.figures;

import java.awt.BasicStroke;
import java.awt.Color;
import java.awt.Font;
import java.awt.Stroke;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.plot.CategoryPlot;
import org.jfree.chart.plot.Plot;
import org.jfree.chart.plot.XYPlot;

/**
 * The Okabe-Ito palette (Okabe &amp; Ito 2008), distinguishable under every common colour-vision
 * deficiency, and the one look all workbench charts share. Lines also differ by dash pattern, so
 * that the series stay apart in greyscale print.
 */
public final class SeriesColors {

    public static final Color BLACK = new Color(0x000000);
    public static final Color ORANGE = new Color(0xE69F00);
    public static final Color SKY_BLUE = new Color(0x56B4E9);
    public static final Color BLUISH_GREEN = new Color(0x009E73);
    public static final Color YELLOW = new Color(0xF0E442);
    public static final Color BLUE = new Color(0x0072B2);
    public static final Color VERMILLION = new Color(0xD55E00);
    public static final Color REDDISH_PURPLE = new Color(0xCC79A7);
    /** Not Okabe-Ito: the neutral grey of "before" and of reference lines. */
    public static final Color GREY = new Color(0x999999);

    public static final Color GRID = new Color(0xdddddd);
    public static final Font TITLE = new Font(Font.SANS_SERIF, Font.BOLD, 14);

    private SeriesColors() {
    }

    /** A solid line. */
    public static Stroke solid(float width) {
        return new BasicStroke(width, BasicStroke.CAP_ROUND, BasicStroke.JOIN_ROUND);
    }

    /** A dashed line with the given dash pattern. */
    public static Stroke dashed(float width, float... dash) {
        return new BasicStroke(width, BasicStroke.CAP_BUTT, BasicStroke.JOIN_ROUND, 10f, dash, 0f);
    }

    /** Sets the title text in the shared title font (setTitle(String) would reset the font). */
    public static void title(JFreeChart chart, String text) {
        chart.setTitle(new org.jfree.chart.title.TextTitle(text, TITLE));
    }

    /**
     * A dashed vertical or horizontal marker with a label on white (the default grey label box
     * hides the lines beneath it).
     */
    public static org.jfree.chart.plot.ValueMarker marker(double value, Color color, String label) {
        org.jfree.chart.plot.ValueMarker m = new org.jfree.chart.plot.ValueMarker(value, color, dashed(1.4f, 5f, 3f));
        if (label != null) {
            m.setLabel(label);
            m.setLabelFont(new Font(Font.SANS_SERIF, Font.PLAIN, 11));
            m.setLabelPaint(color);
            m.setLabelBackgroundColor(new Color(255, 255, 255, 230));
            m.setLabelAnchor(org.jfree.chart.ui.RectangleAnchor.TOP_RIGHT);
            m.setLabelTextAnchor(org.jfree.chart.ui.TextAnchor.TOP_LEFT);
            m.setLabelOffset(new org.jfree.chart.ui.RectangleInsets(22, 4, 2, 2));
        }
        return m;
    }

    /** The shared look: white paper, light grid, a plain title font. */
    public static JFreeChart style(JFreeChart chart) {
        chart.setBackgroundPaint(Color.WHITE);
        chart.setAntiAlias(true);
        chart.setTextAntiAlias(true);
        if (chart.getTitle() != null) chart.getTitle().setFont(TITLE);
        Plot plot = chart.getPlot();
        plot.setBackgroundPaint(Color.WHITE);
        plot.setOutlinePaint(GRID);
        if (plot instanceof XYPlot xy) {
            xy.setDomainGridlinePaint(GRID);
            xy.setRangeGridlinePaint(GRID);
        } else if (plot instanceof CategoryPlot cat) {
            cat.setRangeGridlinePaint(GRID);
        }
        return chart;
    }
}
