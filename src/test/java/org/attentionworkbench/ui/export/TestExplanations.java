package org.attentionworkbench.ui.export;

import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * Explanations of hand-built encoded documents, for UI tests that need no network: every
 * re-decode section computed by the real engine, plus made-up gradient and IG scores.
 */
public final class TestExplanations {

    private TestExplanations() {
    }

    /** A two-class explanation of {@code tokens} with peaked attention. */
    public static Explanation of(List<String> tokens, long seed) {
        int n = tokens.size();
        SplittableRandom r = new SplittableRandom(seed);
        double[][] z = new double[n][2];
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) {
            z[i][0] = 2 * r.nextGaussian();
            z[i][1] = 2 * r.nextGaussian();
            logits[i] = 1.5 * r.nextGaussian();
        }
        EncodedDocument doc = new EncodedDocument(tokens, new int[n], new double[n][1],
                EncodedDocument.softmax(logits), z, new double[] {0.1, -0.1}, List.of("neg", "pos"));
        ExplainSettings settings = ExplainSettings.defaults().withAdversarialSteps(60)
                .withSections(EnumSet.of(Section.UNIFORM, Section.PERMUTATION, Section.ERASURE, Section.ADVERSARIAL));
        Explanation e = new ExplanationEngine(null).explain(doc, 1, settings, p -> { }, Cancellation.NEVER);
        Map<SaliencyMethod, Saliency> sal = new EnumMap<>(SaliencyMethod.class);
        double[] g = new double[n];
        double[] ig = new double[n];
        for (int i = 0; i < n; i++) {
            g[i] = Math.abs(r.nextGaussian());
            ig[i] = r.nextGaussian();
        }
        sal.put(SaliencyMethod.GRADIENT, new Saliency(SaliencyMethod.GRADIENT, g));
        sal.put(SaliencyMethod.INTEGRATED_GRADIENTS, new Saliency(SaliencyMethod.INTEGRATED_GRADIENTS, ig));
        return e.withSaliency(sal);
    }

    /** Tokens of a short review, with characters that formats must escape. */
    public static List<String> tokens() {
        return new ArrayList<>(List.of("not", "bad", "at", "all", "&", "50%", "$", "#1", "snake_case", "{x}", "~",
                "^", "\\", "<b>", "\"q\"", "a,b", "."));
    }
}
