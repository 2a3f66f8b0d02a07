package org.attentionworkbench.model;

import java.util.Arrays;
import java.util.List;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;

/**
 * Output distributions of the n single-token variants of a document (token j deleted, or replaced
 * by one occluder id) under the BiLSTM attention network, as literal re-runs give them, without
 * re-running what the change cannot affect (on the plain-Java pass, {@link HostNetwork}).
 *
 * <p>For variant j (tokens indexed by their position in the original document):
 * <ul>
 *   <li>forward states before j are the document's own; the variant's forward pass starts at j
 *       (occlusion: the occluder; deletion: token j+1) from the document's state at j-1;</li>
 *   <li>backward states after j are the document's own; the backward pass starts at j (occlusion)
 *       or j-1 (deletion) from the document's backward state at j+1;</li>
 *   <li>the input projection x W_x of every token is the same in every variant: computed once.</li>
 * </ul>
 * An LSTM also forgets: a few dozen steps after the change the variant's state is the
 * document's again to within rounding. Each direction stops once both h and c are within
 * {@code rejoinTolerance} of the document's (elementwise); from there on the variant's states are
 * taken as the document's. For a FLOAT network the tolerance is 1e-7, below the resolution of
 * FLOAT states of size ~1 (which a literal re-run computes in), and the outputs stay within 1e-6
 * of a full re-run (BiLstmVariantsTest, on long reviews); a DOUBLE network uses 0 (no shortcut),
 * so its outputs equal a literal re-run to 1e-12. A direction that never rejoins simply runs to
 * the end of the document, as without the shortcut.
 *
 * <p>A new state of one direction is combined with the document's own state of the other
 * direction through the split readout [W_att | W_out] = [top; bottom] (the rows multiplying each
 * half of h), so each changed position costs one half-readout. The positions a variant did not
 * change are a prefix and a suffix of the document: their softmax weights and weighted
 * contributions come from prefix and suffix sums of the document's own, without subtraction.
 */
final class BiLstmVariants {

    /** Rejoin tolerance of FLOAT networks (see the class comment). */
    static final double FLOAT_TOLERANCE = 1e-7;

    private final HostNetwork net;
    private final HostLstm lstm;
    private final double tolerance;
    private final int hidden;
    private final int classes;
    private final int q;
    private final double[][] wTop;
    private final double[][] wBot;
    private final float[][] wTopF;     // the same in float (a FLOAT network's per-position products), else null
    private final float[][] wBotF;
    private final double[] bias;

    /**
     * @param rejoinTolerance largest elementwise difference of h and c from the document's at which
     *                        a variant's direction is taken to have rejoined it (0: never)
     */
    BiLstmVariants(HostNetwork net, double rejoinTolerance) {
        if (!(net.encoder() instanceof HostLstm l)) throw new IllegalArgumentException("not a BiLSTM network");
        if (!net.learnedAttention()) throw new IllegalArgumentException("the shortcut recomputes learned attention only");
        this.net = net;
        this.lstm = l;
        this.tolerance = rejoinTolerance;
        this.hidden = l.hidden();
        this.classes = net.outputBias().length;
        double[][] w = net.readoutWeights();
        this.q = w[0].length;
        this.wTop = Arrays.copyOfRange(w, 0, hidden);
        this.wBot = Arrays.copyOfRange(w, hidden, 2 * hidden);
        boolean single = l.isFloat();
        this.wTopF = single ? Dense.toFloat(wTop) : null;
        this.wBotF = single ? Dense.toFloat(wBot) : null;
        this.bias = net.readoutBias();
    }

    /**
     * Output distributions of the n variants.
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
        Own own = own(fw, bw, n);
        Scratch s = new Scratch();
        for (int j = 0; j < n; j++) {
            if ((j & 31) == 0) Cancellation.checkCurrent(); // a stale leave-one-out stops between variants
            result[j] = variant(j, n, delete, proj, occluder, fw, bw, own, s);
        }
        return Arrays.asList(result);
    }

    /**
     * The document's own readout: each direction's half of it per position (to which a new state
     * of the other direction is added), each position's weight exp(score - max) (0 where attention
     * never looks) and contribution z, and prefix and suffix sums of weight and weight x z.
     */
    private record Own(double[][] top, double[][] bot, double max, double[] prefixW, double[][] prefixZ,
                       double[] suffixW, double[][] suffixZ) { }

