package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One forward and backward pass of a FLOAT CNN or average encoder with learned additive attention
 * over one document, in float on flat arrays with every product through OpenBLAS: the gradient of
 * one class probability with respect to the input embeddings (the gradient saliency section).
 *
 * <p>The arithmetic is {@link HostNetwork}'s, {@link HostCnn}'s and {@link HostAverage}'s. The
 * encoder's token-wise products x W depend on a token's id alone: they come from a table of the
 * whole vocabulary's, made on first use ({@link #productTable}, 41 MB for imdb-cnn, 10 MB for
 * imdb-average), or, past its budget, from one product over the document's distinct tokens. The
 * average encoder's table holds h itself and, beside it, every row's attention score, so its
 * gradient with attention detached runs no encoder or attention layer forward at all. The CNN then sums each output's
 * window ("same" padding) and applies its ReLU per position; back through the taps it never forms
 * the gradient with respect to every tap's product ([n x 512] here): for each width k and tap j,
 * the gradient with respect to width k's outputs, shifted by j, goes through tap j's columns in one
 * product added into the input gradient (16 products of [n x 32] by [32 x D] for widths 1, 3, 5, 7).
 * The average encoder stays on the distinct tokens throughout, each row weighted by its attended
 * positions ({@link HostNetwork.DistinctTokens}), and a position's gradient is its row's divided by
 * that number.
 *
 * <p>Why a separate form: on rows of double the CNN's 400-token gradient spent most of its 5 ms
 * copying and converting [n x 512] matrices (the products themselves are about 1 ms in OpenBLAS),
 * and the average model's 1.5 ms was mostly conversions and allocation around 0.1 ms of products.
 *
 * <p>Thread-safe: the weights are only read; each pass has its own buffers.
 */
final class FloatGradient {

    private final HostNetwork host;
    private final boolean tables;       // whether a vocabulary's products may be tabulated (productTable)
    private final HostCnn cnn;          // null: the average encoder
    private final FloatPointer encW;    // the CNN's taps [D x tapColumns] by offset (see runs) or the average encoder's W [D x F]; never repositioned
    // The CNN's taps by offset: run r adds columns [runCol, runCol + runLen) of token s + runDelta's
    // products to output columns [runOut, runOut + runLen) of position s (every width's tap at that offset).
    private final int[] runDelta;
    private final int[] runOut;
    private final int[] runCol;
    private final int[] runLen;
    private final int[] columnOf;   // the CNN's reordered column c is HostCnn's column columnOf[c]
    private final FloatPointer attW;    // [F x A]
    private final float[] attB;
    private final float[] attV;
    private final float[] bias;         // [F]
    private final int cols;             // width of the token-wise products
    private final int d;
    private final int f;
    private final int a;

    /** For a network {@link #supports} accepts. */
    FloatGradient(HostNetwork host) {
        this(host, true);
    }

    /** As {@link #FloatGradient(HostNetwork)}; without {@code tables} (tests) every pass takes its own products. */
    FloatGradient(HostNetwork host, boolean tables) {
        if (!supports(host)) throw new IllegalArgumentException("not a FLOAT CNN or average network with additive attention and BLAS");
        this.host = host;
        this.tables = tables;
        this.cnn = host.encoder() instanceof HostCnn c ? c : null;
        HostAverage avg = cnn == null ? (HostAverage) host.encoder() : null;
        NativeMatrix w = cnn != null ? cnn.tapsNative() : avg.weightsNative();
        this.cols = w.columns();
        this.d = w.rows();
        if (cnn != null) {
            int[][] runs = tapRuns(cnn.widths(), cnn.filters());
            this.runDelta = runs[0];
            this.runOut = runs[1];
            this.runCol = runs[2];
            this.runLen = runs[3];
            this.columnOf = runs[4];
            float[] taps = new float[d * cols];
            NativeGemm.get(w.pointer(), 0, taps, 0, taps.length);
            float[] byOffset = new float[d * cols];
            for (int r = 0; r < d; r++) for (int c = 0; c < cols; c++) byOffset[r * cols + c] = taps[r * cols + columnOf[c]];
            this.encW = new FloatPointer(byOffset);
        } else {
            this.encW = w.pointer();
            this.runDelta = this.runOut = this.runCol = this.runLen = this.columnOf = null;
        }
        float[][] aw = host.attentionWeightsFloat();
        this.attW = NativeGemm.of(aw);
        this.a = aw[0].length;
        this.f = host.encodedSize();
        this.attB = Dense.toFloat(host.attentionBias());
        this.attV = Dense.toFloat(host.attentionVector());
        this.bias = Dense.toFloat(cnn != null ? cnn.bias() : avg.bias());
    }

