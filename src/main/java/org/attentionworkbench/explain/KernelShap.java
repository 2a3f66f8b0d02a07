package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * Shapley values of the tokens (Lundberg & Lee 2017, "A unified approach to interpreting model
 * predictions"; docs/methods.md section 3). The players are the n tokens; a coalition S is worth
 * v(S) = y_t(the text reduced to the tokens in S), the others removed by the project's removal
 * baseline ({@link Removal}), so v(empty) = softmax(b)_t and v(all) = y_t(x).
 * <ul>
 *   <li>n at most the exact limit: exact Shapley values, enumerating all 2^n coalitions:
 *       phi_i = sum over S without i of |S|! (n - |S| - 1)! / n! (v(S + i) - v(S)).</li>
 *   <li>otherwise KernelSHAP as the shap package's KernelExplainer does it: coalition sizes s get the
 *       Shapley kernel's mass (n - 1) / (s (n - s)); sizes whose every coalition (and its complement)
 *       fits the remaining budget are enumerated, the smallest first; the rest of the budget is
 *       drawn at random, by size in proportion to the kernel, each draw with its complement,
 *       repeated draws adding weight. Then the weighted least squares fit of
 *       v(S) - v(empty) = sum_{i in S} phi_i under the efficiency constraint
 *       sum phi_i = v(all) - v(empty), enforced by eliminating the last token's value. With a
 *       budget of 2^n - 2 coalitions every size is enumerated and the result is exact.</li>
 * </ul>
 */
public final class KernelShap {

    /**
     * Shapley values of one document.
     *
     * @param values      phi_i per token
     * @param fullOutput  v(all) = y_t(x)
     * @param emptyOutput v(empty) = y_t(empty text)
     * @param exact       whether every coalition was evaluated (exact Shapley values)
     * @param coalitions  coalitions evaluated, the full and empty ones not counted
     */
    public record Result(double[] values, double fullOutput, double emptyOutput, boolean exact, int coalitions) {
        public Result {
            values = values.clone();
        }

        @Override
        public double[] values() {
            return values.clone();
        }

        /** |sum phi - (f(x) - f(empty))|: the efficiency error (rounding only: the fit enforces it). */
        public double sumError() {
            double s = 0;
            for (double v : values) s += v;
            return Math.abs(s - (fullOutput - emptyOutput));
        }

        /** The sum error relative to |f(x) - f(empty)| (NaN when they are equal). */
        public double relativeSumError() {
            double gap = Math.abs(fullOutput - emptyOutput);
            return gap == 0 ? Double.NaN : sumError() / gap;
        }
    }

    /** The worth of many coalitions at once (ascending token positions), batched. */
    @FunctionalInterface
    public interface CoalitionValue {
        double[] values(List<int[]> coalitions);
    }

    private final AttentionClassifier model;
    private final CopyShare share;

    public KernelShap(AttentionClassifier model) {
        this(model, null);
    }

    /** @param share shares the copies' passes with another thread (the parallel engine's), or null */
    KernelShap(AttentionClassifier model, CopyShare share) {
        this.model = model;
        this.share = share;
    }

    /** Shapley values for class {@code target}: exact up to the settings' limit, else KernelSHAP. */
    public Result explain(EncodedDocument doc, int target, PerturbationSettings settings, long seed) {
        int n = doc.size();
        Removal removal = new Removal(model, share);
        double full = doc.probabilities()[target];
        double[] empty = removal.probabilities(doc, List.of(new int[0]), target);
        CoalitionValue v = coalitions -> removal.probabilities(doc, coalitions, target);
        if (n <= settings.shapExactLimit()) return exact(n, v, full, empty[0]);
        return kernel(n, v, full, empty[0], settings.shapSamples(), seed);
    }

    /** Exact Shapley values by enumerating all 2^n coalitions (n at most {@link PerturbationSettings#MAX_EXACT}). */
    public static Result exact(int n, CoalitionValue v, double full, double empty) {
        if (n > PerturbationSettings.MAX_EXACT) throw new IllegalArgumentException("too many tokens to enumerate: " + n);
        int all = 1 << n;
        List<int[]> coalitions = new ArrayList<>(Math.max(0, all - 2));
        for (int mask = 1; mask < all - 1; mask++) coalitions.add(members(mask, n));
        double[] worth = new double[all];
        double[] inner = coalitions.isEmpty() ? new double[0] : v.values(coalitions);
        for (int mask = 1; mask < all - 1; mask++) worth[mask] = inner[mask - 1];
        worth[0] = empty;
        worth[all - 1] = full;
        // w(s) = s! (n - s - 1)! / n! = 1 / (n C(n - 1, s))
        double[] w = new double[n];
        for (int s = 0; s < n; s++) w[s] = 1.0 / (n * binomial(n - 1, s));
        double[] phi = new double[n];
        for (int mask = 0; mask < all; mask++) {
            int size = Integer.bitCount(mask);
            for (int i = 0; i < n; i++) {
                if ((mask & (1 << i)) != 0) continue;
                phi[i] += w[size] * (worth[mask | (1 << i)] - worth[mask]);
            }
        }
        return new Result(phi, full, empty, true, all - 2);
    }

    /**
     * KernelSHAP with {@code budget} coalitions (at most 2^n - 2), as described above.
     *
     * @param seed the random draws' seed
     */
    public static Result kernel(int n, CoalitionValue v, double full, double empty, int budget, long seed) {
        if (n == 1) return new Result(new double[] {full - empty}, full, empty, true, 0);
        double total = n >= 62 ? Double.MAX_VALUE : Math.pow(2, n) - 2;
        int samples = (int) Math.min(budget, total);
        int sizes = (n - 1 + 1) / 2; // ceil((n - 1) / 2)
        int paired = (n - 1) / 2;
        double[] weight = new double[sizes + 1]; // by size s = 1..sizes
        double sum = 0;
        for (int s = 1; s <= sizes; s++) {
            weight[s] = (n - 1.0) / (s * (double) (n - s));
            if (s <= paired) weight[s] *= 2;
            sum += weight[s];
        }
        for (int s = 1; s <= sizes; s++) weight[s] /= sum;
        List<BitSet> masks = new ArrayList<>();
        List<Double> kernelWeights = new ArrayList<>();
        int full0 = 0;
        int left = samples;
        double[] remaining = weight.clone();
        for (int s = 1; s <= sizes; s++) {
            double subsets = binomial(n, s) * (s <= paired ? 2 : 1);
            if (left * remaining[s] / subsets >= 1.0 - 1e-8) {
                full0++;
                left -= (int) subsets;
                if (remaining[s] < 1.0) {
                    double scale = 1 - remaining[s];
                    for (int q = 1; q <= sizes; q++) remaining[q] /= scale;
                }
                double w = weight[s] / binomial(n, s) / (s <= paired ? 2 : 1);
                int[] comb = new int[s];
                for (int i = 0; i < s; i++) comb[i] = i;
                do {
                    BitSet m = new BitSet(n);
                    for (int i : comb) m.set(i);
                    masks.add(m);
                    kernelWeights.add(w);
                    if (s <= paired) {
                        BitSet c = (BitSet) m.clone();
                        c.flip(0, n);
                        masks.add(c);
                        kernelWeights.add(w);
                    }
                } while (nextCombination(comb, n));
            } else {
                break;
            }
        }
        int fixed = masks.size();
        if (full0 != sizes && left > 0) {
            double[] rem = new double[sizes + 1];
            double rs = 0;
            for (int s = full0 + 1; s <= sizes; s++) {
                rem[s] = weight[s] / (s <= paired ? 2 : 1); // each draw below adds two coalitions
                rs += rem[s];
            }
            SplittableRandom rng = new SplittableRandom(seed);
            Map<BitSet, Integer> used = new HashMap<>();
            int draws = 0;
            while (left > 0 && draws < 4 * samples) {
                draws++;
                double u = rng.nextDouble() * rs;
                int s = full0 + 1;
                while (s < sizes && u >= rem[s]) {
                    u -= rem[s];
                    s++;
                }
                BitSet m = randomSubset(n, s, rng);
                Integer at = used.get(m);
                boolean fresh = at == null;
                if (fresh) {
                    used.put(m, masks.size());
                    masks.add(m);
                    kernelWeights.add(1.0);
                    left--;
                } else {
                    kernelWeights.set(at, kernelWeights.get(at) + 1);
                }
                if (left > 0 && s <= paired) {
                    if (fresh) {
                        BitSet c = (BitSet) m.clone();
                        c.flip(0, n);
                        masks.add(c);
                        kernelWeights.add(1.0);
                        left--;
                    } else {
                        kernelWeights.set(at + 1, kernelWeights.get(at + 1) + 1);
                    }
                }
            }
            double weightLeft = 0;
            for (int s = full0 + 1; s <= sizes; s++) weightLeft += weight[s];
            double drawn = 0;
            for (int k = fixed; k < kernelWeights.size(); k++) drawn += kernelWeights.get(k);
            for (int k = fixed; k < kernelWeights.size(); k++) {
                kernelWeights.set(k, kernelWeights.get(k) * weightLeft / drawn);
            }
        }
        List<int[]> coalitions = new ArrayList<>(masks.size());
        for (BitSet m : masks) coalitions.add(m.stream().toArray());
        double[] worth = v.values(coalitions);
        double[] phi = solve(n, masks, kernelWeights, worth, full, empty);
        return new Result(phi, full, empty, full0 == sizes, masks.size());
    }

    /**
     * The constrained weighted least squares: phi_last = (full - empty) - sum of the others, so
     * each row becomes y - z_last (full - empty) = sum_{i < last} (z_i - z_last) phi_i.
     */
    private static double[] solve(int n, List<BitSet> masks, List<Double> weights, double[] worth, double full,
                                  double empty) {
        int m = masks.size();
        double delta = full - empty;
        double[][] x = new double[m][n - 1];
        double[] y = new double[m];
        double[] w = new double[m];
        for (int k = 0; k < m; k++) {
            BitSet z = masks.get(k);
            double last = z.get(n - 1) ? 1 : 0;
            for (int i = 0; i < n - 1; i++) x[k][i] = (z.get(i) ? 1 : 0) - last;
            y[k] = worth[k] - empty - last * delta;
            w[k] = weights.get(k);
        }
        double[] beta = WeightedRegression.fit(x, y, w, 0, false).beta();
        double[] phi = new double[n];
        double s = 0;
        for (int i = 0; i < n - 1; i++) {
            phi[i] = beta[i];
            s += beta[i];
        }
        phi[n - 1] = delta - s;
        return phi;
    }

    private static BitSet randomSubset(int n, int size, SplittableRandom rng) {
        int[] order = new int[n];
        for (int i = 0; i < n; i++) order[i] = i;
        BitSet m = new BitSet(n);
        for (int i = 0; i < size; i++) {
            int j = i + rng.nextInt(n - i);
            int t = order[i];
            order[i] = order[j];
            order[j] = t;
            m.set(order[i]);
        }
        return m;
    }

    /** Advances {@code comb} (ascending, from 0..n-1) to the next combination; false after the last. */
    private static boolean nextCombination(int[] comb, int n) {
        int k = comb.length;
        int i = k - 1;
        while (i >= 0 && comb[i] == n - k + i) i--;
        if (i < 0) return false;
        comb[i]++;
        for (int j = i + 1; j < k; j++) comb[j] = comb[j - 1] + 1;
        return true;
    }

    private static int[] members(int mask, int n) {
        int[] out = new int[Integer.bitCount(mask)];
        int j = 0;
        for (int i = 0; i < n; i++) if ((mask & (1 << i)) != 0) out[j++] = i;
        return out;
    }

    static double binomial(int n, int k) {
        double r = 1;
        for (int i = 1; i <= k; i++) r = r * (n - k + i) / i;
        return r;
    }
}
