package org.attentionworkbench.explain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/** Rank orders of score vectors, shared by the rankings, the top-k distances and faithfulness. */
public final class TopK {

    /** Guards ceil() against products such as 0.2 * 15 = 3.0000000000000004. */
    private static final double CEIL_SLACK = 1e-9;

    private TopK() {
    }

    /**
     * All indices ordered by descending score; equal scores keep the lower index first, so the
     * order is a deterministic function of the scores.
     */
    public static int[] descending(double[] scores) {
        return IntStream.range(0, scores.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> scores[i]).reversed()
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The top ceil(fraction * n) indices by descending score (at least 1, at most n), in rank
     * order, ties by lower index: the "top-k%" tokens of ERASER-style faithfulness (docs/methods.md
     * section 6). Empty only when n = 0.
     *
     * @param fraction in (0, 1], e.g. 0.2 for the top 20%
     */
    public static int[] indices(double[] scores, double fraction) {
        if (!(fraction > 0 && fraction <= 1)) throw new IllegalArgumentException("fraction " + fraction);
        int n = scores.length;
        if (n == 0) return new int[0];
        return Arrays.copyOf(descending(scores), count(n, fraction));
    }

    /** ceil(fraction * n), clamped to [1, n]. */
    static int count(int n, double fraction) {
        int k = (int) Math.ceil(fraction * n - CEIL_SLACK);
        return Math.max(1, Math.min(n, k));
    }
}