    /**
     * The CNN's taps grouped by the offset of the token they read: width k's tap j reads token
     * s + j - (k-1)/2 for output s. Columns are reordered offset by offset (within an offset, width
     * by width), so every width's tap at one offset is one run of columns, and where those widths'
     * output blocks are adjacent (widths 1, 3, 5, 7: always) one run of outputs: 7 runs of 32 to 128
     * columns instead of 16 taps of 32, which is what the JIT's loops and OpenBLAS's products want.
     *
     * @return {deltas, output offsets, column offsets, lengths} per run, then for each reordered
     *         column its column in HostCnn's order (width by width, tap by tap)
     */
    static int[][] tapRuns(int[] widths, int filters) {
        int[] start = new int[widths.length];
        int minDelta = 0;
        int maxDelta = 0;
        for (int wi = 0, col = 0; wi < widths.length; col += widths[wi] * filters, wi++) {
            start[wi] = col;
            int half = (widths[wi] - 1) / 2;
            minDelta = Math.min(minDelta, -half);
            maxDelta = Math.max(maxDelta, widths[wi] - 1 - half);
        }
        java.util.List<int[]> runs = new java.util.ArrayList<>();
        int[] columnOf = new int[start[widths.length - 1] + widths[widths.length - 1] * filters];
        int col = 0;
        for (int delta = minDelta; delta <= maxDelta; delta++) {
            int out = -1;
            int from = col;
            for (int wi = 0; wi < widths.length; wi++) {
                int j = delta + (widths[wi] - 1) / 2;
                if (j < 0 || j >= widths[wi]) continue;
                for (int c = 0; c < filters; c++) columnOf[col + c] = start[wi] + j * filters + c;
                if (out < 0 || wi * filters != out + (col - from)) {
                    if (out >= 0) runs.add(new int[] {delta, out, from, col - from});
                    out = wi * filters;
                    from = col;
                }
                col += filters;
            }
            if (out >= 0) runs.add(new int[] {delta, out, from, col - from});
        }
        int[][] r = new int[5][];
        for (int k = 0; k < 4; k++) {
            r[k] = new int[runs.size()];
            for (int i = 0; i < runs.size(); i++) r[k][i] = runs.get(i)[k];
        }
        r[4] = columnOf;
        return r;
    }

    /**
     * Whether the network is a FLOAT CNN or average encoder with learned additive attention and
     * OpenBLAS is loaded (imposed attention is per position and stays on the one-pass path).
     */
    static boolean supports(HostNetwork host) {
        HostEncoder e = host.encoder();
        boolean encoder = e instanceof HostCnn c && c.tapsNative() != null
                || e instanceof HostAverage avg && avg.weightsNative() != null && host.tokensIndependent();
        return encoder && host.attentionWeightsFloat() != null && host.embeddingTableFloat() != null;
    }


    /**
     * d p_target / d x_t for every position ([n][D]) and p_target.
     *
     * @param detachAttention hold alpha fixed (no gradient through the attention scores)
     */
    HostNetwork.EmbeddingGradient gradient(int[] ids, int target, boolean detachAttention) {
        Pass p = pass(ids, target, detachAttention);
        int n = ids.length;
        double[][] grad = new double[n][d];
        for (int t = 0; t < n; t++) {
            int o = p.rowOf()[t] * d;
            double share = p.share()[t];
            if (share == 0) continue;
            double[] g = grad[t];
            for (int k = 0; k < d; k++) g[k] = p.dx()[o + k] * share;
        }
        return new HostNetwork.EmbeddingGradient(grad, p.probability());
    }

