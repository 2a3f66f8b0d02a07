package org.attentionworkbench.explain;

import java.util.Arrays;
import java.util.stream.IntStream;

/**
 * Fagin, Kumar &amp; Sivakumar (2003) Kendall distance with penalty parameter p, K^(p), between the
 * top-k lists of two score vectors (docs/methods.md section 4, a secondary view; it is a distance:
 * 0 = identical lists in identical order).
 *
 * <p>Over every unordered pair {i, j} of items in the union of the two lists:
 * <ol>
 *   <li>both in both lists: 1 if the lists order them differently;</li>
 *   <li>both in one list, only i in the other: 1 if the first list ranks j ahead of i (the other
 *   list implicitly ranks the present i ahead of the absent j);</li>
 *   <li>i only in one list, j only in the other: 1;</li>
 *   <li>both in one list, neither in the other: p (default 0.5).</li>
 * </ol>
 * The maximum, reached by disjoint lists, is k^2 (case 3) + p k(k-1) (case 4 in each list), and
 * the normalised distance divides by that. (Dividing by k^2 alone, as is sometimes written, would
 * let disjoint lists score 1.45 for k = 10.)
 */
public final class TopKKendallDistance {

    /** The penalty of Fagin et al. used by default (the "neutral" choice). */
    public static final double DEFAULT_PENALTY = 0.5;

    /**
     * @param k          list length used (after clamping to n)
     * @param raw        K^(p)
     * @param normalised K^(p) / (k^2 + p k(k-1)), in [0, 1]; 0 when k = 0
     */
    public record Result(int k, double raw, double normalised) {
    }

    private TopKKendallDistance() {
    }

    /**
     * The default list length of docs/methods.md section 4: k = max(10, ceil(10% of the mean document
     * length)), clamped to the document's n.
     */
    public static int defaultK(int n, double meanLength) {
        return Math.min(n, Math.max(10, (int) Math.ceil(0.1 * meanLength - 1e-9)));
    }

    /** K^(0.5) between the top-k lists of {@code x} and {@code y} (k clamped to n). */
    public static Result compute(double[] x, double[] y, int k) {
        return compute(x, y, k, DEFAULT_PENALTY);
    }

    /** K^(p) between the top-k lists of {@code x} and {@code y} (k clamped to n). */
    public static Result compute(double[] x, double[] y, int k, double penalty) {
        if (x.length != y.length) throw new IllegalArgumentException("lengths " + x.length + " and " + y.length);
        int kk = Math.max(0, Math.min(k, x.length));
        int[] a = Arrays.copyOf(TopK.descending(x), kk);
        int[] b = Arrays.copyOf(TopK.descending(y), kk);
        double raw = between(a, b, penalty, x.length);
        double max = (double) kk * kk + penalty * kk * (kk - 1);
        return new Result(kk, raw, max == 0 ? 0 : raw / max);
    }

    /**
     * K^(p) between two top-k lists of distinct items drawn from 0..universe-1 (best first).
     * Package-visible so that tests can exercise it on hand-made lists.
     */
    static double between(int[] list1, int[] list2, double penalty, int universe) {
        int[] rank1 = ranks(list1, universe);
        int[] rank2 = ranks(list2, universe);
        int[] union = IntStream.concat(Arrays.stream(list1), Arrays.stream(list2)).distinct().toArray();
        double total = 0;
        for (int x = 0; x < union.length; x++) {
            for (int w = x + 1; w < union.length; w++) {
                total += pairPenalty(union[x], union[w], rank1, rank2, penalty);
            }
        }
        return total;
    }

    private static double pairPenalty(int i, int j, int[] r1, int[] r2, double penalty) {
        boolean i1 = r1[i] >= 0, j1 = r1[j] >= 0, i2 = r2[i] >= 0, j2 = r2[j] >= 0;
        if (i1 && j1 && i2 && j2) { // case 1
            return Integer.signum(r1[i] - r1[j]) != Integer.signum(r2[i] - r2[j]) ? 1 : 0;
        }
        if (i1 && j1) return bothInOne(r1, i, j, i2, j2, penalty);
        if (i2 && j2) return bothInOne(r2, i, j, i1, j1, penalty);
        return 1; // case 3: each is in exactly one list, and they are in different lists
    }

    /** Cases 2 and 4 for a pair both in list "full" and not both in the other list. */
    private static double bothInOne(int[] full, int i, int j, boolean iInOther, boolean jInOther, double penalty) {
        if (iInOther) return full[j] < full[i] ? 1 : 0; // other list: i ahead of the absent j
        if (jInOther) return full[i] < full[j] ? 1 : 0;
        return penalty;                                     // case 4
    }

    private static int[] ranks(int[] list, int universe) {
        int[] r = new int[universe];
        Arrays.fill(r, -1);
        for (int pos = 0; pos < list.length; pos++) r[list[pos]] = pos;
        return r;
    }
}
