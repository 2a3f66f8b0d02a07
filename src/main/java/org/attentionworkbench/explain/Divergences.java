package org.attentionworkbench.explain;

/**
 * The distances between distributions of docs/methods.md section 2, in natural log.
 *
 * <p>Zeros are guarded with the convention 0 log 0 = 0, so attention vectors with erased (zero)
 * weights and output distributions that underflow are handled without NaN. Inputs are used as
 * given: nothing is renormalised, because callers compare exact decoder outputs.
 */
public final class Divergences {

    /** ln 2, the upper bound of {@link #jsd(double[], double[])} in nats. */
    public static final double LN2 = Math.log(2);

    private Divergences() {
    }

    /**
     * KL(p||q) = sum_k p_k log(p_k / q_k) (docs/methods.md section 2). Terms with p_k = 0 are 0; a term
     * with p_k > 0 and q_k = 0 is +infinity, as the definition says.
     */
    public static double kl(double[] p, double[] q) {
        checkSameLength(p, q);
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            if (p[k] > 0) {
                sum += q[k] > 0 ? p[k] * Math.log(p[k] / q[k]) : Double.POSITIVE_INFINITY;
            }
        }
        return sum;
    }

    /**
     * JSD(p,q) = 0.5 KL(p||m) + 0.5 KL(q||m), m = (p+q)/2 (docs/methods.md section 2). Symmetric and,
     * for distributions, in [0, ln 2]. Never infinite: m_k > 0 wherever p_k or q_k is.
     */
    public static double jsd(double[] p, double[] q) {
        checkSameLength(p, q);
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            sum += jsdTerm(p[k], q[k]);
        }
        // Rounding can push an identical pair a hair below zero; the definition cannot.
        return Math.max(0, sum);
    }

    /**
     * One coordinate's share of the JSD: 0.5 p log(2p/(p+q)) + 0.5 q log(2q/(p+q)), with 0 log 0
     * = 0. Exposed to the package so that the exact adversary can evaluate the JSD of a sparse
     * vector coordinate by coordinate.
     */
    static double jsdTerm(double p, double q) {
        double m = p + q;
        double t = 0;
        if (p > 0) t += 0.5 * p * Math.log(2 * p / m);
        if (q > 0) t += 0.5 * q * Math.log(2 * q / m);
        return t;
    }

    /** TVD(p,q) = 0.5 sum_k |p_k - q_k| (docs/methods.md section 2); for two classes |p_1 - q_1|. */
    public static double tvd(double[] p, double[] q) {
        checkSameLength(p, q);
        double sum = 0;
        for (int k = 0; k < p.length; k++) {
            sum += Math.abs(p[k] - q[k]);
        }
        return 0.5 * sum;
    }

    private static void checkSameLength(double[] p, double[] q) {
        if (p.length != q.length) {
            throw new IllegalArgumentException("distributions of lengths " + p.length + " and " + q.length);
        }
    }
}