    /**
     * grad_t . x_t and |grad_t| for every position, and p_target: what the gradient saliency
     * methods read, without handing out the [n][D] rows of {@link #gradient} (for the average
     * encoder a row's dot and norm are taken once per distinct token and shared out).
     */
    org.attentionworkbench.explain.GradientSummary summary(int[] ids, int target, boolean detachAttention) {
        Pass p = pass(ids, target, detachAttention);
        int n = ids.length;
        float[] table = host.embeddingTableFloat();
        float[] dx = p.dx();
        int rows = dx.length / d;
        // Each row's dot and norm once, in double from the float values (the products exact, as
        // InputGradients takes them from the [n][D] rows: the two agree to the sums' order).
        double[] dot = new double[rows];
        double[] norm = new double[rows];
        boolean[] done = new boolean[rows];
        for (int t = 0; t < n; t++) {
            int r = p.rowOf()[t];
            if (done[r] || p.share()[t] == 0) continue;
            dot[r] = dot(dx, r * d, table, ids[t] * d, d);
            norm[r] = Math.sqrt(dot(dx, r * d, dx, r * d, d));
            done[r] = true;
        }
        double[] timesInput = new double[n];
        double[] gradientNorm = new double[n];
        for (int t = 0; t < n; t++) {
            double share = p.share()[t];
            if (share == 0) continue;
            timesInput[t] = dot[p.rowOf()[t]] * share;
            gradientNorm[t] = norm[p.rowOf()[t]] * share;
        }
        return new org.attentionworkbench.explain.GradientSummary(timesInput, gradientNorm, p.probability());
    }

    /** x[xo, xo + len) . y[yo, yo + len) in double, in four running sums (a single sum waits on each addition). */
    private static double dot(float[] x, int xo, float[] y, int yo, int len) {
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        int k = 0;
        for (; k + 3 < len; k += 4) {
            s0 += (double) x[xo + k] * y[yo + k];
            s1 += (double) x[xo + k + 1] * y[yo + k + 1];
            s2 += (double) x[xo + k + 2] * y[yo + k + 2];
            s3 += (double) x[xo + k + 3] * y[yo + k + 3];
        }
        for (; k < len; k++) s0 += (double) x[xo + k] * y[yo + k];
        return (s0 + s1) + (s2 + s3);
    }

    /**
     * One pass's input gradient: rows of dx [rows x D] (the CNN's positions, or the average
     * encoder's distinct tokens), each position's row, and the factor that turns the row into the
     * position's gradient (the average encoder's row holds all its attended positions' gradient:
     * each gets an equal share, a position not attended none).
     */
    private record Pass(float[] dx, int[] rowOf, double[] share, double probability) { }

