package org.attentionworkbench.explain;

/**
 * Integrated-gradients attributions of one document (docs/methods.md section 3).
 *
 * @param attributions     per token (e_i - b_i) . mean_k grad(b + k/m (e - b))_i
 * @param output           f(x): the target class probability at the document
 * @param baselineOutput   f(b): the same at the baseline
 * @param steps            m, the number of points of the rule (Riemann steps or Gauss-Legendre nodes)
 * @param rule             how the path integral was approximated
 */
public record IntegratedGradients(double[] attributions, double output, double baselineOutput, int steps, Rule rule) {

    public IntegratedGradients {
        attributions = attributions.clone();
        if (rule == null) throw new IllegalArgumentException("no rule");
    }

    /** Attributions of the Riemann sum. */
    public IntegratedGradients(double[] attributions, double output, double baselineOutput, int steps) {
        this(attributions, output, baselineOutput, steps, Rule.RIEMANN);
    }

    /** How the path integral integral_0^1 grad(b + a (e - b)) da is approximated ({@link Quadrature}). */
    public enum Rule {
        /** The literature's right Riemann sum, a_k = k/m with equal weights (the default). */
        RIEMANN("riemann"),
        /** m-point Gauss-Legendre quadrature: exact for polynomials of degree 2m - 1. */
        GAUSS_LEGENDRE("gauss-legendre");

        private final String id;

        Rule(String id) {
            this.id = id;
        }

        /** The command-line and JSON name. */
        public String id() {
            return id;
        }

        /** The rule named {@code id} (also its enum name, any case). */
        public static Rule parse(String id) {
            for (Rule r : values()) {
                if (r.id.equalsIgnoreCase(id) || r.name().equalsIgnoreCase(id)) return r;
            }
            throw new IllegalArgumentException("no integration rule '" + id + "' (expected riemann or gauss-legendre)");
        }
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

    /** |sum attributions - (f(x) - f(b))|: zero for exact integration, the rule's error otherwise. */
    public double completenessError() {
        return Math.abs(total() - (output - baselineOutput));
    }

    /** The completeness error relative to |f(x) - f(b)| (NaN if the two outputs are equal). */
    public double relativeCompletenessError() {
        double gap = Math.abs(output - baselineOutput);
        return gap == 0 ? Double.NaN : completenessError() / gap;
    }
}
