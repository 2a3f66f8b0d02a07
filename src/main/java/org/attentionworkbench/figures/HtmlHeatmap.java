package org.attentionworkbench.figures;

import java.awt.Color;
import java.util.List;
import java.util.Locale;

/** A heatmap as HTML: one {@code <span>} per token with its background colour and its weight as a tooltip. */
public final class HtmlHeatmap {

    private HtmlHeatmap() {
    }

    /** The tokens as an HTML fragment (a {@code <p>} of spans). */
    public static String fragment(List<String> tokens, double[] weights) {
        if (tokens.size() != weights.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + weights.length + " weights");
        }
        return fragment(tokens, weights, new HeatmapColours(weights));
    }

    /** The tokens coloured by {@code scale} (sequential or diverging, as the panel on screen). */
    public static String fragment(List<String> tokens, double[] values, AttentionPalette.Scale scale) {
        if (tokens.size() != values.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + values.length + " values");
        }
        return fragment(tokens, values, new HeatmapColours(scale));
    }

    /**
     * A complete page of {@code figure}: its title and details, a legend of its colour scale
     * (caption, the scale's ends and middle as swatches) and the coloured tokens.
     */
    public static String page(HeatmapFigure figure) {
        AttentionPalette.Scale scale = figure.scale();
        StringBuilder body = new StringBuilder("<h1 style=\"font-size:1.3em;margin-bottom:0.2em\">")
                .append(escape(figure.title())).append("</h1>\n");
        for (String d : figure.details()) {
            body.append("<p style=\"margin:0.1em 0;color:#4d4d4d;font-size:0.9em\">").append(escape(d)).append("</p>\n");
        }
        body.append("<p class=\"legend\" style=\"font-size:0.9em\">").append(escape(figure.caption())).append(": ");
        for (int k = 0; k <= 4; k++) {
            double v = scale.min() + (scale.max() - scale.min()) * k / 4;
            body.append("<span style=\"background-color:").append(hex(scale.color(v))).append(";color:")
                    .append(hex(AttentionPalette.textOn(scale.color(v)))).append(";padding:1px 6px\">")
                    .append(HeatmapPainter.formatWeight(v)).append("</span>");
        }
        body.append("</p>\n").append(fragment(figure.tokens(), figure.values(), new HeatmapColours(scale), figure.unknown()))
                .append('\n');
        if (figure.unknown() != null) {
            boolean any = false;
            for (boolean u : figure.unknown()) any |= u;
            if (any) {
                body.append("<p style=\"font-size:0.85em;color:#4d4d4d\"><span style=\"outline:1px dotted #555\">"
                        + "dotted</span>: ").append(org.attentionworkbench.figures.UnknownTokenMarks.NOTE).append("</p>\n");
            }
        }
        return wrapPage(escape(figure.title()), body.toString());
    }

    private static String fragment(List<String> tokens, double[] weights, HeatmapColours colours) {
        return fragment(tokens, weights, colours, null);
    }

    private static String fragment(List<String> tokens, double[] weights, HeatmapColours colours, boolean[] unknown) {
        StringBuilder sb = new StringBuilder("<p class=\"heatmap\">");
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append("<span style=\"background-color:").append(hex(colours.fill(weights[i])))
                    .append(";color:").append(hex(colours.text(weights[i])))
                    .append(";padding:1px 3px;border-radius:3px")
                    .append(unknown != null && unknown[i] ? ";outline:1px dotted #555" : "").append("\" title=\"")
                    .append(HeatmapPainter.formatWeight(weights[i]))
                    .append(unknown != null && unknown[i] ? " (" + org.attentionworkbench.figures.UnknownTokenMarks.NOTE + ")" : "")
                    .append("\">")
                    .append(escape(tokens.get(i))).append("</span>");
        }
        return sb.append("</p>").toString();
    }

    /** A complete HTML page holding the fragment. */
    public static String page(List<String> tokens, double[] weights) {
        return wrapPage("Attention heatmap", fragment(tokens, weights) + "\n");
    }

    private static String wrapPage(String title, String body) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>" + title + "</title></head>\n"
                + "<body style=\"font-family:sans-serif;line-height:1.9;max-width:50em\">\n"
                + body + "</body></html>\n";
    }

    /** Escapes {@code & < > " '}. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> sb.append("&amp;");
                case '<' -> sb.append("&lt;");
                case '>' -> sb.append("&gt;");
                case '"' -> sb.append("&quot;");
                case '\'' -> sb.append("&#39;");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String hex(Color c) {
        return String.format(Locale.ROOT, "#%02x%02x%02x", c.getRed(), c.getGreen(), c.getBlue());
    }
}
