package org.attentionworkbench.model;

/**
 * Dense products on matrices held as rows ({@code double[][]}, one array per row), written as row
 * updates ({@code out_i += a_iq w_q}) with the innermost loop over whole rows from index 0.
 *
 * <p>Why this shape: it is the one the JDK 17 JIT turns into SIMD code. Measured on this machine
 * (AVX2), a 400 x 100 by 100 x 512 product took 13-25 ms as row updates inside one flat array
 * (a loop {@code y[yOff + j] += s * x[xOff + j]} with two offsets is not vectorised), 4.9 ms on
 * separate row arrays, and 3.3 ms with four rows per pass (fewer loads and stores of the output
 * row); a dot-product loop over doubles is not vectorised at all (its additions must stay in order).
 */
final class Dense {

    private Dense() {
    }

    /** out[n][m] += a[n][k] w[k][m]. */
    static void multiplyAdd(double[][] a, double[][] w, double[][] out) {
        for (int i = 0; i < a.length; i++) multiplyAdd(a[i], w, out[i]);
    }

    /** out[m] += a[k] w[k][m] (a row vector times a matrix). */
    static void multiplyAdd(double[] a, double[][] w, double[] out) {
        int k = a.length;
        int q = 0;
        for (; q + 3 < k; q += 4) axpy4(a[q], a[q + 1], a[q + 2], a[q + 3], w[q], w[q + 1], w[q + 2], w[q + 3], out);
        for (; q < k; q++) axpy(a[q], w[q], out);
    }

    /**
     * out[m] += a[k] w[k][m] skipping the rows of w whose a[q] is 0: for a ReLU's outputs (the
     * CNN's h, and the gradient back through it), about half of them. The nonzero rows still go
     * four at a time; the sum is the same, only in a different grouping.
     */
    static void multiplyAddSparse(double[] a, double[][] w, double[] out) {
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int got = 0;
        for (int q = 0; q < a.length; q++) {
            if (a[q] == 0) continue;
            switch (got) {
                case 0 -> i0 = q;
                case 1 -> i1 = q;
                case 2 -> i2 = q;
                default -> axpy4(a[i0], a[i1], a[i2], a[q], w[i0], w[i1], w[i2], w[q], out);
            }
            got = (got + 1) & 3;
        }
        if (got > 0) axpy(a[i0], w[i0], out);
        if (got > 1) axpy(a[i1], w[i1], out);
        if (got > 2) axpy(a[i2], w[i2], out);
    }

    /** {@link #multiplyAddSparse(double[], double[][], double[])} in float, as {@link #multiplyAdd(double[], float[][], double[], float[], float[])}. */
    static void multiplyAddSparse(double[] a, float[][] w, double[] out, float[] aF, float[] outF) {
        int m = out.length;
        java.util.Arrays.fill(outF, 0, m, 0f);
        int i0 = 0;
        int i1 = 0;
        int i2 = 0;
        int got = 0;
        for (int q = 0; q < a.length; q++) {
            if (a[q] == 0) continue;
            aF[q] = (float) a[q];
            switch (got) {
                case 0 -> i0 = q;
                case 1 -> i1 = q;
                case 2 -> i2 = q;
                default -> axpy4(aF[i0], aF[i1], aF[i2], aF[q], w[i0], w[i1], w[i2], w[q], outF, m);
            }
            got = (got + 1) & 3;
        }
        for (int r = 0; r < got; r++) {
            int q = r == 0 ? i0 : r == 1 ? i1 : i2;
            float s = aF[q];
            float[] x = w[q];
            for (int j = 0; j < m; j++) outF[j] += s * x[j];
        }
        for (int j = 0; j < m; j++) out[j] += outF[j];
    }

