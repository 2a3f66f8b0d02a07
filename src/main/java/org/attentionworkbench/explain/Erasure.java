package org.attentionworkbench.explain;

import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * Erasure at the attention layer (docs/methods.md section 6): set alpha_i = 0 for i in S, renormalise
 * the rest to sum 1 and re-decode. When nothing with positive weight is left (S = every token)
 * the context is the zero vector and the output is softmax(b), the decoder's bias alone.
 */
public final class Erasure {

    /**
     * One erasure.
     *
     * @param erased        the erased token indices (sorted, distinct)
     * @param probabilities y_S, the output after erasure
     * @param jsd           JSD(y, y_S)
     * @param tvd           TVD(y, y_S)
     * @param predicted     argmax y_S (lowest index on ties)
     * @param flipped       whether argmax y_S differs from the original prediction
     */
    public record Result(int[] erased, double[] probabilities, double jsd, double tvd, int predicted,
                         boolean flipped) {
        public Result {
            erased = erased.clone();
            probabilities = probabilities.clone();
        }

        @Override
        public int[] erased() {
            return erased.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }

    /**
     * The single-weight test of docs/methods.md section 6: i* = argmax alpha against a random other token
     * r. One cell of the 2x2 flip table is (topFlips, randomFlips).
     *
     * @param top         i* (lowest index on ties)
     * @param random      r, uniform over the other n-1 tokens
     * @param deltaJs     JS(y, y_{-i*}) - JS(y, y_{-r})
     * @param deltaAlpha  alpha_{i*} - alpha_r
     * @param topFlips    whether erasing i* alone flips the decision
     * @param randomFlips whether erasing r alone flips the decision
     */
    public record SingleWeight(int top, int random, double deltaJs, double deltaAlpha, boolean topFlips,
                               boolean randomFlips) {
    }

    private Erasure() {
    }

    /** Erases the tokens {@code indices} (duplicates ignored) and re-decodes. */
    public static Result erase(EncodedDocument doc, int... indices) {
        int[] erased = distinctSorted(indices, doc.size());
        double[] y = doc.probabilities();
        // A few tokens (the eraser's clicks, single-weight tests): subtract their share from the
        // attended sum, O(kC); many, or nearly all the mass: renormalise and re-decode, O(nC).
        double[] logits = erased.length * 4 <= doc.size() ? doc.logitsWithout(erased, MIN_KEPT_FOR_SUBTRACTION) : null;
        double[] ys;
        if (logits != null) {
            ys = EncodedDocument.softmax(logits);
        } else {
            boolean[] mask = new boolean[doc.size()];
            for (int i : erased) mask[i] = true;
            ys = doc.decode(erasedAttention(doc.attention(), mask));
        }
        int pred = Vectors.argmax(ys);
        return new Result(erased, ys, Divergences.jsd(y, ys), Divergences.tvd(y, ys), pred, pred != doc.predicted());
    }

    /**
     * Below this share of the attention mass kept, erasure re-decodes the renormalised vector
     * instead of subtracting: (sum - removed) / kept loses about log10(1 / kept) digits.
     */
    private static final double MIN_KEPT_FOR_SUBTRACTION = 1e-3;

    /** The indices sorted, duplicates removed; each checked against the document's length. */
    private static int[] distinctSorted(int[] indices, int n) {
        int[] s = indices.clone();
        Arrays.sort(s);
        int k = 0;
        for (int i = 0; i < s.length; i++) {
            if (s[i] < 0 || s[i] >= n) throw new IndexOutOfBoundsException("token " + s[i] + " of " + n);
            if (k == 0 || s[i] != s[k - 1]) s[k++] = s[i];
        }
        return k == s.length ? s : Arrays.copyOf(s, k);
    }

    /**
     * alpha with the masked weights zeroed and the rest renormalised; all zeros when no positive
     * weight remains, which makes {@link EncodedDocument#decode} return softmax(b).
     */
    static double[] erasedAttention(double[] alpha, boolean[] erased) {
        double[] a = alpha.clone();
        double kept = 0;
        for (int i = 0; i < a.length; i++) {
            if (erased[i]) a[i] = 0;
            else kept += a[i];
        }
        if (kept > 0) {
            for (int i = 0; i < a.length; i++) a[i] /= kept;
        } else {
            Arrays.fill(a, 0);
        }
        return a;
    }

    /**
     * The single-weight test with r drawn from {@code new SplittableRandom(seed)}. Empty for n &lt; 2:
     * there is no "other" token, so the test is undefined and the document is left out.
     */
    public static Optional<SingleWeight> singleWeight(EncodedDocument doc, long seed) {
        int n = doc.size();
        if (n < 2) return Optional.empty();
        double[] alpha = doc.attention();
        int top = Vectors.argmax(alpha);
        int r = new SplittableRandom(seed).nextInt(n - 1);
        if (r >= top) r++; // uniform over the n-1 indices other than top
        Result eTop = erase(doc, top);
        Result eRand = erase(doc, r);
        return Optional.of(new SingleWeight(top, r, eTop.jsd() - eRand.jsd(), alpha[top] - alpha[r],
                eTop.flipped(), eRand.flipped()));
    }
}
