package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A counterfactual model (a "twin") against its base on the same documents, document by document
 * (docs/methods.md section 8): how far its prediction is from the base's (TVD), how far its
 * attention is (JSD, and the KL of the adversarial objective), and the attention mass each gives
 * to impermissible words (Pruthi et al.). Each model reads the documents with its own vocabulary.
 */
public final class TwinComparison {

    /**
     * One document.
     *
     * @param tvd       TVD between the twin's and the base's output distributions
     * @param jsd       JSD between their attention distributions
     * @param kl        KL(alpha_twin || alpha_base), the base's weights floored at 1e-10
     * @param twinLabel the twin's predicted class
     * @param baseLabel the base's predicted class
     * @param twinMass  the twin's attention mass on impermissible words (0 without any)
     * @param baseMass  the base's
     * @param twinAttention the twin's attention
     * @param baseAttention the base's
     */
    public record Document(double tvd, double jsd, double kl, int twinLabel, int baseLabel, double twinMass,
                           double baseMass, double[] twinAttention, double[] baseAttention) { }

    private TwinComparison() { }

    /**
     * Compares two models on token lists (each non-empty).
     *
     * @param impermissible lower-case words whose attention mass is measured; empty for none
     */
    public static List<Document> compare(AttentionClassifier twin, AttentionClassifier base,
                                         List<List<String>> documents, Set<String> impermissible) {
        List<int[]> twinIds = new ArrayList<>(documents.size());
        List<int[]> baseIds = new ArrayList<>(documents.size());
        for (List<String> tokens : documents) {
            if (tokens.isEmpty()) throw new IllegalArgumentException("an empty document has no attention to compare");
            twinIds.add(twin.ids(tokens));
            baseIds.add(base.ids(tokens));
        }
        List<double[]> twinOut = twin.outputs(twinIds, 32);
        List<double[]> baseOut = base.outputs(baseIds, 32);
        List<Readout> twinRead = twin.readouts(twinIds);
        List<Readout> baseRead = base.readouts(baseIds);
        List<Document> out = new ArrayList<>(documents.size());
        for (int k = 0; k < documents.size(); k++) {
            double[] a = twinRead.get(k).attention();
            double[] b = baseRead.get(k).attention();
            double[] floored = new double[b.length]; // the base's zeros floored, as in the adversarial loss
            for (int i = 0; i < b.length; i++) floored[i] = Math.max(b[i], 1e-10);
            double kl = Divergences.kl(a, floored);
            boolean[] flagged = flagged(documents.get(k), impermissible);
            out.add(new Document(Divergences.tvd(twinOut.get(k), baseOut.get(k)), Divergences.jsd(a, b), kl,
                    EncodedDocument.argmax(twinOut.get(k)), EncodedDocument.argmax(baseOut.get(k)),
                    mass(a, flagged), mass(b, flagged), a, b));
        }
        return out;
    }

    /** Which tokens are impermissible (compared in lower case, as the tokenizer writes words). */
    public static boolean[] flagged(List<String> tokens, Set<String> impermissible) {
        boolean[] f = new boolean[tokens.size()];
        for (int i = 0; i < f.length; i++) f[i] = impermissible.contains(tokens.get(i).toLowerCase(Locale.ROOT));
        return f;
    }

    /** Attention mass on the flagged positions. */
    public static double mass(double[] attention, boolean[] flagged) {
        double m = 0;
        for (int i = 0; i < attention.length; i++) if (flagged[i]) m += attention[i];
        return m;
    }

    /** The mean of one figure over documents. */
    public static double mean(List<Document> docs, java.util.function.ToDoubleFunction<Document> figure) {
        return docs.stream().mapToDouble(figure).average().orElse(Double.NaN);
    }

    /**
     * The spread of attention across several runs (seeds) on one document, W&amp;P's variance
     * calibration: the mean JSD of each run's attention to the runs' mean attention.
     */
    public static double spread(List<double[]> attentions) {
        int n = attentions.get(0).length;
        double[] mean = new double[n];
        for (double[] a : attentions) for (int i = 0; i < n; i++) mean[i] += a[i] / attentions.size();
        double s = 0;
        for (double[] a : attentions) s += Divergences.jsd(a, mean);
        return s / attentions.size();
    }
}
