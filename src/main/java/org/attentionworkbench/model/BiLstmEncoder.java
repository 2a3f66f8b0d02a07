package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bidirectional LSTM written on plain ND4J matrix operations, forward and backward by hand.
 *
 * <p>Why not libnd4j's {@code lstmLayer} op: in DL4J 1.0.0-M2.1 it leaks native memory on every
 * call and gives wrong gradients for padded rows (see docs/model.md). This version is checked by
 * a finite-difference test on a padded batch and by a resident-memory test.
 *
 * <p>Gate layout per direction: pre-activations [i | f | o | g], each H wide. The input projection
 * of all time steps is one big matrix product; each step then adds h_{t-1} W_h (see runDirection
 * for the per-step layout; the parameters keep this [E, 4H] / [H, 4H] / [1, 4H] form).
 * Padding: after every step the cell state of padded rows is multiplied by the mask, so it (and
 * with it h = o tanh(c)) is zero there; the backward direction therefore starts each row from a
 * zero state at its last real token, exactly as if the row had been run alone.
 *
 * <p>Linear input ({@link Encoder.LinearInput}): P(x) = [x Wx_fw | x Wx_bw], [T*B, 8H], the input
 * part of both directions' gate pre-activations (the bias is added in forwardFromProjection); its
 * gradient is [dGates_fw | dGates_bw], which is also what dWx needs (dWx = x^T dGates).
 */
final class BiLstmEncoder implements Encoder.LinearInput {

    private final ParameterSet params;
    private final int hidden;

    BiLstmEncoder(ParameterSet params, int hidden) {
        this.params = params;
        this.hidden = hidden;
    }

    /** Creates the parameters of both directions (forget-gate bias 1). */
    static void initialise(ParameterSet p, int inSize, int hidden, Initialiser init) {
        for (String dir : new String[] {"fw", "bw"}) {
            p.put("lstm." + dir + ".Wx", init.xavier(inSize, 4 * hidden));
            p.put("lstm." + dir + ".Wh", init.xavier(hidden, 4 * hidden));
            float[] b = new float[4 * hidden];
            for (int j = hidden; j < 2 * hidden; j++) b[j] = 1f;
            p.put("lstm." + dir + ".b", init.row(b));
        }
    }

    int hidden() {
        return hidden;
    }

    ParameterSet parameters() {
        return params;
    }

    /**
     * 32,768 row-steps: about 12 KB of workspace each (input, projection, both directions' stores
     * and their transposed copies), so ~400 MB per pass at most. Above it a batch of variants of a
     * long review grew one thread's workspace to 1.9 GB.
     */
    @Override
    public long rowStepBudget() {
        return 32_768;
    }

    @Override
    public int outputSize() {
        return 2 * hidden;
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        LstmState st = (LstmState) forwardFromProjection(project(x, steps, batch), mask, steps, batch);
        return new LstmState(x, st.mask, st.valid, st.steps, st.batch, st.fw, st.bw, st.output);
    }

    /** [x Wx_fw | x Wx_bw]: one matrix product with the two directions' Wx side by side, [T*B, 8H]. */
    @Override
    public INDArray project(INDArray x, int steps, int batch) {
        return x.mmul(Nd4j.hstack(params.get("lstm.fw.Wx"), params.get("lstm.bw.Wx")));
    }

    @Override
    public State forwardFromProjection(INDArray projected, INDArray mask, int steps, int batch) {
        float[] m = maskValues(mask);
        int[] valid = validRowsPerStep(m, steps, batch);
        long h4 = 4L * hidden;
        DirectionState fw = runDirection("fw", true, projected.get(all(), interval(0, h4)), m, valid, steps, batch);
        DirectionState bw = runDirection("bw", false, projected.get(all(), interval(h4, 2 * h4)), m, valid,
                steps, batch);
        INDArray out = Nd4j.hstack(fw.h, bw.h);
        return new LstmState(null, mask, valid, steps, batch, fw, bw, out);
    }

    /** The mask's values, time-major ([T*B]: row t*B + b). */
    private static float[] maskValues(INDArray mask) {
        return mask.castTo(DataType.FLOAT).dup('c').data().asFloat();
    }

