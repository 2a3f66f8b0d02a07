package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import org.bytedeco.javacpp.FloatPointer;

/**
 * One forward and backward pass of a FLOAT CNN with learned additive attention over one document,
 * in float on flat arrays with every product through OpenBLAS: the gradient of one class
 * probability with respect to the input embeddings (the gradient saliency section).
 *
 * <p>The arithmetic is {@link HostNetwork}'s and {@link HostCnn}'s: the taps of every width applied
 * to each distinct token once, "same"-padded windows summed, ReLU, u = tanh(h W_att + b), softmax of
 * v . u over the attended positions, the decoder. Back through the taps it never forms the
 * gradient with respect to every tap's product ([n x 512] here): for each width k and tap j, the
 * gradient with respect to width k's outputs, shifted by j, goes through tap j's columns in one
 * product added into the input gradient (16 products of [n x 32] by [32 x D] for widths 1, 3, 5, 7).
 *
 * <p>Why a separate form: on rows of double the CNN's 400-token gradient spent most of its 5 ms
 * copying and converting [n x 512] matrices (the products themselves are about 1 ms in OpenBLAS);
 * here the largest array is the distinct tokens' products, once.
 *
 * <p>Thread-safe: the weights are only read; each pass has its own buffers.
 */
final class CnnGradient {

    private final HostNetwork host;
    private final HostCnn cnn;
    private final FloatPointer taps;    // [D x tapColumns], shared: never repositioned
    private final FloatPointer attW;    // [F x A]
    private final float[] attB;
    private final float[] attV;
    private final float[] bias;         // [F]
    private final int d;
    private final int f;
    private final int a;

    /** For a network {@link #supports} accepts. */
    CnnGradient(HostNetwork host) {
        if (!supports(host)) throw new IllegalArgumentException("not a FLOAT CNN with additive attention and BLAS");
        this.host = host;
        this.cnn = (HostCnn) host.encoder();
        this.taps = cnn.tapsNative().pointer();
        float[][] w = host.attentionWeightsFloat();
        this.attW = NativeGemm.of(w);
        this.a = w[0].length;
        this.f = host.encodedSize();
        this.d = cnn.inputSize();
        this.attB = toFloat(host.attentionBias());
        this.attV = toFloat(host.attentionVector());
        this.bias = toFloat(cnn.bias());
    }

    /** Whether the network is a FLOAT CNN with learned additive attention and OpenBLAS is loaded. */
    static boolean supports(HostNetwork host) {
        return host.encoder() instanceof HostCnn c && c.tapsNative() != null && host.attentionWeightsFloat() != null;
    }

    private static float[] toFloat(double[] v) {
        float[] out = new float[v.length];
        for (int j = 0; j < v.length; j++) out[j] = (float) v[j];
        return out;
    }