    private Own own(HostLstm.Direction fw, HostLstm.Direction bw, int n) {
        double[][] top = Dense.multiply(fw.h, wTop);
        double[][] bot = Dense.multiply(bw.h, wBot);
        double[] scores = new double[n];
        double[][] z = new double[n][classes];
        double[] pre = new double[q];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) {
            for (int k = 0; k < q; k++) pre[k] = top[t][k] + bot[t][k] + bias[k];
            System.arraycopy(pre, q - classes, z[t], 0, classes);
            scores[t] = net.score(pre);
            if (attends(t, n)) max = Math.max(max, scores[t]);
        }
        double[] prefixW = new double[n + 1];
        double[][] prefixZ = new double[n + 1][classes];
        for (int t = 0; t < n; t++) {
            double w = attends(t, n) ? Math.exp(scores[t] - max) : 0;
            prefixW[t + 1] = prefixW[t] + w;
            for (int k = 0; k < classes; k++) prefixZ[t + 1][k] = prefixZ[t][k] + w * z[t][k];
        }
        double[] suffixW = new double[n + 1];
        double[][] suffixZ = new double[n + 1][classes];
        for (int t = n - 1; t >= 0; t--) {
            double w = attends(t, n) ? Math.exp(scores[t] - max) : 0;
            suffixW[t] = suffixW[t + 1] + w;
            for (int k = 0; k < classes; k++) suffixZ[t][k] = suffixZ[t + 1][k] + w * z[t][k];
        }
        return new Own(top, bot, max, prefixW, prefixZ, suffixW, suffixZ);
    }

    /** Per-variant buffers: two states to alternate between, the gates, a readout row and the changed positions' cells. */
    private final class Scratch {
        final double[][] h = new double[2][hidden];
        final double[][] c = new double[2][hidden];
        final double[] tanhC = new double[hidden];
        final double[] gates = new double[4 * hidden];
        final HostLstm.Scratch lstmScratch = lstm.scratch();
        final double[] pre = new double[q];
        final double[] stash = new double[q];
        final float[] inF = new float[hidden];
        final float[] outF = new float[q];
        double[] scores = new double[16];
        double[][] z = new double[16][classes];
        int[] pos = new int[16];
        int count;

        void add(int t, double score, double[] readout) {
            if (count == pos.length) {
                pos = Arrays.copyOf(pos, 2 * count);
                scores = Arrays.copyOf(scores, 2 * count);
                z = Arrays.copyOf(z, 2 * count);
                for (int i = count; i < z.length; i++) z[i] = new double[classes];
            }
            pos[count] = t;
            scores[count] = score;
            System.arraycopy(readout, q - classes, z[count], 0, classes);
            count++;
        }
    }

    /** Variant j's output distribution. */
    private double[] variant(int j, int n, boolean delete, double[][] proj, double[] occluder, HostLstm.Direction fw,
                             HostLstm.Direction bw, Own own, Scratch s) {
        s.count = 0;
        // Forward: from the document's state at j - 1 through token j (the occluder) or j + 1 onwards.
        int hi = delete ? j : j - 1;                       // last position the forward pass changed
        int cur = 0;
        boolean started = j > 0;
        if (started) {
            System.arraycopy(fw.h[j - 1], 0, s.h[0], 0, hidden);
            System.arraycopy(fw.c[j - 1], 0, s.c[0], 0, hidden);
        }
        for (int t = delete ? j + 1 : j; t < n; t++) {
            double[] input = !delete && t == j ? occluder : proj[t];
            int next = 1 - cur;
            stepFrom(0, input, started ? s.h[cur] : null, started ? s.c[cur] : null, s, next);
            started = true;
            cur = next;
            hi = t;
            if (!delete && t == j) {
                // The occluded position: both directions changed; its forward half waits for the backward one.
                Arrays.fill(s.stash, 0);
                product(s.h[cur], true, s.stash, s);
            } else {
                readout(s.h[cur], true, own.bot()[t], s);
                s.add(t, net.score(s.pre), s.pre);
            }
            if (rejoined(s.h[cur], s.c[cur], fw.h[t], fw.c[t])) break;
        }
        // Backward: from the document's state at j + 1 through token j (the occluder) or j - 1 downwards.
        int lo = delete ? j : j + 1;                        // first position the backward pass changed
        cur = 0;
        started = j < n - 1;
        if (started) {
            System.arraycopy(bw.h[j + 1], 0, s.h[0], 0, hidden);
            System.arraycopy(bw.c[j + 1], 0, s.c[0], 0, hidden);
        }
        for (int t = delete ? j - 1 : j; t >= 0; t--) {
            double[] input = !delete && t == j ? occluder : proj[t];
            int next = 1 - cur;
            stepFrom(1, input, started ? s.h[cur] : null, started ? s.c[cur] : null, s, next);
            started = true;
            cur = next;
            lo = t;
            if (!delete && t == j) {
                readout(s.h[cur], false, s.stash, s);
            } else {
                readout(s.h[cur], false, own.top()[t], s);
            }
            s.add(t, net.score(s.pre), s.pre);
            if (rejoined(s.h[cur], s.c[cur], bw.h[t], bw.c[t])) break;
        }
        // Softmax over positions: the unchanged prefix [0, lo) and suffix (hi, n) from the document's sums.
        double max = own.max();
        for (int i = 0; i < s.count; i++) if (attends(s.pos[i], n)) max = Math.max(max, s.scores[i]);
        double rescale = own.max() == Double.NEGATIVE_INFINITY ? 0 : Math.exp(own.max() - max);
        double sum = (own.prefixW()[lo] + own.suffixW()[hi + 1]) * rescale;
        double[] logits = new double[classes];
        for (int k = 0; k < classes; k++) logits[k] = (own.prefixZ()[lo][k] + own.suffixZ()[hi + 1][k]) * rescale;
        for (int i = 0; i < s.count; i++) {
            if (!attends(s.pos[i], n)) continue;
            double w = Math.exp(s.scores[i] - max);
            sum += w;
            for (int k = 0; k < classes; k++) logits[k] += w * s.z[i][k];
        }
        double[] outBias = net.outputBias();
        // Nothing attended (a variant of markers alone): the context is zero, the output the bias's.
        for (int k = 0; k < classes; k++) logits[k] = (sum > 0 ? logits[k] / sum : 0) + outBias[k];
        net.atNetworkPrecision(logits);
        return EncodedDocument.softmax(logits);
    }

    /** One cell step of direction d from state (hPrev, cPrev) (null: the zero state) into state slot {@code into}. */
    private void stepFrom(int d, double[] input, double[] hPrev, double[] cPrev, Scratch s, int into) {
        lstm.step(d, input, hPrev, cPrev, s.gates, s.c[into], s.tanhC, s.h[into], s.lstmScratch);
    }

    /** s.pre = bias + other + h W (one direction's half of the readout, top or bottom, plus the other's part). */
    private void readout(double[] h, boolean top, double[] other, Scratch s) {
        for (int k = 0; k < q; k++) s.pre[k] = bias[k] + other[k];
        product(h, top, s.pre, s);
    }

    /** out += h W_top or h W_bot, in float for a FLOAT network (as its per-step products, {@link HostLstm}). */
    private void product(double[] h, boolean top, double[] out, Scratch s) {
        if (wTopF != null) {
            Dense.multiplyAdd(h, top ? wTopF : wBotF, out, s.inF, s.outF);
        } else {
            Dense.multiplyAdd(h, top ? wTop : wBot, out);
        }
    }

    private boolean rejoined(double[] h, double[] c, double[] docH, double[] docC) {
        if (tolerance <= 0) return false;
        for (int k = 0; k < hidden; k++) {
            if (Math.abs(h[k] - docH[k]) > tolerance || Math.abs(c[k] - docC[k]) > tolerance) return false;
        }
        return true;
    }

    /** Whether attention looks at original position t (not a start or end marker). */
    private boolean attends(int t, int n) {
        return !net.markers() || (t > 0 && t < n - 1);
    }
}
