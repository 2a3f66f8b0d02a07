package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * LIME for text (Ribeiro et al. 2016, "Why should I trust you?"), as the lime package's
 * LimeTextExplainer does it by default (docs/methods.md section 3):
 * <ul>
 *   <li>features are the document's distinct words (its bag of words); a perturbed text removes
 *       every occurrence of the words it drops, by the project's removal baseline ({@link Removal}:
 *       deleted, the model re-run);</li>
 *   <li>the first sample is the text itself; each other drops k distinct words, k uniform in
 *       1..d (lime_text.py: {@code randint(1, doc_size + 1)}), the words uniform among the d;</li>
 *   <li>each sample is weighted by the kernel sqrt(exp(-D^2 / w^2)), D = 100 x the cosine distance
 *       of its 0/1 word vector to the all-ones one, w = 25 by default;</li>
 *   <li>the local model is a ridge regression (lambda 1, unpenalised intercept) of the target
 *       class's probability on the 0/1 word vector, in closed form; a word's coefficient is the
 *       weight of each of its tokens.</li>
 * </ul>
 * The stability band: the whole procedure rerun with seeds seed .. seed + R - 1; a token's spread
 * is the standard deviation (R - 1 in the denominator) of its weight over the R runs. The weights
 * reported are the first run's (seed itself). All runs' samples go through the model in one batch.
 */
public final class Lime {

    /** The ridge penalty of the lime package's local model (scikit-learn's Ridge(alpha=1)). */
    public static final double RIDGE = 1.0;

    /**
     * LIME's explanation of one document.
     *
     * @param weights     per token, its word's coefficient in the first run (seed)
     * @param spread      per token, the standard deviation of that weight over the reruns; null with one run
     * @param intercept   the local model's intercept (first run)
     * @param score       the local model's weighted R^2 on its samples (first run)
     * @param samples     samples per run, the text itself included
     * @param reruns      runs R
     * @param kernelWidth the kernel width w
     * @param features    distinct words d
     */
    public record Result(double[] weights, double[] spread, double intercept, double score, int samples, int reruns,
                         double kernelWidth, int features) {
        public Result {
            weights = weights.clone();
            spread = spread == null ? null : spread.clone();
        }

        @Override
        public double[] weights() {
            return weights.clone();
        }

        @Override
        public double[] spread() {
            return spread == null ? null : spread.clone();
        }

        /** The mean over tokens of the spread, NaN without a band. */
        public double meanSpread() {
            if (spread == null || spread.length == 0) return Double.NaN;
            double s = 0;
            for (double v : spread) s += v;
            return s / spread.length;
        }
    }

    private final AttentionClassifier model;
    private final CopyShare share;

    public Lime(AttentionClassifier model) {
        this(model, null);
    }

    /** @param share shares the copies' passes with another thread (the parallel engine's), or null */
    Lime(AttentionClassifier model, CopyShare share) {
        this.model = model;
        this.share = share;
    }

    /** LIME for class {@code target} (a class index) with the settings' samples, kernel width and reruns. */
    public Result explain(EncodedDocument doc, int target, PerturbationSettings settings, long seed) {
        int n = doc.size();
        Map<String, Integer> index = new LinkedHashMap<>();
        int[] feature = new int[n];
        for (int i = 0; i < n; i++) feature[i] = index.computeIfAbsent(doc.tokens().get(i), k -> index.size());
        int d = index.size();
        int samples = settings.limeSamples();
        int runs = settings.limeReruns();
        List<boolean[]> present = new ArrayList<>(samples * runs);
        List<int[]> kept = new ArrayList<>(samples * runs);
        for (int r = 0; r < runs; r++) {
            SplittableRandom rng = new SplittableRandom(seed + r);
            for (int s = 0; s < samples; s++) {
                boolean[] z = new boolean[d];
                java.util.Arrays.fill(z, true);
                if (s > 0) dropWords(z, 1 + rng.nextInt(d), rng);
                present.add(z);
                boolean[] keep = new boolean[n];
                for (int i = 0; i < n; i++) keep[i] = z[feature[i]];
                kept.add(Removal.positions(keep));
            }
        }
        double[] y = new Removal(model, share).probabilities(doc, kept, target);
        double[][] runWeights = new double[runs][];
        WeightedRegression.Fit first = null;
        for (int r = 0; r < runs; r++) {
            double[][] x = new double[samples][d];
            double[] ys = new double[samples];
            double[] w = new double[samples];
            for (int s = 0; s < samples; s++) {
                boolean[] z = present.get(r * samples + s);
                int on = 0;
                for (int j = 0; j < d; j++) {
                    if (z[j]) {
                        x[s][j] = 1;
                        on++;
                    }
                }
                ys[s] = s == 0 ? doc.probabilities()[target] : y[r * samples + s];
                w[s] = kernel(cosineDistance(on, d) * 100, settings.limeKernelWidth());
            }
            WeightedRegression.Fit fit = WeightedRegression.fit(x, ys, w, RIDGE, true);
            if (r == 0) first = fit;
            runWeights[r] = fit.beta();
        }
        double[] weights = new double[n];
        for (int i = 0; i < n; i++) weights[i] = runWeights[0][feature[i]];
        double[] spread = null;
        if (runs > 1) {
            spread = new double[n];
            for (int i = 0; i < n; i++) {
                double mean = 0;
                for (double[] rw : runWeights) mean += rw[feature[i]];
                mean /= runs;
                double ss = 0;
                for (double[] rw : runWeights) ss += (rw[feature[i]] - mean) * (rw[feature[i]] - mean);
                spread[i] = Math.sqrt(ss / (runs - 1));
            }
        }
        return new Result(weights, spread, first.intercept(), first.r2(), samples, runs, settings.limeKernelWidth(), d);
    }

    /** Sets {@code k} of the entries of {@code z} (all true) to false, chosen uniformly without replacement. */
    private static void dropWords(boolean[] z, int k, SplittableRandom rng) {
        int d = z.length;
        int[] order = new int[d];
        for (int i = 0; i < d; i++) order[i] = i;
        for (int i = 0; i < k; i++) { // partial Fisher-Yates
            int j = i + rng.nextInt(d - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            z[order[i]] = false;
        }
    }

    /**
     * Cosine distance of a 0/1 vector with {@code on} ones to the all-ones vector of length d:
     * 1 - on / (sqrt(on) sqrt(d)) = 1 - sqrt(on / d); 1 for the zero vector (scikit-learn's convention).
     */
    static double cosineDistance(int on, int d) {
        return on == 0 ? 1 : 1 - Math.sqrt((double) on / d);
    }

    /** The lime package's kernel, sqrt(exp(-D^2 / w^2)). */
    static double kernel(double distance, double width) {
        return Math.sqrt(Math.exp(-distance * distance / (width * width)));
    }
}
