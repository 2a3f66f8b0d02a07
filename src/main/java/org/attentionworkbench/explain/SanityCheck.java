package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.task.Cancellation;

/**
 * Adebayo et al. 2018's model-parameter randomisation test, cascading (docs/methods.md section 3,
 * "Sanity checks"): the decoder, then also the attention, the encoder and the embeddings are
 * re-initialised, and at each stage every explanation of each document is compared with the one
 * the trained model gave, by Kendall tau-b of |scores| (as agreement compares methods). An
 * explanation that depends on what the model learned must drift towards tau 0; one that stays
 * similar when only the embeddings are left of the trained model is flagged.
 *
 * <p>Threshold: mean tau &gt;= {@value #FLAG_TAU} at the encoder stage (decoder, attention and
 * encoder all random): tau 0.5 means three in four token pairs keep their order, so the ranking
 * owes more to the input than to the weights. Attention is compared too: it does not depend on the
 * decoder at all, so its tau is exactly 1 at the decoder stage, which is the point of the test.
 */
public final class SanityCheck {

    /** Mean tau at the encoder stage from which a method is flagged. */
    public static final double FLAG_TAU = 0.5;

    /** The explanation that is not a saliency method. */
    public static final String ATTENTION = "attention";

    /**
     * The check of some documents.
     *
     * @param methods  explanations compared: attention, then the saliency methods in enum order
     * @param taus     per method: [stage][document] tau against the trained model (stage 0 = decoder)
     * @param seed     seed of the re-initialisations
     */
    public record Result(List<String> methods, Map<String, double[][]> taus, long seed) {

        /** Mean over documents (NaN ones left out) of the tau at stage {@code stage} (0-based). */
        public double meanTau(String method, int stage) {
            double s = 0;
            int n = 0;
            for (double t : taus.get(method)[stage]) {
                if (Double.isFinite(t)) {
                    s += t;
                    n++;
                }
            }
            return n == 0 ? Double.NaN : s / n;
        }

        /** Whether the method stays at or above {@link #FLAG_TAU} with only the embeddings left trained. */
        public boolean flagged(String method) {
            return meanTau(method, RandomisationStage.ENCODER.ordinal()) >= FLAG_TAU;
        }

        /** Number of documents. */
        public int documents() {
            return taus.isEmpty() ? 0 : taus.values().iterator().next()[0].length;
        }
    }

    private final AttentionClassifier model;
    private final ExplainSettings settings;
    private final long seed;

    /**
     * @param settings the explanation settings of every method (its SALIENCY and PERTURBATION sections are run)
     * @param seed     seed of the re-initialisations (the same for every stage: stage k's
     *                 parameters are the same draws whichever stage the cascade has reached)
     */
    public SanityCheck(AttentionClassifier model, ExplainSettings settings, long seed) {
        this.model = model;
        // Every saliency method, the perturbation ones too (LIME without its stability band: the
        // check compares one explanation per model, and the band's reruns would multiply its cost).
        this.settings = settings.withSections(Set.of(Section.SALIENCY, Section.PERTURBATION))
                .withPerturbation(settings.perturbation().withLimeReruns(1));
        this.seed = seed;
    }

    /**
     * Runs the cascade on the documents' tokens.
     *
     * @param progress receives one line per stage
     */
    public Result run(List<List<String>> documents, Consumer<String> progress) {
        RandomisationStage[] stages = RandomisationStage.values();
        List<Map<String, double[]>> original = explain(model, documents);
        List<String> methods = new ArrayList<>(original.isEmpty() ? List.of(ATTENTION) : original.get(0).keySet());
        Map<String, double[][]> taus = new LinkedHashMap<>();
        for (String m : methods) taus.put(m, new double[stages.length][documents.size()]);
        for (int s = 0; s < stages.length; s++) {
            Cancellation.checkCurrent();
            AttentionClassifier random = model.randomised(s + 1, seed);
            List<Map<String, double[]>> now = explain(random, documents);
            for (int d = 0; d < documents.size(); d++) {
                for (String m : methods) {
                    double[] a = original.get(d).get(m);
                    double[] b = now.get(d).get(m);
                    taus.get(m)[s][d] = a == null || b == null || a.length < 2 ? Double.NaN
                            : KendallTau.compute(abs(a), abs(b)).tau();
                }
            }
            StringBuilder line = new StringBuilder("randomised up to the " + stages[s].id() + ":");
            for (String m : methods) {
                double mean = new Result(methods, taus, seed).meanTau(m, s);
                line.append(String.format(java.util.Locale.ROOT, " %s %.2f", m, mean));
            }
            progress.accept(line.toString());
        }
        return new Result(List.copyOf(methods), taus, seed);
    }

    /** Attention and every saliency method the engine computes, per document, by name. */
    private List<Map<String, double[]>> explain(AttentionClassifier m, List<List<String>> documents) {
        ExplanationEngine engine = new ExplanationEngine(m);
        List<Map<String, double[]>> out = new ArrayList<>(documents.size());
        for (List<String> tokens : documents) {
            EncodedDocument doc = m.encode(tokens);
            Explanation e = engine.explain(doc, -1, settings, p -> { }, Cancellation.NEVER);
            Map<String, double[]> scores = new LinkedHashMap<>();
            scores.put(ATTENTION, doc.attention());
            for (SaliencyMethod sm : SaliencyMethod.values()) {
                e.saliency(sm).ifPresent(s -> scores.put(sm.id(), s.scores()));
            }
            out.add(scores);
        }
        return out;
    }

    private static double[] abs(double[] v) {
        double[] a = new double[v.length];
        for (int i = 0; i < v.length; i++) a[i] = Math.abs(v[i]);
        return a;
    }
}
