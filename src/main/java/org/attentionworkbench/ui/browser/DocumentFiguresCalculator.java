package org.attentionworkbench.ui.browser;

import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * Computes {@link DocumentFigures} for one text: one encoder pass, one gradient pass, then
 * re-decodes only (exact adversary for two classes, the published search otherwise; erasure in
 * attention order). Runs on a background thread; the model serialises its own calls.
 */
public final class DocumentFiguresCalculator {

    private final AttentionClassifier model;
    private final double epsilon;
    private final long seed;

    public DocumentFiguresCalculator(AttentionClassifier model, double epsilon, long seed) {
        this.model = model;
        this.epsilon = epsilon;
        this.seed = seed;
    }

    /** The figures of {@code text}; null for a text without tokens. */
    public DocumentFigures figures(String text) {
        EncodedDocument doc = model.encode(text);
        if (doc.size() == 0) return null;
        double tau = Double.NaN;
        if (doc.size() >= 2) {
            double[] g = new SaliencyCalculator(model).gradients(doc).stream()
                    .filter(s -> s.method() == SaliencyMethod.GRADIENT).findFirst()
                    .map(Saliency::scores).orElse(null);
            if (g != null) {
                for (int i = 0; i < g.length; i++) g[i] = Math.abs(g[i]);
                tau = KendallTau.compute(doc.attention(), g).tau();
            }
        }
        boolean exact = doc.numClasses() == 2;
        double jsd;
        if (exact) {
            jsd = ExactAdversary.maximise(doc, epsilon).jsd();
        } else {
            AdversarialSearch.Settings d = AdversarialSearch.Settings.defaults(seed);
            AdversarialSearch.Settings s = new AdversarialSearch.Settings(d.candidates(), d.steps(), d.learningRate(),
                    d.initNoiseSd(), d.tvdThreshold(), d.penalty(), epsilon, d.seed());
            jsd = new AdversarialSearch(s).search(doc).epsilonMaxJsd();
        }
        double fraction = ErasureRanking.byScores(doc, "attention", doc.attention()).fraction();
        return new DocumentFigures(tau, jsd, exact, fraction);
    }
}
