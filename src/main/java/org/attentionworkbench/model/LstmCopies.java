package org.attentionworkbench.model;

import java.util.Arrays;
import java.util.List;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import org.bytedeco.javacpp.FloatPointer;

/**
 * Output distributions of many documents through a FLOAT BiLSTM with additive attention, side by
 * side: what faithfulness, LIME and KernelSHAP ask for by the hundred (copies of one review with
 * tokens removed). Groups of {@value #MAX_COPIES} documents, longest first, take their cell steps
 * together: at step s every document still that long takes one, its recurrent product a row of
 * one [m x H] by [H x H] product per gate ({@link NativeGemm}) added to its own token's input
 * row; then every document's attention layer is one product over all their tokens. The
 * arithmetic is {@link HostLstm}'s and {@link HostNetwork}'s in float (the network's precision);
 * LstmCopiesTest holds it to {@link HostNetwork#probabilities} and to literal ND4J runs.
 *
 * <p>Why: one document alone is a chain of matrix-vector products, each reading W_h (64 KB) from
 * the L2 cache again; side by side one read serves every document at that step (issue 19).
 * Longest first, the documents still running at a step are always the first m rows, so every
 * product and loop runs over one contiguous block from its start.
 */
final class LstmCopies {

    /**
     * Documents taken side by side: consecutive groups of this many, in the order given. A row's
     * last bits depend on the product it was part of (OpenBLAS's kernels differ at the edges), so
     * the groups are fixed by position, and equal to the chunks that explain.CopyShare hands out:
     * copies shared between two threads then give exactly what one call gives.
     */
    static final int MAX_COPIES = 32;

    private final HostNetwork host;
    private final int hh;
    private final int f;
    private final int att;
    private final float[][] whFlat;   // per direction W_h [H x 4H]
    private final float[][] biasF;    // per direction b [4H]
    private final float[][] attW;     // [F][A]
    private final float[] attB;
    private final float[] attV;

    LstmCopies(HostNetwork host) {
        if (!supports(host)) throw new IllegalArgumentException("not a FLOAT BiLSTM with additive attention and BLAS");
        this.host = host;
        HostLstm lstm = (HostLstm) host.encoder();
        this.hh = lstm.hidden();
        this.f = 2 * hh;
        this.whFlat = new float[][] {lstm.recurrentFlat(0), lstm.recurrentFlat(1)};
        this.biasF = new float[][] {lstm.biasFloat(0), lstm.biasFloat(1)};
        this.attW = host.attentionWeightsFloat();
        this.att = attW[0].length;
        this.attB = new float[att];
        this.attV = new float[att];
        for (int j = 0; j < att; j++) {
            attB[j] = (float) host.attentionBias()[j];
            attV[j] = (float) host.attentionVector()[j];
        }
    }

    /** A FLOAT BiLSTM whose attention is its own additive one, OpenBLAS loaded. */
    static boolean supports(HostNetwork host) {
        return host.encoder() instanceof HostLstm l && l.isFloat() && host.attentionWeightsFloat() != null
                && NativeGemm.available();
    }

    /** The output distribution of every document (an empty one gets the bias's). */
    double[][] probabilities(List<int[]> docs, HostNetwork.TokenProducts products) {
        int count = docs.size();
        double[][] out = new double[count][];
        Integer[] order = new Integer[count];
        for (int i = 0; i < count; i++) order[i] = i;
        // Longest first within each group (the groups themselves stay where they are, see MAX_COPIES).
        for (int from = 0; from < count; from += MAX_COPIES) {
            Arrays.sort(order, from, Math.min(count, from + MAX_COPIES),
                    (a, b) -> Integer.compare(docs.get(b).length, docs.get(a).length));
        }
        // Each distinct token's input rows with the bias added, in float, once.
        double[][] byId = products.byId();
        float[][] in = new float[byId.length][];
        for (int u = 0; u < byId.length; u++) {
            in[u] = new float[8 * hh];
            for (int d = 0; d < 2; d++) {
                for (int j = 0; j < 4 * hh; j++) in[u][d * 4 * hh + j] = (float) (byId[u][d * 4 * hh + j] + biasF[d][j]);
            }
        }
        try (FloatPointer fw = new FloatPointer(whFlat[0]); FloatPointer bw = new FloatPointer(whFlat[1]);
             FloatPointer w = NativeGemm.of(attW)) {
            FloatPointer[] wh = {fw, bw};
            for (int from = 0; from < count; from += MAX_COPIES) {
                Cancellation.checkCurrent(); // a stale run stops between chunks
                int to = Math.min(count, from + MAX_COPIES);
                int[][] chunk = new int[to - from][];
                int[][] slots = new int[to - from][];
                for (int b = 0; b < chunk.length; b++) {
                    chunk[b] = docs.get(order[from + b]);
                    slots[b] = new int[chunk[b].length];
                    for (int t = 0; t < chunk[b].length; t++) slots[b][t] = products.slot().get(chunk[b][t]);
                }
                double[][] probs = chunk(chunk, slots, in, wh, w);
                for (int b = 0; b < chunk.length; b++) out[order[from + b]] = probs[b];
            }
        }
        return out;
    }

