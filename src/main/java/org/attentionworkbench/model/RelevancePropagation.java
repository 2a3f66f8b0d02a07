package org.attentionworkbench.model;

import java.util.List;
import org.attentionworkbench.explain.Lrp;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Layer-wise relevance propagation (docs/methods.md section 3, "LRP") through one network, for one
 * document, in plain Java doubles: a forward pass of the encoder that keeps every pre-activation,
 * then relevance back from the target logit.
 *
 * <p>Rules, after Arras et al. 2017 ("Explaining Recurrent Neural Network Predictions in Sentiment
 * Analysis") and their published code (bias_factor 0: biases keep their share):
 * <ul>
 *   <li>linear maps (decoder, encoder input maps, the LSTM's cell input): epsilon rule
 *       R_i = sum_j x_i w_ij / (z_j + eps sign(z_j)) R_j, sign(0) = +1;</li>
 *   <li>element-wise activations (tanh, ReLU): relevance passes unchanged;</li>
 *   <li>multiplicative gates (LSTM i, f, o): all relevance to the signal (cell candidate g, the
 *       previous cell state, tanh(c)), none to the gate ("signal-take-all");</li>
 *   <li>attention: the weighted sum c = sum_i alpha_i h_i with alpha as a gate (a constant, as in
 *       Ali et al. 2022's conservative "AH" rule and Arras et al. 2019's gated interactions): R_{h_ik}
 *       = alpha_i h_ik / (c_k + eps sign(c_k)) R_{c_k}; the attention scorer gets nothing.</li>
 * </ul>
 * The CNN has no pooling layer of its own (attention pools its positions): ReLU and the epsilon rule
 * over each kernel's window. The average encoder is tanh of a linear map per token.
 */
final class RelevancePropagation {

    private final AttentionNetwork net;
    private final double eps;
    private double bias;
    private double stabiliser;

    private RelevancePropagation(AttentionNetwork net, double eps) {
        this.net = net;
        this.eps = eps;
    }

    /**
     * Relevance of each token of {@code ids} for class {@code target}'s logit.
     *
     * @param alpha the attention the network reads the document with (a constant here)
     * @param eps   the stabiliser (>= 0)
     */
    static Lrp explain(AttentionNetwork net, int[] ids, double[] alpha, int target, double eps) {
        if (!(eps >= 0)) throw new IllegalArgumentException("the LRP epsilon must be >= 0, not " + eps);
        if (alpha.length != ids.length) throw new IllegalArgumentException("attention and tokens differ in length");
        return new RelevancePropagation(net, eps).run(ids, alpha, target);
    }

    private Lrp run(int[] ids, double[] alpha, int target) {
        ParameterSet p = net.parameters();
        int n = ids.length;
        double[][] x;
        try (var ws = Workspaces.open("lrp")) {
            x = HostCopy.rows(TadFree.gatherRows(p.get("emb"), ids));
        }
        EncoderPass enc = switch (net.config().encoder()) {
            case AVERAGE -> new AveragePass(x, matrix(p.get("avg.W")), vector(p.get("avg.b")));
            case CNN -> new CnnPass(x, net.config().kernelWidths(), p);
            case BILSTM -> new LstmPass(x, net.config().hiddenSize(), p);
            default -> throw new UnsupportedOperationException(
                    "LRP has no rules for the " + net.config().encoder() + " encoder");
        };
        double[][] h = enc.output();
        int f = h[0].length;
        // Attention-weighted sum and decoder.
        double[] context = new double[f];
        for (int i = 0; i < n; i++) for (int k = 0; k < f; k++) context[k] += alpha[i] * h[i][k];
        double[][] wo = matrix(p.get("out.W"));
        double bo = vector(p.get("out.b"))[target];
        double logit = bo;
        for (int k = 0; k < f; k++) logit += context[k] * wo[k][target];
        // Decoder: one output (the target logit), relevance R = logit.
        double s = share(logit, bo, logit);
        double[] rContext = new double[f];
        for (int k = 0; k < f; k++) rContext[k] = context[k] * wo[k][target] * s;
        // Attention as a gate: no bias, only the stabiliser absorbs.
        double[][] rH = new double[n][f];
        for (int k = 0; k < f; k++) {
            double sk = share(context[k], 0, rContext[k]);
            for (int i = 0; i < n; i++) rH[i][k] = alpha[i] * h[i][k] * sk;
        }
        double[][] rX = enc.relevance(rH);
        double[] tokens = new double[n];
        for (int i = 0; i < n; i++) {
            double t = 0;
            for (double r : rX[i]) t += r;
            tokens[i] = t;
        }
        return new Lrp(tokens, target, logit, bias, stabiliser, eps);
    }

    /**
     * The epsilon rule's factor R / (z + eps sign(z)) for one output of pre-activation z with bias
     * b and relevance R; books the bias's and the stabiliser's shares. An input x_i with weight w_i
     * then receives x_i w_i times the factor.
     */
    private double share(double z, double b, double r) {
        if (r == 0) return 0;
        double stab = eps * (z >= 0 ? 1 : -1);
        double factor = r / (z + stab);
        bias += b * factor;
        stabiliser += stab * factor;
        return factor;
    }

    static double[][] matrix(INDArray a) {
        return HostCopy.rows(a);
    }

    static double[] vector(INDArray a) {
        return a.castTo(DataType.DOUBLE).toDoubleVector();
    }

    /** An encoder's forward pass in doubles, and its relevance rule. */
    private interface EncoderPass {
        /** h_i, [n][F]. */
        double[][] output();

        /** Relevance of the inputs x, [n][D], from the relevance of h, [n][F]. */
        double[][] relevance(double[][] rH);
    }

    /** h_i = tanh(x_i W + b): tanh passes relevance; the epsilon rule on x_i W + b. */
    private final class AveragePass implements EncoderPass {
        private final double[][] x;
        private final double[][] w;
        private final double[][] wT;
        private final double[] b;
        private final double[][] pre;
        private final double[][] h;

        AveragePass(double[][] x, double[][] w, double[] b) {
            this.x = x;
            this.w = w;
            this.wT = Dense.transpose(w);
            this.b = b;
            int n = x.length;
            int hs = b.length;
            pre = new double[n][];
            h = new double[n][hs];
            for (int i = 0; i < n; i++) {
                pre[i] = affine(x[i], w, b, 0, hs);
                for (int j = 0; j < hs; j++) h[i][j] = Math.tanh(pre[i][j]);
            }
        }

        @Override
        public double[][] output() {
            return h;
        }

        @Override
        public double[][] relevance(double[][] rH) {
            int n = x.length;
            double[][] rX = new double[n][x[0].length];
            for (int i = 0; i < n; i++) {
                double[] s = new double[b.length];
                for (int j = 0; j < b.length; j++) s[j] = share(pre[i][j], b[j], rH[i][j]);
                backLinearTransposed(x[i], wT, s, rX[i]);
            }
            return rX;
        }
    }

    /**
     * Each width k: y_t = ReLU(sum_j x_{t + j - (k-1)/2} W_j + b), zero input beyond the ends (as in
     * {@link CnnEncoder}); ReLU passes relevance, the epsilon rule spreads it over the window.
     */
    private final class CnnPass implements EncoderPass {
        private final double[][] x;
        private final HostCnn cnn;     // in double whatever the network's type: the rules' sums are checked to 1e-9
        private final double[] b;
        private final double[][] pre;  // z per position, [n][widths * filters]
        private final double[][] h;

        /**
         * The windows' pre-activations z = b + sum over the taps of x W_tap, every tap of every
         * width applied to every token in one product ({@link HostCnn}), then ReLU.
         */
        CnnPass(double[][] x, List<Integer> widths, ParameterSet p) {
            this.x = x;
            int filters = Math.toIntExact(p.get("cnn.b" + widths.get(0)).length());
            this.cnn = new HostCnn(p, x[0].length, filters, widths, CellMath.forType(DataType.DOUBLE));
            this.b = cnn.bias();
            this.pre = cnn.mix(cnn.tokenProducts(x));
            this.h = new double[pre.length][];
            for (int t = 0; t < pre.length; t++) {
                double[] z = pre[t];
                double[] ht = h[t] = new double[z.length];
                for (int c = 0; c < z.length; c++) {
                    z[c] += b[c];
                    ht[c] = Math.max(0, z[c]);
                }
            }
        }

        @Override
        public double[][] output() {
            return h;
        }

        /**
         * The epsilon rule over each window: with s = R / (z + eps sign z) per output, input q of
         * token u gets x_uq times the sum over the windows reading u of W_tap[q] . s, that is
         * x * (the windows' s sent back through the taps): one product, as the gradient's.
         */
        @Override
        public double[][] relevance(double[][] rH) {
            int n = x.length;
            double[][] s = new double[n][];
            for (int t = 0; t < n; t++) {
                double[] st = s[t] = new double[pre[t].length];
                for (int c = 0; c < st.length; c++) st[c] = share(pre[t][c], b[c], rH[t][c]);
            }
            double[][] back = cnn.projectTranspose(s);
            double[][] rX = new double[n][];
            for (int u = 0; u < n; u++) {
                double[] r = rX[u] = new double[x[u].length];
                for (int q = 0; q < r.length; q++) r[q] = x[u][q] * back[u][q];
            }
            return rX;
        }
    }

    /**
     * The bidirectional LSTM of {@link BiLstmEncoder} (gates [i | f | o | g], c = f c' + i g,
     * h = o tanh(c)) with Arras et al.'s rules: h -> c whole (o is a gate); c = f c' + i g by the
     * epsilon rule over its two terms (no bias), f and i being gates; g's pre-activation
     * x Wx_g + h' Wh_g + b_g by the epsilon rule onto the input and the previous state.
     */
    private final class LstmPass implements EncoderPass {
        private final double[][] x;
        private final int hid;
        private final Direction fw;
        private final Direction bw;
        private final double[][] h;

        LstmPass(double[][] x, int hid, ParameterSet p) {
            this.x = x;
            this.hid = hid;
            fw = new Direction(x, hid, p, "fw", true);
            bw = new Direction(x, hid, p, "bw", false);
            int n = x.length;
            h = new double[n][2 * hid];
            for (int t = 0; t < n; t++) {
                System.arraycopy(fw.h[t], 0, h[t], 0, hid);
                System.arraycopy(bw.h[t], 0, h[t], hid, hid);
            }
        }

        @Override
        public double[][] output() {
            return h;
        }

        @Override
        public double[][] relevance(double[][] rH) {
            int n = x.length;
            double[][] rX = new double[n][x[0].length];
            double[][] rFw = new double[n][hid];
            double[][] rBw = new double[n][hid];
            for (int t = 0; t < n; t++) {
                System.arraycopy(rH[t], 0, rFw[t], 0, hid);
                System.arraycopy(rH[t], hid, rBw[t], 0, hid);
            }
            fw.relevance(rFw, rX);
            bw.relevance(rBw, rX);
            return rX;
        }

        /** One direction's forward pass (kept per step) and its backward relevance. */
        private final class Direction {
            final double[][] x;
            final boolean forwardInTime;
            final double[][] wx;
            final double[][] wh;
            final double[][] gxT;   // the cell input g's columns of W_x, transposed [H][D]
            final double[][] ghT;   // and of W_h [H][H]: the epsilon rule's backward as row updates
            final double[] b;
            final double[][] i;
            final double[][] f;
            final double[][] g;
            final double[][] gPre;
            final double[][] c;
            final double[][] h;

            Direction(double[][] x, int hid, ParameterSet p, String dir, boolean forwardInTime) {
                this.x = x;
                this.forwardInTime = forwardInTime;
                wx = matrix(p.get("lstm." + dir + ".Wx"));
                wh = matrix(p.get("lstm." + dir + ".Wh"));
                b = vector(p.get("lstm." + dir + ".b"));
                gxT = columnsTransposed(wx, 3 * hid, hid);
                ghT = columnsTransposed(wh, 3 * hid, hid);
                int n = x.length;
                i = new double[n][hid];
                f = new double[n][hid];
                g = new double[n][hid];
                gPre = new double[n][];
                c = new double[n][hid];
                h = new double[n][hid];
                double[] hPrev = new double[hid];
                double[] cPrev = new double[hid];
                for (int s = 0; s < n; s++) {
                    int t = forwardInTime ? s : n - 1 - s;
                    double[] a = affine(x[t], wx, b, 0, 4 * hid);
                    addProduct(hPrev, wh, a);
                    gPre[t] = java.util.Arrays.copyOfRange(a, 3 * hid, 4 * hid);
                    for (int k = 0; k < hid; k++) {
                        i[t][k] = sigmoid(a[k]);
                        f[t][k] = sigmoid(a[hid + k]);
                        double o = sigmoid(a[2 * hid + k]);
                        g[t][k] = Math.tanh(a[3 * hid + k]);
                        c[t][k] = f[t][k] * cPrev[k] + i[t][k] * g[t][k];
                        h[t][k] = o * Math.tanh(c[t][k]);
                    }
                    hPrev = h[t];
                    cPrev = c[t];
                }
            }

            /** Adds this direction's input relevance to rX, from the relevance rH of its states. */
            void relevance(double[][] rH, double[][] rX) {
                int n = x.length;
                double[] rHNext = new double[hid];   // relevance of h_t from step t+1's cell input
                double[] rCNext = new double[hid];   // relevance of c_t from c_{t+1}
                double[] gBias = java.util.Arrays.copyOfRange(b, 3 * hid, 4 * hid);
                for (int s = n - 1; s >= 0; s--) {
                    int t = forwardInTime ? s : n - 1 - s;
                    int prev = forwardInTime ? t - 1 : t + 1;
                    boolean first = s == 0;
                    double[] rG = new double[hid];
                    double[] rCPrev = new double[hid];
                    for (int k = 0; k < hid; k++) {
                        // h = o tanh(c): o is a gate, all of h's relevance to c.
                        double rc = rCNext[k] + rH[t][k] + rHNext[k];
                        double cPrev = first ? 0 : c[prev][k];
                        double sk = share(c[t][k], 0, rc);
                        rCPrev[k] = f[t][k] * cPrev * sk;
                        rG[k] = i[t][k] * g[t][k] * sk;
                    }
                    // g = tanh(x Wx_g + h' Wh_g + b_g): tanh passes, epsilon rule on the affine map.
                    double[] sg = new double[hid];
                    for (int k = 0; k < hid; k++) sg[k] = share(gPre[t][k], gBias[k], rG[k]);
                    backLinearTransposed(x[t], gxT, sg, rX[t]);
                    double[] rHPrev = new double[hid];
                    if (!first) backLinearTransposed(h[prev], ghT, sg, rHPrev);
                    rHNext = rHPrev;
                    rCNext = rCPrev;
                }
            }
        }
    }

    /** x W[row0 .. row0 + |x|) + b, the first {@code width} columns. */
    private static double[] affine(double[] x, double[][] w, double[] b, int row0, int width) {
        double[] z = java.util.Arrays.copyOf(b, width);
        for (int q = 0; q < x.length; q++) {
            double xv = x[q];
            if (xv == 0) continue;
            double[] row = w[row0 + q];
            for (int j = 0; j < width; j++) z[j] += xv * row[j];
        }
        return z;
    }

    /** z += x W. */
    private static void addProduct(double[] x, double[][] w, double[] z) {
        for (int q = 0; q < x.length; q++) {
            double xv = x[q];
            if (xv == 0) continue;
            double[] row = w[q];
            for (int j = 0; j < z.length; j++) z[j] += xv * row[j];
        }
    }

    /**
     * out_q += x_q sum_j W[q][j] s_j, the epsilon rule's input side (factors s precomputed), with W
     * given transposed ({@code wT[j][q]} = W[q][j]): sum_j s_j W^T[j] is row updates the JIT
     * vectorises, where the dot products of each row of W with s were not (the BiLSTM's LRP spent
     * most of its time there).
     */
    private static void backLinearTransposed(double[] x, double[][] wT, double[] s, double[] out) {
        double[] acc = new double[x.length];
        Dense.multiplyAdd(s, wT, acc);
        for (int q = 0; q < x.length; q++) if (x[q] != 0) out[q] += x[q] * acc[q];
    }

    /** Columns [col0, col0 + width) of w, transposed: [width][rows]. */
    private static double[][] columnsTransposed(double[][] w, int col0, int width) {
        double[][] t = new double[width][w.length];
        for (int q = 0; q < w.length; q++) for (int j = 0; j < width; j++) t[j][q] = w[q][col0 + j];
        return t;
    }

    private static double sigmoid(double v) {
        return 1.0 / (1.0 + Math.exp(-v));
    }
}