    /**
     * out[m] += a[k] w[k][m] in float arithmetic, for a FLOAT network's small per-step products:
     * a is rounded to float into {@code aF}, the product accumulated in {@code outF} (zeroed here)
     * and added to out. Float SIMD lanes are twice as many: 1.0 against 1.75 us for an LSTM step's
     * 64 x 256 product here. The rounding is the network's own (ND4J computes it in float too).
     */
    static void multiplyAdd(double[] a, float[][] w, double[] out, float[] aF, float[] outF) {
        int k = a.length;
        int m = out.length;
        for (int q = 0; q < k; q++) aF[q] = (float) a[q];
        java.util.Arrays.fill(outF, 0, m, 0f);
        int q = 0;
        for (; q + 3 < k; q += 4) axpy4(aF[q], aF[q + 1], aF[q + 2], aF[q + 3], w[q], w[q + 1], w[q + 2], w[q + 3], outF, m);
        for (; q < k; q++) {
            float s = aF[q];
            float[] x = w[q];
            for (int j = 0; j < m; j++) outF[j] += s * x[j];
        }
        for (int j = 0; j < m; j++) out[j] += outF[j];
    }

    /** outF[m] += a[k] w[k][m] in float, a rounded to float into {@code aF} first. */
    static void multiplyAddFloat(double[] a, float[][] w, float[] outF, float[] aF) {
        int k = a.length;
        int m = w[0].length;
        for (int q = 0; q < k; q++) aF[q] = (float) a[q];
        int q = 0;
        for (; q + 3 < k; q += 4) axpy4(aF[q], aF[q + 1], aF[q + 2], aF[q + 3], w[q], w[q + 1], w[q + 2], w[q + 3], outF, m);
        for (; q < k; q++) {
            float s = aF[q];
            float[] x = w[q];
            for (int j = 0; j < m; j++) outF[j] += s * x[j];
        }
    }

    /** y[0, m) += s0 x0 + s1 x1 + s2 x2 + s3 x3 in float. */
    static void axpy4(float s0, float s1, float s2, float s3, float[] x0, float[] x1, float[] x2, float[] x3,
                      float[] y, int m) {
        for (int j = 0; j < m; j++) y[j] += s0 * x0[j] + s1 * x1[j] + s2 * x2[j] + s3 * x3[j];
    }

    /** The values as float. */
    static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) out[j] = (float) v[j];
        return out;
    }

    /** The rows as float. */
    static float[][] toFloat(double[][] w) {
        float[][] f = new float[w.length][];
        for (int r = 0; r < w.length; r++) {
            f[r] = new float[w[r].length];
            for (int c = 0; c < f[r].length; c++) f[r][c] = (float) w[r][c];
        }
        return f;
    }

    /** a[n][k] w[k][m], a new matrix. */
    static double[][] multiply(double[][] a, double[][] w) {
        double[][] out = new double[a.length][w[0].length];
        multiplyAdd(a, w, out);
        return out;
    }

    /** y += s x (x at least as long as y). */
    static void axpy(double s, double[] x, double[] y) {
        for (int j = 0; j < y.length; j++) y[j] += s * x[j];
    }

    /** y += s0 x0 + s1 x1 + s2 x2 + s3 x3: one load and store of y for four rows. */
    static void axpy4(double s0, double s1, double s2, double s3, double[] x0, double[] x1, double[] x2, double[] x3,
                      double[] y) {
        for (int j = 0; j < y.length; j++) y[j] += s0 * x0[j] + s1 * x1[j] + s2 * x2[j] + s3 * x3[j];
    }

    /** The dot product of two rows of equal length. */
    static double dot(double[] x, double[] y) {
        double s = 0;
        for (int j = 0; j < x.length; j++) s += x[j] * y[j];
        return s;
    }

    /** The transpose, [cols][rows]. */
    static double[][] transpose(double[][] w) {
        int rows = w.length;
        int cols = w[0].length;
        double[][] t = new double[cols][rows];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) t[c][r] = w[r][c];
        }
        return t;
    }

    /** A flat row-major [rows x cols] array as rows. */
    static double[][] rows(double[] flat, int rows, int cols) {
        double[][] out = new double[rows][];
        for (int r = 0; r < rows; r++) out[r] = java.util.Arrays.copyOfRange(flat, r * cols, (r + 1) * cols);
        return out;
    }
}
