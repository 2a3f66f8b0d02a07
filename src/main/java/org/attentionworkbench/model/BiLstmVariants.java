package org.attentionworkbench.model;

import org.attentionworkbench.explain.Readout;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Output distributions of the n single-token variants of a document (token j deleted, or replaced
 * by one occluder id) under the BiLSTM attention network, exactly as literal re-runs give them but
 * without re-running what the change cannot affect.
 *
 * <p>For variant j (tokens indexed by their position in the original document):
 * <ul>
 *   <li>forward states before j are the document's own; the forward pass of variant j starts at
 *       j (occlusion: the occluder; deletion: token j+1) from the document's state at j-1;</li>
 *   <li>backward states after j are the document's own; the backward pass starts at j (occlusion)
 *       or j-1 (deletion) from the document's backward state at j+1;</li>
 *   <li>the input projection x W_x + b of every token is the same in every variant: computed once
 *       (plus one row for the occluder).</li>
 * </ul>
 * So at original token t the forward pass runs one gemm over the variants with j &lt; t (j &lt;= t),
 * a growing batch, and the backward pass over those with j &gt; t (j &gt;= t): about n^2 LSTM
 * row-steps in all instead of the 2 n^2 (plus the n^2 D input projection) of re-running every
 * variant. Each new state is combined at once with the document's state of the other direction
 * (which the variant shares there) into the attention score and the per-token contribution
 * z = h W_out, through the split W = [W_top; W_bot] of the attention and output matrices; the
 * occluded position itself, where both directions change, gets its forward part from a stash. The
 * softmax over positions and the decoder are then O(n C) arithmetic per variant.
 *
 * <p>Variants are processed in chunks of consecutive j so the per-chunk cell table
 * (n x chunk x (1 + C)) stays bounded for very long documents; everything lives in workspaces.
 */
final class BiLstmVariants {

    /** Cells (position x variant x (1 + C) numbers) per chunk: 32 MB of doubles. */
    private static final long CELL_BUDGET = 4_000_000L;

    private final BiLstmEncoder encoder;
    private final ParameterSet params;
    private final DataType dt;
    private final int hidden;
    private final int attention;
    private final int classes;
    private final CellMath math;
    /** Dot-product attention: the score is (w . h) / sqrt(2H), one linear column, no tanh. */
    private final boolean dot;
    /** The first and last positions are start/end markers, never attended to (Jain &amp; Wallace's tokenization). */
    private final boolean markers;

    BiLstmVariants(BiLstmEncoder encoder, ParameterSet params, DataType dt, int attention, int classes) {
        this(encoder, params, dt, attention, classes, false, false);
    }

    /**
     * @param attention the additive attention's width (ignored for dot-product attention)
     * @param dot       scaled dot-product attention ({@link AttentionScore#DOT}) instead of additive
     * @param markers   the documents are wrapped in start/end markers whose attention is zero
     */
    BiLstmVariants(BiLstmEncoder encoder, ParameterSet params, DataType dt, int attention, int classes, boolean dot,
                   boolean markers) {
        this.encoder = encoder;
        this.params = params;
        this.dt = dt;
        this.hidden = encoder.hidden();
        this.attention = dot ? 1 : attention;
        this.classes = classes;
        this.math = CellMath.forType(dt);
        this.dot = dot;
        this.markers = markers;
    }

    /** Variant chunk size for a document of n tokens. */
    static int chunkSize(int n, int classes) {
        long k = CELL_BUDGET / ((long) Math.max(1, n) * (1 + classes));
        return (int) Math.max(1, Math.min(n, Math.max(64, k)));
    }

    /**
     * Output distributions of the n variants.
     *
     * @param delete      delete token j (leave-one-out); otherwise replace it by {@code replacement}
     * @param replacement the occluder's vocabulary id (ignored when deleting)
     */
    List<double[]> outputs(int[] ids, boolean delete, int replacement) {
        return outputs(ids, delete, replacement, chunkSize(ids.length, classes));
    }

