package org.attentionworkbench.figures;

import java.awt.Color;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A heatmap as LaTeX: one {@code \colorbox[rgb]{r,g,b}{token}} per token (needs {@code xcolor}),
 * the text colour switched to white on dark boxes, LaTeX's special characters escaped.
 */
public final class LatexHeatmap {

    private LatexHeatmap() {
    }

    /** The tokens as a LaTeX fragment, with a comment saying which packages it needs. */
    public static String render(List<String> tokens, double[] weights) {
        if (tokens.size() != weights.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + weights.length + " weights");
        }
        return render(tokens, weights, new HeatmapColours(weights), List.of());
    }

    /**
     * The tokens coloured by {@code scale} (sequential or diverging, as the panel on screen), with
     * {@code header} lines (title, details) and the scale written as comments above.
     */
    public static String render(List<String> tokens, double[] values, AttentionPalette.Scale scale, List<String> header) {
        if (tokens.size() != values.length) {
            throw new IllegalArgumentException(tokens.size() + " tokens but " + values.length + " values");
        }
        List<String> lines = new ArrayList<>(header);
        lines.add(String.format(Locale.ROOT, "colour scale: %s, %s to %s",
                scale.kind() == AttentionPalette.Kind.DIVERGING ? "diverging RdBu (red negative, blue positive)"
                        : "sequential Blues", HeatmapPainter.formatWeight(scale.min()),
                HeatmapPainter.formatWeight(scale.max())));
        return render(tokens, values, new HeatmapColours(scale), lines);
    }

    /** The LaTeX of {@code figure}: its title and details as comments, its values on its scale. */
    public static String render(HeatmapFigure figure) {
        List<String> header = new ArrayList<>();
        header.add(figure.title());
        header.addAll(figure.details());
        boolean[] unknown = figure.unknown();
        if (unknown == null) return render(figure.tokens(), figure.values(), figure.scale(), header);
        List<String> names = new ArrayList<>();
        for (int i = 0; i < unknown.length; i++) if (unknown[i]) names.add(figure.tokens().get(i));
        if (!names.isEmpty()) header.add("a superscript ? marks a word " + org.attentionworkbench.figures.UnknownTokenMarks.NOTE
                + ": " + String.join(", ", names));
        // Unknown words carry a superscript "?" (xcolor alone has no dotted frame).
        String body = render(figure.tokens(), figure.values(), figure.scale(), header);
        return markUnknown(body, figure.tokens(), unknown);
    }

    /** Appends a superscript "?" inside the box of every unknown token (line i+? of the body is token i). */
    private static String markUnknown(String latex, List<String> tokens, boolean[] unknown) {
        String[] lines = latex.split("\n", -1);
        int token = 0;
        StringBuilder out = new StringBuilder();
        for (String line : lines) {
            if (line.startsWith("\\colorbox") && token < tokens.size()) {
                if (unknown[token]) {
                    // Inside the token's own colour group, so that the mark has the token's contrast.
                    String end = line.contains("\\textcolor{white}{") ? "}}" : "}";
                    int at = line.endsWith("\\allowbreak") ? line.length() - "\\allowbreak".length() : line.length();
                    at -= end.length();
                    line = line.substring(0, at) + "\\textsuperscript{?}" + line.substring(at);
                }
                token++;
            }
            out.append(line).append('\n');
        }
        return out.substring(0, out.length() - 1);
    }

    private static String render(List<String> tokens, double[] weights, HeatmapColours colours, List<String> comments) {
        StringBuilder sb = new StringBuilder("% Attention Workbench heatmap; needs \\usepackage{xcolor}\n");
        // Comment lines end at a newline: a detail line holding one would run into the code.
        for (String c : comments) sb.append("% ").append(c.replace('\n', ' ')).append('\n');
        sb.append("{\\setlength{\\fboxsep}{1.5pt}\n");
        for (int i = 0; i < tokens.size(); i++) {
            Color fill = colours.fill(weights[i]);
            String tok = escape(tokens.get(i));
            if (colours.text(weights[i]).equals(Color.WHITE)) tok = "\\textcolor{white}{" + tok + "}";
            sb.append("\\colorbox[rgb]{").append(rgb(fill)).append("}{\\strut ").append(tok).append("}");
            sb.append(i + 1 < tokens.size() ? "\\allowbreak\n" : "\n");
        }
        return sb.append("}\n").toString();
    }

    /** Escapes the characters LaTeX treats specially: {@code & % $ # _ { } ~ ^ \}. */
    public static String escape(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '\\' -> sb.append("\\textbackslash{}");
                case '&', '%', '$', '#', '_', '{', '}' -> sb.append('\\').append(c);
                case '~' -> sb.append("\\textasciitilde{}");
                case '^' -> sb.append("\\textasciicircum{}");
                default -> sb.append(c);
            }
        }
        return sb.toString();
    }

    private static String rgb(Color c) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f", c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0);
    }
}
