package org.attentionworkbench.explain;

import java.util.SplittableRandom;

/**
 * The permutation experiment of docs/methods.md section 5: encode once, re-decode under P random
 * permutations of alpha over the n real tokens, and record TVD(y, y_perm) (for two classes this
 * is |Delta y_1|). Each {@link #run} draws its permutations from a fresh
 * {@code SplittableRandom(seed)}, so one seed gives the same permutations, hence the same numbers,
 * every time.
 */
public final class PermutationTest {

    /** P of the literature. */
    public static final int DEFAULT_PERMUTATIONS = 100;

    private final int permutations;
    private final long seed;

    /**
     * @param tvds          TVD(y, y_perm) for each permutation, in drawing order
     * @param medianTvd     their median (mean of the two middle values for even P)
     * @param maxAttention  max_i alpha_i, the x-axis of the published plot
     */
    public record Result(double[] tvds, double medianTvd, double maxAttention) {
        public Result {
            tvds = tvds.clone();
        }

        @Override
        public double[] tvds() {
            return tvds.clone();
        }
    }

    /** @param permutations P &gt;= 1 */
    public PermutationTest(int permutations, long seed) {
        if (permutations < 1) throw new IllegalArgumentException("permutations " + permutations);
        this.permutations = permutations;
        this.seed = seed;
    }

    /** P = 100 permutations with the given seed. */
    public static PermutationTest withSeed(long seed) {
        return new PermutationTest(DEFAULT_PERMUTATIONS, seed);
    }

    /** Runs the P permutations on one document. */
    public Result run(EncodedDocument doc) {
        SplittableRandom random = new SplittableRandom(seed);
        double[] tvds = new double[permutations];
        double[] y = doc.probabilities();
        Shuffle shuffle = new Shuffle(doc.size());
        int[] p = new int[doc.size()];
        for (int k = 0; k < permutations; k++) {
            shuffle.draw(p, random);
            tvds[k] = Divergences.tvd(y, doc.decodePermuted(p));
        }
        return new Result(tvds, Vectors.median(tvds), doc.size() == 0 ? Double.NaN : Vectors.max(doc.attention()));
    }

    /** TVD(y, y(a)) for the permuted attention a_i = alpha_{perm[i]}. */
    public static double tvdUnder(EncodedDocument doc, int[] permutation) {
        double[] alpha = doc.attention();
        double[] a = new double[alpha.length];
        for (int i = 0; i < a.length; i++) a[i] = alpha[permutation[i]];
        return Divergences.tvd(doc.probabilities(), doc.decode(a));
    }

    /** The permutation of 0..n-1 that a fresh generator seeded with {@code seed} draws first. */
    public static int[] permutation(int n, long seed) {
        return randomPermutation(n, new SplittableRandom(seed));
    }

    /**
     * Fisher-Yates with the draws of {@link SplittableRandom#nextInt(int)}, the same permutations
     * as {@link #randomPermutation}, faster: the JDK's bounded draw takes u % bound of u = nextInt()
     * >>> 1, rejecting the top partial range, and that division was most of the test's time (100
     * permutations of 400 tokens are 40,000 of them). Here the remainder comes from a multiplication
     * by each bound's precomputed reciprocal (Lemire, Kaser and Kurz 2019, "Faster remainder by
     * direct computation"), exact for 31-bit u and bounds below 2^31, with the same rejection rule.
     * PermutationTestTest holds it to nextInt(bound) draw for draw.
     */
    static final class Shuffle {
        private final long[] reciprocal; // ceil(2^64 / bound) for bound = i + 1, i = 1 .. n - 1

        Shuffle(int n) {
            reciprocal = new long[Math.max(n, 1)];
            for (int i = 1; i < n; i++) reciprocal[i] = Long.divideUnsigned(-1L, i + 1) + 1;
        }

        /** Fills {@code p} with the permutation {@link #randomPermutation} draws next from {@code random}. */
        void draw(int[] p, SplittableRandom random) {
            int n = p.length;
            for (int i = 0; i < n; i++) p[i] = i;
            for (int i = n - 1; i > 0; i--) {
                int j = bounded(random, i + 1, reciprocal[i]);
                int t = p[i];
                p[i] = p[j];
                p[j] = t;
            }
        }

        /** random.nextInt(bound), its rejection rule and draws, with the remainder by reciprocal. */
        static int bounded(SplittableRandom random, int bound, long reciprocal) {
            int r = random.nextInt();
            int m = bound - 1;
            if ((bound & m) == 0) return r & m; // a power of two: the low bits
            for (int u = r >>> 1; u + m - (r = remainder(u, bound, reciprocal)) < 0; u = random.nextInt() >>> 1) {
                // rejected: u fell in the top range that is not a whole multiple of bound
            }
            return r;
        }

        /** u % d for 0 &lt;= u &lt; 2^31 and 1 &lt; d &lt; 2^31, with c = ceil(2^64 / d). */
        static int remainder(int u, int d, long c) {
            long low = c * u; // the fractional part of u / d, in 64 bits
            // The high 64 bits of the 128-bit product low * d (d < 2^32), from two 32-bit halves.
            long hi = (low >>> 32) * d;
            long lo = (low & 0xffffffffL) * d;
            return (int) ((hi + (lo >>> 32)) >>> 32);
        }
    }

    /** Fisher-Yates: every permutation of 0..n-1 equally likely. */
    static int[] randomPermutation(int n, SplittableRandom random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