    /** As {@link #outputs(int[], boolean, int)} with a given number of variants per chunk (tests). */
    List<double[]> outputs(int[] ids, boolean delete, int replacement, int chunk) {
        int n = ids.length;
        double[] outBias;
        try (var ws = Workspaces.open("variants-bias")) {
            outBias = params.get("out.b").castTo(DataType.DOUBLE).toDoubleVector();
        }
        double[][] result = new double[n][];
        if (delete && n == 1) {
            result[0] = EncodedDocument.softmax(outBias);
            return Arrays.asList(result);
        }
        int h = hidden;
        int q = attention + classes;
        HostCopy host = new HostCopy();
        try (var ws = Workspaces.open("variants")) {
            INDArray emb = params.get("emb");
            INDArray x = TadFree.gatherRows(emb, ids);
            INDArray mask = Nd4j.ones(dt, n, 1);
            BiLstmEncoder.LstmState doc = (BiLstmEncoder.LstmState) encoder.forward(x, mask, n, 1);
            Direction fw = direction("fw", x, emb, delete ? -1 : replacement, host);
            Direction bw = direction("bw", x, emb, delete ? -1 : replacement, host);
            // [W_att | W_out] split into the rows that multiply the forward and the backward half of h.
            // Dot attention is a one-column "layer" w / sqrt(2H) without bias or tanh.
            INDArray attW = dot ? params.get("att.w").mul(1.0 / Math.sqrt(2.0 * h)) : params.get("att.W");
            INDArray wCat = Nd4j.hstack(attW, params.get("out.W"));
            INDArray wTop = wCat.get(interval(0, h), all()).dup('c');
            INDArray wBot = wCat.get(interval(h, 2 * h), all()).dup('c');
            double[] biasQ = new double[q];
            if (!dot) System.arraycopy(host.read(params.get("att.b").dup('c')), 0, biasQ, 0, attention);
            // The document's own projections of each direction, bias included: what a new state of
            // the other direction is added to ([n, q] each).
            double[] ownFw = host.read(doc.fw().h().mmul(wTop));
            double[] ownBw = host.read(doc.bw().h().mmul(wBot));
            for (int t = 0; t < n; t++) {
                for (int k = 0; k < q; k++) {
                    ownFw[t * q + k] += biasQ[k];
                    ownBw[t * q + k] += biasQ[k];
                }
            }
            Readout readout = new Readout(dot ? new double[] {1.0} : host.read(params.get("att.v").dup('c')),
                    ownFw, ownBw, q);
            // The document's states, [n, H] each: forward after token t, backward after token t
            // going backwards.
            Doc states = new Doc(host.read(doc.fw().h().dup('c')), host.read(doc.fw().c().dup('c')),
                    host.read(doc.bw().h().dup('c')), host.read(doc.bw().c().dup('c')));
            for (int j0 = 0; j0 < n; j0 += chunk) {
                Cancellation.checkCurrent(); // a stale leave-one-out stops between chunks
                int j1 = Math.min(n, j0 + chunk);
                int kk = j1 - j0;
                try (var cws = Workspaces.open("variants-chunk")) {
                    double[] cells = new double[n * kk * (1 + classes)];
                    double[] stash = delete ? null : new double[kk * q];
                    Pass pass = new Pass(kk, host);
                    runForward(fw, states, wTop, readout, cells, stash, pass, n, j0, j1, delete);
                    if (stash != null) {
                        for (int r = 0; r < kk; r++) for (int k = 0; k < q; k++) stash[r * q + k] += biasQ[k];
                    }
                    runBackward(bw, states, wBot, readout, cells, stash, pass, j0, j1, n, delete);
                    assemble(cells, n, j0, j1, delete, outBias, result);
                }
            }
        }
        return Arrays.asList(result);
    }

    /** The document's own forward and backward states h and c, [n, H] row-major each. */
    private record Doc(double[] fwH, double[] fwC, double[] bwH, double[] bwC) { }

    /**
     * What turns a position's pre-activations p = [W_att h + b | W_out h] into its cell
     * [score | z]: score = v . tanh(p[0:A]), z = p[A:]; plus the document's own projections of each
     * direction ([n, q], bias included), which a new state of the other direction is added to.
     */
    private record Readout(double[] v, double[] ownFw, double[] ownBw, int q) { }

    /**
     * One chunk's buffers, reused by both directions. ND4J side (for the two matrix products per
     * step): h_prev, h_new [K, H], gate pre-activations [K, 4H], projections [K, q]. Java side: the
     * same gates and projections, the cell states c and the new h.
     */
    private final class Pass {
        final HostCopy host;
        final INDArray hPrevNd;
        final INDArray hCurNd;
        final INDArray gatesNd;
        final INDArray projNd;
        final double[] gates;
        final double[] c;
        final double[] hNew;
        final double[] proj;
        final double[] scratch;

        Pass(int kk, HostCopy host) {
            int h = hidden;
            int q = attention + classes;
            this.host = host;
            hPrevNd = Nd4j.create(dt, kk, h);
            hCurNd = Nd4j.create(dt, kk, h);
            gatesNd = Nd4j.create(dt, kk, 4L * h);
            projNd = Nd4j.create(dt, kk, q);
            gates = new double[kk * 4 * h];
            c = new double[kk * h];
            hNew = new double[kk * h];
            proj = new double[kk * q];
            scratch = new double[attention];
        }
    }

