package org.attentionworkbench.model;

/**
 * {@link BiLstmEncoder} in plain Java, for one document: the same gates [i | f | o | g], the same
 * cell functions ({@link CellMath}), each direction run from a zero state. P(x) = [x Wx_fw | x Wx_bw]
 * ([n][8H]); a step adds b and h_{t-1} W_h to its part of P. At these sizes (H = 64) a step is
 * well under a microsecond here, where the ND4J version paid tens of microseconds of call
 * overhead per step.
 */
final class HostLstm implements HostEncoder {

    private final int hidden;
    private final double[][] wx;       // [in][8H]: both directions' Wx side by side
    private final double[][] wxT;      // [8H][in]
    private final double[][][] wh;     // per direction [H][4H]
    private final float[][][] whF;     // the same in float (FLOAT networks), else null
    private final float[][][] whTF;    // W_h transposed in float, else null
    private final double[][][] whT;    // per direction [4H][H]
    private final double[][] b;        // per direction [4H]
    private final CellMath math;
    private final NativeMatrix wxNative; // a FLOAT network's W_x for OpenBLAS, else null

    HostLstm(ParameterSet p, int in, int hidden, CellMath math) {
        this.hidden = hidden;
        this.math = math;
        int h4 = 4 * hidden;
        wx = new double[in][2 * h4];
        wh = new double[2][][];
        whT = new double[2][][];
        b = new double[2][];
        String[] dirs = {"fw", "bw"};
        for (int d = 0; d < 2; d++) {
            double[][] w = HostCopy.rows(p.get("lstm." + dirs[d] + ".Wx"));
            for (int q = 0; q < in; q++) System.arraycopy(w[q], 0, wx[q], d * h4, h4);
            wh[d] = HostCopy.rows(p.get("lstm." + dirs[d] + ".Wh"));
            whT[d] = Dense.transpose(wh[d]);
            b[d] = HostCopy.flat(p.get("lstm." + dirs[d] + ".b"));
        }
        wxT = Dense.transpose(wx);
        boolean single = math.isFast();
        whF = single ? new float[][][] {Dense.toFloat(wh[0]), Dense.toFloat(wh[1])} : null;
        whTF = single ? new float[][][] {Dense.toFloat(whT[0]), Dense.toFloat(whT[1])} : null;
        wxNative = single ? NativeMatrix.of(wx) : null;
    }

    /**
     * Float scratch of the recurrent products of one thread's pass (FLOAT networks: the per-step
     * product h W_h runs in float, see {@link Dense#multiplyAdd(double[], float[][], double[], float[], float[])}).
     */
    final class Scratch {
        final float[] in = new float[4 * hidden];
        final float[] out = new float[4 * hidden];
    }

    Scratch scratch() {
        return new Scratch();
    }

    int hidden() {
        return hidden;
    }

    /** Direction d's W_h in float as one row-major [H x 4H] array (a new copy, for the native products). */
    float[] recurrentFlat(int d) {
        int h4 = 4 * hidden;
        float[] flat = new float[hidden * h4];
        for (int k = 0; k < hidden; k++) System.arraycopy(whF[d][k], 0, flat, k * h4, h4);
        return flat;
    }

    /** Direction d's bias [4H] in float (a new copy). */
    float[] biasFloat(int d) {
        float[] out = new float[b[d].length];
        for (int j = 0; j < out.length; j++) out[j] = (float) b[d][j];
        return out;
    }

    /** Whether the per-step products run in float (a FLOAT network). */
    boolean isFloat() {
        return whF != null;
    }

    /** The direction's steps of a pass made by {@link #run} (0 forward, 1 backward). */
    static Direction direction(State state, int d) {
        LstmState st = (LstmState) state;
        return d == 0 ? st.fw : st.bw;
    }

    @Override
    public int projectedSize() {
        return 8 * hidden;
    }

    @Override
    public int outputSize() {
        return 2 * hidden;
    }

