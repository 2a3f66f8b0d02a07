package org.attentionworkbench.figures;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * Turns what a panel shows into an exportable {@link HeatmapFigure}: the same values, the same
 * colour scale (shared or per panel, sequential or diverging) and legend caption, and the lines of
 * the panel's header as text (what it is; JSD / TVD / tau against the original; its prediction).
 * The header on screen and the figure's title block are worded by the same methods.
 */
public final class PanelFigures {

    private PanelFigures() {
    }

    /**
     * The figure of {@code content} over {@code tokens}.
     *
     * @throws IllegalArgumentException while the panel is pending (nothing to draw yet)
     */
    public static HeatmapFigure of(PanelContent content, EncodedDocument doc) {
        HeatmapFigure f = of(content, doc.tokens());
        return new HeatmapFigure(f.title(), f.details(), f.tokens(), f.values(), f.scale(), f.caption(),
                UnknownTokenMarks.of(doc));
    }

    /** As {@link #of(PanelContent, EncodedDocument)}, no token marked unknown. */
    public static HeatmapFigure of(PanelContent content, List<String> tokens) {
        if (!content.available()) {
            throw new IllegalArgumentException(content.kind().title() + " is not computed yet: " + content.pending());
        }
        List<String> details = new ArrayList<>();
        if (!content.detail().isEmpty()) details.add(content.detail());
        details.add(metricsLine(content) + " vs original \u00b7 " + predictionLine(content));
        return new HeatmapFigure(content.kind().title(), details, tokens, content.values(), content.scale(),
                content.caption());
    }

    /**
     * The panels of an explanation as figures, in the grid's order: each panel kind the explanation
     * has computed, and the titles of those it has not (what {@code explain --figure} and the
     * audit's per-document figures draw).
     *
     * @param figures the drawable panels
     * @param missing titles of the panels whose sections were not computed
     */
    public record Panels(List<HeatmapFigure> figures, List<String> missing) {
        public Panels {
            figures = List.copyOf(figures);
            missing = List.copyOf(missing);
        }
    }

    /** Every panel kind of {@code e} under {@code choices}; see {@link Panels}. */
    public static Panels panels(org.attentionworkbench.explain.Explanation e, PanelContents.Choices choices) {
        List<HeatmapFigure> figures = new ArrayList<>();
        List<String> missing = new ArrayList<>();
        for (PanelKind kind : PanelKind.values()) {
            PanelContent c = PanelContents.of(kind, e.document(), e, choices);
            if (c.available()) figures.add(of(c, e.document()));
            else missing.add(kind.title());
        }
        return new Panels(figures, missing);
    }

    /** "JSD x · TVD y · τ z" of an available panel (against the original attention). */
    public static String metricsLine(PanelContent c) {
        return String.format(Locale.ROOT, "JSD %s \u00b7 TVD %s \u00b7 \u03c4 %s", PanelContents.fmt(c.jsd()),
                PanelContents.fmt(c.tvd()), PanelContents.fmt(c.tau()));
    }

    /** The prediction the panel's attention yields ("pos 93.1% (output TVD 0.004)"), or what saliency explains. */
    public static String predictionLine(PanelContent c) {
        double[] y = c.probabilities();
        if (y == null) return "explains the original prediction";
        int best = 0;
        for (int k = 1; k < y.length; k++) if (y[k] > y[best]) best = k;
        return String.format(Locale.ROOT, "%s %.1f%%%s", c.labels().get(best), 100 * y[best],
                c.kind() == PanelKind.ORIGINAL ? "" : " (output TVD " + PanelContents.fmt(c.outputTvd()) + ")");
    }
}
