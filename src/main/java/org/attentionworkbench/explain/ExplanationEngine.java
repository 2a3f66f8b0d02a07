package org.attentionworkbench.explain;

import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.task.Cancellation;

/**
 * Computes an {@link Explanation}: the re-decode analyses first (uniform, permutations, erasure,
 * adversaries: microseconds to a fraction of a second, no network), then the saliency methods
 * that go back to the model, then agreement and faithfulness. After each section the listener gets
 * the partial explanation; between (and inside the longer) sections the cancellation flag is read.
 * Not bound to any thread: callers run it in the background.
 */
public final class ExplanationEngine {

    private final AttentionClassifier model;

    public ExplanationEngine(AttentionClassifier model) {
        this.model = model;
    }

    /**
     * A progress report.
     *
     * @param partial what is known so far
     * @param section the section just finished
     * @param done    sections finished
     * @param total   sections asked for
     */
    public record Progress(Explanation partial, Section section, int done, int total) { }

    /** Explains a text with default listener and no cancellation. */
    public Explanation explain(String text, ExplainSettings settings) {
        return explain(model.encode(text), -1, settings, p -> { }, Cancellation.NEVER);
    }

    /**
     * Explains an encoded document.
     *
     * @param trueLabel the true class or -1
     * @param listener  receives a partial explanation after each section (on the calling thread)
     * @param cancellation checked between steps (and by the model between its batches, as the
     *                     calling thread's current token); once cancelled the run stops with a
     *                     CancellationException
     */
    public Explanation explain(EncodedDocument doc, int trueLabel, ExplainSettings settings,
                               Consumer<Progress> listener, Cancellation cancellation) {
        State st = new State(doc, trueLabel, settings);
        Set<Section> todo = settings.sections();
        int done = 0;
        long start = System.nanoTime();
        for (Section section : Section.values()) {
            if (!todo.contains(section)) continue;
            check(cancellation);
            switch (section) {
                case UNIFORM -> st.uniform = time(st, "uniform", () -> UniformBaseline.of(doc));
                case PERMUTATION -> st.permutation = time(st, "permutation",
                        () -> new PermutationTest(settings.permutations(), settings.seed()).run(doc));
                case ERASURE -> {
                    st.singleWeight = time(st, "single_weight",
                            () -> Erasure.singleWeight(doc, settings.seed()).orElse(null));
                    st.rankings = time(st, "rankings", () -> ErasureRanking.standard(doc, settings.seed(), Map.of()));
                    st.oracle = time(st, "oracle", () -> MinimalFlipSet.find(doc));
                }
                case ADVERSARIAL -> {
                    if (ExactAdversary.applies(doc)) {
                        st.exact = time(st, "adversarial_exact", () -> ExactAdversary.maximise(doc, settings.epsilon()));
                    }
                    check(cancellation);
                    st.adversarial = time(st, "adversarial_gradient", () -> new AdversarialSearch(searchSettings(settings))
                            .search(doc));
                }
                case SALIENCY -> saliency(st, cancellation);
                case AGREEMENT -> time(st, "agreement", () -> {
                    agreement(st, st.saliency);
                    return null;
                });
                case PERTURBATION -> perturbation(st, cancellation);
                case FAITHFULNESS -> st.faithfulness = !settings.quadraticAllowed(doc.size()) ? Map.of()
                        : time(st, "faithfulness", () -> {
                    Map<String, double[]> scores = new LinkedHashMap<>();
                    scores.put("attention", doc.attention());
                    st.saliency.forEach((m, s) -> scores.put(m.id(), s.scores()));
                    return new Faithfulness(model).evaluate(doc, scores, settings.targetOf(doc));
                });
                default -> throw new IllegalStateException(section.name());
            }
            st.completed.add(section);
            st.timings.remove("total"); // kept last
            st.timings.put("total", (System.nanoTime() - start) / 1e6);
            listener.accept(new Progress(st.snapshot(), section, ++done, todo.size()));
        }
        return st.snapshot();
    }

