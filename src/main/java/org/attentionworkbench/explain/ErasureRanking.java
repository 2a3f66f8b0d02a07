package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Rankings erased from the top down until the decision flips (docs/methods.md section 6, after Serrano
 * &amp; Smith 2019).
 *
 * <p>Definitions used throughout:
 * <ul>
 *   <li>After k removals the first k tokens of the order are erased (weights zeroed, the rest
 *   renormalised, re-decoded; k = n gives softmax(b)).</li>
 *   <li>The flip count k* is the smallest k &gt;= 1 whose argmax (lowest index on ties) differs
 *   from the original prediction: the number of tokens erased when the decision first changes,
 *   the flipping token included. The "fraction of tokens removed before the first flip" is
 *   k* / n, in (0, 1]. k* = n counts: erasing everything leaves softmax(b), a real decision.</li>
 *   <li>The flip curve is the probability of the ORIGINAL predicted class after k removals,
 *   k = 0..n (n + 1 values; the last one is softmax(b)_c).</li>
 *   <li>A document is {@linkplain Curve#excluded() excluded} from corpus fractions when it never
 *   flips or has n = 1 (it is counted separately, as docs/methods.md asks).</li>
 *   <li>The random ranking is {@link #DEFAULT_SHUFFLES} seeded shuffles, and <b>each shuffle is
 *   its own ranking</b>: over a corpus, each shuffle that flips contributes its own k* / n, and each
 *   shuffle that never flips is counted apart, exactly as a document that the attention ranking
 *   never flips ({@link RandomCurve#fractions()}). Taking one value per document, the mean over
 *   only the shuffles that flip, would count a document as flipped when any one of its shuffles
 *   flips and keep only the lucky shuffles' fractions: a best-of-5 selection that biases the
 *   random baseline towards fewer erasures and fewer never-flipped documents than one random
 *   ranking has. Pooling the shuffles estimates what one random ranking does.</li>
 * </ul>
 */
public final class ErasureRanking {

    /** Shuffles averaged for the random ranking, as in the literature. */
    public static final int DEFAULT_SHUFFLES = 5;

    /**
     * One ranking's erasure run.
     *
     * @param name       which ranking
     * @param order      token indices, first erased first
     * @param flipCount  k*, or -1 when no prefix flips the decision
     * @param fraction   k* / n, NaN when it never flips
     * @param curve      y_c after k = 0..n removals, c the original prediction
     */
    public record Curve(String name, int[] order, int flipCount, double fraction, double[] curve) {
        public Curve {
            order = order.clone();
            curve = curve.clone();
        }

        @Override
        public int[] order() {
            return order.clone();
        }

        @Override
        public double[] curve() {
            return curve.clone();
        }

        /** Whether some prefix of the order flips the decision. */
        public boolean flipped() {
            return flipCount > 0;
        }

        /** Left out of corpus fractions: never flips, or a single-token document. */
        public boolean excluded() {
            return !flipped() || order.length == 1;
        }
    }

    /**
     * The random ranking: several seeded shuffles.
     *
     * @param runs             each shuffle's curve
     * @param flippedShuffles  how many of them flip
     * @param meanFraction     mean of k* / n over the shuffles that flip (NaN if none): a per-document
     *                         summary for display; corpus statistics use {@link #fractions()}
     * @param meanCurve        pointwise mean of the curves over all shuffles
     */
    public record RandomCurve(List<Curve> runs, int flippedShuffles, double meanFraction, double[] meanCurve) {
        public RandomCurve {
            runs = List.copyOf(runs);
            meanCurve = meanCurve.clone();
        }

        /**
         * Each shuffle's k* / n in shuffle order, NaN for a shuffle that never flips: what a corpus
         * pools, one value per shuffle, never-flipping shuffles counted apart (see the class comment).
         */
        public double[] fractions() {
            double[] out = new double[runs.size()];
            for (int s = 0; s < out.length; s++) out[s] = runs.get(s).flipped() ? runs.get(s).fraction() : Double.NaN;
            return out;
        }

        @Override
        public double[] meanCurve() {
            return meanCurve.clone();
        }

        /** Left out of corpus fractions: no shuffle flips, or a single-token document. */
        public boolean excluded() {
            return flippedShuffles == 0 || meanCurve.length == 2;
        }
    }

    /**
     * The four rankings of docs/methods.md section 6 plus any caller-given score vectors.
     *
     * @param attention              alpha descending
     * @param random                 average of seeded shuffles
     * @param gradient               dd/dalpha descending (signed)
     * @param gradientTimesAttention dd/dalpha * alpha descending (signed)
     * @param others                 caller-given rankings by name, in the given order
     */
    public record Report(Curve attention, RandomCurve random, Curve gradient, Curve gradientTimesAttention,
                         Map<String, Curve> others) {
        public Report {
            others = java.util.Collections.unmodifiableMap(new LinkedHashMap<>(others));
        }
    }

    private ErasureRanking() {
    }

    /**
     * All standard rankings, plus one per entry of {@code otherScores} (e.g. saliency methods,
     * ranked descending). The signed gradient is used as given; pass |dd/dalpha| as an extra
     * score vector to rank by magnitude.
     */
    public static Report standard(EncodedDocument doc, long seed, Map<String, double[]> otherScores) {
        Map<String, Curve> others = new LinkedHashMap<>();
        otherScores.forEach((name, s) -> others.put(name, byScores(doc, name, s)));
        return new Report(byScores(doc, "attention", doc.attention()),
                random(doc, DEFAULT_SHUFFLES, seed),
                byScores(doc, "dd/dalpha", AttentionGradient.atOriginal(doc)),
                byScores(doc, "dd/dalpha*alpha", AttentionGradient.timesAttention(doc)),
                others);
    }

    /** Erases in descending score order (ties by lower index). */
    public static Curve byScores(EncodedDocument doc, String name, double[] scores) {
        if (scores.length != doc.size()) throw new IllegalArgumentException(name + ": " + scores.length + " scores for " + doc.size() + " tokens");
        return of(doc, name, TopK.descending(scores));
    }

    /** {@code shuffles} uniform random orders drawn from {@code new SplittableRandom(seed)}. */
    public static RandomCurve random(EncodedDocument doc, int shuffles, long seed) {
        SplittableRandom rnd = new SplittableRandom(seed);
        List<Curve> runs = new ArrayList<>();
        double[] mean = new double[doc.size() + 1];
        double fractionSum = 0;
        int flipped = 0;
        for (int s = 0; s < shuffles; s++) {
            Curve c = of(doc, "random", PermutationTest.randomPermutation(doc.size(), rnd));
            runs.add(c);
            double[] curve = c.curve();
            for (int k = 0; k < mean.length; k++) mean[k] += curve[k] / shuffles;
            if (c.flipped()) {
                flipped++;
                fractionSum += c.fraction();
            }
        }
        return new RandomCurve(runs, flipped, flipped == 0 ? Double.NaN : fractionSum / flipped, mean);
    }

    /**
     * Erases the tokens of {@code order} one by one (a permutation of 0..n-1).
     *
     * <p>The kept tokens after k removals are the suffix order[k..n-1], so the kept numerator
     * sum alpha_i z_i and mass sum alpha_i are accumulated from the end: every prefix costs O(C)
     * and no running subtraction lets rounding drift.
     */
    public static Curve of(EncodedDocument doc, String name, int[] order) {
        int n = doc.size();
        if (order.length != n) throw new IllegalArgumentException(name + ": order of " + order.length + " for " + n + " tokens");
        int classes = doc.numClasses();
        int c = doc.predicted();
        double[] bias = doc.bias();
        double[] curve = new double[n + 1];
        double[] numerator = new double[classes];
        double mass = 0;
        int flipCount = -1;
        double[] logits = new double[classes];
        boolean[] seen = new boolean[n];
        for (int k = n; k >= 0; k--) {
            if (k < n) {
                int i = order[k];
                if (seen[i]) throw new IllegalArgumentException(name + ": token " + i + " twice");
                seen[i] = true;
                double a = doc.attention(i);
                mass += a;
                for (int j = 0; j < classes; j++) numerator[j] += a * doc.contribution(i, j);
            }
            for (int j = 0; j < classes; j++) logits[j] = bias[j] + (mass > 0 ? numerator[j] / mass : 0);
            double[] p = EncodedDocument.softmax(logits);
            curve[k] = p[c];
            if (k >= 1 && Vectors.argmax(p) != c) flipCount = k; // walking down: ends at the smallest
        }
        return new Curve(name, order, flipCount, flipCount > 0 ? (double) flipCount / n : Double.NaN, curve);
    }
}