    /** Number of real (unpadded) rows at each step; masking is skipped where all rows are real. */
    private static int[] validRowsPerStep(float[] m, int steps, int batch) {
        int[] valid = new int[steps];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) if (m[t * batch + b] != 0f) valid[t]++;
        }
        return valid;
    }

    /*
     * Layout. Every per-step quantity is kept TRANSPOSED, [width, B] (a column per batch row), so
     * that each step's block of the store, [i; f; o; g; c; tanh(c); h] ([7H, B]), is contiguous.
     * Per step ND4J does one gemm W_h^T h_{t-1} (h_{t-1} read in place from the previous step's
     * block); the cell arithmetic runs in Java on the step's block (CellMath: libnd4j's
     * element-wise ops cost 3-9 ns per element on blocks this small, the JIT's SIMD loops ~1), which
     * is then written into the store with one copy.
     */
    private DirectionState runDirection(String dir, boolean forwardInTime, INDArray proj, float[] mask, int[] valid,
                                        int steps, int batch) {
        INDArray whT = params.get("lstm." + dir + ".Wh").transpose().dup('c');
        INDArray b = params.get("lstm." + dir + ".b");
        DataType dt = proj.dataType();
        CellMath math = CellMath.forType(dt);
        HostCopy host = new HostCopy();
        int h = hidden;
        int hb = h * batch;
        int blk = SLOT * hb;
        // proj: this direction's input projection x Wx of every step ([T*B, 4H], possibly a column
        // view); plus the bias, transposed per step: [T * 4H, B].
        INDArray xProj = perStepColumns(proj.add(b), steps, batch, 4 * h);
        INDArray store = Nd4j.createUninitialized(dt, (long) steps * SLOT * h, batch);   // every block written
        INDArray rec = Nd4j.create(dt, 4L * h, batch);
        double[] z = new double[blk];
        double[] recurrent = new double[4 * hb];
        double[] c = new double[hb];                   // c of the previous step
        for (int s = 0; s < steps; s++) {
            int t = forwardInTime ? s : steps - 1 - s;
            host.read(xProj, (long) t * 4 * hb, z, 0, 4 * hb);
            if (s > 0) {                               // += W_h^T h_{t-1}
                int prev = forwardInTime ? t - 1 : t + 1;
                INDArray hPrev = rows(store, ((long) prev * SLOT + 6) * h, ((long) prev * SLOT + 7) * h);
                Nd4j.gemm(whT, hPrev, rec, false, false, 1.0, 0.0);
                host.read(rec, 0, recurrent, 0, 4 * hb);
                for (int k = 0; k < 4 * hb; k++) z[k] += recurrent[k];
            }
            math.sigmoid(z, 0, 3 * hb);
            math.tanh(z, 3 * hb, 4 * hb);
            // c = f c_{t-1} + i g, from a zero state at the first step.
            for (int k = 0; k < hb; k++) z[4 * hb + k] = z[k] * z[3 * hb + k] + z[hb + k] * c[k];
            // Padded rows: c = 0, hence tanh(c) = 0 and h = 0 (the state a row starts from).
            if (valid[t] < batch) {
                for (int r = 0; r < h; r++) {
                    for (int q = 0; q < batch; q++) z[4 * hb + r * batch + q] *= mask[t * batch + q];
                }
            }
            math.tanh(z, 4 * hb, z, 5 * hb, hb);
            for (int k = 0; k < hb; k++) z[6 * hb + k] = z[2 * hb + k] * z[5 * hb + k];
            System.arraycopy(z, 4 * hb, c, 0, hb);
            host.write(z, 0, store, (long) t * blk, blk);
        }
        INDArray store3 = store.reshape(steps, (long) SLOT * h, batch);
        return new DirectionState(store3, rowsOf(store3, 6, h, steps, batch), rowsOf(store3, 4, h, steps, batch));
    }

    /** Slots of the per-step store: gates i f o g, c, tanh(c), h. */
    private static final int SLOT = 7;

    private static INDArray rows(INDArray m, long r0, long r1) {
        return m.get(interval(r0, r1), all());
    }

    /** [T*B, w] time-major rows -> [T*w, B]: each step's block transposed, contiguous. */
    private static INDArray perStepColumns(INDArray m, int steps, int batch, long w) {
        if (batch == 1) return m.reshape((long) steps * w, 1);
        return m.reshape(steps, batch, w).permute(0, 2, 1).dup('c').reshape((long) steps * w, batch);
    }

    /** Slot k ([T, H, B] view of the store) as time-major rows [T*B, H]. */
    private static INDArray rowsOf(INDArray store3, int k, int h, int steps, int batch) {
        INDArray v = store3.get(all(), interval((long) k * h, (long) (k + 1) * h), all());
        return v.permute(0, 2, 1).dup('c').reshape((long) steps * batch, h);
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        LstmState st = (LstmState) state;
        INDArray dGates = backwardToProjection(state, dH);
        if (grads != null) {
            long h4 = 4L * hidden;
            // dWx of both directions at once: x^T [dGates_fw | dGates_bw] = [dWx_fw | dWx_bw].
            INDArray dWx = st.x.transpose().mmul(dGates);
            INDArray db = TadFree.columnSums(dGates);
            String[] dirs = {"fw", "bw"};
            for (int d = 0; d < 2; d++) {
                String dir = dirs[d];
                grads.accumulate("lstm." + dir + ".Wx", dWx.get(all(), interval(d * h4, (d + 1) * h4)).dup());
                grads.accumulate("lstm." + dir + ".b", db.get(all(), interval(d * h4, (d + 1) * h4)).dup());
                grads.accumulate("lstm." + dir + ".Wh", recurrentGradient(d == 0, d == 0 ? st.fw : st.bw,
                        dGates.get(all(), interval(d * h4, (d + 1) * h4)).dup(), st.steps, st.batch));
            }
        }
        return projectTranspose(dGates, st.steps, st.batch);
    }

    /** [dGates_fw | dGates_bw], [T*B, 8H]: the gradient with respect to the gate pre-activations. */
    @Override
    public INDArray backwardToProjection(State state, INDArray dH) {
        LstmState st = (LstmState) state;
        int h = hidden;
        INDArray out = Nd4j.create(dH.dataType(), st.steps, st.batch, 8L * h);
        backDirection(true, st, st.fw, dH.get(all(), interval(0, h)), out.get(all(), all(), interval(0, 4L * h)));
        backDirection(false, st, st.bw, dH.get(all(), interval(h, 2 * h)),
                out.get(all(), all(), interval(4L * h, 8L * h)));
        return out.reshape((long) st.steps * st.batch, 8L * h);
    }

    /** dGates_fw Wx_fw^T + dGates_bw Wx_bw^T: one product with the two Wx stacked. */
    @Override
    public INDArray projectTranspose(INDArray dProjected, int steps, int batch) {
        INDArray wx = Nd4j.hstack(params.get("lstm.fw.Wx"), params.get("lstm.bw.Wx"));
        return dProjected.mmul(wx.transpose());
    }

    /** dWh = sum over steps of h_prev^T dGates, h_prev the state the step started from. */
    private INDArray recurrentGradient(boolean forwardInTime, DirectionState ds, INDArray dGates, int steps,
                                       int batch) {
        int h = hidden;
        INDArray dWh = Nd4j.create(dGates.dataType(), h, 4L * h);
        if (steps > 1) {
            long n = (long) (steps - 1) * batch;
            long rows = (long) steps * batch;
            INDArray hPrev;
            INDArray dNext;
            if (forwardInTime) {   // step t uses h_{t-1}
                hPrev = ds.h.get(interval(0, n), all());
                dNext = dGates.get(interval(batch, rows), all());
            } else {               // step t uses h_{t+1}
                hPrev = ds.h.get(interval(batch, rows), all());
                dNext = dGates.get(interval(0, n), all());
            }
            Nd4j.gemm(hPrev, dNext, dWh, true, false, 1.0, 0.0);
        }
        return dWh;
    }

    /**
     * Back-propagation through time for one direction, the cell arithmetic in Java as in the
     * forward pass. Each step reads its forward block [i f o g c tanh(c) h] and the previous
     * step's c from the store, turns the incoming dh (from the next step's gemm plus dOut) into
     * the gate gradients [di | df | do | dg] with the derivative factors
     * [g i(1-i) | c_prev f(1-f) | tanh(c) o(1-o) | i(1-g^2)], and one gemm W_h da gives the dh of
     * the step before. The gate gradients are written into {@code dGatesOut} ([T, B, 4H],
     * time-major rows).
     */
    private void backDirection(boolean forwardInTime, LstmState st, DirectionState ds, INDArray dOut,
                               INDArray dGatesOut) {
        INDArray wh = params.get("lstm." + (forwardInTime ? "fw" : "bw") + ".Wh");
        int h = hidden;
        int steps = st.steps;
        int batch = st.batch;
        int hb = h * batch;
        int blk = SLOT * hb;
        DataType dt = dOut.dataType();
        HostCopy host = new HostCopy();
        INDArray store = ds.store.reshape((long) steps * blk);
        float[] mask = maskValues(st.mask);
        INDArray dOutT = dOut.reshape(steps, batch, h).permute(0, 2, 1).dup('c');   // [T, H, B]
        INDArray daAll = Nd4j.createUninitialized(dt, (long) steps * 4 * h, batch);  // every block written
        INDArray dhNd = Nd4j.create(dt, h, batch);
        double[] fwd = new double[blk];
        double[] cPrev = new double[hb];
        double[] dOutS = new double[hb];
        double[] dh = new double[hb];              // gradient reaching the raw h of the step
        double[] dc = new double[hb];              // ... and its c; holds dc_{t+1} f_{t+1} on entry
        double[] da = new double[4 * hb];
        for (int s = steps - 1; s >= 0; s--) {
            int t = forwardInTime ? s : steps - 1 - s;
            host.read(store, (long) t * blk, fwd, 0, blk);
            if (s > 0) {
                int prev = forwardInTime ? t - 1 : t + 1;
                host.read(store, (long) prev * blk + 4L * hb, cPrev, 0, hb);
            } else {
                java.util.Arrays.fill(cPrev, 0.0);
            }
            host.read(dOutT, (long) t * hb, dOutS, 0, hb);
            boolean last = s == steps - 1;
            for (int k = 0; k < hb; k++) dh[k] = last ? dOutS[k] : dh[k] + dOutS[k];
            boolean masked = st.valid[t] < batch;
            if (masked) applyMask(dh, mask, t, h, batch);
            for (int k = 0; k < hb; k++) {
                double o = fwd[2 * hb + k];
                double tc = fwd[5 * hb + k];
                double p = o * (1 - tc * tc) * dh[k];
                dc[k] = last ? p : dc[k] + p;
            }
            if (masked) applyMask(dc, mask, t, h, batch);
            for (int k = 0; k < hb; k++) {
                double i = fwd[k];
                double f = fwd[hb + k];
                double o = fwd[2 * hb + k];
                double g = fwd[3 * hb + k];
                double tc = fwd[5 * hb + k];
                da[k] = dc[k] * g * i * (1 - i);
                da[hb + k] = dc[k] * cPrev[k] * f * (1 - f);
                da[2 * hb + k] = dh[k] * tc * o * (1 - o);
                da[3 * hb + k] = dc[k] * i * (1 - g * g);
                dc[k] *= f;
            }
            host.write(da, 0, daAll, (long) t * 4 * hb, 4 * hb);
            if (s > 0) {
                Nd4j.gemm(wh, rows(daAll, (long) t * 4 * h, (long) (t + 1) * 4 * h), dhNd, false, false, 1.0, 0.0);
                host.read(dhNd, 0, dh, 0, hb);
            }
        }
        dGatesOut.assign(daAll.reshape(steps, 4L * h, batch).permute(0, 2, 1));
    }

    /** v *= mask of step t, for each of the h rows of a [H, B] block. */
    private static void applyMask(double[] v, float[] mask, int t, int h, int batch) {
        for (int r = 0; r < h; r++) {
            for (int q = 0; q < batch; q++) v[r * batch + q] *= mask[t * batch + q];
        }
    }

    /**
     * Saved activations of one direction: the per-step store [T, 7H, B] (gate activations i f o g,
     * masked c, tanh of it, h; each step's block transposed), and h and c as time-major rows [T*B, H].
     */
    record DirectionState(INDArray store, INDArray h, INDArray c) { }

    record LstmState(INDArray x, INDArray mask, int[] valid, int steps, int batch,
                             DirectionState fw, DirectionState bw, INDArray output) implements State { }
}
