package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.Arrays;
import java.util.List;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Sigmoid;
import org.nd4j.linalg.api.ops.impl.transforms.strict.Tanh;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

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

    /** Cells (position x variant x (1 + C) numbers) per chunk: 32 MB in FLOAT. */
    private static final long CELL_BUDGET = 8_000_000L;

    private final BiLstmEncoder encoder;
    private final ParameterSet params;
    private final DataType dt;
    private final int hidden;
    private final int attention;
    private final int classes;

    BiLstmVariants(BiLstmEncoder encoder, ParameterSet params, DataType dt, int attention, int classes) {
        this.encoder = encoder;
        this.params = params;
        this.dt = dt;
        this.hidden = encoder.hidden();
        this.attention = attention;
        this.classes = classes;
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
        try (var ws = Workspaces.open("variants")) {
            INDArray emb = params.get("emb");
            INDArray x = Nd4j.pullRows(emb, 1, ids);
            INDArray mask = Nd4j.ones(dt, n, 1);
            BiLstmEncoder.LstmState doc = (BiLstmEncoder.LstmState) encoder.forward(x, mask, n, 1);
            Direction fw = direction("fw", x, emb, delete ? -1 : replacement);
            Direction bw = direction("bw", x, emb, delete ? -1 : replacement);
            // [W_att | W_out] split into the rows that multiply the forward and the backward half of h.
            INDArray wCat = Nd4j.hstack(params.get("att.W"), params.get("out.W"));
            INDArray wTop = wCat.get(interval(0, h), all()).dup('c');
            INDArray wBot = wCat.get(interval(h, 2 * h), all()).dup('c');
            INDArray biasQ = Nd4j.create(dt, 1, q);
            biasQ.get(all(), interval(0, attention)).assign(params.get("att.b"));
            // The document's own projections of each direction, bias included: what a new state of
            // the other direction is added to.
            INDArray ownFw = doc.fw().h().mmul(wTop).addiRowVector(biasQ);
            INDArray ownBw = doc.bw().h().mmul(wBot).addiRowVector(biasQ);
            // [tanh(pre_att) | z] x readout = [score | z].
            INDArray readout = Nd4j.create(dt, q, 1 + classes);
            readout.get(interval(0, attention), interval(0, 1)).assign(params.get("att.v"));
            for (int k = 0; k < classes; k++) readout.putScalar(attention + k, 1 + k, 1.0);
            // Initial states: forward row j = state after token j-1 (row 0 zero); backward row j =
            // state after token j going backwards (row n zero).
            INDArray fwH = Nd4j.create(dt, n + 1, h);
            INDArray fwC = Nd4j.create(dt, n + 1, h);
            fwH.get(interval(1, n + 1), all()).assign(doc.fw().h());
            fwC.get(interval(1, n + 1), all()).assign(doc.fw().c());
            INDArray bwH = Nd4j.create(dt, n + 1, h);
            INDArray bwC = Nd4j.create(dt, n + 1, h);
            bwH.get(interval(0, n), all()).assign(doc.bw().h());
            bwC.get(interval(0, n), all()).assign(doc.bw().c());

            for (int j0 = 0; j0 < n; j0 += chunk) {
                int j1 = Math.min(n, j0 + chunk);
                int kk = j1 - j0;
                try (var cws = Workspaces.open("variants-chunk")) {
                    INDArray cells = Nd4j.create(dt, (long) n * kk, 1 + classes);
                    INDArray stash = delete ? null : Nd4j.create(dt, kk, q);
                    runForward(fw, fwH, fwC, wTop, ownBw, readout, cells, stash, n, j0, j1, delete);
                    if (stash != null) stash.addiRowVector(biasQ);
                    runBackward(bw, bwH, bwC, wBot, ownFw, readout, cells, stash, j0, j1, n, delete);
                    double[] flat = cells.castTo(DataType.DOUBLE).data().asDouble();
                    assemble(flat, n, j0, j1, delete, outBias, result);
                }
            }
        }
        return Arrays.asList(result);
    }

    /** Per-chunk buffers of one direction: pre-activations [K, 4H], gate activations and cell [K, H]. */
    private record Scratch(INDArray gates, INDArray i, INDArray f, INDArray o, INDArray g, INDArray c) {
        static Scratch create(DataType dt, int k, int h) {
            return new Scratch(Nd4j.create(dt, k, 4L * h), Nd4j.create(dt, k, h), Nd4j.create(dt, k, h),
                    Nd4j.create(dt, k, h), Nd4j.create(dt, k, h), Nd4j.create(dt, k, h));
        }
    }

    /** One direction's weights, its input projection of every token, and the occluder's (or null). */
    private record Direction(INDArray wh, INDArray xProj, INDArray occProj) { }

    private Direction direction(String dir, INDArray x, INDArray emb, int replacement) {
        INDArray wx = params.get("lstm." + dir + ".Wx");
        INDArray b = params.get("lstm." + dir + ".b");
        INDArray xProj = x.mmul(wx).addiRowVector(b);
        INDArray occ = null;
        if (replacement >= 0) {
            occ = Nd4j.pullRows(emb, 1, new int[] {replacement}).mmul(wx).addiRowVector(b);
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
    private void runForward(Direction d, INDArray initH, INDArray initC, INDArray wTop, INDArray ownBw,
                            INDArray readout, INDArray cells, INDArray stash, int n, int j0, int j1, boolean delete) {
        int kk = j1 - j0;
        int h = hidden;
        Scratch s = Scratch.create(dt, kk, h);
        INDArray c = s.c();
        INDArray hPrev = Nd4j.create(dt, kk, h);
        INDArray hCur = Nd4j.create(dt, kk, h);
        INDArray proj = Nd4j.create(dt, kk, (long) attention + classes);
        for (int t = delete ? j0 + 1 : j0; t < n; t++) {
            int newest = delete ? t - 1 : t;            // the variant whose pass starts at token t
            boolean joins = newest < j1;
            int hi = Math.min(newest, j1 - 1) - j0 + 1;  // active rows [0, hi)
            if (joins) {
                hPrev.getRow(hi - 1).assign(initH.getRow(newest));
                c.getRow(hi - 1).assign(initC.getRow(newest));
            }
            boolean occluded = joins && !delete;        // the newest row reads the occluder
            INDArray hc = step(d, s, hPrev, hCur, 0, hi, t, occluded ? hi - 1 : -1);
            INDArray p = proj.get(interval(0, hi), all());
            Nd4j.gemm(hc, wTop, p, false, false, 1.0, 0.0);
            if (occluded) stash.getRow(hi - 1).assign(p.getRow(hi - 1));
            p.addiRowVector(ownBw.getRow(t));
            score(p, readout, cells.get(interval((long) t * kk, (long) t * kk + hi), all()));
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
    private void runBackward(Direction d, INDArray initH, INDArray initC, INDArray wBot, INDArray ownFw,
                             INDArray readout, INDArray cells, INDArray stash, int j0, int j1, int n, boolean delete) {
        int kk = j1 - j0;
        int h = hidden;
        Scratch s = Scratch.create(dt, kk, h);
        INDArray c = s.c();
        INDArray hPrev = Nd4j.create(dt, kk, h);
        INDArray hCur = Nd4j.create(dt, kk, h);
        INDArray proj = Nd4j.create(dt, kk, (long) attention + classes);
        int tStart = delete ? Math.min(j1 - 2, n - 2) : j1 - 1;
        for (int t = tStart; t >= 0; t--) {
            int newest = delete ? t + 1 : t;
            boolean joins = newest >= j0;
            int lo = Math.max(newest, j0) - j0;          // active rows [lo, kk)
            if (joins) {
                hPrev.getRow(lo).assign(initH.getRow(newest + 1));
                c.getRow(lo).assign(initC.getRow(newest + 1));
            }
            boolean occluded = joins && !delete;
            INDArray hc = step(d, s, hPrev, hCur, lo, kk, t, occluded ? lo : -1);
            INDArray p = proj.get(interval(lo, kk), all());
            Nd4j.gemm(hc, wBot, p, false, false, 1.0, 0.0);
            if (occluded) {
                // Both directions changed at the occluded token: its forward part comes from the stash.
                p.getRow(0).addi(stash.getRow(lo));
                if (lo + 1 < kk) proj.get(interval(lo + 1, kk), all()).addiRowVector(ownFw.getRow(t));
            } else {
                p.addiRowVector(ownFw.getRow(t));
            }
            score(p, readout, cells.get(interval((long) t * kk + lo, (long) t * kk + kk), all()));
            INDArray swap = hPrev;
            hPrev = hCur;
            hCur = swap;
        }
    }

    /**
     * One LSTM step for batch rows [lo, hi): gates = h_prev W_h + x W_x + b (the token's projection,
     * or the occluder's for row {@code occRow}), then the cell update exactly as in
     * {@link BiLstmEncoder} (c = i g + f c_prev, h = o tanh(c)). Returns the view of the new h.
     */
    private INDArray step(Direction d, Scratch s, INDArray hPrev, INDArray hCur, int lo, int hi, int t, int occRow) {
        int h = hidden;
        INDArray gates = s.gates();
        INDArray a = gates.get(interval(lo, hi), all());
        Nd4j.gemm(hPrev.get(interval(lo, hi), all()), d.wh(), a, false, false, 1.0, 0.0);
        if (occRow < 0) {
            a.addiRowVector(d.xProj().getRow(t));
        } else {
            gates.getRow(occRow).addi(d.occProj().getRow(0));
            if (occRow > lo) gates.get(interval(lo, occRow), all()).addiRowVector(d.xProj().getRow(t));
            if (occRow + 1 < hi) gates.get(interval(occRow + 1, hi), all()).addiRowVector(d.xProj().getRow(t));
        }
        // Activations are written into one contiguous [K, H] buffer per gate: element-wise products
        // of column views of the [K, 4H] pre-activations take a slow strided path in libnd4j
        // (measured ~50x slower than on contiguous arrays).
        INDArray i = s.i().get(interval(lo, hi), all());
        INDArray f = s.f().get(interval(lo, hi), all());
        INDArray o = s.o().get(interval(lo, hi), all());
        INDArray g = s.g().get(interval(lo, hi), all());
        var ex = Nd4j.getExecutioner();
        ex.exec(new Sigmoid(a.get(all(), interval(0, h)), i));
        ex.exec(new Sigmoid(a.get(all(), interval(h, 2 * h)), f));
        ex.exec(new Sigmoid(a.get(all(), interval(2 * h, 3 * h)), o));
        ex.exec(new Tanh(a.get(all(), interval(3 * h, 4 * h)), g));
        INDArray cc = s.c().get(interval(lo, hi), all());
        i.muli(g);
        cc.muli(f).addi(i);
        ex.exec(new Tanh(cc, g));
        INDArray hc = hCur.get(interval(lo, hi), all());
        o.mul(g, hc);
        return hc;
    }

    /** [score | z] of each row from its pre-activations [W_att h + b | W_out h]. */
    private void score(INDArray pre, INDArray readout, INDArray out) {
        Transforms.tanh(pre.get(all(), interval(0, attention)), false);
        Nd4j.gemm(pre, readout, out, false, false, 1.0, 0.0);
    }

    /** Softmax over each variant's positions, context logits and output softmax, in double. */
    private void assemble(double[] cells, int n, int j0, int j1, boolean delete, double[] outBias, double[][] result) {
        int kk = j1 - j0;
        int w = 1 + classes;
        for (int r = 0; r < kk; r++) {
            int j = j0 + r;
            double max = Double.NEGATIVE_INFINITY;
            for (int t = 0; t < n; t++) {
                if (delete && t == j) continue;
                max = Math.max(max, cells[(t * kk + r) * w]);
            }
            double sum = 0;
            double[] logits = new double[classes];
            for (int t = 0; t < n; t++) {
                if (delete && t == j) continue;
                int base = (t * kk + r) * w;
                double e = Math.exp(cells[base] - max);
                sum += e;
                for (int k = 0; k < classes; k++) logits[k] += e * cells[base + 1 + k];
            }
            for (int k = 0; k < classes; k++) logits[k] = logits[k] / sum + outBias[k];
            result[j] = EncodedDocument.softmax(logits);
        }
    }
}
