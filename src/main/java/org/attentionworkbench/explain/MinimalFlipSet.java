package org.attentionworkbench.explain;

import java.util.Arrays;
import java.util.Comparator;
import java.util.stream.IntStream;

/**
 * The exact minimal flip set, the "oracle" ranking of docs/methods.md section 6 (any number of classes).
 *
 * <p><b>Derivation.</b> Erase S and let K be the kept tokens with mass W = sum_{i in K} alpha_i.
 * If W &gt; 0 the logits are L_j = (1/W) sum_{i in K} alpha_i z_ij + b_j, so
 * <pre>
 *   W (L_j - L_c) = sum_{i in K} alpha_i (z_ij - z_ic) + (b_j - b_c) W = - sum_{i in K} m_ij,
 *   m_ij = alpha_i (z_ic - z_ij - b_j + b_c),
 * </pre>
 * and, W being positive, L_j &gt; L_c iff sum_{i in K} m_ij &lt; 0 — the docs/methods.md condition
 * sum_K alpha_i (z_ic - z_ij) &lt; (b_j - b_c) sum_K alpha_i rearranged. If W = 0 (S holds every
 * token with positive weight, e.g. S = all) the output is softmax(b); the formula would read
 * "0 &lt; 0" and must not be used, so that case is decided by comparing biases directly: it flips
 * iff argmax b != c, at the cost of erasing every positive weight (n tokens when alpha &gt; 0).
 *
 * <p><b>Ties.</b> The decision is argmax with the lowest index winning, as
 * {@code EncodedDocument.predicted()}. So c stays the decision iff L_c &gt; L_j for every j &lt; c
 * and L_c &gt;= L_j for every j &gt; c; rival j takes it from c iff sum_K m_ij &lt;= 0 (j &lt; c,
 * and W &gt; 0) or sum_K m_ij &lt; 0 (j &gt; c, which already forces W &gt; 0).
 *
 * <p><b>Optimality of the greedy order.</b> Fix a rival j and a size k &lt; n. The kept sum is
 * sum_all m_ij - sum_S m_ij, so among all sets of size k it is smallest when S holds the k largest
 * m_ij: the prefix of length k of the order by decreasing m_ij. The condition is a threshold on
 * the kept sum, so if any set of size k lets j win, that prefix does; the smallest winning k along
 * the greedy order is therefore the minimum for j, and the minimum over j (and over the
 * bias-decided option) is the true minimum number of erasures that flips the decision. Among
 * equal m_ij the order removes zero-weight tokens first, so that when the threshold is met with
 * equality the prefix keeps positive mass whenever any set of that size could.
 */
public final class MinimalFlipSet {

    /**
     * @param indices   the minimal set S, in removal order (empty when nothing flips)
     * @param flippable whether any erasure flips the decision
     * @param rival     the class that wins after erasing S (its decode's argmax; -1 if not flippable)
     * @param ranking   the oracle ranking: S first, then the rest of the winning rival's order
     *                  (of the runner-up class if nothing flips), run through {@link ErasureRanking}
     */
    public record Result(int[] indices, boolean flippable, int rival, ErasureRanking.Curve ranking) {
        public Result {
            indices = indices.clone();
        }

        @Override
        public int[] indices() {
            return indices.clone();
        }

        /** |S|; 0 when nothing flips. */
        public int size() {
            return indices.length;
        }

        /** |S| / n, NaN when nothing flips. */
        public double fraction() {
            return flippable ? (double) indices.length / ranking.order().length : Double.NaN;
        }

        /** y_c after erasing the first k tokens of the oracle ranking, k = 0..n. */
        public double[] curve() {
            return ranking.curve();
        }
    }

    private MinimalFlipSet() {
    }

    /** The minimal set of erasures that changes the argmax, over all rivals. Requires n &gt;= 1. */
    public static Result find(EncodedDocument doc) {
        int n = doc.size();
        if (n == 0) throw new IllegalArgumentException("a document without tokens has nothing to erase");
        int c = doc.predicted();
        double[] bias = doc.bias();
        int bestSize = Integer.MAX_VALUE;
        int[] bestOrder = null;
        for (int j = 0; j < doc.numClasses(); j++) {
            if (j == c) continue;
            int[] order = greedyOrder(doc, c, j);
            int k = smallestWinningPrefix(doc, c, j, order);
            if (k > 0 && k < bestSize) {
                bestSize = k;
                bestOrder = order;
            }
        }
        // Erasing every positive weight leaves the context at zero and softmax(b) decides. With
        // positive alpha this is S = all (size n); zero weights need not be erased for it.
        int positive = 0;
        for (int i = 0; i < n; i++) if (doc.attention(i) > 0) positive++;
        if (Vectors.argmax(bias) != c && positive < bestSize) {
            bestSize = positive;
            bestOrder = TopK.descending(doc.attention()); // the positive weights come first
        }
        if (bestOrder == null) {
            int[] order = greedyOrder(doc, c, runnerUp(doc.probabilities(), c));
            return new Result(new int[0], false, -1, ErasureRanking.of(doc, "oracle", order));
        }
        int[] set = Arrays.copyOf(bestOrder, bestSize);
        // The winner after erasure may be another class than the rival whose order found the set
        // (any class beating c flips the decision), so it is read off the decode.
        int winner = Erasure.erase(doc, set).predicted();
        return new Result(set, true, winner, ErasureRanking.of(doc, "oracle", bestOrder));
    }

    /** m_ij = alpha_i (z_ic - z_ij - b_j + b_c): token i's share of c's margin over j. */
    static double[] margins(EncodedDocument doc, int c, int j) {
        double[] b = doc.bias();
        double[] m = new double[doc.size()];
        for (int i = 0; i < m.length; i++) {
            m[i] = doc.attention(i) * (doc.contribution(i, c) - doc.contribution(i, j) - b[j] + b[c]);
        }
        return m;
    }

    /** Decreasing m_ij; equal m_ij: smaller alpha first (zero weights go first), then lower index. */
    static int[] greedyOrder(EncodedDocument doc, int c, int j) {
        double[] m = margins(doc, c, j);
        return IntStream.range(0, m.length).boxed()
                .sorted(Comparator.<Integer>comparingDouble(i -> -m[i])
                        .thenComparingDouble(doc::attention)
                        .thenComparingInt(i -> i))
                .mapToInt(Integer::intValue).toArray();
    }

    /**
     * The smallest k in 1..n-1 such that erasing order[0..k-1] lets j take the decision from c, or
     * -1. Kept sums are accumulated from the end (suffix sums) so that no subtraction is involved.
     */
    private static int smallestWinningPrefix(EncodedDocument doc, int c, int j, int[] order) {
        int n = order.length;
        double[] m = margins(doc, c, j);
        double keptSum = 0;
        double keptMass = 0;
        int best = -1;
        for (int k = n - 1; k >= 1; k--) { // kept = order[k..n-1]
            keptSum += m[order[k]];
            keptMass += doc.attention(order[k]);
            boolean wins = j < c ? keptSum <= 0 && keptMass > 0 : keptSum < 0;
            if (wins) best = k;
        }
        return best;
    }

    private static int runnerUp(double[] p, int c) {
        int r = -1;
        for (int j = 0; j < p.length; j++) if (j != c && (r < 0 || p[j] > p[r])) r = j;
        return r < 0 ? c : r;
    }
}