    private Pass pass(int[] ids, int target, boolean detachAttention) {
        int n = ids.length;
        java.util.Map<Integer, Integer> slot = new java.util.HashMap<>();
        int[] rowOf = new int[n];
        int[] distinct = new int[n];
        for (int t = 0; t < n; t++) {
            Integer r = slot.putIfAbsent(ids[t], slot.size());
            rowOf[t] = r == null ? slot.size() - 1 : r;
            if (r == null) distinct[rowOf[t]] = ids[t];
        }
        int m = slot.size();
        float[] table = host.embeddingTableFloat();
        for (int r = 0; r < m; r++) {
            if (distinct[r] < 0 || (long) (distinct[r] + 1) * d > table.length) {
                throw new IndexOutOfBoundsException("row " + distinct[r] + " of " + table.length / d);
            }
        }
        // The head's rows: the CNN's positions, or the average encoder's distinct tokens, each
        // weighted by its attended positions.
        int rows = cnn != null ? n : m;
        double[] weight = new double[rows];
        for (int t = 0; t < n; t++) if (host.attends(t, n)) weight[cnn != null ? t : rowOf[t]]++;
        long eAt = 0;
        long qAt = eAt + (long) m * d;
        long hAt = qAt + (long) m * cols;
        long uAt = hAt + (long) rows * f;
        long xAt = uAt + (long) rows * a;
        long vAt = xAt + (long) rows * d;    // alpha, then the context
        FloatPointer buf = take(vAt + rows + f);
        try {
            // The token-wise products (the vocabulary's table, or the distinct tokens' product),
            // then h = relu(windows + b) or tanh(x W + b).
            float[] products = productTable();
            float[] q;
            int[] qRow;
            if (products != null) {
                q = products;
                qRow = ids;
            } else {
                float[] e = new float[m * d];
                for (int r = 0; r < m; r++) System.arraycopy(table, distinct[r] * d, e, r * d, d);
                NativeGemm.put(buf, eAt, e, 0, e.length);
                NativeGemm.multiply(false, false, m, cols, d, buf.getPointer(eAt), d, encW, cols, buf.getPointer(qAt), cols);
                q = new float[m * cols];
                NativeGemm.get(buf, qAt, q, 0, q.length);
                qRow = rowOf;
            }
            float[] h;
            if (cnn != null) {
                h = windows(q, qRow);
            } else if (products != null) {
                h = new float[m * f];
                for (int r = 0; r < m; r++) System.arraycopy(products, distinct[r] * cols, h, r * f, f);
            } else {
                h = new float[m * f];
                for (int r = 0; r < m; r++) {
                    int o = r * f;
                    for (int j = 0; j < f; j++) h[o + j] = q[r * cols + j] + bias[j];
                }
                CellMath.tanhFloat(h, 0, m * f);
            }
            float[] tabled = cnn == null && products != null && detachAttention ? scoreTable : null;
            Head head;
            if (tabled != null) {
                // The average encoder's scores from the table: no attention layer to run (its u
                // is only needed on the way back through the scores, which detached attention skips).
                NativeGemm.put(buf, hAt, h, 0, rows * f);
                double[] scores = new double[rows];
                for (int r = 0; r < rows; r++) scores[r] = tabled[distinct[r]];
                head = head(buf, hAt, vAt, rows, weight, scores, null);
            } else {
                head = head(buf, hAt, uAt, vAt, h, rows, weight);
            }
            double[] alpha = head.alpha();
            float[] alphaF = head.alphaF();
            float[] u = head.u();
            double[] probs = head.probs();
            double[][] outW = host.outputWeights();
            double[] dLogits = HostNetwork.probabilityGradient(probs, target, 1);
            float[] dContext = new float[f];
            for (int j = 0; j < f; j++) {
                double s = 0;
                for (int c = 0; c < dLogits.length; c++) s += outW[j][c] * dLogits[c];
                dContext[j] = (float) s;
            }
            // dH = alpha dContext (+ the scores' share through W_att), through the activation: dP.
            float[] dh = new float[rows * f];
            if (!detachAttention) attentionBack(buf, hAt, uAt, h, u, alpha, dContext, dh, rows);
            for (int r = 0; r < rows; r++) {
                float ar = alphaF[r];
                if (ar == 0) continue;
                int o = r * f;
                for (int j = 0; j < f; j++) dh[o + j] += ar * dContext[j];
            }
            // Through the activation, one loop over all rows. The ReLU's derivative as a factor
            // (h >= 0 here: 2^252 h is 0 for h = 0 and at least 1 for the smallest subnormal) and
            // not as a branch, which this data mispredicts half the time (0.23 against 0.01 ms).
            if (cnn != null) {
                for (int i = 0; i < rows * f; i++) dh[i] *= Math.min(1f, h[i] * 0x1p126f * 0x1p126f);
            } else {
                for (int i = 0; i < rows * f; i++) dh[i] *= 1 - h[i] * h[i];
            }
            NativeGemm.put(buf, hAt, dh, 0, rows * f);
            float[] dx = new float[rows * d];
            if (cnn != null) {
                NativeGemm.put(buf, xAt, dx, 0, dx.length); // zeros: the products below add into it
                backThroughRuns(buf.getPointer(hAt), buf.getPointer(xAt), n);
            } else {
                NativeGemm.multiply(false, true, rows, d, f, buf.getPointer(hAt), f, encW, cols, buf.getPointer(xAt), d);
            }
            NativeGemm.get(buf, xAt, dx, 0, dx.length);
            int[] row = cnn != null ? new int[n] : rowOf;
            double[] share = new double[n];
            for (int t = 0; t < n; t++) {
                if (cnn != null) {
                    row[t] = t;
                    share[t] = 1;
                } else if (host.attends(t, n)) {
                    share[t] = 1 / weight[rowOf[t]];
                }
            }
            return new Pass(dx, row, share, probs[target]);
        } finally {
            POOL.add(new java.lang.ref.SoftReference<>(buf));
        }
    }