    /** One direction's weights, and its input projection x W_x + b of every token and of the occluder (or null). */
    private record Direction(INDArray wh, double[] xProj, double[] occProj) { }

    private Direction direction(String dir, INDArray x, INDArray emb, int replacement, HostCopy host) {
        INDArray wx = params.get("lstm." + dir + ".Wx");
        INDArray b = params.get("lstm." + dir + ".b");
        double[] xProj = host.read(x.mmul(wx).addi(b));
        double[] occ = null;
        if (replacement >= 0) {
            occ = host.read(TadFree.gatherRows(emb, new int[] {replacement}).mmul(wx).addi(b));
        }
        return new Direction(params.get("lstm." + dir + ".Wh"), xProj, occ);
    }

    /**
     * Forward direction for variants j0..j1-1 (batch row r = j - j0). At token t the active rows
     * are the variants with j &lt; t (deletion) or j &lt;= t (occlusion): rows 0..hi-1, the newest
     * joining from the document's forward state before it. Writes the cell (t, j) for every active
     * variant; occlusion's own cell (t = j) is overwritten by the backward pass, and its forward
     * projection is stashed for it.
     */
    private void runForward(Direction d, Doc doc, INDArray wTop, Readout readout, double[] cells, double[] stash,
                            Pass s, int n, int j0, int j1, boolean delete) {
        int kk = j1 - j0;
        int h = hidden;
        int q = attention + classes;
        INDArray hPrev = s.hPrevNd;
        INDArray hCur = s.hCurNd;
        for (int t = delete ? j0 + 1 : j0; t < n; t++) {
            int newest = delete ? t - 1 : t;            // the variant whose pass starts at token t
            boolean joins = newest < j1;
            int hi = Math.min(newest, j1 - 1) - j0 + 1;  // active rows [0, hi)
            if (joins) join(s, hPrev, hi - 1, doc.fwH(), doc.fwC(), newest - 1);   // state after token newest-1
            boolean occluded = joins && !delete;        // the newest row reads the occluder
            step(d, s, hPrev, hCur, 0, hi, t, occluded ? hi - 1 : -1);
            project(s, hCur, wTop, 0, hi);
            if (occluded) System.arraycopy(s.proj, (hi - 1) * q, stash, (hi - 1) * q, q);
            for (int r = 0; r < hi; r++) {
                score(readout, s, r, readout.ownBw(), t * q, cells, (t * kk + r) * (1 + classes));
            }
            INDArray swap = hPrev;
            hPrev = hCur;
            hCur = swap;
        }
    }

    /**
     * Backward direction for variants j0..j1-1. At token t (descending) the active rows are the
     * variants with j &gt; t (deletion) or j &gt;= t (occlusion): rows lo..kk-1, the newest joining
     * from the document's backward state after it.
     */
    private void runBackward(Direction d, Doc doc, INDArray wBot, Readout readout, double[] cells, double[] stash,
                             Pass s, int j0, int j1, int n, boolean delete) {
        int kk = j1 - j0;
        int h = hidden;
        int q = attention + classes;
        INDArray hPrev = s.hPrevNd;
        INDArray hCur = s.hCurNd;
        int tStart = delete ? Math.min(j1 - 2, n - 2) : j1 - 1;
        for (int t = tStart; t >= 0; t--) {
            int newest = delete ? t + 1 : t;
            boolean joins = newest >= j0;
            int lo = Math.max(newest, j0) - j0;          // active rows [lo, kk)
            if (joins) join(s, hPrev, lo, doc.bwH(), doc.bwC(), newest + 1 < n ? newest + 1 : -1);
            boolean occluded = joins && !delete;
            step(d, s, hPrev, hCur, lo, kk, t, occluded ? lo : -1);
            project(s, hCur, wBot, lo, kk);
            for (int r = lo; r < kk; r++) {
                int cell = (t * kk + r) * (1 + classes);
                if (occluded && r == lo) {
                    // Both directions changed at the occluded token: its forward part comes from the stash.
                    score(readout, s, r, stash, r * q, cells, cell);
                } else {
                    score(readout, s, r, readout.ownFw(), t * q, cells, cell);
                }
            }
            INDArray swap = hPrev;
            hPrev = hCur;
            hCur = swap;
        }
    }

    /**
     * Starts batch row r from the document's state h, c at token {@code docRow}, or from the zero
     * state when {@code docRow} is -1 (no token before the change).
     */
    private void join(Pass s, INDArray hPrev, int r, double[] docH, double[] docC, int docRow) {
        int h = hidden;
        if (docRow >= 0) {
            s.host.write(docH, docRow * h, hPrev, (long) r * h, h);
            System.arraycopy(docC, docRow * h, s.c, r * h, h);
        } else {
            Arrays.fill(s.c, r * h, (r + 1) * h, 0.0);
            s.host.write(s.c, r * h, hPrev, (long) r * h, h);
        }
    }

