package org.attentionworkbench.ui.export;

import java.awt.Color;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.ui.HeatmapPainter;

/** A heatmap as HTML: one {@code <span>} per token with its background colour and its weight as a tooltip. */
public final class HtmlHeatmap {

    private HtmlHeatmap() {
    }

    /** The tokens as an HTML fragment (a {@code <p>} of spans). */
    public static String fragment(List<String> tokens, double[] weights) {
        if (tokens.size() != weights.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + weights.length + " weights");
        }
        HeatmapColours colours = new HeatmapColours(weights);
        StringBuilder sb = new StringBuilder("<p class=\"heatmap\">");
        for (int i = 0; i < tokens.size(); i++) {
            if (i > 0) sb.append(' ');
            sb.append("<span style=\"background-color:").append(hex(colours.fill(weights[i])))
                    .append(";color:").append(hex(colours.text(weights[i])))
                    .append(";padding:1px 3px;border-radius:3px\" title=\"")
                    .append(HeatmapPainter.formatWeight(weights[i])).append("\">")
                    .append(escape(tokens.get(i))).append("</span>");
        }
        return sb.append("</p>").toString();
    }

    /** A complete HTML page holding the fragment. */
    public static String page(List<String> tokens, double[] weights) {
        return "<!DOCTYPE html>\n<html><head><meta charset=\"utf-8\"><title>Attention heatmap</title></head>\n"
                + "<body style=\"font-family:sans-serif;line-height:1.9;max-width:50em\">\n"
                + fragment(tokens, weights) + "\n</body></html>\n";
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
