package org.attentionworkbench.model;

import java.util.List;

/**
 * {@link CnnEncoder} in plain Java: "same"-padded convolutions of several widths, ReLU, outputs
 * side by side. Every tap of every width is applied to every token in one product (the taps'
 * matrices side by side, as {@link CnnEncoder#tapProducts}); output t of width k sums tap j's
 * row of token t + j - (k-1)/2 where that token exists.
 */
final class HostCnn implements HostEncoder {

    private final int filters;
    private final int[] widths;
    private final int tapColumns;
    private final double[][] taps;     // [in][tapColumns]
    private final double[][] tapsT;    // [tapColumns][in]
    private final double[] bias;       // [widths * filters]
    private final NativeMatrix tapsNative; // a FLOAT network's taps for OpenBLAS, else null

    HostCnn(ParameterSet p, int in, int filters, List<Integer> widths, CellMath math) {
        this.filters = filters;
        this.widths = widths.stream().mapToInt(Integer::intValue).toArray();
        int cols = 0;
        for (int k : this.widths) cols += k * filters;
        this.tapColumns = cols;
        this.taps = new double[in][cols];
        this.bias = new double[this.widths.length * filters];
        int col = 0;
        for (int wi = 0; wi < this.widths.length; wi++) {
            int k = this.widths[wi];
            double[][] w = HostCopy.rows(p.get("cnn.W" + k));            // [k * in][filters]
            for (int j = 0; j < k; j++, col += filters) {
                for (int q = 0; q < in; q++) System.arraycopy(w[j * in + q], 0, taps[q], col, filters);
            }
            System.arraycopy(HostCopy.flat(p.get("cnn.b" + k)), 0, bias, wi * filters, filters);
        }
        this.tapsT = Dense.transpose(taps);
        this.tapsNative = math.isFast() ? NativeMatrix.of(taps) : null;
    }

    /** The taps for OpenBLAS, [D x tapColumns] (a FLOAT network's, BLAS loaded), else null. */
    NativeMatrix tapsNative() {
        return tapsNative;
    }

    /** D, the width of an input embedding. */
    int inputSize() {
        return taps.length;
    }

    /** Filters per width. */
    int filters() {
        return filters;
    }

    /** The kernel widths (shared, not to be changed). */
    int[] widths() {
        return widths;
    }

    /** Columns of the taps side by side: filters times the sum of the widths. */
    int tapColumns() {
        return tapColumns;
    }

    /** The biases of every width's filters [widths * filters] (shared, not to be changed). */
    double[] bias() {
        return bias;
    }

    @Override
    public int projectedSize() {
        return widths.length * filters;
    }

    @Override
    public int outputSize() {
        return widths.length * filters;
    }

    @Override
    public double[][] project(double[][] x) {
        return mix(tokenProducts(x));
    }

    /** Every tap of every width applied to every token, [n][tapColumns]. */
    @Override
    public double[][] tokenProducts(double[][] x) {
        if (tapsNative != null) return tapsNative.leftMultiply(x);
        return Dense.multiply(x, taps);
    }

    /** Output t of width k sums tap j's columns of token t + j - (k-1)/2 where that token exists. */
    @Override
    public double[][] mix(double[][] t) {
        int n = t.length;
        double[][] p = new double[n][projectedSize()];
        for (int s = 0; s < n; s++) {
            double[] ps = p[s];
            int col = 0;
            for (int wi = 0; wi < widths.length; wi++) {
                int k = widths[wi];
                int half = (k - 1) / 2;
                int out = wi * filters;
                for (int j = 0; j < k; j++, col += filters) {
                    int u = s + j - half;
                    if (u < 0 || u >= n) continue;
                    double[] tu = t[u];
                    for (int f = 0; f < filters; f++) ps[out + f] += tu[col + f];
                }
            }
        }
        return p;
    }

    @Override
    public State run(double[][] projected) {
        int width = projectedSize();
        double[][] h = new double[projected.length][width];
        for (int s = 0; s < h.length; s++) {
            for (int j = 0; j < width; j++) h[s][j] = Math.max(0, projected[s][j] + bias[j]);
        }
        return new Out(h);
    }

    @Override
    public void backward(State state, double[][] dH, double[][] into) {
        double[][] h = state.output();
        for (int s = 0; s < h.length; s++) {
            double[] hs = h[s];
            double[] ds = dH[s];
            double[] is = into[s];
            for (int j = 0; j < is.length; j++) is[j] += hs[j] > 0 ? ds[j] : 0;
        }
    }

    @Override
    public double[][] projectTranspose(double[][] dProjected) {
        double[][] dt = mixTranspose(dProjected);   // zero where the ReLU was off: about half
        if (tapsNative != null) return tapsNative.leftMultiplyTransposed(dt); // dense, but 4x the rate
        double[][] out = new double[dt.length][tapsT[0].length];
        for (int t = 0; t < dt.length; t++) Dense.multiplyAddSparse(dt[t], tapsT, out[t]);
        return out;
    }

    /** The gradient with respect to the tap products: output s's gradient goes to each token its taps read. */
    @Override
    public double[][] mixTranspose(double[][] dProjected) {
        int n = dProjected.length;
        double[][] dt = new double[n][tapColumns];
        for (int s = 0; s < n; s++) {
            double[] ds = dProjected[s];
            int col = 0;
            for (int wi = 0; wi < widths.length; wi++) {
                int k = widths[wi];
                int half = (k - 1) / 2;
                int src = wi * filters;
                for (int j = 0; j < k; j++, col += filters) {
                    int u = s + j - half;
                    if (u < 0 || u >= n) continue;
                    double[] du = dt[u];
                    for (int f = 0; f < filters; f++) du[col + f] += ds[src + f];
                }
            }
        }
        return dt;
    }

    private record Out(double[][] output) implements State { }
}
