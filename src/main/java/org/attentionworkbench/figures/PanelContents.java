package org.attentionworkbench.figures;

import java.util.Arrays;
import java.util.Locale;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.AttentionComparison;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.PermutationTest;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.AdversaryKind;

/**
 * Lays out each panel's {@link PanelContent} from the document and its (possibly partial)
 * explanation: which weights a panel shows, its scale and its words. The numbers come from the
 * explain package ({@link AttentionComparison}: a re-decode, two divergences and an O(n log n)
 * Kendall tau, well under a millisecond for a 5,000-token review), so the grid can ask for them
 * on the FX thread whenever a section arrives or a choice changes.
 */
public final class PanelContents {

    /**
     * The user's choices that shape the panels.
     *
     * @param adversary       exact or published-search adversary
     * @param method          saliency method shown
     * @param permutationSeed seed of the permutation shown
     */
    public record Choices(AdversaryKind adversary, SaliencyMethod method, long permutationSeed) { }

    private PanelContents() {
    }

    /** The content of panel {@code kind}; {@code explanation} may be null or partial. */
    public static PanelContent of(PanelKind kind, EncodedDocument doc, Explanation explanation, Choices choices) {
        Explanation ex = explanation != null && explanation.document() == doc ? explanation : null;
        return switch (kind) {
            case ORIGINAL -> attention(kind, doc, doc.attention(), "the model's attention \u03b1");
            case ADVERSARIAL -> adversarial(doc, ex, choices.adversary());
            case PERMUTED -> permuted(doc, ex, choices.permutationSeed());
            case SALIENCY -> saliency(doc, ex, choices.method());
            case UNIFORM -> {
                double[] u = new double[doc.size()];
                Arrays.fill(u, 1.0 / doc.size());
                // A constant has no range of its own: on a scale fitted to it every token would be
                // the darkest colour. Drawn on the original's scale it reads as "flat and pale".
                yield attention(kind, doc, u, "\u03b1\u1d62 = 1/n = " + fmt(1.0 / doc.size()) + " (on the original's scale)")
                        .withScale(AttentionPalette.Scale.fitting(AttentionPalette.Kind.SEQUENTIAL, doc.attention()));
            }
        };
    }

    /** The permutation of 0..n-1 drawn by {@code seed} (Fisher-Yates, as the engine's). */
    public static int[] permutation(int n, long seed) {
        return PermutationTest.permutation(n, seed);
    }

    private static PanelContent adversarial(EncodedDocument doc, Explanation ex, AdversaryKind choice) {
        if (ex == null || !ex.has(Section.ADVERSARIAL)) {
            return PanelContent.pending(PanelKind.ADVERSARIAL, "searching adversarial attention \u2026", doc.labels());
        }
        double eps = ex.settings().epsilon();
        ExactAdversary.Result exact = ex.exactAdversary();
        if (choice == AdversaryKind.EXACT && exact != null) {
            return attention(PanelKind.ADVERSARIAL, doc, exact.attention(),
                    "exact (certified) max JSD, output within \u03b5 = " + fmt(eps));
        }
        AdversarialSearch.Result search = ex.adversarial();
        String note = choice == AdversaryKind.EXACT ? "exact needs 2 classes; " : "";
        return attention(PanelKind.ADVERSARIAL, doc, search.epsilonMaxAttention(),
                note + "published search, \u03b5-max candidate, \u03b5 = " + fmt(eps));
    }

    private static PanelContent permuted(EncodedDocument doc, Explanation ex, long seed) {
        int[] perm = permutation(doc.size(), seed);
        double[] alpha = doc.attention();
        double[] a = new double[alpha.length];
        for (int i = 0; i < a.length; i++) a[i] = alpha[perm[i]];
        String detail = "seed " + seed + " \u00b7 output TVD " + fmt(PermutationTest.tvdUnder(doc, perm));
        if (ex != null && ex.has(Section.PERMUTATION)) {
            detail += " \u00b7 median of " + ex.settings().permutations() + ": " + fmt(ex.permutation().medianTvd());
        }
        return attention(PanelKind.PERMUTED, doc, a, detail);
    }

    private static PanelContent saliency(EncodedDocument doc, Explanation ex, SaliencyMethod method) {
        Saliency s = ex == null ? null : ex.saliency(method).orElse(null);
        if (s == null) {
            return PanelContent.pending(PanelKind.SALIENCY, "computing " + method.id().replace('_', ' ') + " \u2026",
                    doc.labels());
        }
        double[] scores = s.scores();
        AttentionComparison c = AttentionComparison.ofSaliency(doc, s, ex.kendall().get(method));
        AttentionPalette.Kind palette = method.signed() ? AttentionPalette.Kind.DIVERGING : AttentionPalette.Kind.SEQUENTIAL;
        int target = ex.explainedClass();
        boolean asked = ex.settings().target() >= 0;
        String detail = method.id().replace('_', ' ') + (method.signed()
                ? " (signed: red against, blue for " + (asked ? "class " + doc.labels().get(target) : "the prediction") + ")"
                : asked ? " for class " + doc.labels().get(target) : "")
                + bandNote(ex, method) + " \u00b7 JSD/TVD of |s| normalised";
        return new PanelContent(PanelKind.SALIENCY, detail, scores, AttentionPalette.Scale.fitting(palette, scores),
                method.id().replace('_', ' '), null, doc.labels(), c.jsd(), c.tvd(), c.kendallTau(), Double.NaN, null);
    }

    /** LIME's stability band in words: the mean spread of a weight over the reruns. */
    private static String bandNote(Explanation ex, SaliencyMethod method) {
        if (method != SaliencyMethod.LIME || ex.lime() == null || ex.lime().spread() == null) return "";
        return " \u00b7 band: weights \u00b1 " + fmt(ex.lime().meanSpread()) + " (mean sd over " + ex.lime().reruns()
                + " runs)";
    }

    private static PanelContent attention(PanelKind kind, EncodedDocument doc, double[] a, String detail) {
        AttentionComparison c = AttentionComparison.ofAttention(doc, a);
        return new PanelContent(kind, detail, a, AttentionPalette.Scale.fitting(AttentionPalette.Kind.SEQUENTIAL, a),
                "attention weight", c.output(), doc.labels(), c.jsd(), c.tvd(), c.kendallTau(), c.outputTvd(), null);
    }

    /** A number as panels print it: three decimals, or two significant digits for small values, a dash for NaN. */
    public static String fmt(double v) {
        if (Double.isNaN(v)) return "\u2014";
        return Math.abs(v) >= 0.001 || v == 0 ? String.format(Locale.ROOT, "%.3f", v) : String.format(Locale.ROOT, "%.1e", v);
    }
}