    private double[][] chunk(int[][] docs, int[][] slots, float[][] in, FloatPointer[] wh, FloatPointer attWN) {
        int copies = docs.length;
        int longest = docs[0].length;
        double[][] probs = new double[copies][];
        int live = 0;
        while (live < copies && docs[live].length > 0) live++;
        for (int b = live; b < copies; b++) probs[b] = EncodedDocument.softmax(host.outputBias());
        if (live == 0) return probs;
        float[][] h = new float[live][];
        for (int b = 0; b < live; b++) h[b] = new float[docs[b].length * f];
        int size = live * hh;
        float[][] g = new float[4][size];
        float[] c = new float[size];
        float[] tc = new float[size];
        float[] hs = new float[size];
        int h4 = 4 * hh;
        try (FloatPointer hN = new FloatPointer(size); FloatPointer gN = new FloatPointer(4L * size)) {
            for (int d = 0; d < 2; d++) {
                Arrays.fill(c, 0f);
                int m = live;
                for (int s = 0; s < longest; s++) {
                    while (m > 0 && docs[m - 1].length <= s) m--; // longest first: the live ones are rows [0, m)
                    int len = m * hh;
                    for (int q = 0; q < 4; q++) {
                        float[] gq = g[q];
                        for (int b = 0; b < m; b++) {
                            int t = d == 0 ? s : docs[b].length - 1 - s;
                            System.arraycopy(in[slots[b][t]], d * h4 + q * hh, gq, b * hh, hh);
                        }
                    }
                    if (s > 0) {
                        // The recurrent products added to the input rows, one product per gate for all rows.
                        for (int q = 0; q < 4; q++) gN.position((long) q * size).put(g[q], 0, len);
                        gN.position(0);
                        for (int q = 0; q < 4; q++) {
                            NativeGemm.multiplyAdd(m, hh, hh, hN, hh, wh[d].position(q * hh), h4,
                                    gN.position((long) q * size), hh);
                            wh[d].position(0);
                            gN.position(0);
                        }
                        for (int q = 0; q < 4; q++) gN.position((long) q * size).get(g[q], 0, len);
                        gN.position(0);
                    }
                    CellMath.sigmoidFloat(g[0], 0, len);
                    CellMath.sigmoidFloat(g[1], 0, len);
                    CellMath.sigmoidFloat(g[2], 0, len);
                    CellMath.tanhFloat(g[3], 0, len);
                    float[] i = g[0];
                    float[] fg = g[1];
                    float[] o = g[2];
                    float[] gg = g[3];
                    for (int k = 0; k < len; k++) c[k] = i[k] * gg[k] + fg[k] * c[k];
                    System.arraycopy(c, 0, tc, 0, len);
                    CellMath.tanhFloat(tc, 0, len);
                    for (int k = 0; k < len; k++) hs[k] = o[k] * tc[k];
                    hN.put(hs, 0, len);
                    for (int b = 0; b < m; b++) {
                        int t = d == 0 ? s : docs[b].length - 1 - s;
                        System.arraycopy(hs, b * hh, h[b], t * f + d * hh, hh);
                    }
                }
            }
        }
        head(docs, h, live, attWN, probs);
        return probs;
    }

    /** Attention and decoder for every live document: one product for all their tokens' u. */
    private void head(int[][] docs, float[][] h, int live, FloatPointer attWN, double[][] probs) {
        int rows = 0;
        for (int b = 0; b < live; b++) rows += docs[b].length;
        float[] u = new float[rows * att];
        float[] scores = new float[rows];
        try (FloatPointer hN = new FloatPointer((long) rows * f); FloatPointer uN = new FloatPointer((long) rows * att);
             FloatPointer v = new FloatPointer(attV); FloatPointer sN = new FloatPointer(rows)) {
            long at = 0;
            for (int b = 0; b < live; b++) {
                hN.position(at).put(h[b], 0, h[b].length);
                at += h[b].length;
            }
            hN.position(0);
            NativeGemm.multiply(hN, attWN, false, uN, rows, att, f);
            uN.get(u, 0, rows * att);
            for (int o = 0; o < rows * att; o += att) for (int j = 0; j < att; j++) u[o + j] += attB[j];
            CellMath.tanhFloat(u, 0, rows * att);
            uN.put(u, 0, rows * att);
            NativeGemm.multiplyVector(false, uN, rows, att, v, sN);
            sN.get(scores, 0, rows);
        }
        double[][] outW = host.outputWeights();
        double[] outB = host.outputBias();
        int row = 0;
        for (int b = 0; b < live; b++) {
            int n = docs[b].length;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < n; t++) if (host.attends(t, n)) max = Math.max(max, scores[row + t]);
            double[] alpha = new double[n];
            double sum = 0;
            for (int t = 0; t < n; t++) {
                alpha[t] = host.attends(t, n) ? Math.exp(scores[row + t] - max) : 0;
                sum += alpha[t];
            }
            double[] context = new double[f];
            float[] hb = h[b];
            if (sum > 0) {
                for (int t = 0; t < n; t++) {
                    double a = alpha[t] / sum;
                    if (a == 0) continue;
                    for (int j = 0; j < f; j++) context[j] += a * hb[t * f + j];
                }
            }
            double[] logits = outB.clone();
            for (int j = 0; j < f; j++) for (int k = 0; k < logits.length; k++) logits[k] += context[j] * outW[j][k];
            host.atNetworkPrecision(logits);
            probs[b] = EncodedDocument.softmax(logits);
            row += n;
        }
    }
}
