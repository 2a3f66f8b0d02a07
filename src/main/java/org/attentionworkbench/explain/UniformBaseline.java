package org.attentionworkbench.explain;

import java.util.Arrays;

/** The uniform-attention baseline of docs/methods.md section 5: alpha_i = 1/n, re-decoded. */
public final class UniformBaseline {

    /**
     * @param probabilities y(uniform)
     * @param predicted     its argmax (lowest index on ties)
     * @param flipped       whether that differs from the original prediction
     * @param outputJsd     JSD(y(uniform), y)
     * @param outputTvd     TVD(y(uniform), y)
     * @param attentionJsd  JSD(uniform, alpha)
     */
    public record Result(double[] probabilities, int predicted, boolean flipped, double outputJsd,
                         double outputTvd, double attentionJsd) {
        public Result {
            probabilities = probabilities.clone();
        }

        @Override
        public double[] probabilities() {
            return probabilities.clone();
        }
    }

    private UniformBaseline() {
    }

    /** Decodes the document under uniform attention. Requires n &gt;= 1. */
    public static Result of(EncodedDocument doc) {
        int n = doc.size();
        if (n == 0) throw new IllegalArgumentException("a document without tokens has no uniform attention");
        double[] uniform = new double[n];
        Arrays.fill(uniform, 1.0 / n);
        double[] y = doc.probabilities();
        double[] yu = doc.decode(uniform);
        int pred = Vectors.argmax(yu);
        return new Result(yu, pred, pred != doc.predicted(), Divergences.jsd(yu, y), Divergences.tvd(yu, y),
                Divergences.jsd(uniform, doc.attention()));
    }
}
