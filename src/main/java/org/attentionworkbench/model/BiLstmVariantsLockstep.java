package org.attentionworkbench.model;

import java.util.Arrays;
import java.util.List;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import org.bytedeco.javacpp.FloatPointer;

/**
 * {@link BiLstmVariants}' outputs (the n single-token variants of a document, token j deleted or
 * replaced by an occluder) for a FLOAT BiLSTM, with all variants run side by side: at token t,
 * every variant whose changed states reach t takes its cell step in one product
 * ({@link NativeGemm}), and its readout of position t in another.
 *
 * <p>Variant j is row j of every array. Forward, the variants that have started by token t are
 * rows [0, t] (occlusion) or [0, t) (deletion), each starting from the document's own state
 * before j; backward, rows [t, n) or (t, n). Every position a variant changed is read out and
 * folded into its own running softmax (maximum, weight sum, weighted contributions). The rows are
 * [h | s | o | 1] (H + 3 floats): against the weights [W_h; x_t W_x; occluder W_x; b] the product
 * gives the pre-activations with the step's input row (s = 1), the occluder's (o = 1) and the
 * bias included, and against [W_top; 0; 0; b + other half] the readout with its bias.
 *
 * <p>Unlike {@link BiLstmVariants} there is no rejoin shortcut (it did not fire on the shipped
 * imdb-bilstm at its 1e-7 tolerance): every variant runs to the end of the document, so outputs
 * equal literal re-runs to float rounding. Why side by side: a variant's cell step alone is a
 * matrix-vector product that reads W_h (64 KB) from the L2 cache; here one read serves up to n
 * variants (docs/bench.md, issue 19).
 */
final class BiLstmVariantsLockstep {

    private final HostNetwork net;
    private final HostLstm lstm;
    private final int hh;
    private final int stride;          // H + 3: h, then the input flags and the bias's one
    private final int q;               // readout width: attention part then C contributions
    private final int classes;
    private final boolean dot;
    private final double[] attV;
    private final double[][] wTop;
    private final double[][] wBot;
    private final double[] readBias;
    private final float[][] whFlat;    // per direction W_h [H x 4H]
    private final float[][] biasF;     // per direction b [4H]

    BiLstmVariantsLockstep(HostNetwork net) {
        if (!supports(net)) throw new IllegalArgumentException("not a FLOAT BiLSTM with learned attention and BLAS");
        this.net = net;
        this.lstm = (HostLstm) net.encoder();
        this.hh = lstm.hidden();
        this.stride = hh + 3;
        this.classes = net.outputBias().length;
        double[][] w = net.readoutWeights();
        this.q = w[0].length;
        this.dot = q - classes == 1 && net.attentionBias() == null;
        this.attV = net.attentionVector();
        this.wTop = Arrays.copyOfRange(w, 0, hh);
        this.wBot = Arrays.copyOfRange(w, hh, 2 * hh);
        this.readBias = net.readoutBias();
        this.whFlat = new float[][] {lstm.recurrentFlat(0), lstm.recurrentFlat(1)};
        this.biasF = new float[][] {lstm.biasFloat(0), lstm.biasFloat(1)};
    }

    /** A FLOAT BiLSTM with learned attention, OpenBLAS loaded. */
    static boolean supports(HostNetwork net) {
        return net.encoder() instanceof HostLstm l && l.isFloat() && net.learnedAttention() && NativeGemm.available();
    }

    /** Each variant's running softmax over the positions it changed, in double. */
    private static final class Softmax {
        final double[] max;
        final double[] sum;
        final double[][] z;   // [j][C]

        Softmax(int n, int classes) {
            max = new double[n];
            Arrays.fill(max, Double.NEGATIVE_INFINITY);
            sum = new double[n];
            z = new double[n][classes];
        }

        void add(int j, double score, float[] r, int zAt, int classes) {
            double[] zj = z[j];
            if (score > max[j]) {
                double scale = max[j] == Double.NEGATIVE_INFINITY ? 0 : Math.exp(max[j] - score);
                sum[j] = sum[j] * scale + 1;
                for (int c = 0; c < classes; c++) zj[c] = zj[c] * scale + r[zAt + c];
                max[j] = score;
            } else {
                double w = Math.exp(score - max[j]);
                sum[j] += w;
                for (int c = 0; c < classes; c++) zj[c] += w * r[zAt + c];
            }
        }
    }