    private void saliency(State st, Cancellation cancellation) {
        SaliencyCalculator calc = new SaliencyCalculator(model);
        EncodedDocument doc = st.doc;
        ExplainSettings set = st.settings;
        int target = set.targetOf(doc); // refuses a class the model lacks before any work
        List<Saliency> grads = time(st, "gradient", () -> calc.gradients(doc, target));
        for (Saliency s : grads) st.saliency.put(s.method(), s);
        check(cancellation);
        IntegratedGradients ig = time(st, "integrated_gradients",
                () -> calc.integratedGradients(doc, target, set.igBaseline(), set.igRule(), set.igSteps()));
        st.ig = ig;
        st.saliency.put(SaliencyMethod.INTEGRATED_GRADIENTS, new Saliency(SaliencyMethod.INTEGRATED_GRADIENTS,
                ig.attributions()));
        check(cancellation);
        try {
            st.lrp = time(st, "lrp", () -> calc.lrp(doc, target, st.settings.lrpEpsilon()));
            st.saliency.put(SaliencyMethod.LRP, new Saliency(SaliencyMethod.LRP, st.lrp.relevance()));
        } catch (UnsupportedOperationException e) {
            st.notes.add(e.getMessage()); // a model family without LRP rules: the others still run
        }
        if (!st.settings.quadraticAllowed(doc.size())) {
            st.notes.add(String.format(java.util.Locale.ROOT, "leave-one-out, occlusion and faithfulness skipped: %d tokens"
                    + " exceed the limit of %d for methods that re-run the model n times (raise it to compute them)",
                    doc.size(), st.settings.quadraticLimit()));
            return;
        }
        check(cancellation);
        // The rules of leave-one-out and occlusion read -1 (no class requested) as the documented
        // default (the mean over classes when there are more than two).
        int requested = set.target();
        st.saliency.put(SaliencyMethod.LEAVE_ONE_OUT, time(st, "leave_one_out", () -> calc.leaveOneOut(doc, requested)));
        check(cancellation);
        st.saliency.put(SaliencyMethod.OCCLUSION, time(st, "occlusion",
                () -> calc.occlusion(doc, set.occluder(), requested)));
    }

    /**
     * LIME and Shapley values (the {@link Section#PERTURBATION} section), then, where agreement and
     * faithfulness ran before them, their Kendall tau, top-k distance and ERASER scores, computed
     * as those sections compute every other method's.
     */
    private void perturbation(State st, Cancellation cancellation) {
        EncodedDocument doc = st.doc;
        ExplainSettings set = st.settings;
        int target = set.targetOf(doc);
        if (!set.quadraticAllowed(doc.size())) {
            st.notes.add(String.format(java.util.Locale.ROOT, "LIME and KernelSHAP skipped: %d tokens exceed the limit"
                    + " of %d for methods that re-run the model many times (raise it to compute them)",
                    doc.size(), set.quadraticLimit()));
            return;
        }
        st.lime = time(st, "lime", () -> new Lime(model).explain(doc, target, set.perturbation(), set.seed()));
        Map<SaliencyMethod, Saliency> added = new EnumMap<>(SaliencyMethod.class);
        added.put(SaliencyMethod.LIME, new Saliency(SaliencyMethod.LIME, st.lime.weights()));
        check(cancellation);
        st.kernelShap = time(st, "kernel_shap",
                () -> new KernelShap(model).explain(doc, target, set.perturbation(), set.seed()));
        added.put(SaliencyMethod.KERNEL_SHAP, new Saliency(SaliencyMethod.KERNEL_SHAP, st.kernelShap.values()));
        st.saliency.putAll(added);
        if (st.completed.contains(Section.AGREEMENT)) agreement(st, added);
        if (st.completed.contains(Section.FAITHFULNESS) && !st.faithfulness.isEmpty()) {
            check(cancellation);
            Map<String, double[]> scores = new LinkedHashMap<>();
            added.forEach((m, s) -> scores.put(m.id(), s.scores()));
            Map<String, Faithfulness.Result> all = new LinkedHashMap<>(st.faithfulness);
            all.putAll(new Faithfulness(model).evaluate(doc, scores, target));
            st.faithfulness = all;
        }
    }

