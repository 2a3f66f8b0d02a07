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
 *
 * <p>An engine made with {@link #parallel} also uses a second core for one explanation: LIME and
 * KernelSHAP (the perturbation section, usually the longest: thousands of passes) start on a
 * helper thread at once, while the calling thread works through the other sections; the
 * perturbation section then waits for them in its turn, taking chunks of their model passes
 * meanwhile ({@link CopyShare}), so sections still complete (and are reported) in their order and
 * the results are the same. The audit keeps the sequential engine:
 * it already runs one document per core.
 */
public final class ExplanationEngine {

    /** One daemon thread shared by every parallel engine (one explanation runs in the window at a time). */
    private static final java.util.concurrent.ExecutorService HELPER = java.util.concurrent.Executors
            .newSingleThreadExecutor(r -> {
                Thread t = new Thread(r, "workbench-explain-helper");
                t.setDaemon(true);
                return t;
            });

    private final AttentionClassifier model;
    private final boolean parallel;

    /** An engine that runs every section on the calling thread. */
    public ExplanationEngine(AttentionClassifier model) {
        this(model, false);
    }

    private ExplanationEngine(AttentionClassifier model, boolean parallel) {
        this.model = model;
        this.parallel = parallel;
    }

    /**
     * An engine that runs LIME and KernelSHAP on a helper thread beside the other sections, when
     * the machine has more than one core (else the sequential engine).
     */
    public static ExplanationEngine parallel(AttentionClassifier model) {
        return new ExplanationEngine(model, Runtime.getRuntime().availableProcessors() > 1);
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
        long start = System.nanoTime();
        Cancellation helperToken = cancellation.child();
        CopyShare share = new CopyShare();
        java.util.concurrent.Future<Perturbed> early = parallel && todo.contains(Section.PERTURBATION)
                && settings.quadraticAllowed(doc.size())
                ? HELPER.submit(() -> helperToken.callAs(() -> perturbed(doc, settings, helperToken, share))) : null;
        st.share = share;
        try {
            return explain(st, todo, early, listener, cancellation, start);
        } finally {
            if (early != null && !early.isDone()) helperToken.cancel(); // a stale or failed run stops its helper too
        }
    }

    private Explanation explain(State st, Set<Section> todo, java.util.concurrent.Future<Perturbed> early,
                                Consumer<Progress> listener, Cancellation cancellation, long start) {
        EncodedDocument doc = st.doc;
        ExplainSettings settings = st.settings;
        int done = 0;
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
                case PERTURBATION -> perturbation(st, early, cancellation);
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
    private void perturbation(State st, java.util.concurrent.Future<Perturbed> early, Cancellation cancellation) {
        EncodedDocument doc = st.doc;
        ExplainSettings set = st.settings;
        int target = set.targetOf(doc);
        if (!set.quadraticAllowed(doc.size())) {
            st.notes.add(String.format(java.util.Locale.ROOT, "LIME and KernelSHAP skipped: %d tokens exceed the limit"
                    + " of %d for methods that re-run the model many times (raise it to compute them)",
                    doc.size(), set.quadraticLimit()));
            return;
        }
        Perturbed p = early != null ? await(early, st.share, cancellation) : perturbed(doc, set, cancellation, null);
        st.lime = p.lime();
        st.kernelShap = p.kernelShap();
        st.timings.put("lime", p.limeMs());
        st.timings.put("kernel_shap", p.kernelShapMs());
        Map<SaliencyMethod, Saliency> added = new EnumMap<>(SaliencyMethod.class);
        added.put(SaliencyMethod.LIME, new Saliency(SaliencyMethod.LIME, st.lime.weights()));
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

    /** LIME's and KernelSHAP's results for the settings' target, with the milliseconds each took. */
    private record Perturbed(Lime.Result lime, double limeMs, KernelShap.Result kernelShap, double kernelShapMs) { }

    /** @param share shares the copies' passes with the explaining thread once it waits (null: none) */
    private Perturbed perturbed(EncodedDocument doc, ExplainSettings set, Cancellation cancellation, CopyShare share) {
        int target = set.targetOf(doc);
        long t0 = System.nanoTime();
        Lime.Result lime = new Lime(model, share).explain(doc, target, set.perturbation(), set.seed());
        long t1 = System.nanoTime();
        check(cancellation);
        KernelShap.Result shap = new KernelShap(model, share).explain(doc, target, set.perturbation(), set.seed());
        long t2 = System.nanoTime();
        return new Perturbed(lime, (t1 - t0) / 1e6, shap, (t2 - t1) / 1e6);
    }

    /**
     * The helper's result: its own failure rethrown here as it is (a cancellation stays a
     * cancellation). Meanwhile this thread, its own sections done, takes chunks of the helper's
     * model passes ({@link CopyShare#assist}).
     */
    private static Perturbed await(java.util.concurrent.Future<Perturbed> early, CopyShare share,
                                   Cancellation cancellation) {
        while (true) {
            check(cancellation);
            share.assist(cancellation);
            try {
                return early.get(20, java.util.concurrent.TimeUnit.MILLISECONDS);
            } catch (java.util.concurrent.TimeoutException e) {
                // keep waiting, but notice a cancellation of this run within 50 ms
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.util.concurrent.CancellationException("interrupted");
            } catch (java.util.concurrent.ExecutionException e) {
                Throwable cause = e.getCause();
                if (cause instanceof RuntimeException r) throw r;
                if (cause instanceof Error err) throw err;
                throw new IllegalStateException(cause);
            }
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
        /** The parallel run's shared model passes of LIME and KernelSHAP (unused by a sequential run). */
        CopyShare share;
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
