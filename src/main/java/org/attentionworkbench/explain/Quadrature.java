package org.attentionworkbench.explain;

/**
 * Points a_k in (0, 1] and weights w_k of a rule that approximates the path integral of integrated
 * gradients, integral_0^1 g(a) da ~ sum_k w_k g(a_k) (docs/methods.md section 3).
 *
 * @param nodes   the a_k
 * @param weights the w_k, summing to 1
 */
public record Quadrature(double[] nodes, double[] weights) {

    public Quadrature {
        if (nodes.length != weights.length || nodes.length == 0) throw new IllegalArgumentException("nodes and weights");
        nodes = nodes.clone();
        weights = weights.clone();
    }

    @Override
    public double[] nodes() {
        return nodes.clone();
    }

    @Override
    public double[] weights() {
        return weights.clone();
    }

    /** Number of points, m. */
    public int size() {
        return nodes.length;
    }

    /** The rule {@code rule} with m points. */
    public static Quadrature of(IntegratedGradients.Rule rule, int m) {
        return rule == IntegratedGradients.Rule.GAUSS_LEGENDRE ? gaussLegendre(m) : riemann(m);
    }

    /** The literature's right Riemann sum: a_k = k/m, w_k = 1/m (Sundararajan et al. 2017). */
    public static Quadrature riemann(int m) {
        if (m < 1) throw new IllegalArgumentException("at least one step");
        double[] a = new double[m];
        double[] w = new double[m];
        for (int k = 1; k <= m; k++) {
            a[k - 1] = (double) k / m;
            w[k - 1] = 1.0 / m;
        }
        return new Quadrature(a, w);
    }

    /**
     * m-point Gauss-Legendre on [0, 1]: the roots x_k of the Legendre polynomial P_m (Newton's method
     * from Chebyshev guesses, as in Numerical Recipes' gauleg) mapped by a = (x + 1)/2, weights
     * 2 / ((1 - x^2) P_m'(x)^2) halved. Exact for polynomials of degree 2m - 1, against degree 0 for
     * the Riemann sum, so a smooth path needs far fewer points.
     */
    public static Quadrature gaussLegendre(int m) {
        if (m < 1) throw new IllegalArgumentException("at least one node");
        double[] a = new double[m];
        double[] w = new double[m];
        for (int i = 0; i < (m + 1) / 2; i++) {
            double x = Math.cos(Math.PI * (i + 0.75) / (m + 0.5));
            double dp = 0;
            for (int iter = 0; iter < 100; iter++) {
                double p0 = 1;
                double p1 = 0;
                for (int j = 1; j <= m; j++) { // recurrence j P_j = (2j-1) x P_{j-1} - (j-1) P_{j-2}
                    double p2 = p1;
                    p1 = p0;
                    p0 = ((2.0 * j - 1) * x * p1 - (j - 1.0) * p2) / j;
                }
                dp = m * (x * p0 - p1) / (x * x - 1);
                double dx = p0 / dp;
                x -= dx;
                if (Math.abs(dx) < 1e-15) break;
            }
            // recompute P_m' at the converged root for the weight
            double p0 = 1;
            double p1 = 0;
            for (int j = 1; j <= m; j++) {
                double p2 = p1;
                p1 = p0;
                p0 = ((2.0 * j - 1) * x * p1 - (j - 1.0) * p2) / j;
            }
            dp = m * (x * p0 - p1) / (x * x - 1);
            double weight = 2 / ((1 - x * x) * dp * dp);
            // symmetric pair x and -x on [-1, 1]; ascending on [0, 1]
            a[i] = (1 - x) / 2;
            a[m - 1 - i] = (1 + x) / 2;
            w[i] = weight / 2;
            w[m - 1 - i] = weight / 2;
        }
        return new Quadrature(a, w);
    }
}
