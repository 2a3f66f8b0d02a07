package org.attentionworkbench.explain;

/**
 * The complementary error function to about 1e-14 relative accuracy, for the normal-approximation
 * p-values of {@link KendallTau}. commons-math3 is on the class path, but only as a transitive
 * dependency of ND4J, which the explain package does not lean on (the next ND4J release may drop
 * it); the short rational approximations found in textbooks (1.2e-7) are too coarse for p-values
 * compared with scipy's to many digits.
 *
 * <p>Two regimes, each used where it is accurate:
 * <ul>
 *   <li>|x| &lt; 2: the all-positive series erf(x) = 2/sqrt(pi) exp(-x^2) sum_n 2^n x^(2n+1) /
 *   (1*3*...*(2n+1)); no cancellation inside the sum, and erfc = 1 - erf loses at most
 *   log10(1/erfc(2)) ~ 2.3 digits there.</li>
 *   <li>x &gt;= 2: the continued fraction erfc(x) = exp(-x^2)/sqrt(pi) * 1/(x + (1/2)/(x + 1/(x +
 *   (3/2)/(x + ...)))), evaluated with the modified Lentz method; it converges in a few dozen
 *   terms there and keeps full relative accuracy deep into the tail.</li>
 * </ul>
 */
public final class Erfc {

    private static final double TWO_OVER_SQRT_PI = 2 / Math.sqrt(Math.PI);
    private static final double ONE_OVER_SQRT_PI = 1 / Math.sqrt(Math.PI);
    private static final double TINY = 1e-300;

    private Erfc() {
    }

    /** erfc(x) = 1 - erf(x) = 2/sqrt(pi) * integral_x^inf exp(-t^2) dt. */
    public static double erfc(double x) {
        if (Double.isNaN(x)) return Double.NaN;
        if (x < 0) return 2 - erfc(-x);
        if (x < 2) return 1 - erfSeries(x);
        if (x > 27.3) return 0; // below the smallest subnormal double
        return continuedFraction(x);
    }

    /** Two-sided normal tail probability P(|Z| >= |z|) = erfc(|z| / sqrt 2). */
    public static double twoSidedNormalP(double z) {
        return erfc(Math.abs(z) / Math.sqrt(2));
    }

    private static double erfSeries(double x) {
        double x2 = x * x;
        double term = x;
        double sum = x;
        for (int n = 1; n < 200; n++) {
            term *= 2 * x2 / (2 * n + 1);
            sum += term;
            if (term < 1e-17 * sum) break;
        }
        return TWO_OVER_SQRT_PI * Math.exp(-x2) * sum;
    }

    /** Modified Lentz for x + a_1/(x + a_2/(x + ...)) with a_k = k/2. */
    private static double continuedFraction(double x) {
        double f = x;
        double c = x;
        double d = 0;
        for (int k = 1; k < 500; k++) {
            double a = k / 2.0;
            d = x + a * d;
            if (Math.abs(d) < TINY) d = TINY;
            c = x + a / c;
            if (Math.abs(c) < TINY) c = TINY;
            d = 1 / d;
            double delta = c * d;
            f *= delta;
            if (Math.abs(delta - 1) < 1e-16) break;
        }
        return ONE_OVER_SQRT_PI * Math.exp(-x * x) / f;
    }
}
