package org.attentionworkbench.explain;

import java.util.Arrays;

/**
 * Kendall's tau-b between two score vectors over the same n items, with the two-sided p-value of
 * the large-sample normal approximation (docs/methods.md section 4), computed as
 * {@code scipy.stats.kendalltau(x, y, method='asymptotic')} does.
 *
 * <p>With C concordant and D discordant pairs, n0 = n(n-1)/2, and tie groups of sizes t (in x)
 * and u (in y), n1 = sum t(t-1)/2, n2 = sum u(u-1)/2:
 * <pre>
 *   tau_b = (C - D) / sqrt((n0 - n1)(n0 - n2))
 *   var   = (v0 - vt - vu)/18 + v1/(2n(n-1)) + v2/(9n(n-1)(n-2))
 *     v0 = n(n-1)(2n+5), vt = sum t(t-1)(2t+5), vu = sum u(u-1)(2u+5),
 *     v1 = sum t(t-1) * sum u(u-1), v2 = sum t(t-1)(t-2) * sum u(u-1)(u-2)
 *   z = (C - D)/sqrt(var),  p = erfc(|z|/sqrt 2)
 * </pre>
 * Undefined cases, as scipy: n &lt; 2, or every pair tied in x or every pair tied in y, give
 * tau = NaN and p = NaN (corpus statistics skip them). One deliberate difference: for n = 2 the
 * v2 term is 0/0 in scipy (NaN); its sums vanish for n &lt; 3, so we take the term as 0.
 *
 * <p>Pairs are counted with Knight's O(n log n) algorithm (sort by x then y, count the
 * inversions of y by merge sort: they are exactly the discordant pairs; C follows from the tie
 * counts). The window recomputes tau on the FX thread for every panel, and a 5,000-token paste
 * made the O(n^2) count stall it for seconds. A test checks it against the pair-by-pair count.
 */
public final class KendallTau {

    /**
     * @param tau         tau-b in [-1, 1], NaN when undefined
     * @param pValue      two-sided p-value of the normal approximation, NaN when undefined
     * @param z           the standardised statistic (C - D)/sqrt(var)
     * @param concordant  C
     * @param discordant  D
     * @param n           number of items
     */
    public record Result(double tau, double pValue, double z, long concordant, long discordant, int n) {
        /** "Significant" as docs/methods.md section 4 defines it: p &lt;= 0.05 (false when undefined). */
        public boolean significant() {
            return pValue <= 0.05;
        }

        /**
         * Why tau is undefined, in words for a reader ("fewer than two tokens to rank"), or null
         * when it is defined: printed instead of "NaN (p = NaN)".
         */
        public String undefinedReason() {
            if (!Double.isNaN(tau)) return null;
            if (n < 2) return "undefined: fewer than two tokens to rank";
            return "undefined: every token has the same attention or the same score, so there is no order to compare";
        }
    }

    private KendallTau() {
    }

    /** tau-b and its asymptotic two-sided p-value between {@code x} and {@code y}. */
    public static Result compute(double[] x, double[] y) {
        if (x.length != y.length) {
            throw new IllegalArgumentException("score vectors of lengths " + x.length + " and " + y.length);
        }
        int n = x.length;
        if (n < 2) return new Result(Double.NaN, Double.NaN, Double.NaN, 0, 0, n);
        TieSums tx = TieSums.of(x);
        TieSums ty = TieSums.of(y);
        long[] cd = concordantDiscordant(x, y);
        long concordant = cd[0];
        long discordant = cd[1];
        double n0 = n * (n - 1.0) / 2;
        if (tx.pairs == n0 || ty.pairs == n0) {
            return new Result(Double.NaN, Double.NaN, Double.NaN, concordant, discordant, n);
        }
        double s = concordant - discordant;
        // One sqrt of the (exact, integer-valued) product: tau = 1 exactly for identical orders.
        double tau = s / Math.sqrt((n0 - tx.pairs) * (n0 - ty.pairs));
        tau = Math.max(-1, Math.min(1, tau)); // rounding only; as scipy
        double m = n * (n - 1.0);
        double var = (m * (2.0 * n + 5) - tx.v - ty.v) / 18
                + (2.0 * tx.pairs * ty.pairs) / m
                + (n > 2 ? tx.v2 * ty.v2 / (9 * m * (n - 2)) : 0);
        double z = s / Math.sqrt(var);
        return new Result(tau, Erfc.twoSidedNormalP(z), z, concordant, discordant, n);
    }