    /**
     * One LSTM step for batch rows [lo, hi): gates = h_prev W_h (ND4J) + x W_x + b (the token's
     * projection, or the occluder's for row {@code occRow}), then the cell update exactly as in
     * {@link BiLstmEncoder} (c = i g + f c_prev, h = o tanh(c)) in Java; the new h goes to
     * {@code hCur} rows [lo, hi) and {@code s.hNew}.
     */
    private void step(Direction d, Pass s, INDArray hPrev, INDArray hCur, int lo, int hi, int t, int occRow) {
        int h = hidden;
        int h4 = 4 * h;
        Nd4j.gemm(hPrev.get(interval(lo, hi), all()), d.wh(), s.gatesNd.get(interval(lo, hi), all()),
                false, false, 1.0, 0.0);
        s.host.read(s.gatesNd, (long) lo * h4, s.gates, lo * h4, (hi - lo) * h4);
        double[] a = s.gates;
        double[] c = s.c;
        double[] hn = s.hNew;
        CellMath math = this.math;
        for (int r = lo; r < hi; r++) {
            double[] x = r == occRow ? d.occProj() : d.xProj();
            int xo = r == occRow ? 0 : t * h4;
            int g0 = r * h4;
            for (int k = 0; k < h4; k++) a[g0 + k] += x[xo + k];
            math.sigmoid(a, g0, g0 + 3 * h);
            math.tanh(a, g0 + 3 * h, g0 + h4);
            int c0 = r * h;
            for (int k = 0; k < h; k++) c[c0 + k] = a[g0 + h + k] * c[c0 + k] + a[g0 + k] * a[g0 + 3 * h + k];
            math.tanh(c, c0, hn, c0, h);
            for (int k = 0; k < h; k++) hn[c0 + k] *= a[g0 + 2 * h + k];
        }
        s.host.write(hn, lo * h, hCur, (long) lo * h, (hi - lo) * h);
    }

    /** Projections [W_att | W_out] of the new states of rows [lo, hi), into {@code s.proj}. */
    private void project(Pass s, INDArray hCur, INDArray w, int lo, int hi) {
        int q = attention + classes;
        Nd4j.gemm(hCur.get(interval(lo, hi), all()), w, s.projNd.get(interval(lo, hi), all()), false, false, 1.0, 0.0);
        s.host.read(s.projNd, (long) lo * q, s.proj, lo * q, (hi - lo) * q);
    }

    /** The cell [score | z] of row r: its projection plus the other direction's part {@code other[o, o+q)}. */
    private void score(Readout readout, Pass s, int r, double[] other, int o, double[] cells, int cell) {
        int q = readout.q();
        double[] p = s.proj;
        double[] pre = s.scratch;
        int p0 = r * q;
        for (int k = 0; k < attention; k++) pre[k] = p[p0 + k] + other[o + k];
        if (!dot) math.tanh(pre, 0, attention);
        double score = 0;
        double[] v = readout.v();
        for (int k = 0; k < attention; k++) score += v[k] * pre[k];
        cells[cell] = score;
        for (int k = 0; k < classes; k++) cells[cell + 1 + k] = p[p0 + attention + k] + other[o + attention + k];
    }

    /** Whether position t of an n-position document is a start or end marker (never attended to). */
    private boolean isMarker(int t, int n) {
        return markers && (t == 0 || t == n - 1);
    }

    /** Softmax over each variant's positions, context logits and output softmax, in double. */
    private void assemble(double[] cells, int n, int j0, int j1, boolean delete, double[] outBias, double[][] result) {
        int kk = j1 - j0;
        int w = 1 + classes;
        for (int r = 0; r < kk; r++) {
            int j = j0 + r;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                if ((delete && t == j) || isMarker(t, n)) continue;
                max = Math.max(max, cells[(t * kk + r) * w]);
            }
            double sum = 0;
            double[] logits = new double[classes];
            for (int t = 0; t < n; t++) {
                if ((delete && t == j) || isMarker(t, n)) continue;
                int base = (t * kk + r) * w;
                double e = Math.exp(cells[base] - max);
                sum += e;
                for (int k = 0; k < classes; k++) logits[k] += e * cells[base + 1 + k];
            }
            // Nothing attended (a variant of markers alone): the context is zero, the output the bias's.
            for (int k = 0; k < classes; k++) logits[k] = (sum > 0 ? logits[k] / sum : 0) + outBias[k];
            result[j] = EncodedDocument.softmax(logits);
        }
    }
}