    /** Most floats of {@link #productTable}: 64 MB (imdb-cnn's is 10.2 M, 20,000 words by 512 tap columns). */
    static final long TABLE_BUDGET = 16L << 20;

    private volatile float[] productTable;
    private volatile float[] scoreTable;     // the average encoder's attention score of every vocabulary row
    private volatile boolean productTableRefused;

    /**
     * The encoder's token-wise products of every vocabulary row ([V x tapColumns], row = id; for
     * the average encoder its h = tanh(x W + b) itself, and {@link #scoreTable} each row's attention
     * score), made on first use, or null when it would exceed {@link #TABLE_BUDGET}. Why: a token's products
     * x W depend on its id alone, and the vocabulary's table (one product of the embedding table,
     * about 20 ms for imdb-cnn) replaces the product over each document's distinct tokens that was
     * a sixth of the CNN's gradient and a third of the average model's.
     */
    private float[] productTable() {
        float[] t = productTable;
        if (t != null || productTableRefused) return t;
        synchronized (this) {
            if (productTable != null || productTableRefused) return productTable;
            float[] emb = host.embeddingTableFloat();
            long vocab = emb.length / d;
            if (!tables || vocab * cols > TABLE_BUDGET) {
                productTableRefused = true;
                return null;
            }
            float[] out = new float[Math.toIntExact(vocab * cols)];
            float[] scores = cnn == null ? new float[(int) vocab] : null;
            int block = 2048;
            try (FloatPointer e = new FloatPointer((long) block * d); FloatPointer q = new FloatPointer((long) block * cols);
                 FloatPointer uq = new FloatPointer((long) block * a)) {
                float[] u = new float[block * a];
                for (int r0 = 0; r0 < vocab; r0 += block) {
                    int r = (int) Math.min(block, vocab - r0);
                    NativeGemm.put(e, 0, emb, r0 * d, r * d);
                    NativeGemm.multiply(false, false, r, cols, d, e, d, encW, cols, q, cols);
                    NativeGemm.get(q, 0, out, r0 * cols, r * cols);
                    if (cnn == null) {
                        // The average encoder's h = tanh(x W + b) and its attention score, as head() takes them.
                        for (int i = 0; i < r; i++) {
                            int o = (r0 + i) * cols;
                            for (int j = 0; j < f; j++) out[o + j] += bias[j];
                        }
                        CellMath.tanhFloat(out, r0 * cols, (r0 + r) * cols);
                        NativeGemm.put(q, 0, out, r0 * cols, r * cols);
                        scoresOf(q, uq, u, r);
                        for (int i = 0; i < r; i++) scores[r0 + i] = scoreOf(u, i);
                    }
                }
            }
            scoreTable = scores;
            productTable = out;
            return out;
        }
    }

    /** The head's forward pass: alpha (and in float), u = tanh(h W_att + b), the output distribution. */
    private record Head(double[] alpha, float[] alphaF, float[] u, double[] probs) { }

    /**
     * Attention and decoder forward over the rows h [rows x F], each row counted weight[r] times:
     * u = tanh(h W_att + b), scores v . u, alpha, context = h^T alpha, the output distribution.
     * Leaves h at {@code hAt} and u's pre-activation at {@code uAt} in {@code buf}.
     */
    private Head head(FloatPointer buf, long hAt, long uAt, long vAt, float[] h, int rows, double[] weight) {
        NativeGemm.put(buf, hAt, h, 0, rows * f);
        float[] u = new float[rows * a];
        scoresOf(buf.getPointer(hAt), buf.getPointer(uAt), u, rows);
        double[] scores = new double[rows];
        for (int r = 0; r < rows; r++) scores[r] = scoreOf(u, r);
        return head(buf, hAt, vAt, rows, weight, scores, u);
    }

    /** u = tanh(h W_att + b) for the native rows h [rows x F] ({@code uAt}: room for the product). */
    private void scoresOf(FloatPointer h, FloatPointer uAt, float[] u, int rows) {
        NativeGemm.multiply(false, false, rows, a, f, h, f, attW, a, uAt, a);
        NativeGemm.get(uAt, 0, u, 0, rows * a);
        for (int r = 0; r < rows; r++) {
            int o = r * a;
            for (int j = 0; j < a; j++) u[o + j] += attB[j];
        }
        CellMath.tanhFloat(u, 0, rows * a);
    }

