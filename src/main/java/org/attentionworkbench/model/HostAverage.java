package org.attentionworkbench.model;

/** {@link AverageEncoder} in plain Java: h_i = tanh(W e_i + b). */
final class HostAverage implements HostEncoder {

    private final int size;
    private final double[][] w;
    private final double[][] wT;
    private final double[] b;
    private final CellMath math;
    private final NativeMatrix wNative; // a FLOAT network's W for OpenBLAS, else null

    HostAverage(ParameterSet p, int size, CellMath math) {
        this.size = size;
        this.w = HostCopy.rows(p.get("avg.W"));
        this.wT = Dense.transpose(w);
        this.b = HostCopy.flat(p.get("avg.b"));
        this.math = math;
        this.wNative = math.isFast() ? NativeMatrix.of(w) : null;
    }

    /** Whether the network is FLOAT (its tanh then in float's precision). */
    boolean isFloat() {
        return math.isFast();
    }

    /** W [D x size] for OpenBLAS (a FLOAT network's, BLAS loaded), else null. */
    NativeMatrix weightsNative() {
        return wNative;
    }

    /** The bias b [size] (shared, not to be changed). */
    double[] bias() {
        return b;
    }

    @Override
    public int projectedSize() {
        return size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public double[][] project(double[][] x) {
        if (wNative != null) return wNative.leftMultiply(x);
        return Dense.multiply(x, w);
    }

    @Override
    public State run(double[][] projected) {
        double[][] h = new double[projected.length][size];
        for (int t = 0; t < h.length; t++) {
            for (int j = 0; j < size; j++) h[t][j] = projected[t][j] + b[j];
            math.tanh(h[t], 0, size);
        }
        return new Out(h);
    }

    @Override
    public void backward(State state, double[][] dH, double[][] into) {
        double[][] h = state.output();
        for (int t = 0; t < h.length; t++) {
            double[] ht = h[t];
            double[] dt = dH[t];
            double[] it = into[t];
            for (int j = 0; j < size; j++) it[j] += dt[j] * (1 - ht[j] * ht[j]);
        }
    }

    @Override
    public double[][] projectTranspose(double[][] dProjected) {
        if (wNative != null) return wNative.leftMultiplyTransposed(dProjected);
        return Dense.multiply(dProjected, wT);
    }

    private record Out(double[][] output) implements State { }
}