    @Override
    public double[][] project(double[][] x) {
        if (wxNative != null) return wxNative.leftMultiply(x);
        return Dense.multiply(x, wx);
    }

    @Override
    public State run(double[][] projected) {
        int n = projected.length;
        Direction fw = direction(0, projected);
        Direction bw = direction(1, projected);
        double[][] out = new double[n][2 * hidden];
        for (int t = 0; t < n; t++) {
            System.arraycopy(fw.h[t], 0, out[t], 0, hidden);
            System.arraycopy(bw.h[t], 0, out[t], hidden, hidden);
        }
        return new LstmState(fw, bw, out);
    }

    @Override
    public double[][] encode(double[][] projected) {
        int n = projected.length;
        int hh = hidden;
        double[][] out = new double[n][2 * hh];
        double[] gates = new double[4 * hh];
        double[] tanhC = new double[hh];
        double[][] c = new double[2][hh];
        double[][] h = new double[2][hh];
        Scratch scratch = new Scratch();
        for (int d = 0; d < 2; d++) {
            int cur = 0;
            for (int s = 0; s < n; s++) {
                int t = d == 0 ? s : n - 1 - s;
                int next = 1 - cur;
                step(d, projected[t], s == 0 ? null : h[cur], s == 0 ? null : c[cur], gates, c[next], tanhC, h[next],
                        scratch);
                System.arraycopy(h[next], 0, out[t], d * hh, hh);
                cur = next;
            }
        }
        return out;
    }

    /** One direction's steps over the whole document from a zero state. */
    private Direction direction(int d, double[][] projected) {
        int n = projected.length;
        Direction dir = new Direction(n, hidden);
        Scratch scratch = new Scratch();
        for (int s = 0; s < n; s++) {
            int t = d == 0 ? s : n - 1 - s;
            int prev = d == 0 ? t - 1 : t + 1;
            if (s == 0) {
                step(d, projected[t], null, null, dir.gates[t], dir.c[t], dir.tanhC[t], dir.h[t], scratch);
            } else {
                step(d, projected[t], dir.h[prev], dir.c[prev], dir.gates[t], dir.c[t], dir.tanhC[t], dir.h[t], scratch);
            }
        }
        return dir;
    }

    /**
     * One cell step of direction d on token row {@code p} of P(x): gates = act(p_d + b + h_prev W_h)
     * (i, f, o, g), c = i g + f c_prev, h = o tanh(c); {@code hPrev} and {@code cPrev} are null at
     * a direction's first step (the zero state). Writes gates, c, tanh(c) and h; {@code scratch}
     * is the calling pass's own.
     */
    void step(int d, double[] p, double[] hPrev, double[] cPrev, double[] gates, double[] c, double[] tanhC,
              double[] h, Scratch scratch) {
        int hh = hidden;
        int h4 = 4 * hh;
        double[] bias = b[d];
        if (whF != null) {
            // A FLOAT network's gates are float: pre-activation, product and functions in float.
            float[] g = scratch.out;
            int off = d * h4;
            for (int j = 0; j < h4; j++) g[j] = (float) (p[off + j] + bias[j]);
            if (hPrev != null) Dense.multiplyAddFloat(hPrev, whF[d], g, scratch.in);
            CellMath.sigmoidFloat(g, 0, 3 * hh);
            CellMath.tanhFloat(g, 3 * hh, h4);
            for (int j = 0; j < h4; j++) gates[j] = g[j];
        } else {
            System.arraycopy(p, d * h4, gates, 0, h4);
            for (int j = 0; j < h4; j++) gates[j] += bias[j];
            if (hPrev != null) Dense.multiplyAdd(hPrev, wh[d], gates);
            math.sigmoid(gates, 0, 3 * hh);
            math.tanh(gates, 3 * hh, h4);
        }
        if (cPrev == null) {
            for (int k = 0; k < hh; k++) c[k] = gates[k] * gates[3 * hh + k];
        } else {
            for (int k = 0; k < hh; k++) c[k] = gates[k] * gates[3 * hh + k] + gates[hh + k] * cPrev[k];
        }
        math.tanh(c, 0, tanhC, 0, hh);
        for (int k = 0; k < hh; k++) h[k] = gates[2 * hh + k] * tanhC[k];
    }

