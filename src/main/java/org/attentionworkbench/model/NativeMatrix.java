package org.attentionworkbench.model;

import org.bytedeco.javacpp.FloatPointer;

/**
 * A FLOAT network's weight matrix W [k x m] held once in native memory, for the products of a
 * single pass over one document ({@link HostNetwork}) through OpenBLAS: a W and a W^T with a held
 * as rows of double, the result rows of double.
 *
 * <p>Why: the products of one pass (the encoder's token-wise products, its input map transposed,
 * the attention layer for every token) were Java row updates in double at 5-7 G multiply-adds per
 * second; OpenBLAS does 23-25 G in float (docs/bench.md). A FLOAT network computes these products
 * in float anyway (ND4J does), so the rounding is the network's own. The copies in and out are
 * O(n (k + m)) against the product's O(n k m).
 *
 * <p>Thread-safe: the weights are only read; each product has its own native buffers.
 */
final class NativeMatrix {

    private final FloatPointer w;
    private final int k;
    private final int m;

    private NativeMatrix(double[][] w) {
        this.k = w.length;
        this.m = w[0].length;
        float[] flat = new float[k * m];
        for (int r = 0; r < k; r++) for (int c = 0; c < m; c++) flat[r * m + c] = (float) w[r][c];
        this.w = new FloatPointer(flat);
    }

    /** W in native memory, or null when OpenBLAS did not load (the caller keeps its Java products). */
    static NativeMatrix of(double[][] w) {
        return NativeGemm.available() ? new NativeMatrix(w) : null;
    }

    /** k, W's rows. */
    int rows() {
        return k;
    }

    /** m, W's columns. */
    int columns() {
        return m;
    }

    /** W itself, row-major [k x m] (shared: read it, never reposition it). */
    FloatPointer pointer() {
        return w;
    }

    /** a W: a [n][k], the result [n][m]. */
    double[][] leftMultiply(double[][] a) {
        return product(a, false);
    }

    /** a W^T: a [n][m], the result [n][k]. */
    double[][] leftMultiplyTransposed(double[][] a) {
        return product(a, true);
    }

    private double[][] product(double[][] a, boolean transposed) {
        int n = a.length;
        int in = transposed ? m : k;
        int out = transposed ? k : m;
        double[][] result = new double[n][out];
        if (n == 0) return result;
        float[] flat = new float[n * Math.max(in, out)];
        for (int t = 0; t < n; t++) {
            double[] row = a[t];
            int o = t * in;
            for (int j = 0; j < in; j++) flat[o + j] = (float) row[j];
        }
        try (FloatPointer x = new FloatPointer(flat); FloatPointer y = new FloatPointer((long) n * out)) {
            NativeGemm.multiply(false, transposed, n, out, in, x, in, w, m, y, out);
            y.get(flat, 0, n * out);
        }
        for (int t = 0; t < n; t++) {
            double[] row = result[t];
            int o = t * out;
            for (int j = 0; j < out; j++) row[j] = flat[o + j];
        }
        return result;
    }
}
