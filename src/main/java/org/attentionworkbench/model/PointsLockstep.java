package org.attentionworkbench.model;

import java.lang.ref.SoftReference;
import java.util.Arrays;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Integrated gradients' points side by side through a FLOAT BiLSTM, average encoder or CNN, and the
 * additive attention and decoder after either.
 *
 * <p>The BiLSTM: every point's cell step at token t is taken together, so the recurrent products
 * of all B points are one product ({@link NativeGemm}) forward, [W_h; p_t; b]^T [h^T; a; 1] (the
 * token's input row and the bias ride along as two more rows of the weights, against the points'
 * nodes and ones), and one back, W_h dA^T, instead of B matrix-vector products that each read W_h
 * again. The average encoder's h = tanh(a p_t + b) is elementwise, and so is the CNN's h = relu(a p_t + b)
 * given its windows' sums p (linear in the input). The additive attention's layer
 * is one [B n x F] by [F x A] product forward and one back for all points and tokens. The
 * arithmetic is {@link HostLstm}'s, {@link HostAverage}'s and {@link HostNetwork}'s, in float
 * (the network's own precision); SharedProjectionIntegratedGradientsTest holds the attributions
 * to the ND4J reference's and PointsLockstepTest to the point-by-point pass's.
 *
 * <p>Why: one point alone is 800 dependent matrix-vector steps whose weights (64 KB per
 * direction) are read from the L2 cache at every step; side by side, they are read once per step
 * for all points (docs/bench.md, issue 19). Each cell quantity of a step is one [H][B] array for
 * all points (index k B + b, the layout the transposed products give and take), so every
 * elementwise loop runs over H B elements from index 0: the form the JDK 17 JIT vectorises (a
 * loop {@code y[off + k] += a * x[k]} took 0.8 against 0.13 ns per element here).
 *
 * <p>Memory: the points' gates and cell states are kept for the backward pass, with h and the
 * attention layer about 4.3 KB per point and token (87 MB for 50 points of a 400-token review,
 * and 15 MB native). They live in a workspace that the next call reuses, softly held (the
 * collector may take it back): allocated afresh, they were copied by every young collection
 * during the pass, a third of its time.
 */
final class PointsLockstep {

    /** Points taken side by side at most; more go in chunks. */
    static final int MAX_POINTS = 50;

    /**
     * The bytes a workspace may hold for the points' cells, h and attention layer (the rest is a
     * few KB): a 400-token review takes all 50 points in one chunk (about 100 MB for the BiLSTM), a
     * longer one fewer per chunk (a 2,800-token IMDB review 9 at a time) instead of a gigabyte.
     */
    static final long WORKSPACE_BUDGET = 128L << 20;

    private static final ConcurrentLinkedQueue<SoftReference<Workspace>> POOL = new ConcurrentLinkedQueue<>();

    private final HostNetwork host;
    private final HostLstm lstm;          // null: an elementwise encoder (average: tanh, CNN: ReLU)
    private final boolean relu;           // the CNN's h = relu(P + b); the average encoder's is tanh
    private final int f;                  // width of h
    private final int hh;
    private final float[][] whFlat;       // per direction, W_h [H x 4H] row-major
    private final float[][] biasFlat;     // per direction, b [4H]
    private final FloatPointer attW;      // additive attention's W_att [2H x A], or null (other heads: per point)
    private final int att;
    private final long budget;            // WORKSPACE_BUDGET, or a test's

    /** For a FLOAT BiLSTM, average or CNN network ({@link #supports}). */
    PointsLockstep(HostNetwork host) {
        this(host, WORKSPACE_BUDGET);
    }

    /** As above, with a workspace budget in bytes of its own (tests of the chunking). */
    PointsLockstep(HostNetwork host, long budget) {
        this.budget = budget;
        if (!supports(host)) throw new IllegalArgumentException("not a FLOAT BiLSTM, average or CNN network with BLAS");
        this.host = host;
        this.f = host.encodedSize();
        this.relu = host.encoder() instanceof HostCnn;
        if (host.encoder() instanceof HostAverage avg) {
            this.lstm = null;
            this.hh = 0;
            this.whFlat = null;
            this.biasFlat = new float[][] {Dense.toFloat(avg.bias())};
        } else if (host.encoder() instanceof HostCnn cnn) {
            // Given P (the windows of the tap products: linear in x), the CNN is elementwise too.
            this.lstm = null;
            this.hh = 0;
            this.whFlat = null;
            this.biasFlat = new float[][] {Dense.toFloat(cnn.bias())};
        } else {
            this.lstm = (HostLstm) host.encoder();
            this.hh = lstm.hidden();
            this.whFlat = new float[][] {lstm.recurrentFlat(0), lstm.recurrentFlat(1)};
            this.biasFlat = new float[][] {lstm.biasFloat(0), lstm.biasFloat(1)};
        }
        float[][] aw = host.attentionWeightsFloat();
        this.attW = aw == null ? null : NativeGemm.of(aw);
        this.att = aw == null ? 0 : aw[0].length;
    }


    /** Whether the network is a FLOAT BiLSTM, average or CNN network and OpenBLAS is loaded. */
    static boolean supports(HostNetwork host) {
        HostEncoder e = host.encoder();
        return (e instanceof HostLstm l && l.isFloat() || e instanceof HostAverage a && a.isFloat()
                || e instanceof HostCnn c && c.tapsNative() != null) && NativeGemm.available();
    }

    /**
     * Adds sum_k w_k d p_target / dP, taken at P = pBase + a_k pDiff for each node a_k, into
     * {@code dPSum} ([n][8H]): what {@link HostNetwork#backwardToProjection} would add point by point.
     *
     * @param pBase P of the baseline, or null for a zero baseline (P(0) = 0)
     */
    void gradientSum(int[] ids, double[][] pDiff, double[][] pBase, int target, double[] nodes, double[] weights,
                     double[][] dPSum) {
        gradientSum(ids, pDiff, pBase, target, nodes, weights, dPSum, null);
    }

    /**
     * {@link #gradientSum(int[], double[][], double[][], int, double[], double[], double[][])} over
     * rows that each stand for {@code multiplicity[t]} attended positions holding the same token
     * (the average encoder's distinct tokens, {@link HostNetwork.DistinctTokens}; null: row t is
     * position t).
     */
    void gradientSum(int[] ids, double[][] pDiff, double[][] pBase, int target, double[] nodes, double[] weights,
                     double[][] dPSum, double[] multiplicity) {
        if (multiplicity != null && lstm != null) throw new IllegalArgumentException("a BiLSTM's rows are positions");
        int step = pointsPerChunk(ids.length);
        Workspace ws = take(ids.length, Math.min(step, nodes.length));
        try {
            for (int from = 0; from < nodes.length; from += step) {
                int to = Math.min(nodes.length, from + step);
                chunk(ws, ids, pDiff, pBase, target, Arrays.copyOfRange(nodes, from, to),
                        Arrays.copyOfRange(weights, from, to), dPSum, multiplicity);
            }
        } finally {
            POOL.add(new SoftReference<>(ws));
        }
    }

    /** Points side by side per chunk for n tokens: as many as the workspace budget allows, 1 to {@link #MAX_POINTS}. */
    int pointsPerChunk(int n) {
        long perPoint = (long) Math.max(n, 1) * bytesPerPointAndToken();
        return (int) Math.max(1, Math.min(MAX_POINTS, budget / perPoint));
    }

    /** A workspace's bytes per point and token: the BiLSTM's saved cells (6 H floats per direction), h, dH, u and their native copies. */
    private long bytesPerPointAndToken() {
        return 4L * (2 * 6 * hh + 3 * f + 2 * Math.max(att, 1));
    }

    /** A pooled workspace for n tokens and that many points side by side (made larger when needed). */
    private Workspace take(int n, int points) {
        for (SoftReference<Workspace> ref; (ref = POOL.poll()) != null; ) {
            Workspace ws = ref.get();
            if (ws != null && ws.hidden == hh && ws.width == f && ws.att == Math.max(att, 1) && ws.capacity >= n
                    && ws.points >= points && (long) ws.capacity * ws.points * bytesPerPointAndToken() <= 2 * budget) {
                return ws;
            }
            if (ws != null) ws.close();
        }
        return new Workspace(Math.max(n, 16), points, hh, f, Math.max(att, 1));
    }

    /**
     * One direction's saved cell step for every point, each array [H][B] flat (index k B + b, the
     * layout the transposed products give and take): activated gates i, f, o, g, then c and tanh(c).
     */
    private static final class Cells {
        final float[][] gate;
        final float[] c;
        final float[] tanhC;

        Cells(int size) {
            gate = new float[4][size];
            c = new float[size];
            tanhC = new float[size];
        }
    }

    /**
     * What a pass keeps, reused call after call: the cells; every point's h and its gradient as
     * flat [n B x 2H] arrays (rows t B + b) and their native copies for the attention's products;
     * the native operands of one step's products.
     */
    private static final class Workspace implements AutoCloseable {
        final int capacity;
        final int points;              // points side by side at most
        final int hidden;              // the BiLSTM's H, 0 for the average encoder
        final int width;               // F, the width of h
        final int att;                 // A, the attention layer's width (1 when there is none)
        final Cells[][] cells;
        final float[] h;
        final float[] dH;              // the head's gradient with respect to h, [B n x 2H]
        final float[] u;               // the attention layer's pre-activation, then its gradient [B n x A]
        final FloatPointer hNative;    // h, then the gradient back through the attention layer
        final FloatPointer uNative;
        final FloatPointer[] weights;  // per direction [H + 2][4H]: W_h, then the step's input row and bias row
        final FloatPointer hidden2;    // [H + 2][B]: h transposed, then the points' nodes a_b, then ones
        final FloatPointer gates;      // [4H][B]: the step's gate pre-activations, transposed; back: their gradients
        final FloatPointer carry;      // [H][B]: back: the gradient for the step before
        final FloatPointer ones;       // [B] ones
        final FloatPointer sums;       // [4H]: back: the gate gradients summed over the points

        Workspace(int capacity, int points, int hidden, int width, int att) {
            this.capacity = capacity;
            this.points = points;
            this.hidden = hidden;
            this.width = width;
            this.att = att;
            this.cells = new Cells[2][hidden == 0 ? 0 : capacity]; // none for the average encoder
            for (Cells[] dir : cells) for (int t = 0; t < dir.length; t++) dir[t] = new Cells(points * hidden);
            long rows = (long) points * capacity;
            this.h = new float[Math.toIntExact(rows * width)];
            this.dH = new float[h.length];
            this.u = new float[Math.toIntExact(rows * att)];
            this.hNative = new FloatPointer(rows * width);
            this.uNative = new FloatPointer(rows * att);
            int hid = Math.max(hidden, 1);
            this.weights = new FloatPointer[] {new FloatPointer((long) (hid + 2) * 4 * hid),
                    new FloatPointer((long) (hid + 2) * 4 * hid)};
            this.hidden2 = new FloatPointer((long) (hid + 2) * MAX_POINTS);
            this.gates = new FloatPointer((long) 4 * hid * MAX_POINTS);
            this.carry = new FloatPointer((long) hid * MAX_POINTS);
            float[] one = new float[MAX_POINTS];
            Arrays.fill(one, 1f);
            this.ones = new FloatPointer(one);
            this.sums = new FloatPointer(4L * hid);
        }

        @Override
        public void close() {
            hNative.close();
            uNative.close();
            weights[0].close();
            weights[1].close();
            hidden2.close();
            gates.close();
            carry.close();
            ones.close();
            sums.close();
        }
    }

    /**
     * p_target at P = pBase + a_k pDiff for each node a_k, the forward passes alone, side by side
     * (integrated gradients' end points, a = 1 and a = 0, cost a few percent of the points this
     * way; one after the other on the one-pass path they were a tenth). For additive attention
     * ({@link #batchesTheHead}); rows as in {@link #gradientSum(int[], double[][], double[][], int,
     * double[], double[], double[][], double[])}.
     */
    double[] probabilities(int[] ids, double[][] pDiff, double[][] pBase, int target, double[] nodes,
                           double[] multiplicity) {
        if (!batchesTheHead()) throw new IllegalStateException("only with additive attention");
        if (nodes.length > MAX_POINTS) throw new IllegalArgumentException("at most " + MAX_POINTS + " nodes");
        Workspace ws = take(ids.length, nodes.length);
        try {
            encoderForward(ws, pDiff, pBase, nodes);
            double[] probs = new double[nodes.length];
            headBatched(ws, ids, target, new double[nodes.length], multiplicity, probs);
            return probs;
        } finally {
            POOL.add(new SoftReference<>(ws));
        }
    }

    /** Whether the attention and decoder run batched for all points (learned additive attention). */
    boolean batchesTheHead() {
        return attW != null;
    }

    private void encoderForward(Workspace ws, double[][] pDiff, double[][] pBase, double[] nodes) {
        if (lstm == null) {
            averageForward(ws, pDiff, pBase, nodes);
        } else {
            for (int d = 0; d < 2; d++) forward(ws, d, pDiff, pBase, nodes);
        }
    }

    private void chunk(Workspace ws, int[] ids, double[][] pDiff, double[][] pBase, int target, double[] nodes,
                       double[] weights, double[][] dPSum, double[] multiplicity) {
        encoderForward(ws, pDiff, pBase, nodes);
        Cancellation.checkCurrent(); // a stale run stops between the passes
        float[] dH = attW != null ? headBatched(ws, ids, target, weights, multiplicity, null)
                : headPerPoint(ws, ids, target, weights, multiplicity);
        Cancellation.checkCurrent();
        if (lstm == null) {
            averageBackward(ws, ids.length, nodes.length, dH, dPSum);
        } else {
            for (int d = 0; d < 2; d++) backward(ws, d, ids.length, nodes.length, dH, dPSum);
        }
    }

    /** An elementwise encoder for every point: h = tanh (or relu) of a p_t + b + pBase_t, rows t B + b of ws.h. */
    private void averageForward(Workspace ws, double[][] pDiff, double[][] pBase, double[] nodes) {
        int n = pDiff.length;
        float[] x = new float[f];
        float[] y0 = new float[f];
        float[] b = biasFlat[0];
        for (int t = 0; t < n; t++) {
            double[] pd = pDiff[t];
            double[] pb = pBase == null ? null : pBase[t];
            for (int j = 0; j < f; j++) {
                x[j] = (float) pd[j];
                y0[j] = pb == null ? b[j] : (float) (pb[j] + b[j]);
            }
            float[] h = ws.h;
            for (int p = 0; p < nodes.length; p++) {
                float a = (float) nodes[p];
                int at = (t * nodes.length + p) * f;
                for (int j = 0; j < f; j++) h[at + j] = a * x[j] + y0[j];
            }
        }
        // The activation in one loop over every row (per row, its short loops cost 3x as much).
        int size = n * nodes.length * f;
        if (relu) {
            for (int i = 0; i < size; i++) ws.h[i] = Math.max(0f, ws.h[i]);
        } else {
            CellMath.tanhFloat(ws.h, 0, size);
        }
    }

    /** Back through an elementwise encoder: dP_t += sum over the points of dH (1 - h^2), or of dH where h > 0. */
    private void averageBackward(Workspace ws, int n, int points, float[] dH, double[][] dPSum) {
        float[] h = ws.h;
        // Through the activation in one loop over every row, then each token's points summed.
        int size = n * points * f;
        if (relu) {
            for (int i = 0; i < size; i++) dH[i] = h[i] > 0 ? dH[i] : 0f;
        } else {
            for (int i = 0; i < size; i++) dH[i] *= 1 - h[i] * h[i];
        }
        float[] sum = new float[f];
        for (int t = 0; t < n; t++) {
            java.util.Arrays.fill(sum, 0f);
            for (int p = 0; p < points; p++) {
                int at = (t * points + p) * f;
                for (int j = 0; j < f; j++) sum[j] += dH[at + j];
            }
            double[] row = dPSum[t];
            for (int j = 0; j < f; j++) row[j] += sum[j];
        }
    }

    /**
     * Direction d's steps for every point from the zero state, saving its cells and writing its
     * half of h. A step's pre-activations for all points are one product:
     * [W_h; p_t; b + pBase_t]^T [h^T; a; 1], the token's input row and the bias riding along as
     * two more rows of the weights against the nodes and ones.
     */
    private void forward(Workspace ws, int d, double[][] pDiff, double[][] pBase, double[] nodes) {
        int n = pDiff.length;
        int points = nodes.length;
        int h4 = 4 * hh;
        int size = hh * points;
        Cells[] cells = ws.cells[d];
        FloatPointer w = ws.weights[d];
        NativeGemm.put(w, 0, whFlat[d], 0, hh * h4);
        float[] tail = new float[2 * points];
        for (int b = 0; b < points; b++) {
            tail[b] = (float) nodes[b];
            tail[points + b] = 1f;
        }
        NativeGemm.put(ws.hidden2, (long) hh * points, tail, 0, 2 * points);
        float[] h = new float[size]; // the zero state
        float[] rows = new float[2 * h4];
        float[] bd = biasFlat[d];
        float[] cPrev = null;
        for (int s = 0; s < n; s++) {
            int t = d == 0 ? s : n - 1 - s;
            Cells cell = cells[t];
            double[] pd = pDiff[t];
            double[] pb = pBase == null ? null : pBase[t];
            for (int j = 0; j < h4; j++) {
                rows[j] = (float) pd[d * h4 + j];
                rows[h4 + j] = pb == null ? bd[j] : (float) (pb[d * h4 + j] + bd[j]);
            }
            NativeGemm.put(w, (long) hh * h4, rows, 0, 2 * h4);
            NativeGemm.put(ws.hidden2, 0, h, 0, size);
            NativeGemm.multiply(true, false, h4, points, hh + 2, w, h4, ws.hidden2, points, ws.gates, points);
            for (int q = 0; q < 4; q++) NativeGemm.get(ws.gates, (long) q * size, cell.gate[q], 0, size);
            float[] i = cell.gate[0];
            float[] fg = cell.gate[1];
            float[] o = cell.gate[2];
            float[] g = cell.gate[3];
            CellMath.sigmoidFloat(i, 0, size);
            CellMath.sigmoidFloat(fg, 0, size);
            CellMath.sigmoidFloat(o, 0, size);
            CellMath.tanhFloat(g, 0, size);
            float[] c = cell.c;
            if (cPrev == null) {
                for (int k = 0; k < size; k++) c[k] = i[k] * g[k];
            } else {
                for (int k = 0; k < size; k++) c[k] = i[k] * g[k] + fg[k] * cPrev[k];
            }
            float[] tc = cell.tanhC;
            System.arraycopy(c, 0, tc, 0, size);
            CellMath.tanhFloat(tc, 0, size);
            for (int k = 0; k < size; k++) h[k] = o[k] * tc[k];
            for (int b = 0; b < points; b++) {
                int at = (t * points + b) * f + d * hh;
                for (int k = 0; k < hh; k++) ws.h[at + k] = h[k * points + b];
            }
            cPrev = c;
        }
    }

    /**
     * The additive attention and decoder for every point, forward and back: the gradient of
     * w_b p_target with respect to each point's h, [n B x 2H] (rows t B + b: a token's points side by side, so a step's writes stay together). {@link HostNetwork}'s
     * head and its backward pass, with the attention layer's products taken for all points at once.
     */
    private float[] headBatched(Workspace ws, int[] ids, int target, double[] weights, double[] multiplicity,
                                double[] probsOut) {
        int n = ids.length;
        double[] count = multiplicity != null ? multiplicity : host.attendedPositions(n);
        int points = weights.length;
        int rows = points * n;
        double[] attB = host.attentionBias();
        double[] attV = host.attentionVector();
        double[][] outW = host.outputWeights();
        double[] outB = host.outputBias();
        int classes = outB.length;
        ws.hNative.put(ws.h, 0, rows * f);
        NativeGemm.multiply(ws.hNative, attW, false, ws.uNative, rows, att, f);
        ws.uNative.get(ws.u, 0, rows * att);
        float[] us = ws.u;
        float[] dH = ws.dH;
        float[] attBF = new float[att];
        float[] attVF = new float[att];
        for (int j = 0; j < att; j++) {
            attBF[j] = (float) attB[j];
            attVF[j] = (float) attV[j];
        }
        // u = tanh(h W + b) for every point and token, then every score v . u in one product.
        for (int o = 0; o < rows * att; o += att) for (int j = 0; j < att; j++) us[o + j] += attBF[j];
        CellMath.tanhFloat(us, 0, rows * att);
        ws.uNative.put(us, 0, rows * att);
        float[] scoresAll = new float[rows];
        try (FloatPointer v = new FloatPointer(attVF); FloatPointer sc = new FloatPointer(rows);
             FloatPointer vecN = new FloatPointer(n); FloatPointer vecF = new FloatPointer(f)) {
            NativeGemm.multiplyVector(false, ws.uNative, rows, att, v, sc);
            sc.get(scoresAll, 0, rows);
            double[][] alphas = new double[points][n];
            double[][] dContexts = new double[points][f];
            float[] alphaF = new float[n];
            float[] vecOut = new float[Math.max(n, f)];
            float[] dContextF = new float[f];
            double[] dScore = new double[n];
            for (int b = 0; b < points; b++) {
                double[] alpha = alphas[b];
                double[] dContext = dContexts[b];
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < n; t++) if (count[t] > 0) max = Math.max(max, scoresAll[t * points + b]);
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    alpha[t] = count[t] > 0 ? count[t] * Math.exp(scoresAll[t * points + b] - max) : 0;
                    sum += alpha[t];
                }
                if (sum > 0) for (int t = 0; t < n; t++) alpha[t] /= sum;
                // context = h_b^T alpha, then dScore = h_b dContext: point b's rows of the native h,
                // every points-th row from row b.
                for (int t = 0; t < n; t++) alphaF[t] = (float) alpha[t];
                vecN.put(alphaF, 0, n);
                NativeGemm.multiplyVector(true, ws.hNative.position((long) b * f), n, f, points * f, vecN, vecF);
                ws.hNative.position(0);
                vecF.get(vecOut, 0, f);
                double[] logits = outB.clone();
                for (int j = 0; j < f; j++) for (int c = 0; c < classes; c++) logits[c] += vecOut[j] * outW[j][c];
                host.atNetworkPrecision(logits);
                double[] probs = EncodedDocument.softmax(logits);
                if (probsOut != null) probsOut[b] = probs[target];
                double[] dLogits = HostNetwork.probabilityGradient(probs, target, weights[b]);
                for (int j = 0; j < f; j++) {
                    double v2 = 0;
                    for (int c = 0; c < classes; c++) v2 += outW[j][c] * dLogits[c];
                    dContext[j] = v2;
                    dContextF[j] = (float) v2;
                }
                vecF.put(dContextF, 0, f);
                NativeGemm.multiplyVector(false, ws.hNative.position((long) b * f), n, f, points * f, vecF, vecN);
                ws.hNative.position(0);
                vecN.get(vecOut, 0, n);
                double inner = 0;
                for (int t = 0; t < n; t++) {
                    dScore[t] = vecOut[t];
                    inner += alpha[t] * dScore[t];
                }
                for (int t = 0; t < n; t++) {
                    float ds = (float) (alpha[t] * (dScore[t] - inner));
                    int o = (t * points + b) * att;
                    for (int j = 0; j < att; j++) us[o + j] = ds * attVF[j] * (1 - us[o + j] * us[o + j]);
                }
            }
            // Back through the attention layer for every point at once, then the context's share
            // alpha_t dContext added to point b's rows as one outer product.
            ws.uNative.put(us, 0, rows * att);
            NativeGemm.multiply(ws.uNative, attW, true, ws.hNative, rows, f, att);
            for (int b = 0; b < points; b++) {
                for (int t = 0; t < n; t++) alphaF[t] = (float) alphas[b][t];
                for (int j = 0; j < f; j++) dContextF[j] = (float) dContexts[b][j];
                vecN.put(alphaF, 0, n);
                vecF.put(dContextF, 0, f);
                NativeGemm.addOuter(ws.hNative.position((long) b * f), n, f, points * f, vecN, vecF);
                ws.hNative.position(0);
            }
            ws.hNative.get(dH, 0, rows * f);
        }
        return dH;
    }

    /** Any other head: {@link HostNetwork#headGradient} point by point on rows of double. */
    private float[] headPerPoint(Workspace ws, int[] ids, int target, double[] weights, double[] multiplicity) {
        int n = ids.length;
        float[] dH = ws.dH;
        for (int b = 0; b < weights.length; b++) {
            Cancellation.checkCurrent();
            double[][] h = new double[n][f];
            for (int t = 0; t < n; t++) for (int j = 0; j < f; j++) h[t][j] = ws.h[(t * weights.length + b) * f + j];
            double[][] g = host.headGradient(ids, h, target, weights[b], multiplicity);
            for (int t = 0; t < n; t++) for (int j = 0; j < f; j++) dH[(t * weights.length + b) * f + j] = (float) g[t][j];
        }
        return dH;
    }

    /**
     * Back-propagation through time of direction d for every point ({@link HostLstm}'s arithmetic,
     * in float, on [H][B] arrays): the gate gradients summed over the points are added to the
     * direction's columns of dPSum; one product W_h [dA_i; dA_f; dA_o; dA_g] gives every point's
     * dh for the step before.
     */
    private void backward(Workspace ws, int d, int n, int points, float[] dH, double[][] dPSum) {
        int h4 = 4 * hh;
        int size = hh * points;
        Cells[] cells = ws.cells[d];
        FloatPointer w = ws.weights[d];
        NativeGemm.put(w, 0, whFlat[d], 0, hh * h4);
        float[] carry = new float[size];
        float[] dc = new float[size];
        float[][] da = new float[4][size];
        float[] dh = new float[size];
        float[] dck = new float[size];
        float[] zero = new float[size];
        float[] sums = new float[h4];
        // Each loop below stores into one array: the JIT does not vectorise a loop storing to two.
        for (int s = n - 1; s >= 0; s--) {
            int t = d == 0 ? s : n - 1 - s;
            int prev = d == 0 ? t - 1 : t + 1;
            Cells cell = cells[t];
            for (int b = 0; b < points; b++) {
                int at = (t * points + b) * f + d * hh;
                for (int k = 0; k < hh; k++) dh[k * points + b] = dH[at + k];
            }
            for (int k = 0; k < size; k++) dh[k] += carry[k];
            float[] i = cell.gate[0];
            float[] fg = cell.gate[1];
            float[] o = cell.gate[2];
            float[] g = cell.gate[3];
            float[] tc = cell.tanhC;
            float[] cp = s == 0 ? zero : cells[prev].c;
            for (int k = 0; k < size; k++) dck[k] = o[k] * (1 - tc[k] * tc[k]) * dh[k] + dc[k];
            float[] di = da[0];
            float[] df = da[1];
            float[] dO = da[2];
            float[] dg = da[3];
            for (int k = 0; k < size; k++) di[k] = dck[k] * g[k] * i[k] * (1 - i[k]);
            for (int k = 0; k < size; k++) df[k] = dck[k] * cp[k] * fg[k] * (1 - fg[k]);
            for (int k = 0; k < size; k++) dO[k] = dh[k] * tc[k] * o[k] * (1 - o[k]);
            for (int k = 0; k < size; k++) dg[k] = dck[k] * i[k] * (1 - g[k] * g[k]);
            for (int k = 0; k < size; k++) dc[k] = dck[k] * fg[k];
            // The gate gradients' sums over the points: [dA_i; dA_f; dA_o; dA_g] times ones.
            for (int q = 0; q < 4; q++) NativeGemm.put(ws.gates, (long) q * size, da[q], 0, size);
            NativeGemm.multiplyVector(false, ws.gates, h4, points, ws.ones, ws.sums);
            NativeGemm.get(ws.sums, 0, sums, 0, h4);
            double[] row = dPSum[t];
            for (int j = 0; j < h4; j++) row[d * h4 + j] += sums[j];
            if (s > 0) {
                NativeGemm.multiply(false, false, hh, points, h4, w, h4, ws.gates, points, ws.carry, points);
                NativeGemm.get(ws.carry, 0, carry, 0, size);
            }
        }
    }
}
