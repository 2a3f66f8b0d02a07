package org.attentionworkbench.explain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Every result of docs/methods.md sections 2-6 for one document and one model, immutable. Sections not
 * (yet) computed are null / empty: the engine hands out partial explanations as sections finish,
 * and {@link #has(Section)} says which are complete.
 *
 * @param document            the encoded document (tokens, alpha, contributions, output)
 * @param trueLabel           the true class, or -1 when unknown
 * @param settings            what was asked for
 * @param completed           the sections finished
 * @param uniform             uniform-attention baseline
 * @param permutation         random permutations of alpha
 * @param singleWeight        i* versus a random token; null when n < 2
 * @param rankings            erasure rankings with flip curves
 * @param oracle              the exact minimal flip set
 * @param adversarial         the published adversarial search
 * @param exactAdversary      the certified two-class adversary; null for C != 2
 * @param saliency            the saliency methods' scores
 * @param integratedGradients integrated gradients with completeness figures
 * @param kendall             Kendall tau-b of each method's |scores| against attention
 * @param topK                top-k Kendall distance of each method against attention
 * @param faithfulness        ERASER faithfulness of attention and each saliency method, by name
 * @param timingsMs           wall-clock milliseconds per part
 * @param notes               what was skipped and why (e.g. leave-one-out on a very long document)
 * @param lime                LIME with its stability band; null when not computed
 * @param kernelShap          Shapley values with their efficiency figures; null when not computed
 * @param lrp                 LRP's relevances with their conservation figures; null when not computed
 */
public record Explanation(EncodedDocument document, int trueLabel, ExplainSettings settings, Set<Section> completed,
                          UniformBaseline.Result uniform, PermutationTest.Result permutation,
                          Erasure.SingleWeight singleWeight, ErasureRanking.Report rankings,
                          MinimalFlipSet.Result oracle, AdversarialSearch.Result adversarial,
                          ExactAdversary.Result exactAdversary, Map<SaliencyMethod, Saliency> saliency,
                          IntegratedGradients integratedGradients, Map<SaliencyMethod, KendallTau.Result> kendall,
                          Map<SaliencyMethod, TopKKendallDistance.Result> topK,
                          Map<String, Faithfulness.Result> faithfulness, Map<String, Double> timingsMs,
                          java.util.List<String> notes, Lime.Result lime, KernelShap.Result kernelShap,
                          Lrp lrp) {

    public Explanation {
        completed = Set.copyOf(completed);
        saliency = saliency.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(saliency));
        kendall = kendall.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(kendall));
        topK = topK.isEmpty() ? Map.of() : java.util.Collections.unmodifiableMap(new EnumMap<>(topK));
        faithfulness = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(faithfulness));
        timingsMs = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(timingsMs));
        notes = java.util.List.copyOf(notes);
    }

    /** An explanation without the perturbation methods' details and LRP's conservation figures. */
    public Explanation(EncodedDocument document, int trueLabel, ExplainSettings settings, Set<Section> completed,
                       UniformBaseline.Result uniform, PermutationTest.Result permutation,
                       Erasure.SingleWeight singleWeight, ErasureRanking.Report rankings,
                       MinimalFlipSet.Result oracle, AdversarialSearch.Result adversarial,
                       ExactAdversary.Result exactAdversary, Map<SaliencyMethod, Saliency> saliency,
                       IntegratedGradients integratedGradients, Map<SaliencyMethod, KendallTau.Result> kendall,
                       Map<SaliencyMethod, TopKKendallDistance.Result> topK,
                       Map<String, Faithfulness.Result> faithfulness, Map<String, Double> timingsMs,
                       java.util.List<String> notes) {
        this(document, trueLabel, settings, completed, uniform, permutation, singleWeight, rankings, oracle, adversarial,
                exactAdversary, saliency, integratedGradients, kendall, topK, faithfulness, timingsMs, notes, null, null, null);
    }

    /** An explanation without notes. */
    public Explanation(EncodedDocument document, int trueLabel, ExplainSettings settings, Set<Section> completed,
                       UniformBaseline.Result uniform, PermutationTest.Result permutation,
                       Erasure.SingleWeight singleWeight, ErasureRanking.Report rankings,
                       MinimalFlipSet.Result oracle, AdversarialSearch.Result adversarial,
                       ExactAdversary.Result exactAdversary, Map<SaliencyMethod, Saliency> saliency,
                       IntegratedGradients integratedGradients, Map<SaliencyMethod, KendallTau.Result> kendall,
                       Map<SaliencyMethod, TopKKendallDistance.Result> topK,
                       Map<String, Faithfulness.Result> faithfulness, Map<String, Double> timingsMs) {
        this(document, trueLabel, settings, completed, uniform, permutation, singleWeight, rankings, oracle, adversarial,
                exactAdversary, saliency, integratedGradients, kendall, topK, faithfulness, timingsMs,
                java.util.List.of());
    }

    /** The explanation of a document before any section has run (what a view shows while it waits). */
    public static Explanation started(EncodedDocument document, int trueLabel, ExplainSettings settings) {
        return new Explanation(document, trueLabel, settings, Set.of(), null, null, null, null, null, null, null,
                Map.of(), null, Map.of(), Map.of(), Map.of(), Map.of());
    }

    /**
     * This explanation with the adversaries (and the epsilon and timings) of {@code other}, a run of
     * the adversarial section alone on the same document: what a change of epsilon recomputes.
     */
    public Explanation withAdversaries(Explanation other) {
        if (other.document() != document) throw new IllegalArgumentException("another document's adversaries");
        Map<String, Double> timings = new LinkedHashMap<>(timingsMs);
        other.timingsMs().forEach((k, v) -> {
            if (!k.equals("total")) timings.put(k, v);
        });
        Set<Section> done = EnumSet.noneOf(Section.class);
        done.addAll(completed);
        if (other.has(Section.ADVERSARIAL)) done.add(Section.ADVERSARIAL);
        return new Explanation(document, trueLabel, settings.withEpsilon(other.settings().epsilon()), done, uniform,
                permutation, singleWeight, rankings, oracle, other.adversarial(), other.exactAdversary(), saliency,
                integratedGradients, kendall, topK, faithfulness, timings, notes, lime, kernelShap, lrp);
    }

    /**
     * This explanation with the saliency section replaced by {@code scores} (marked complete; the
     * integrated-gradients, agreement and faithfulness results that belonged to the old scores are
     * dropped).
     */
    public Explanation withSaliency(Map<SaliencyMethod, Saliency> scores) {
        Set<Section> done = EnumSet.noneOf(Section.class);
        done.addAll(completed);
        done.add(Section.SALIENCY);
        done.remove(Section.AGREEMENT);
        done.remove(Section.FAITHFULNESS);
        return new Explanation(document, trueLabel, settings, done, uniform, permutation, singleWeight, rankings,
                oracle, adversarial, exactAdversary, scores, null, Map.of(), Map.of(), Map.of(), timingsMs, notes, null, null,
                null);
    }

    /** The class the saliency methods explain: the requested target, else the predicted class. */
    public int explainedClass() {
        return settings.targetOf(document);
    }

    /** Whether a section is complete. */
    public boolean has(Section section) {
        return completed.contains(section);
    }

    /** The scores of one saliency method, if computed. */
    public Optional<Saliency> saliency(SaliencyMethod method) {
        return Optional.ofNullable(saliency.get(method));
    }

    /** Number of tokens. */
    public int size() {
        return document.size();
    }
}
