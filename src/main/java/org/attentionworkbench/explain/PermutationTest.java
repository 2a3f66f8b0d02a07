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
        for (int k = 0; k < permutations; k++) {
            tvds[k] = tvdUnder(doc, randomPermutation(doc.size(), random));
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