    /** Row r's attention score v . u_r, summed in float. */
    private float scoreOf(float[] u, int r) {
        int o = r * a;
        float s = 0;
        for (int j = 0; j < a; j++) s += u[o + j] * attV[j];
        return s;
    }

    /** The rest of the head, from the rows' scores, with h already at {@code hAt}; u may be null (not needed back). */
    private Head head(FloatPointer buf, long hAt, long vAt, int rows, double[] weight, double[] scores, float[] u) {
        double[] alpha = new double[rows];
        HostNetwork.weightedSoftmax(scores, weight, alpha);
        // context = h^T alpha, one product on the native h.
        float[] alphaF = new float[rows];
        for (int r = 0; r < rows; r++) alphaF[r] = (float) alpha[r];
        NativeGemm.put(buf, vAt, alphaF, 0, rows);
        NativeGemm.multiplyVector(true, buf.getPointer(hAt), rows, f, buf.getPointer(vAt), buf.getPointer(vAt + rows));
        float[] context = new float[f];
        NativeGemm.get(buf, vAt + rows, context, 0, f);
        double[][] outW = host.outputWeights();
        double[] logits = host.outputBias().clone();
        for (int j = 0; j < f; j++) for (int c = 0; c < logits.length; c++) logits[c] += context[j] * outW[j][c];
        host.atNetworkPrecision(logits);
        return new Head(alpha, alphaF, u, EncodedDocument.softmax(logits));
    }

    /**
     * The CNN's output distribution on a document given as rows of its tokens' tap products
     * ({@code q}, in float, position t's row {@code rowOf[t]}, see {@link #copyProducts}): forward
     * only, in float, for the copies of faithfulness, LIME and KernelSHAP ({@link HostNetwork#outputsOf}).
     */
    double[] probabilities(int[] rowOf, float[] q) {
        if (cnn == null) throw new IllegalStateException("the average encoder's copies have their own shortcut");
        int n = rowOf.length;
        double[] weight = new double[n];
        for (int t = 0; t < n; t++) weight[t] = host.attends(t, n) ? 1 : 0;
        float[] h = windows(q, rowOf);
        long uAt = (long) n * f;
        long vAt = uAt + (long) n * a;
        FloatPointer buf = take(vAt + n + f);
        try {
            return head(buf, 0, uAt, vAt, h, n, weight).probs();
        } finally {
            POOL.add(new java.lang.ref.SoftReference<>(buf));
        }
    }

    /**
     * Tap products for {@link #probabilities}: the vocabulary's table, whose row is the id (slot
     * null), or {@code products}' rows (HostCnn's column order) in float and this class's order.
     */
    record CopyProducts(float[] q, java.util.Map<Integer, Integer> slot) {
        /** The rows of {@code q} holding a document's tokens. */
        int[] rowsOf(int[] doc) {
            if (slot == null) return doc;
            int[] rows = new int[doc.length];
            for (int t = 0; t < doc.length; t++) rows[t] = slot.get(doc[t]);
            return rows;
        }
    }

    /** The products for copies of documents whose tokens' products are all in {@code products}. */
    CopyProducts copyProducts(HostNetwork.TokenProducts products) {
        float[] table = productTable();
        if (table != null) return new CopyProducts(table, null);
        double[][] byId = products.byId();
        float[] q = new float[byId.length * cols];
        for (int r = 0; r < byId.length; r++) {
            for (int c = 0; c < cols; c++) q[r * cols + c] = (float) byId[r][columnOf[c]];
        }
        return new CopyProducts(q, products.slot());
    }

    /** Whether {@link #probabilities} applies (the CNN). */
    boolean runsCopies() {
        return cnn != null;
    }

    /**
     * Native buffers of finished passes, softly held: a fresh megabyte per pass from malloc comes
     * from mmap, whose page faults made a pass's time vary by half.
     */
    private static final java.util.concurrent.ConcurrentLinkedQueue<java.lang.ref.SoftReference<FloatPointer>> POOL =
            new java.util.concurrent.ConcurrentLinkedQueue<>();

