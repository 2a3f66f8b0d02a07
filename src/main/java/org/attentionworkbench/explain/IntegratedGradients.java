package org.attentionworkbench.explain;

/**
 * Integrated-gradients attributions of one document (docs/methods.md section 3).
 *
 * @param attributions     per token (e_i - b_i) . mean_k grad(b + k/m (e - b))_i
 * @param output           f(x): the target class probability at the document
 * @param baselineOutput   f(b): the same at the baseline
 * @param steps            m, the number of Riemann steps
 */
public record IntegratedGradients(double[] attributions, double output, double baselineOutput, int steps) {

    public IntegratedGradients {
        attributions = attributions.clone();
    }

    /** The baseline b of integrated gradients. */
    public enum Baseline {
        /** Zero embeddings (docs/methods.md default). */
        ZERO,
        /** The PAD embedding in every position; PAD's row is kept at zero, so this equals ZERO here. */
        PAD,
        /** The UNK embedding in every position. */
        UNK
    }

    @Override
    public double[] attributions() {
        return attributions.clone();
    }

    /** Sum of the attributions. */
    public double total() {
        double s = 0;
        for (double a : attributions) s += a;
        return s;
    }

    /** |sum attributions - (f(x) - f(b))|: zero for exact integration, the Riemann error otherwise. */
    public double completenessError() {
        return Math.abs(total() - (output - baselineOutput));
    }

    /** The completeness error relative to |f(x) - f(b)| (NaN if the two outputs are equal). */
    public double relativeCompletenessError() {
        double gap = Math.abs(output - baselineOutput);
        return gap == 0 ? Double.NaN : completenessError() / gap;
    }
}