    /**
     * Output distributions of the n variants, as {@link BiLstmVariants#outputs}.
     *
     * @param delete      delete token j (leave-one-out); otherwise replace it by {@code replacement}
     * @param replacement the occluder's vocabulary id (ignored when deleting)
     */
    List<double[]> outputs(int[] ids, boolean delete, int replacement) {
        int n = ids.length;
        double[][] result = new double[n][];
        if (delete && n == 1) {
            result[0] = EncodedDocument.softmax(net.outputBias());
            return Arrays.asList(result);
        }
        double[][] proj = net.projectTokens(ids);
        double[] occluder = delete ? null : lstm.project(net.embed(new int[] {replacement}))[0];
        HostEncoder.State doc = lstm.run(proj);
        HostLstm.Direction fw = HostLstm.direction(doc, 0);
        HostLstm.Direction bw = HostLstm.direction(doc, 1);
        double[][] top = Dense.multiply(fw.h, wTop);
        double[][] bot = Dense.multiply(bw.h, wBot);
        Softmax soft = new Softmax(n, classes);
        double[][] stash = delete ? null : new double[n][];
        try (Buffers buf = new Buffers(n)) {
            for (int d = 0; d < 2; d++) {
                direction(d, n, delete, proj, occluder, d == 0 ? fw : bw, d == 0 ? bot : top, stash, soft, buf);
            }
        }
        double[] outBias = net.outputBias();
        for (int j = 0; j < n; j++) {
            double[] logits = new double[classes];
            // Nothing attended (a variant of markers alone): the context is zero, the output the bias's.
            for (int c = 0; c < classes; c++) {
                logits[c] = (soft.sum[j] > 0 ? soft.z[j][c] / soft.sum[j] : 0) + outBias[c];
            }
            net.atNetworkPrecision(logits);
            result[j] = EncodedDocument.softmax(logits);
        }
        return Arrays.asList(result);
    }

    /** Native operands of one call: rows [n x (H + 3)], gate pre-activations, readouts, weights. */
    private final class Buffers implements AutoCloseable {
        final FloatPointer rows;
        final FloatPointer[] gates = new FloatPointer[4];
        final FloatPointer readout;
        final FloatPointer weights;    // [(H + 3) x 4H]
        final FloatPointer readWeights; // [(H + 3) x q]

        Buffers(int n) {
            rows = new FloatPointer((long) n * stride).zero();
            for (int g = 0; g < 4; g++) gates[g] = new FloatPointer((long) n * stride).zero();
            readout = new FloatPointer((long) n * q).zero();
            weights = new FloatPointer((long) stride * 4 * hh).zero();
            readWeights = new FloatPointer((long) stride * q).zero();
        }

        @Override
        public void close() {
            rows.close();
            for (FloatPointer g : gates) g.close();
            readout.close();
            weights.close();
            readWeights.close();
        }
    }