    /** A pooled buffer of at least {@code size} floats (a smaller one found is freed). */
    private static FloatPointer take(long size) {
        for (java.lang.ref.SoftReference<FloatPointer> ref; (ref = POOL.poll()) != null; ) {
            FloatPointer p = ref.get();
            if (p != null && p.capacity() >= size) return p;
            if (p != null) p.close();
        }
        return new FloatPointer(Math.max(size, 1 << 16));
    }

    /**
     * h = relu(P + b) [n x F], P the windows' sums ("same" padding): output s of width k sums tap
     * j's products of token s + j - (k-1)/2 where it exists, here run by run ({@link #tapRuns}).
     *
     * <p>Why copies and whole-array sums: the JIT vectorises a loop whose arrays share one index
     * (h[k] += t[k]) but not one that adds a row at another offset (h[to + c] += q[from + c], 0.6-1.5
     * ns per element here, however written). So each run's rows are first copied to h's layout
     * (System.arraycopy, vectorised) in a scratch array, zero elsewhere, which is then added to h in
     * one loop: 7 such sums of n x F for widths 1, 3, 5, 7, in the same order as row by row.
     */
    private float[] windows(float[] q, int[] rowOf) {
        int n = rowOf.length;
        float[] h = new float[n * f];
        for (int s = 0; s < n; s++) System.arraycopy(bias, 0, h, s * f, f);
        float[] run = new float[n * f];
        boolean dirty = false;
        for (int r = 0; r < runDelta.length; r++) {
            int delta = runDelta[r];
            int s0 = Math.max(0, -delta);
            int s1 = Math.min(n, n - delta);
            if (s1 <= s0) continue;
            int out = runOut[r];
            int len = runLen[r];
            // Zero unless the run overwrites every element (the first full-width run does).
            if (dirty && !(out == 0 && len == f && s0 == 0 && s1 == n)) java.util.Arrays.fill(run, 0f);
            for (int s = s0; s < s1; s++) System.arraycopy(q, rowOf[s + delta] * cols + runCol[r], run, s * f + out, len);
            dirty = true;
            for (int k = 0; k < h.length; k++) h[k] += run[k];
        }
        for (int k = 0; k < h.length; k++) h[k] = Math.max(0f, h[k]);
        return h;
    }

    /**
     * The scores' share of dH: dScore_t = alpha_t (h_t . dContext - sum_s alpha_s h_s . dContext),
     * dU_t = dScore_t v (1 - u_t^2), and dH = dU W_att^T (into {@code dh}).
     */
    private void attentionBack(FloatPointer buf, long hAt, long uAt, float[] h, float[] u, double[] alpha,
                               float[] dContext, float[] dh, int n) {
        double[] dScore = new double[n];
        double inner = 0;
        for (int t = 0; t < n; t++) {
            double s = 0;
            for (int j = 0; j < f; j++) s += h[t * f + j] * dContext[j];
            dScore[t] = s;
            inner += alpha[t] * s;
        }
        for (int t = 0; t < n; t++) {
            float ds = (float) (alpha[t] * (dScore[t] - inner));
            int o = t * a;
            for (int j = 0; j < a; j++) u[o + j] = ds * attV[j] * (1 - u[o + j] * u[o + j]);
        }
        NativeGemm.put(buf, uAt, u, 0, n * a);
        NativeGemm.multiply(false, true, n, f, a, buf.getPointer(uAt), a, attW, a, buf.getPointer(hAt), f);
        NativeGemm.get(buf, hAt, dh, 0, n * f);
    }

    /**
     * dX += for each run of taps at offset delta ({@link #tapRuns}): rows s of dP's run columns,
     * for the tokens s + delta they read, times the run's columns transposed (7 products of
     * [n x 32..128] by [32..128 x D] for widths 1, 3, 5, 7).
     */
    private void backThroughRuns(FloatPointer dp, FloatPointer dx, int n) {
        for (int r = 0; r < runDelta.length; r++) {
            int delta = runDelta[r];
            int s0 = Math.max(0, -delta);
            int s1 = Math.min(n, n - delta);
            if (s1 <= s0) continue;
            NativeGemm.multiplyAdd(false, true, s1 - s0, d, runLen[r], dp.getPointer((long) s0 * f + runOut[r]), f,
                    encW.getPointer(runCol[r]), cols, dx.getPointer((long) (s0 + delta) * d), d);
        }
    }
}
