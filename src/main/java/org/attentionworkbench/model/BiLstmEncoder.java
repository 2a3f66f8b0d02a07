package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Bidirectional LSTM written on plain ND4J matrix operations, forward and backward by hand.
 *
 * <p>Why not libnd4j's {@code lstmLayer} op: in DL4J 1.0.0-M2.1 it leaks native memory on every
 * call and gives wrong gradients for padded rows (see DL4J-NOTES.md). This version is checked by
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
        int[] valid = validRowsPerStep(mask, steps, batch);
        long h4 = 4L * hidden;
        DirectionState fw = runDirection("fw", true, projected.get(all(), interval(0, h4)), mask, valid, steps, batch);
        DirectionState bw = runDirection("bw", false, projected.get(all(), interval(h4, 2 * h4)), mask, valid,
                steps, batch);
        INDArray out = Nd4j.hstack(fw.h, bw.h);
        return new LstmState(null, mask, valid, steps, batch, fw, bw, out);
    }

    /** Number of real (unpadded) rows at each step; masking is skipped where all rows are real. */
    private static int[] validRowsPerStep(INDArray mask, int steps, int batch) {
        float[] m = mask.castTo(DataType.FLOAT).data().asFloat();
        int[] valid = new int[steps];
        for (int t = 0; t < steps; t++) {
            for (int b = 0; b < batch; b++) if (m[t * batch + b] != 0f) valid[t]++;
        }
        return valid;
    }

    /*
     * Layout. Every per-step quantity is kept TRANSPOSED, [width, B] (a column per batch row), so
     * that each gate of each step is one contiguous [H, B] block: element-wise ops on column slices
     * of a [B, 4H] matrix take libnd4j's slow strided path (measured ~10x the per-element cost of
     * contiguous arrays), and every view costs ~5 us to create. The step itself runs in a fixed
     * scratch block Z = [i; f; o; g; c; tanh(c); h] ([7H, B]) whose sub-views are created once; per
     * step there is one view of the input projection, one of the step's slot in the store, one
     * gemm h_{t-1}^T -> Z[0:4H] and seven element-wise calls, all on contiguous blocks.
     */
    private DirectionState runDirection(String dir, boolean forwardInTime, INDArray proj, INDArray mask, int[] valid,
                                        int steps, int batch) {
        INDArray whT = params.get("lstm." + dir + ".Wh").transpose().dup('c');
        INDArray b = params.get("lstm." + dir + ".b");
        DataType dt = proj.dataType();
        int h = hidden;
        // proj: this direction's input projection x Wx of every step ([T*B, 4H], possibly a column
        // view); plus the bias, transposed per step: [T * 4H, B].
        INDArray xProj = perStepColumns(proj.addRowVector(b), steps, batch, 4 * h);
        INDArray store = Nd4j.create(dt, (long) steps * SLOT * h, batch);
        INDArray maskT = anyMasked(valid, batch) ? maskColumns(mask, steps, batch, h) : null;
        INDArray z = Nd4j.create(dt, (long) SLOT * h, batch);
        INDArray a = rows(z, 0, 4L * h);
        INDArray sig = rows(z, 0, 3L * h);
        INDArray i = rows(z, 0, h);
        INDArray f = rows(z, h, 2L * h);
        INDArray o = rows(z, 2L * h, 3L * h);
        INDArray g = rows(z, 3L * h, 4L * h);
        INDArray c = rows(z, 4L * h, 5L * h);
        INDArray tc = rows(z, 5L * h, 6L * h);
        INDArray ht = rows(z, 6L * h, 7L * h);
        var ex = Nd4j.getExecutioner();
        for (int s = 0; s < steps; s++) {
            int t = forwardInTime ? s : steps - 1 - s;
            a.assign(rows(xProj, (long) t * 4 * h, (long) (t + 1) * 4 * h));
            if (s > 0) Nd4j.gemm(whT, ht, a, false, false, 1.0, 1.0);   // += W_h^T h_{t-1}
            ex.exec(new Sigmoid(sig, sig));
            ex.exec(new Tanh(g, g));
            if (s > 0) {                       // c = f c_{t-1} + i g
                c.muli(f);
                i.mul(g, tc);
                c.addi(tc);
            } else {
                i.mul(g, c);
            }
            // Padded rows: c = 0, hence tanh(c) = 0 and h = 0 (the state a row starts from).
            if (valid[t] < batch) c.muli(rows(maskT, (long) t * h, (long) (t + 1) * h));
            ex.exec(new Tanh(c, tc));
            o.mul(tc, ht);
            rows(store, (long) t * SLOT * h, (long) (t + 1) * SLOT * h).assign(z);
        }
        INDArray store3 = store.reshape(steps, (long) SLOT * h, batch);
        return new DirectionState(store3, rowsOf(store3, 6, h, steps, batch), rowsOf(store3, 4, h, steps, batch));
    }

    /** Slots of the per-step store: gates i f o g, c, tanh(c), h. */
    private static final int SLOT = 7;

    private static INDArray rows(INDArray m, long r0, long r1) {
        return m.get(interval(r0, r1), all());
    }

    private static boolean anyMasked(int[] valid, int batch) {
        for (int v : valid) if (v < batch) return true;
        return false;
    }

    /** [T*B, w] time-major rows -> [T*w, B]: each step's block transposed, contiguous. */
    private static INDArray perStepColumns(INDArray m, int steps, int batch, long w) {
        if (batch == 1) return m.reshape((long) steps * w, 1);
        return m.reshape(steps, batch, w).permute(0, 2, 1).dup('c').reshape((long) steps * w, batch);
    }

    /** The mask as [T*H, B]: each step's [1, B] mask row repeated H times. */
    private static INDArray maskColumns(INDArray mask, int steps, int batch, int h) {
        INDArray m = Nd4j.create(mask.dataType(), steps, h, batch);
        m.addi(mask.reshape(steps, 1, batch));
        return m.reshape((long) steps * h, batch);
    }

    /** Slot k ([T, H, B] view of the store) as time-major rows [T*B, H]. */
    private static INDArray rowsOf(INDArray store3, int k, int h, int steps, int batch) {
        INDArray v = store3.get(all(), interval((long) k * h, (long) (k + 1) * h), all());
        return v.permute(0, 2, 1).dup('c').reshape((long) steps * batch, h);
    }

    private static INDArray slot(INDArray store3, int k, int h) {
        return store3.get(all(), interval((long) k * h, (long) (k + 1) * h), all());
    }

    /** Slot k of steps [t0, t1). */
    private static INDArray slot(INDArray store3, int k, int h, int t0, int t1) {
        return store3.get(interval(t0, t1), interval((long) k * h, (long) (k + 1) * h), all());
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        LstmState st = (LstmState) state;
        INDArray dGates = backwardToProjection(state, dH);
        if (grads != null) {
            long h4 = 4L * hidden;
            // dWx of both directions at once: x^T [dGates_fw | dGates_bw] = [dWx_fw | dWx_bw].
            INDArray dWx = st.x.transpose().mmul(dGates);
            INDArray db = dGates.sum(true, 0);
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
     * Back-propagation through time for one direction. The factors that do not depend on the
     * incoming gradient are computed for all steps at once before the loop, into a per-step store
     * (transposed like the forward one, [T, 7H, B]) of slots [Di | Df | Do | Dg | P | f | dOut] with
     * P = o(1 - tanh(c)^2) and the derivative factors D = [g i(1-i) | c_prev f(1-f) | tanh(c) o(1-o) |
     * i(1-g^2)]. Each step loads its slot into a scratch block Y (one view, one copy), turns Y[0:4H]
     * into the gate gradients in place, and writes Y back; one gemm gives dh_{t-1}. The gate
     * gradients are written into {@code dGatesOut} ([T, B, 4H], time-major rows).
     */
    private void backDirection(boolean forwardInTime, LstmState st, DirectionState ds, INDArray dOut,
                               INDArray dGatesOut) {
        INDArray wh = params.get("lstm." + (forwardInTime ? "fw" : "bw") + ".Wh");
        int h = hidden;
        int steps = st.steps;
        int batch = st.batch;
        DataType dt = dOut.dataType();
        INDArray fs = ds.store;                          // [T, 7H, B]: i f o g c tanh(c) h
        INDArray i = slot(fs, 0, h);
        INDArray f = slot(fs, 1, h);
        INDArray o = slot(fs, 2, h);
        INDArray g = slot(fs, 3, h);
        INDArray c = slot(fs, 4, h);
        INDArray tanhC = slot(fs, 5, h);
        INDArray bw = Nd4j.create(dt, steps, (long) SLOT * h, batch);
        g.mul(i, slot(bw, 0, h)).muli(i.rsub(1));
        if (steps > 1) {
            INDArray cPrev;
            INDArray fCur;
            INDArray df;
            if (forwardInTime) {   // step t uses c_{t-1}; step 0 starts from 0, so its factor is 0
                cPrev = slot(fs, 4, h, 0, steps - 1);
                fCur = slot(fs, 1, h, 1, steps);
                df = slot(bw, 1, h, 1, steps);
            } else {
                cPrev = slot(fs, 4, h, 1, steps);
                fCur = slot(fs, 1, h, 0, steps - 1);
                df = slot(bw, 1, h, 0, steps - 1);
            }
            cPrev.mul(fCur, df).muli(fCur.rsub(1));
        }
        tanhC.mul(o, slot(bw, 2, h)).muli(o.rsub(1));
        i.mul(g.mul(g).rsubi(1), slot(bw, 3, h));
        o.mul(tanhC.mul(tanhC).rsubi(1), slot(bw, 4, h));
        slot(bw, 5, h).assign(f);
        slot(bw, 6, h).assign(dOut.reshape(steps, batch, h).permute(0, 2, 1));
        INDArray bw2 = bw.reshape((long) steps * SLOT * h, batch);
        boolean masked = anyMasked(st.valid, batch);
        INDArray maskT = masked ? maskColumns(st.mask, steps, batch, h) : null;
        INDArray y = Nd4j.create(dt, (long) SLOT * h, batch);
        INDArray da = rows(y, 0, 4L * h);
        INDArray dai = rows(y, 0, h);
        INDArray daf = rows(y, h, 2L * h);
        INDArray dao = rows(y, 2L * h, 3L * h);
        INDArray dag = rows(y, 3L * h, 4L * h);
        INDArray p = rows(y, 4L * h, 5L * h);
        INDArray fAct = rows(y, 5L * h, 6L * h);
        INDArray dOutT = rows(y, 6L * h, 7L * h);
        INDArray dh = Nd4j.create(dt, h, batch);   // gradient reaching the raw h of the step
        INDArray dc = Nd4j.create(dt, h, batch);   // ... and its c; holds dc_{t+1} f_{t+1} on entry
        for (int s = steps - 1; s >= 0; s--) {
            int t = forwardInTime ? s : steps - 1 - s;
            INDArray slotT = rows(bw2, (long) t * SLOT * h, (long) (t + 1) * SLOT * h);
            y.assign(slotT);
            if (s < steps - 1) dh.addi(dOutT); else dh.assign(dOutT);
            INDArray m = st.valid[t] < batch ? rows(maskT, (long) t * h, (long) (t + 1) * h) : null;
            if (m != null) dh.muli(m);
            p.muli(dh);
            if (s < steps - 1) dc.addi(p); else dc.assign(p);
            if (m != null) dc.muli(m);
            dai.muli(dc);
            daf.muli(dc);
            dao.muli(dh);
            dag.muli(dc);
            if (s > 0) {
                dc.muli(fAct);
                Nd4j.gemm(wh, da, dh, false, false, 1.0, 0.0);
            }
            slotT.assign(y);
        }
        dGatesOut.assign(bw.get(all(), interval(0, 4L * h), all()).permute(0, 2, 1));
    }

    /**
     * Saved activations of one direction: the per-step store [T, 7H, B] (gate activations i f o g,
     * masked c, tanh of it, h; each step's block transposed), and h and c as time-major rows [T*B, H].
     */
    record DirectionState(INDArray store, INDArray h, INDArray c) { }

    record LstmState(INDArray x, INDArray mask, int[] valid, int steps, int batch,
                             DirectionState fw, DirectionState bw, INDArray output) implements State { }
}
