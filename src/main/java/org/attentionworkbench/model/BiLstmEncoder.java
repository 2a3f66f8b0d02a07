package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Bidirectional LSTM written on plain ND4J matrix operations, forward and backward by hand.
 *
 * <p>Why not libnd4j's {@code lstmLayer} op: in DL4J 1.0.0-M2.1 it leaks native memory on every
 * call and gives wrong gradients for padded rows (see DL4J-NOTES.md). This version is checked by
 * a finite-difference test on a padded batch and by a resident-memory test.
 *
 * <p>Gate layout per direction: pre-activations [i | f | o | g], each H wide. The input projection
 * of all time steps is one big matrix product; each step then adds h_{t-1} W_h in place.
 * Padding: after every step the state of padded rows is multiplied by the mask, so it is zero
 * there; the backward direction therefore starts each row from a zero state at its last real token,
 * exactly as if the row had been run alone.
 */
final class BiLstmEncoder implements Encoder {

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
        int[] valid = validRowsPerStep(mask, steps, batch);
        DirectionState fw = runDirection("fw", true, x, mask, valid, steps, batch);
        DirectionState bw = runDirection("bw", false, x, mask, valid, steps, batch);
        INDArray out = Nd4j.hstack(fw.h, bw.h);
        return new LstmState(x, mask, valid, steps, batch, fw, bw, out);
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
     * Per-step work is kept to a handful of ND4J calls writing straight into views of the
     * preallocated arrays: each call costs tens of microseconds of overhead, and a 400-token
     * document makes 800 steps.
     */
    private DirectionState runDirection(String dir, boolean forwardInTime, INDArray x, INDArray mask, int[] valid,
                                        int steps, int batch) {
        INDArray wx = params.get("lstm." + dir + ".Wx");
        INDArray wh = params.get("lstm." + dir + ".Wh");
        INDArray b = params.get("lstm." + dir + ".b");
        DataType dt = x.dataType();
        int h = hidden;
        long rows = (long) steps * batch;
        // Gate pre-activations of every step at once; turned into activations in place below.
        INDArray gates = x.mmul(wx).addiRowVector(b);
        INDArray hs = Nd4j.create(dt, rows, h);
        INDArray cs = Nd4j.create(dt, rows, h);
        INDArray tanhC = Nd4j.create(dt, rows, h);
        INDArray hPrev = null;
        INDArray cPrev = null;
        for (int s = 0; s < steps; s++) {
            int t = forwardInTime ? s : steps - 1 - s;
            long r0 = (long) t * batch;
            long r1 = r0 + batch;
            INDArray a = gates.get(interval(r0, r1), all());
            if (hPrev != null) {
                Nd4j.gemm(hPrev, wh, a, false, false, 1.0, 1.0);
            }
            Transforms.sigmoid(a.get(all(), interval(0, 3 * h)), false);
            INDArray g = Transforms.tanh(a.get(all(), interval(3 * h, 4 * h)), false);
            INDArray c = cs.get(interval(r0, r1), all());
            a.get(all(), interval(0, h)).mul(g, c);
            if (cPrev != null) c.addi(a.get(all(), interval(h, 2 * h)).mul(cPrev));
            INDArray tc = tanhC.get(interval(r0, r1), all());
            Nd4j.getExecutioner().exec(new Tanh(c, tc));
            INDArray ht = hs.get(interval(r0, r1), all());
            a.get(all(), interval(2 * h, 3 * h)).mul(tc, ht);
            if (valid[t] < batch) {
                INDArray m = mask.get(interval(r0, r1), all());
                c.muliColumnVector(m);
                ht.muliColumnVector(m);
            }
            hPrev = ht;
            cPrev = c;
        }
        return new DirectionState(gates, hs, cs, tanhC);
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        LstmState st = (LstmState) state;
        int h = hidden;
        INDArray dFw = dH.get(all(), interval(0, h)).dup();
        INDArray dBw = dH.get(all(), interval(h, 2 * h)).dup();
        INDArray dx = backDirection("fw", true, st, st.fw, dFw, grads);
        dx.addi(backDirection("bw", false, st, st.bw, dBw, grads));
        return dx;
    }

