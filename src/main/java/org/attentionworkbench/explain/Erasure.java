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
        boolean[] mask = new boolean[doc.size()];
        for (int i : indices) mask[i] = true;
        double[] y = doc.probabilities();
        double[] ys = doc.decode(erasedAttention(doc.attention(), mask));
        int pred = Vectors.argmax(ys);
        int[] erased = java.util.stream.IntStream.range(0, mask.length).filter(i -> mask[i]).toArray();
        return new Result(erased, ys, Divergences.jsd(y, ys), Divergences.tvd(y, ys), pred, pred != doc.predicted());
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
