package org.attentionworkbench.explain;

/**
 * Weighted (ridge) least squares in closed form, for LIME's local model and KernelSHAP's
 * regression: minimise sum_s w_s (y_s - b0 - x_s . beta)^2 + lambda |beta|^2, the intercept b0
 * unpenalised (as scikit-learn's Ridge with sample weights: centre x and y on their weighted means,
 * solve (X_c' W X_c + lambda I) beta = X_c' W y_c by Cholesky, b0 = ybar - xbar . beta).
 */
final class WeightedRegression {

    private WeightedRegression() {
    }

    /**
     * The fit.
     *
     * @param beta      coefficients
     * @param intercept b0 (0 without one)
     * @param r2        weighted coefficient of determination of the fit (NaN when y is constant)
     */
    record Fit(double[] beta, double intercept, double r2) { }

    /**
     * @param x         [samples][features]
     * @param y         targets
     * @param w         sample weights, non-negative
     * @param lambda    ridge penalty (0: plain least squares; a tiny jitter keeps a singular system solvable)
     * @param intercept fit an unpenalised intercept
     */
    static Fit fit(double[][] x, double[] y, double[] w, double lambda, boolean intercept) {
        int n = x.length;
        int d = n == 0 ? 0 : x[0].length;
        double sw = 0;
        double[] xbar = new double[d];
        double ybar = 0;
        if (intercept) {
            for (int s = 0; s < n; s++) {
                sw += w[s];
                ybar += w[s] * y[s];
                for (int j = 0; j < d; j++) xbar[j] += w[s] * x[s][j];
            }
            if (sw > 0) {
                ybar /= sw;
                for (int j = 0; j < d; j++) xbar[j] /= sw;
            }
        }
        double[][] a = new double[d][d];
        double[] b = new double[d];
        double[] xc = new double[d];
        for (int s = 0; s < n; s++) {
            if (w[s] == 0) continue;
            for (int j = 0; j < d; j++) xc[j] = x[s][j] - xbar[j];
            double yc = y[s] - ybar;
            for (int j = 0; j < d; j++) {
                double wx = w[s] * xc[j];
                if (wx == 0) continue;
                b[j] += wx * yc;
                double[] aj = a[j];
                for (int k = 0; k <= j; k++) aj[k] += wx * xc[k];
            }
        }
        double trace = 0;
        for (int j = 0; j < d; j++) trace += a[j][j];
        // A relative jitter of 1e-10 makes a singular system (fewer samples than features) solvable,
        // giving nearly the least-norm solution, as the packages' lstsq fallback does.
        double ridge = lambda + 1e-10 * Math.max(trace / Math.max(1, d), 1e-300);
        for (int j = 0; j < d; j++) {
            a[j][j] += ridge;
            for (int k = 0; k < j; k++) a[k][j] = a[j][k];
        }
        double[] beta = choleskySolve(a, b);
        double b0 = intercept ? ybar - dot(xbar, beta) : 0;
        double ssRes = 0;
        double ssTot = 0;
        for (int s = 0; s < n; s++) {
            double r = y[s] - b0 - dot(x[s], beta);
            ssRes += w[s] * r * r;
            double t = y[s] - ybar;
            ssTot += w[s] * t * t;
        }
        return new Fit(beta, b0, ssTot > 0 ? 1 - ssRes / ssTot : Double.NaN);
    }

    /** Solves A x = b for symmetric positive definite A (overwritten). */
    static double[] choleskySolve(double[][] a, double[] b) {
        int d = b.length;
        for (int j = 0; j < d; j++) {
            double sum = a[j][j];
            for (int k = 0; k < j; k++) sum -= a[j][k] * a[j][k];
            if (!(sum > 0)) throw new ArithmeticException("regression matrix not positive definite");
            double l = Math.sqrt(sum);
            a[j][j] = l;
            for (int i = j + 1; i < d; i++) {
                double s = a[i][j];
                double[] ai = a[i];
                double[] aj = a[j];
                for (int k = 0; k < j; k++) s -= ai[k] * aj[k];
                a[i][j] = s / l;
            }
        }
        double[] z = new double[d];
        for (int i = 0; i < d; i++) {
            double s = b[i];
            for (int k = 0; k < i; k++) s -= a[i][k] * z[k];
            z[i] = s / a[i][i];
        }
        double[] x = new double[d];
        for (int i = d - 1; i >= 0; i--) {
            double s = z[i];
            for (int k = i + 1; k < d; k++) s -= a[k][i] * x[k];
            x[i] = s / a[i][i];
        }
        return x;
    }

    static double dot(double[] u, double[] v) {
        double s = 0;
        for (int i = 0; i < u.length; i++) s += u[i] * v[i];
        return s;
    }
}