    /**
     * d p_target / d x_t for every position ([n][D]) and p_target.
     *
     * @param detachAttention hold alpha fixed (no gradient through the attention scores)
     */
    HostNetwork.EmbeddingGradient gradient(int[] ids, int target, boolean detachAttention) {
        int n = ids.length;
        int cols = cnn.tapColumns();
        java.util.Map<Integer, Integer> slot = new java.util.HashMap<>();
        int[] rowOf = new int[n];
        int[] distinct = new int[n];
        for (int t = 0; t < n; t++) {
            Integer r = slot.putIfAbsent(ids[t], slot.size());
            rowOf[t] = r == null ? slot.size() - 1 : r;
            if (r == null) distinct[rowOf[t]] = ids[t];
        }
        int m = slot.size();
        long eAt = 0;
        long qAt = eAt + (long) m * d;
        long hAt = qAt + (long) m * cols;
        long uAt = hAt + (long) n * f;
        long xAt = uAt + (long) n * a;
        FloatPointer buf = take(xAt + (long) n * d);
        try {
            // The distinct tokens' tap products, then each output's window summed: h = relu(P + b).
            float[] e = toFloat(HostCopy.gather(host.embeddingTable(), java.util.Arrays.copyOf(distinct, m), d));
            NativeGemm.put(buf, eAt, e, 0, e.length);
            NativeGemm.multiply(false, false, m, cols, d, buf.getPointer(eAt), d, taps, cols, buf.getPointer(qAt), cols);
            float[] q = new float[m * cols];
            NativeGemm.get(buf, qAt, q, 0, q.length);
            float[] h = windows(q, rowOf, cols);
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < f; j++) h[t * f + j] = Math.max(0f, h[t * f + j] + bias[j]);
            }
            // u = tanh(h W_att + b), scores v . u, alpha over the attended positions.
            NativeGemm.put(buf, hAt, h, 0, n * f);
            NativeGemm.multiply(false, false, n, a, f, buf.getPointer(hAt), f, attW, a, buf.getPointer(uAt), a);
            float[] u = new float[n * a];
            NativeGemm.get(buf, uAt, u, 0, u.length);
            double[] scores = new double[n];
            for (int t = 0; t < n; t++) {
                int o = t * a;
                for (int j = 0; j < a; j++) u[o + j] += attB[j];
                CellMath.tanhFloat(u, o, o + a);
                float s = 0;
                for (int j = 0; j < a; j++) s += u[o + j] * attV[j];
                scores[t] = s;
            }
            double[] alpha = softmax(scores, n);
            double[] context = new double[f];
            for (int t = 0; t < n; t++) {
                if (alpha[t] == 0) continue;
                for (int j = 0; j < f; j++) context[j] += alpha[t] * h[t * f + j];
            }
            double[][] outW = host.outputWeights();
            double[] logits = host.outputBias().clone();
            for (int j = 0; j < f; j++) for (int c = 0; c < logits.length; c++) logits[c] += context[j] * outW[j][c];
            host.atNetworkPrecision(logits);
            double[] probs = EncodedDocument.softmax(logits);
            double[] dLogits = HostNetwork.probabilityGradient(probs, target, 1);
            float[] dContext = new float[f];
            for (int j = 0; j < f; j++) {
                double s = 0;
                for (int c = 0; c < dLogits.length; c++) s += outW[j][c] * dLogits[c];
                dContext[j] = (float) s;
            }
            // dH_t = alpha_t dContext (+ the scores' share through W_att), masked by the ReLU: dP.
            float[] dh = new float[n * f];
            if (!detachAttention) attentionBack(buf, hAt, uAt, h, u, alpha, dContext, dh, n);
            for (int t = 0; t < n; t++) {
                float at = (float) alpha[t];
                int o = t * f;
                for (int j = 0; j < f; j++) dh[o + j] = h[o + j] > 0 ? dh[o + j] + at * dContext[j] : 0f;
            }
            NativeGemm.put(buf, hAt, dh, 0, n * f);
            float[] dx = new float[n * d];
            NativeGemm.put(buf, xAt, dx, 0, dx.length); // zeros: the products below add into it
            backThroughTaps(buf.getPointer(hAt), buf.getPointer(xAt), n);
            NativeGemm.get(buf, xAt, dx, 0, dx.length);
            double[][] grad = new double[n][d];
            for (int t = 0; t < n; t++) for (int q2 = 0; q2 < d; q2++) grad[t][q2] = dx[t * d + q2];
            return new HostNetwork.EmbeddingGradient(grad, probs[target]);
        } finally {
            POOL.add(new java.lang.ref.SoftReference<>(buf));
        }
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

    /** P [n x F]: output t of width k sums tap j's columns of token t + j - (k-1)/2 where it exists. */
    private float[] windows(float[] q, int[] rowOf, int cols) {
        int n = rowOf.length;
        int filters = cnn.filters();
        int[] widths = cnn.widths();
        float[] p = new float[n * f];
        for (int s = 0; s < n; s++) {
            int col = 0;
            for (int wi = 0; wi < widths.length; wi++) {
                int k = widths[wi];
                int half = (k - 1) / 2;
                int out = s * f + wi * filters;
                for (int j = 0; j < k; j++, col += filters) {
                    int u = s + j - half;
                    if (u < 0 || u >= n) continue;
                    int from = rowOf[u] * cols + col;
                    for (int c = 0; c < filters; c++) p[out + c] += q[from + c];
                }
            }
        }
        return p;
    }

    /** alpha: softmax of the scores over the attended positions (none attended: all zero). */
    private double[] softmax(double[] scores, int n) {
        double[] alpha = new double[n];
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) if (host.attends(t, n)) max = Math.max(max, scores[t]);
        double sum = 0;
        for (int t = 0; t < n; t++) {
            alpha[t] = host.attends(t, n) ? Math.exp(scores[t] - max) : 0;
            sum += alpha[t];
        }
        if (sum > 0) for (int t = 0; t < n; t++) alpha[t] /= sum;
        return alpha;
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
     * dX += for each width k and tap j: rows s of dP's width-k block, shifted to the tokens
     * s + j - (k-1)/2 they read, times tap j's columns transposed.
     */
    private void backThroughTaps(FloatPointer dp, FloatPointer dx, int n) {
        int filters = cnn.filters();
        int cols = cnn.tapColumns();
        int[] widths = cnn.widths();
        int col = 0;
        for (int wi = 0; wi < widths.length; wi++) {
            int k = widths[wi];
            int half = (k - 1) / 2;
            for (int j = 0; j < k; j++, col += filters) {
                int s0 = Math.max(0, half - j);
                int s1 = Math.min(n, n + half - j);
                if (s1 <= s0) continue;
                int u0 = s0 + j - half;
                NativeGemm.multiplyAdd(false, true, s1 - s0, d, filters, dp.getPointer((long) s0 * f + wi * filters), f,
                        taps.getPointer(col), cols, dx.getPointer((long) u0 * d), d);
            }
        }
    }
}