    @Override
    public void backward(State state, double[][] dH, double[][] into) {
        LstmState st = (LstmState) state;
        backDirection(0, st.fw, dH, into);
        backDirection(1, st.bw, dH, into);
    }

    /**
     * Back-propagation through time for direction d (the ND4J version's arithmetic): the incoming
     * dh (from the later step plus the output's gradient) becomes the gate gradients
     * [g i(1-i) dc | c_prev f(1-f) dc | tanh(c) o(1-o) dh | i(1-g^2) dc], added to the direction's
     * columns of dP; W_h times them is the dh of the step before.
     */
    private void backDirection(int d, Direction dir, double[][] dOut, double[][] dP) {
        int n = dOut.length;
        int hh = hidden;
        int h4 = 4 * hh;
        double[][] wT = whT[d];
        Scratch scratch = new Scratch();
        // dc and carry start at zero (nothing comes from after the last step), and the first
        // step's previous cell is the zero state: no branch in the loop below, which the JIT then
        // turns into SIMD code (the branches were a sixth of integrated gradients' time).
        double[] dc = new double[hh];
        double[] carry = new double[hh];
        double[] zero = new double[hh];
        double[] da = new double[h4];
        int off = d * hh;
        for (int s = n - 1; s >= 0; s--) {
            int t = d == 0 ? s : n - 1 - s;
            int prev = d == 0 ? t - 1 : t + 1;
            double[] gates = dir.gates[t];
            double[] tanhC = dir.tanhC[t];
            double[] cPrev = s == 0 ? zero : dir.c[prev];
            double[] out = dOut[t];
            for (int k = 0; k < hh; k++) {
                double dhk = out[off + k] + carry[k];
                double i = gates[k];
                double f = gates[hh + k];
                double o = gates[2 * hh + k];
                double g = gates[3 * hh + k];
                double tc = tanhC[k];
                double dck = o * (1 - tc * tc) * dhk + dc[k];
                double cp = cPrev[k];
                da[k] = dck * g * i * (1 - i);
                da[hh + k] = dck * cp * f * (1 - f);
                da[2 * hh + k] = dhk * tc * o * (1 - o);
                da[3 * hh + k] = dck * i * (1 - g * g);
                dc[k] = dck * f;
            }
            double[] row = dP[t];
            for (int j = 0; j < h4; j++) row[d * h4 + j] += da[j];
            if (s > 0) {
                java.util.Arrays.fill(carry, 0);
                if (whTF != null) {
                    Dense.multiplyAdd(da, whTF[d], carry, scratch.in, scratch.out);
                } else {
                    Dense.multiplyAdd(da, wT, carry);
                }
            }
        }
    }

    @Override
    public double[][] projectTranspose(double[][] dProjected) {
        if (wxNative != null) return wxNative.leftMultiplyTransposed(dProjected);
        return Dense.multiply(dProjected, wxT);
    }

    /** One direction's saved steps, by token: activated gates [n][4H], c, tanh(c), h [n][H]. */
    static final class Direction {
        final double[][] gates;
        final double[][] c;
        final double[][] tanhC;
        final double[][] h;

        Direction(int n, int hidden) {
            gates = new double[n][4 * hidden];
            c = new double[n][hidden];
            tanhC = new double[n][hidden];
            h = new double[n][hidden];
        }
    }

    /** Both directions' steps and h = [h_fw | h_bw], [n][2H]. */
    record LstmState(Direction fw, Direction bw, double[][] output) implements State { }
}
