package org.attentionworkbench.figures;

import java.util.List;

/**
 * What one panel shows, computed from the document and explanation: immutable.
 *
 * @param kind          which panel
 * @param detail        a line under the title (which variant, seed, epsilon)
 * @param values        one value per token, or null while pending
 * @param scale         the colour scale the values are painted with
 * @param caption       what the legend says the values are
 * @param probabilities the output distribution this panel's attention yields, or null (saliency)
 * @param labels        class names
 * @param jsd           JSD(panel, alpha); saliency: of |s| normalised to sum 1; NaN when pending
 * @param tvd           TVD(panel, alpha), same conventions
 * @param tau           Kendall tau-b(panel, alpha) (saliency: |s|, the engine's when computed)
 * @param outputTvd     TVD(y(panel), y), NaN for saliency
 * @param pending       why there is nothing to show yet, or null when {@code values} are there
 */
public record PanelContent(PanelKind kind, String detail, double[] values, AttentionPalette.Scale scale,
                           String caption, double[] probabilities, List<String> labels, double jsd, double tvd,
                           double tau, double outputTvd, String pending) {

    public PanelContent {
        values = values == null ? null : values.clone();
        probabilities = probabilities == null ? null : probabilities.clone();
        labels = List.copyOf(labels);
    }

    /** A panel waiting for a section of the explanation. */
    public static PanelContent pending(PanelKind kind, String why, List<String> labels) {
        return new PanelContent(kind, "", null, AttentionPalette.Scale.sequential(0), "", null, labels,
                Double.NaN, Double.NaN, Double.NaN, Double.NaN, why);
    }

    /** Whether values are there to paint. */
    public boolean available() {
        return values != null;
    }

    @Override
    public double[] values() {
        return values == null ? null : values.clone();
    }

    @Override
    public double[] probabilities() {
        return probabilities == null ? null : probabilities.clone();
    }

    /** The same content painted with another scale (shared-scale mode). */
    public PanelContent withScale(AttentionPalette.Scale s) {
        return new PanelContent(kind, detail, values, s, caption, probabilities, labels, jsd, tvd, tau, outputTvd, pending);
    }
}