    /**
     * Back-propagation through time for one direction. The factors that do not depend on the
     * incoming gradient are computed for all steps at once before the loop:
     * P = o(1 - tanh(c)^2), and per gate the derivative factor D = [g i(1-i) | c_prev f(1-f) |
     * tanh(c) o(1-o) | i(1-g^2)], so each step is a few multiplications and one matrix product.
     * {@code dOut} (a private copy) is used as scratch space.
     */
    private INDArray backDirection(String dir, boolean forwardInTime, LstmState st, DirectionState ds,
                                   INDArray dOut, ParameterSet grads) {
        INDArray wx = params.get("lstm." + dir + ".Wx");
        INDArray whT = params.get("lstm." + dir + ".Wh").transpose().dup('c');
        int h = hidden;
        int steps = st.steps;
        int batch = st.batch;
        DataType dt = st.x.dataType();
        long rows = (long) steps * batch;
        INDArray i = ds.gates.get(all(), interval(0, h));
        INDArray f = ds.gates.get(all(), interval(h, 2 * h));
        INDArray o = ds.gates.get(all(), interval(2 * h, 3 * h));
        INDArray g = ds.gates.get(all(), interval(3 * h, 4 * h));
        INDArray p = o.mul(ds.tanhC.mul(ds.tanhC).rsubi(1));
        INDArray cPrev = Nd4j.create(dt, rows, h);
        if (steps > 1) {
            long n = (long) (steps - 1) * batch;
            if (forwardInTime) {
                cPrev.get(interval(batch, rows), all()).assign(ds.c.get(interval(0, n), all()));
            } else {
                cPrev.get(interval(0, n), all()).assign(ds.c.get(interval(batch, rows), all()));
            }
        }
        INDArray d = Nd4j.hstack(
                g.mul(i).muli(i.rsub(1)),
                cPrev.muli(f).muli(f.rsub(1)),
                ds.tanhC.mul(o).muli(o.rsub(1)),
                i.mul(g.mul(g).rsubi(1)));
        INDArray dGates = Nd4j.create(dt, rows, 4L * h);
        INDArray dhNext = null;
        INDArray dcNext = null;
        for (int s = steps - 1; s >= 0; s--) {
            int t = forwardInTime ? s : steps - 1 - s;
            long r0 = (long) t * batch;
            long r1 = r0 + batch;
            boolean masked = st.valid[t] < batch;
            INDArray m = masked ? st.mask.get(interval(r0, r1), all()) : null;
            // Gradient reaching the raw (unmasked) h and c of this step.
            INDArray dh = dOut.get(interval(r0, r1), all());
            if (dhNext != null) dh.addi(dhNext);
            if (masked) dh.muliColumnVector(m);
            INDArray dc = dh.mul(p.get(interval(r0, r1), all()));
            if (dcNext != null) {
                if (masked) dcNext.muliColumnVector(m);
                dc.addi(dcNext);
            }
            INDArray da = dGates.get(interval(r0, r1), all());
            INDArray dd = d.get(interval(r0, r1), all());
            dc.mul(dd.get(all(), interval(0, h)), da.get(all(), interval(0, h)));
            dc.mul(dd.get(all(), interval(h, 2 * h)), da.get(all(), interval(h, 2 * h)));
            dh.mul(dd.get(all(), interval(2 * h, 3 * h)), da.get(all(), interval(2 * h, 3 * h)));
            dc.mul(dd.get(all(), interval(3 * h, 4 * h)), da.get(all(), interval(3 * h, 4 * h)));
            if (s > 0) {
                dcNext = dc.muli(ds.gates.get(interval(r0, r1), interval(h, 2 * h)));
                dhNext = da.mmul(whT);
            }
        }
        if (grads != null) {
            grads.accumulate("lstm." + dir + ".Wx", st.x.transpose().mmul(dGates));
            grads.accumulate("lstm." + dir + ".b", dGates.sum(true, 0));
            INDArray dWh = Nd4j.create(dt, h, 4L * h);
            if (steps > 1) {
                long n = (long) (steps - 1) * batch;
                INDArray hPrev;
                INDArray dNext;
                if (forwardInTime) {   // step t uses h_{t-1}
                    hPrev = ds.h.get(interval(0, n), all());
                    dNext = dGates.get(interval(batch, n + batch), all());
                } else {               // step t uses h_{t+1}
                    hPrev = ds.h.get(interval(batch, n + batch), all());
                    dNext = dGates.get(interval(0, n), all());
                }
                Nd4j.gemm(hPrev, dNext, dWh, true, false, 1.0, 0.0);
            }
            grads.accumulate("lstm." + dir + ".Wh", dWh);
        }
        return dGates.mmul(wx.transpose());
    }

    /** Saved activations of one direction: gate activations [i f o g], h, masked c, tanh(raw c). */
    record DirectionState(INDArray gates, INDArray h, INDArray c, INDArray tanhC) { }

    record LstmState(INDArray x, INDArray mask, int[] valid, int steps, int batch,
                             DirectionState fw, DirectionState bw, INDArray output) implements State { }
}
