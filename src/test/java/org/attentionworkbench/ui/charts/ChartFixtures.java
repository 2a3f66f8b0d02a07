package org.attentionworkbench.ui.charts;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Set;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.explain.PermutationTest;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.UniformBaseline;
import org.attentionworkbench.explain.EncodedDocument;

/** Explanations built from the attention-layer sections (no network), plus made-up saliency scores. */
final class ChartFixtures {

    static final long SEED = 3;

    private ChartFixtures() {
    }

    /** Uniform, permutation, erasure; gradient and LOO scores (signed, to test the |.|) with their tau. */
    static Explanation explanation(EncodedDocument doc) {
        double[] grad = new double[doc.size()];
        double[] loo = new double[doc.size()];
        for (int i = 0; i < grad.length; i++) {
            grad[i] = (i % 3 == 0 ? -1 : 1) * doc.attention(i) * (1 + 0.1 * i);
            loo[i] = Math.sin(i);
        }
        Map<SaliencyMethod, Saliency> saliency = new EnumMap<>(SaliencyMethod.class);
        saliency.put(SaliencyMethod.GRADIENT, new Saliency(SaliencyMethod.GRADIENT, grad));
        saliency.put(SaliencyMethod.LEAVE_ONE_OUT, new Saliency(SaliencyMethod.LEAVE_ONE_OUT, loo));
        Map<SaliencyMethod, KendallTau.Result> kendall = new EnumMap<>(SaliencyMethod.class);
        kendall.put(SaliencyMethod.GRADIENT, KendallTau.compute(doc.attention(), abs(grad)));
        ExplainSettings settings = ExplainSettings.defaults().withSeed(SEED);
        Set<Section> done = EnumSet.of(Section.UNIFORM, Section.PERMUTATION, Section.ERASURE, Section.SALIENCY);
        return new Explanation(doc, -1, settings, done, UniformBaseline.of(doc),
                PermutationTest.withSeed(SEED).run(doc), Erasure.singleWeight(doc, SEED).orElse(null),
                ErasureRanking.standard(doc, SEED, Map.of()), MinimalFlipSet.find(doc), null, null, saliency, null,
                kendall, Map.of(), Map.of(), Map.of());
    }

    static double[] abs(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = Math.abs(out[i]);
        return out;
    }
}