    /**
     * Direction d (0 forward, 1 backward) for every variant: each variant's states from its
     * change to the document's end (forward) or start (backward), and the readout of every
     * position they change folded into its softmax. {@code other} is the document's own readout
     * half of the other direction per position.
     */
    private void direction(int d, int n, boolean delete, double[][] proj, double[] occluder, HostLstm.Direction own,
                           double[][] other, double[][] stash, Softmax soft, Buffers buf) {
        int h4 = 4 * hh;
        int s = stride;
        float[] hRows = new float[n * s];
        float[] c = new float[n * s];
        float[][] g = new float[4][n * s];
        float[] tc = new float[n * s];
        float[] r = new float[n * q];
        float[] u = new float[n * q];
        // The weights: W_h, then the step's input row, the occluder's row and the bias.
        float[] w = new float[s * h4];
        System.arraycopy(whFlat[d], 0, w, 0, hh * h4);
        if (occluder != null) for (int j = 0; j < h4; j++) w[(hh + 1) * h4 + j] = (float) occluder[d * h4 + j];
        System.arraycopy(biasF[d], 0, w, (hh + 2) * h4, h4);
        NativeGemm.put(buf.weights, 0, w, 0, s * h4);
        double[][] half = d == 0 ? wTop : wBot;
        float[] rw = new float[s * q];
        for (int k = 0; k < hh; k++) for (int j = 0; j < q; j++) rw[k * q + j] = (float) half[k][j];
        NativeGemm.put(buf.readWeights, 0, rw, 0, s * q);
        float[] inputRow = new float[h4];
        float[] readRow = new float[q];
        for (int step = 0; step < n; step++) {
            if ((step & 31) == 0) Cancellation.checkCurrent(); // a stale run stops between steps
            int t = d == 0 ? step : n - 1 - step;
            // The variant that starts at token t: its state before t is the document's own.
            int start = delete ? (d == 0 ? t - 1 : t + 1) : t;
            if (start >= 0 && start < n) {
                int before = d == 0 ? start - 1 : start + 1;
                int at = start * s;
                if (before >= 0 && before < n) {
                    for (int k = 0; k < hh; k++) {
                        hRows[at + k] = (float) own.h[before][k];
                        c[at + k] = (float) own.c[before][k];
                    }
                } else {
                    Arrays.fill(hRows, at, at + hh, 0f);
                    Arrays.fill(c, at, at + hh, 0f);
                }
                boolean occludes = !delete;
                hRows[at + hh] = occludes ? 0f : 1f;
                hRows[at + hh + 1] = occludes ? 1f : 0f;
                hRows[at + hh + 2] = 1f;
                NativeGemm.put(buf.rows, at, hRows, at, s);
            }
            int lo;
            int hi;
            if (d == 0) {
                lo = 0;
                hi = delete ? t : t + 1;
            } else {
                lo = delete ? t + 1 : t;
                hi = n;
            }
            int m = hi - lo;
            if (m <= 0) continue;
            for (int j = 0; j < h4; j++) inputRow[j] = (float) proj[t][d * h4 + j];
            NativeGemm.put(buf.weights, (long) hh * h4, inputRow, 0, h4);
            int from = lo * s;
            int to = hi * s;
            for (int gate = 0; gate < 4; gate++) {
                NativeGemm.multiply(false, false, m, hh, s, buf.rows.position(from), s,
                        buf.weights.position(gate * hh), h4, buf.gates[gate].position(from), s);
                buf.rows.position(0);
                buf.weights.position(0);
                buf.gates[gate].position(0);
                NativeGemm.get(buf.gates[gate], from, g[gate], from, to - from);
            }
            CellMath.sigmoidFloat(g[0], from, to);
            CellMath.sigmoidFloat(g[1], from, to);
            CellMath.sigmoidFloat(g[2], from, to);
            CellMath.tanhFloat(g[3], from, to);
            float[] i = g[0];
            float[] f = g[1];
            float[] o = g[2];
            float[] gg = g[3];
            for (int k = from; k < to; k++) c[k] = i[k] * gg[k] + f[k] * c[k];
            System.arraycopy(c, from, tc, from, to - from);
            CellMath.tanhFloat(tc, from, to);
            for (int k = from; k < to; k++) hRows[k] = o[k] * tc[k];
            for (int j = lo; j < hi; j++) {
                // The flags for the next step (every started variant then reads the document's token) and the one.
                hRows[j * s + hh] = 1f;
                hRows[j * s + hh + 1] = 0f;
                hRows[j * s + hh + 2] = 1f;
            }
            NativeGemm.put(buf.rows, from, hRows, from, to - from);
            // Readout of position t for every variant that changed it.
            for (int j = 0; j < q; j++) readRow[j] = (float) (readBias[j] + other[t][j]);
            NativeGemm.put(buf.readWeights, (long) (hh + 2) * q, readRow, 0, q);
            NativeGemm.multiply(false, false, m, q, s, buf.rows.position(from), s, buf.readWeights, q,
                    buf.readout.position((long) lo * q), q);
            buf.rows.position(0);
            buf.readout.position(0);
            NativeGemm.get(buf.readout, (long) lo * q, r, lo * q, m * q);
            if (!delete && d == 0) {
                // The occluded position: its forward half waits for the backward pass's.
                double[] st = new double[q];
                for (int k = 0; k < hh; k++) {
                    double hk = hRows[t * s + k];
                    for (int j = 0; j < q; j++) st[j] += hk * wTop[k][j];
                }
                stash[t] = st;
            } else if (!delete) {
                for (int j = 0; j < q; j++) r[t * q + j] += (float) (stash[t][j] - other[t][j]);
            }
            if (!net.attends(t, n)) continue;
            if (!dot) {
                // tanh over the whole block (one loop the JIT vectorises); the contributions stay in r.
                System.arraycopy(r, lo * q, u, lo * q, m * q);
                CellMath.tanhFloat(u, lo * q, hi * q);
            }
            for (int j = lo; j < hi; j++) {
                if (!delete && d == 0 && j == t) continue;
                soft.add(j, score(r, u, j * q), r, j * q + q - classes, classes);
            }
        }
    }

    /** The attention score of one readout row: v . tanh(pre) from the row of {@code u}, or pre[0]. */
    private double score(float[] r, float[] u, int at) {
        if (dot) return r[at];
        int a = q - classes;
        double sum = 0;
        for (int j = 0; j < a; j++) sum += u[at + j] * attV[j];
        return sum;
    }
}
