package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
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

    @Override
    public int outputSize() {
        return 2 * hidden;
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        DirectionState fw = runDirection("fw", true, x, mask, steps, batch);
        DirectionState bw = runDirection("bw", false, x, mask, steps, batch);
        INDArray out = Nd4j.hstack(fw.h, bw.h);
        return new LstmState(x, mask, steps, batch, fw, bw, out);
    }

    private DirectionState runDirection(String dir, boolean forwardInTime, INDArray x, INDArray mask,
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
            Transforms.tanh(a.get(all(), interval(3 * h, 4 * h)), false);
            INDArray i = a.get(all(), interval(0, h));
            INDArray f = a.get(all(), interval(h, 2 * h));
            INDArray o = a.get(all(), interval(2 * h, 3 * h));
            INDArray g = a.get(all(), interval(3 * h, 4 * h));
            INDArray c = cs.get(interval(r0, r1), all());
            c.assign(i.mul(g));
            if (cPrev != null) c.addi(f.mul(cPrev));
            INDArray tc = tanhC.get(interval(r0, r1), all());
            tc.assign(Transforms.tanh(c, true));
            INDArray ht = hs.get(interval(r0, r1), all());
            ht.assign(o.mul(tc));
            INDArray m = mask.get(interval(r0, r1), all());
            c.muliColumnVector(m);
            ht.muliColumnVector(m);
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

    private INDArray backDirection(String dir, boolean forwardInTime, LstmState st, DirectionState ds,
                                   INDArray dOut, ParameterSet grads) {
        INDArray wx = params.get("lstm." + dir + ".Wx");
        INDArray wh = params.get("lstm." + dir + ".Wh");
        int h = hidden;
        int steps = st.steps;
        int batch = st.batch;
        DataType dt = st.x.dataType();
        INDArray dGates = Nd4j.create(dt, (long) steps * batch, 4L * h);
        INDArray dhNext = null;
        INDArray dcNext = null;
        for (int s = steps - 1; s >= 0; s--) {
            int t = forwardInTime ? s : steps - 1 - s;
            long r0 = (long) t * batch;
            long r1 = r0 + batch;
            INDArray m = st.mask.get(interval(r0, r1), all());
            INDArray a = ds.gates.get(interval(r0, r1), all());
            INDArray i = a.get(all(), interval(0, h));
            INDArray f = a.get(all(), interval(h, 2 * h));
            INDArray o = a.get(all(), interval(2 * h, 3 * h));
            INDArray g = a.get(all(), interval(3 * h, 4 * h));
            INDArray tc = ds.tanhC.get(interval(r0, r1), all());
            // Gradient reaching the raw (unmasked) h and c of this step.
            INDArray dh = dOut.get(interval(r0, r1), all()).dup();
            if (dhNext != null) dh.addi(dhNext);
            dh.muliColumnVector(m);
            INDArray dc = dh.mul(o).muli(tc.mul(tc).rsubi(1));
            if (dcNext != null) dc.addi(dcNext.mulColumnVector(m));
            INDArray da = dGates.get(interval(r0, r1), all());
            da.get(all(), interval(0, h)).assign(dc.mul(g).muli(i.mul(i.rsub(1))));
            if (s > 0) {
                int tp = forwardInTime ? t - 1 : t + 1;
                INDArray cPrev = ds.c.get(interval((long) tp * batch, (long) tp * batch + batch), all());
                da.get(all(), interval(h, 2 * h)).assign(dc.mul(cPrev).muli(f.mul(f.rsub(1))));
            }
            da.get(all(), interval(2 * h, 3 * h)).assign(dh.mul(tc).muli(o.mul(o.rsub(1))));
            da.get(all(), interval(3 * h, 4 * h)).assign(dc.mul(i).muli(g.mul(g).rsubi(1)));
            dcNext = dc.muli(f);
            dhNext = (s > 0) ? da.mmul(wh.transpose()) : null;
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
    private record DirectionState(INDArray gates, INDArray h, INDArray c, INDArray tanhC) { }

    private record LstmState(INDArray x, INDArray mask, int steps, int batch,
                             DirectionState fw, DirectionState bw, INDArray output) implements State { }
}