    /**
     * Knight (1966): {C, D}. After sorting by (x, y), a pair i &lt; j is discordant exactly when
     * y_i &gt; y_j (within a tie group of x, y is ascending, so no inversions there); C is what is
     * left of the n0 pairs once the pairs tied in x, tied in y (n1, n2) are removed, the pairs tied
     * in both (n3) added back (they were removed twice), and D taken away.
     */
    static long[] concordantDiscordant(double[] x, double[] y) {
        int n = x.length;
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> {
            int c = Double.compare(x[a], x[b]);
            return c != 0 ? c : Double.compare(y[a], y[b]);
        });
        double[] ys = new double[n];
        long tiedX = 0;
        long tiedBoth = 0;
        long runX = 1;
        long runXY = 1;
        for (int k = 0; k < n; k++) {
            ys[k] = y[order[k]];
            if (k > 0) {
                boolean sameX = Double.compare(x[order[k]], x[order[k - 1]]) == 0;
                boolean sameY = Double.compare(ys[k], ys[k - 1]) == 0;
                runX = sameX ? runX + 1 : 1;
                runXY = sameX && sameY ? runXY + 1 : 1;
                tiedX += runX - 1;
                tiedBoth += runXY - 1;
            }
        }
        long discordant = inversions(ys, new double[n], 0, n);
        double[] sortedY = y.clone();
        Arrays.sort(sortedY);
        long tiedY = 0;
        long runY = 1;
        for (int k = 1; k < n; k++) {
            runY = Double.compare(sortedY[k], sortedY[k - 1]) == 0 ? runY + 1 : 1;
            tiedY += runY - 1;
        }
        long n0 = (long) n * (n - 1) / 2;
        long concordant = n0 - tiedX - tiedY + tiedBoth - discordant;
        return new long[] {concordant, discordant};
    }

    /** Sorts v[from, to) ascending and returns the number of pairs i &lt; j with v[i] &gt; v[j]. */
    private static long inversions(double[] v, double[] buf, int from, int to) {
        if (to - from < 2) return 0;
        int mid = (from + to) >>> 1;
        long count = inversions(v, buf, from, mid) + inversions(v, buf, mid, to);
        int i = from;
        int j = mid;
        int k = from;
        while (i < mid && j < to) {
            if (Double.compare(v[i], v[j]) <= 0) {
                buf[k++] = v[i++];
            } else {
                count += mid - i; // v[j] is smaller than every remaining left element
                buf[k++] = v[j++];
            }
        }
        while (i < mid) buf[k++] = v[i++];
        while (j < to) buf[k++] = v[j++];
        System.arraycopy(buf, from, v, from, to - from);
        return count;
    }

    /** Sums over the tie groups of one vector: sum t(t-1)/2, sum t(t-1)(2t+5), sum t(t-1)(t-2). */
    private record TieSums(double pairs, double v, double v2) {
        static TieSums of(double[] values) {
            double[] sorted = values.clone();
            Arrays.sort(sorted);
            double pairs = 0, v = 0, v2 = 0;
            int start = 0;
            for (int i = 1; i <= sorted.length; i++) {
                if (i == sorted.length || Double.compare(sorted[i], sorted[start]) != 0) {
                    double t = i - start;
                    pairs += t * (t - 1) / 2;
                    v += t * (t - 1) * (2 * t + 5);
                    v2 += t * (t - 1) * (t - 2);
                    start = i;
                }
            }
            return new TieSums(pairs, v, v2);
        }
    }
}