    /** The published search as {@code settings} configure it (steps, candidates, epsilon, variant, seed). */
    static AdversarialSearch.Settings searchSettings(ExplainSettings settings) {
        return AdversarialSearch.Settings.defaults(settings.seed())
                .withSteps(settings.adversarialSteps()).withCandidates(settings.adversarialCandidates())
                .withEpsilon(settings.epsilon()).withVariant(settings.adversarialVariant());
    }

    /**
     * The cheap figures of one document for a corpus view, from the same parts as a full
     * explanation: Kendall tau of attention against |gradient| (one backward pass), the epsilon-max
     * JSD (certified for two classes, else the published search as {@code settings} configure it)
     * and the fraction of tokens erased in attention order before the decision flips.
     */
    public DocumentFigures figures(EncodedDocument doc, ExplainSettings settings) {
        double tau = Double.NaN;
        if (doc.size() >= 2) {
            Saliency g = new SaliencyCalculator(model).gradients(doc).get(0); // GRADIENT, |grad . e|
            tau = KendallTau.compute(doc.attention(), g.scores()).tau();
        }
        boolean exact = ExactAdversary.applies(doc);
        double jsd = exact ? ExactAdversary.maximise(doc, settings.epsilon()).jsd()
                : new AdversarialSearch(searchSettings(settings)).search(doc).epsilonMaxJsd();
        double fraction = ErasureRanking.byScores(doc, "attention", doc.attention()).fraction();
        return new DocumentFigures(tau, jsd, exact, fraction);
    }

    /** Kendall tau-b and top-k distance of |scores| against attention, for each of {@code methods}. */
    private static void agreement(State st, Map<SaliencyMethod, Saliency> methods) {
        double[] alpha = st.doc.attention();
        double meanLength = st.settings.topKMeanLength() > 0 ? st.settings.topKMeanLength() : st.doc.size();
        int k = TopKKendallDistance.defaultK(st.doc.size(), meanLength);
        for (Map.Entry<SaliencyMethod, Saliency> e : methods.entrySet()) {
            double[] s = e.getValue().scores();
            for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
            st.kendall.put(e.getKey(), KendallTau.compute(alpha, s));
            st.topK.put(e.getKey(), TopKKendallDistance.compute(alpha, s, k));
        }
    }

    private static void check(Cancellation cancellation) {
        cancellation.throwIfCancelled();
        Cancellation.checkCurrent();
    }

    private static <T> T time(State st, String name, java.util.function.Supplier<T> work) {
        long t0 = System.nanoTime();
        T out = work.get();
        st.timings.put(name, (System.nanoTime() - t0) / 1e6);
        return out;
    }

    /** The mutable state of one run; snapshots are immutable explanations. */
    private static final class State {
        final EncodedDocument doc;
        final int trueLabel;
        final ExplainSettings settings;
        final Set<Section> completed = EnumSet.noneOf(Section.class);
        final Map<SaliencyMethod, Saliency> saliency = new EnumMap<>(SaliencyMethod.class);
        final Map<SaliencyMethod, KendallTau.Result> kendall = new EnumMap<>(SaliencyMethod.class);
        final Map<SaliencyMethod, TopKKendallDistance.Result> topK = new EnumMap<>(SaliencyMethod.class);
        final Map<String, Double> timings = new LinkedHashMap<>();
        final List<String> notes = new java.util.ArrayList<>();
        UniformBaseline.Result uniform;
        PermutationTest.Result permutation;
        Erasure.SingleWeight singleWeight;
        ErasureRanking.Report rankings;
        MinimalFlipSet.Result oracle;
        AdversarialSearch.Result adversarial;
        ExactAdversary.Result exact;
        IntegratedGradients ig;
        Lrp lrp;
        Lime.Result lime;
        KernelShap.Result kernelShap;
        Map<String, Faithfulness.Result> faithfulness = Map.of();

        State(EncodedDocument doc, int trueLabel, ExplainSettings settings) {
            this.doc = doc;
            this.trueLabel = trueLabel;
            this.settings = settings;
        }

        Explanation snapshot() {
            return new Explanation(doc, trueLabel, settings, completed, uniform, permutation, singleWeight, rankings,
                    oracle, adversarial, exact, saliency, ig, kendall, topK, faithfulness, timings, notes, lime, kernelShap,
                    lrp);
        }
    }
}
