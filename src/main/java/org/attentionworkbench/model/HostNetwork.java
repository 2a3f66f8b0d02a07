package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * The network's passes over one document in plain Java: forward, and back to the encoder's input
 * projection or to the input embeddings. The arithmetic is {@link AttentionNetwork}'s (same
 * encoders, attention, decoder, cell functions), on one document held as rows (one array per token, see {@link Dense}).
 *
 * <p>Why a second form of the same network: an explanation runs small passes over one document
 * (a gradient, 50 integrated-gradient points, hundreds of variants), and at batch size 1 an ND4J
 * op costs 5-50 us of call overhead whatever its size: a 400-token BiLSTM gradient is 1,600
 * dependent cell steps, and the average encoder's whole forward pass was ~20 such calls costing
 * 5 ms. The same arithmetic in loops the JIT vectorises takes a few percent of that (docs/bench.md,
 * issue 19). ND4J keeps the work it is good at: training and batched classification.
 * HostNetworkTest holds both forms equal to float rounding on the shipped models and to 1e-12 on
 * double networks, and the finite-difference gradient tests run on this one.
 *
 * <p>A snapshot: the weights are copied when it is made ({@link AttentionNetwork#host()} makes a
 * new one after the parameters change). Thread-safe: a pass keeps its state in its own arrays.
 */
final class HostNetwork {

    private final INDArray embeddings;
    private final HostEncoder encoder;
    private final CellMath math;
    private final boolean markers;
    private final boolean dot;
    private final AttentionSource attention;
    private final HostNetwork attentionSource;
    private final double[][] attW;     // [F][A] (additive)
    private final double[][] attWT;    // [A][F]
    private final float[][] attWF;     // attW in float (a FLOAT network's per-token products), else null
    private final float[][] attWTF;    // attWT in float, else null
    private final boolean sparseOutput; // h is a ReLU's (the CNN): about half zeros, skipped in h W_att
    private final double[] attB;       // [A]
    private final double[] attV;       // [A] (additive) or w [F] (dot)
    private final double[][] outW;     // [F][C]
    private final double[][] outWT;    // [C][F]
    private final double[] outB;       // [C]
    private final int f;
    private final int c;
    private final int d;
    private volatile PointsLockstep lockstep; // made on first use (a training loop makes many HostNetworks)

    HostNetwork(ModelConfig config, ParameterSet p, org.nd4j.linalg.api.buffer.DataType dataType,
                HostNetwork attentionSource) {
        this.embeddings = p.get("emb");
        this.math = CellMath.forType(dataType);
        this.encoder = switch (config.encoder()) {
            case BILSTM -> new HostLstm(p, config.embeddingDim(), config.hiddenSize(), math);
            case CNN -> new HostCnn(p, config.embeddingDim(), config.hiddenSize(), config.kernelWidths());
            case AVERAGE -> new HostAverage(p, config.hiddenSize(), math);
        };
        this.markers = config.tokenization().markers();
        this.attention = config.attention();
        this.attentionSource = attentionSource;
        this.dot = config.attentionScore() == AttentionScore.DOT;
        this.f = encoder.outputSize();
        this.c = config.numClasses();
        this.d = config.embeddingDim();
        boolean additive = attention == AttentionSource.LEARNED && !dot;
        this.attW = additive ? HostCopy.rows(p.get("att.W")) : null;
        this.attWT = additive ? Dense.transpose(attW) : null;
        this.attWF = additive && math.isFast() ? Dense.toFloat(attW) : null;
        this.attWTF = additive && math.isFast() ? Dense.toFloat(attWT) : null;
        this.sparseOutput = encoder instanceof HostCnn;
        this.attB = additive ? HostCopy.flat(p.get("att.b")) : null;
        this.attV = additive ? HostCopy.flat(p.get("att.v"))
                : attention == AttentionSource.LEARNED ? HostCopy.flat(p.get("att.w")) : null;
        this.outW = HostCopy.rows(p.get("out.W"));
        this.outWT = Dense.transpose(outW);
        this.outB = HostCopy.flat(p.get("out.b"));
    }

    /**
     * The side-by-side passes of integrated gradients' points ({@link PointsLockstep}): a FLOAT
     * BiLSTM's, or null (other networks run their points one at a time).
     */
    PointsLockstep lockstep() {
        PointsLockstep l = lockstep;
        if (l == null && PointsLockstep.supports(this)) {
            l = new PointsLockstep(this); // two threads may both make one: the same arithmetic either way
            lockstep = l;
        }
        return l;
    }

    HostEncoder encoder() {
        return encoder;
    }

    /** Width of h_i. */
    int encodedSize() {
        return f;
    }

    /** The decoder's weights [F][C] (shared, not to be changed). */
    double[][] outputWeights() {
        return outW;
    }

    /**
     * The additive attention's W_att in float, [F][A], where the network is FLOAT with learned
     * additive attention; else null (shared, not to be changed).
     */
    float[][] attentionWeightsFloat() {
        return attention == AttentionSource.LEARNED ? attWF : null;
    }

    /** The additive attention's bias b [A] (null for other attention; shared, not to be changed). */
    double[] attentionBias() {
        return attB;
    }

    /** The additive attention's v [A] or the dot attention's w [F] (shared, not to be changed). */
    double[] attentionVector() {
        return attV;
    }

    /** The decoder's bias [C] (shared, not to be changed). */
    double[] outputBias() {
        return outB;
    }

    /** Whether the first and last positions are start/end markers, never attended to. */
    boolean markers() {
        return markers;
    }

    /** Whether attention is the network's own (learned), not uniform or imposed. */
    boolean learnedAttention() {
        return attention == AttentionSource.LEARNED;
    }

    /**
     * The readout of one position as one linear map: row j of the result multiplies h_j, and the
     * columns are the attention's pre-activation (additive: W_att, A columns; dot: w / sqrt(F), one
     * column) followed by the decoder's W_out (C columns). With {@link #readoutBias()} added, its
     * first part gives the score ({@link #score}) and the rest the contribution z = h W_out.
     */
    double[][] readoutWeights() {
        int q = (dot ? 1 : attV.length) + c;
        double[][] w = new double[f][q];
        for (int j = 0; j < f; j++) {
            if (dot) {
                w[j][0] = attV[j] / Math.sqrt(f);
            } else {
                System.arraycopy(attW[j], 0, w[j], 0, attV.length);
            }
            System.arraycopy(outW[j], 0, w[j], q - c, c);
        }
        return w;
    }

    /** The bias of {@link #readoutWeights()}: the additive attention's b, zeros elsewhere. */
    double[] readoutBias() {
        double[] b = new double[(dot ? 1 : attV.length) + c];
        if (!dot) System.arraycopy(attB, 0, b, 0, attB.length);
        return b;
    }

    /** The attention score from a position's readout pre-activation (v . tanh(pre) or pre[0]); {@code pre}'s attention part is overwritten. */
    double score(double[] pre) {
        if (dot) return pre[0];
        int a = attV.length;
        math.tanh(pre, 0, a);
        double s = 0;
        for (int j = 0; j < a; j++) s += pre[j] * attV[j];
        return s;
    }

    /** The embeddings of {@code ids}, [n][D]. */
    double[][] embed(int[] ids) {
        return Dense.rows(HostCopy.gather(embeddings, ids, d), ids.length, d);
    }

    /**
     * The encoder's token-wise products Q (see {@link HostEncoder#tokenProducts}) of the tokens'
     * own embeddings, computed once per distinct id and copied to the id's other positions: a review
     * repeats its words (imdb:test line 1864 has 192 distinct ids in 400 tokens), and these
     * products are an n x D x K share of every forward pass.
     */
    double[][] tokenProductsOf(int[] ids) {
        TokenProducts products = tokenProducts(java.util.List.of(ids));
        double[][] out = products.rows(ids);
        boolean[] used = new boolean[products.byId().length];
        for (int t = 0; t < ids.length; t++) {
            int u = products.slot().get(ids[t]);
            // Every position gets its own row: a caller may write into the rows it is given.
            if (used[u]) out[t] = out[t].clone();
            used[u] = true;
        }
        return out;
    }

    /**
     * The token-wise products of every distinct id of {@code docs}, computed once (see
     * {@link #tokenProductsOf}); the rows it hands out are shared between documents, for passes
     * that only read them ({@link #probabilities}).
     */
    TokenProducts tokenProducts(java.util.List<int[]> docs) {
        java.util.Map<Integer, Integer> slot = new java.util.LinkedHashMap<>(); // ids in first-seen order
        for (int[] d : docs) for (int id : d) slot.putIfAbsent(id, slot.size());
        int[] distinct = slot.keySet().stream().mapToInt(Integer::intValue).toArray();
        double[][] rows = distinct.length == 0 ? new double[0][] : encoder.tokenProducts(embed(distinct));
        return new TokenProducts(slot, rows);
    }

    /** Token-wise products by id (see {@link #tokenProducts(java.util.List)}). */
    record TokenProducts(java.util.Map<Integer, Integer> slot, double[][] byId) {
        /** The products of a document's ids, given per position ({@code q[t]} is token t's). */
        static TokenProducts of(int[] ids, double[][] q) {
            java.util.Map<Integer, Integer> slot = new java.util.HashMap<>();
            java.util.List<double[]> rows = new java.util.ArrayList<>();
            for (int t = 0; t < ids.length; t++) {
                if (slot.putIfAbsent(ids[t], rows.size()) == null) rows.add(q[t]);
            }
            return new TokenProducts(slot, rows.toArray(new double[0][]));
        }

        /** The rows of one document's tokens (shared: not to be written). */
        double[][] rows(int[] ids) {
            double[][] out = new double[ids.length][];
            for (int t = 0; t < ids.length; t++) out[t] = byId[slot.get(ids[t])];
            return out;
        }
    }

    /** P(x) of the tokens' own embeddings (the token-wise products once per distinct id, then mixed). */
    double[][] projectTokens(int[] ids) {
        return encoder.mix(tokenProductsOf(ids));
    }

    /** The whole network on the document's own embeddings. */
    Trace forward(int[] ids) {
        return forwardFromProjection(ids, projectTokens(ids));
    }

    /** The network on input embeddings {@code x} ([n][D]) in place of the tokens' own (integrated gradients). */
    Trace forward(int[] ids, double[][] x) {
        return forwardFromProjection(ids, encoder.project(x));
    }

    /** The network from the encoder's input projection P(x). */
    Trace forwardFromProjection(int[] ids, double[][] projected) {
        return head(ids, encoder.run(projected));
    }

    /**
     * The output distribution from P(x), saving nothing for a backward pass (classification, the
     * copies of LIME and KernelSHAP): the same numbers as {@link #forwardFromProjection}.
     */
    double[] probabilities(int[] ids, double[][] projected) {
        return head(ids, new Out(encoder.encode(projected)), false).probs();
    }

    /** An encoder output without a saved pass (what {@link #probabilities} hands the head). */
    private record Out(double[][] output) implements HostEncoder.State { }

    /** Attention and decoder on the encoder's output, keeping what a backward pass needs. */
    Trace head(int[] ids, HostEncoder.State enc) {
        return head(ids, enc, true);
    }

    /**
     * Attention and decoder on the encoder's output; without {@code keepHidden} the additive
     * attention's hidden layer u is computed row by row in one scratch row and not kept (the
     * trace then has none: no backward pass from it).
     */
    private Trace head(int[] ids, HostEncoder.State enc, boolean keepHidden) {
        int n = ids.length;
        double[][] h = enc.output();
        double[][] u = null;
        double[] alpha = new double[n];
        double[] scores = null;
        switch (attention) {
            case UNIFORM -> {
                int count = 0;
                for (int t = 0; t < n; t++) if (attends(t, n)) count++;
                for (int t = 0; t < n; t++) alpha[t] = attends(t, n) ? 1.0 / count : 0;
            }
            case FROZEN -> System.arraycopy(attentionSource.forward(ids).alpha(), 0, alpha, 0, n);
            default -> {
                scores = new double[n];
                if (dot) {
                    double scale = 1.0 / Math.sqrt(f);
                    for (int t = 0; t < n; t++) scores[t] = Dense.dot(h[t], attV) * scale;
                } else {
                    u = keepHidden ? new double[n][] : null;
                    double[] row = keepHidden ? null : new double[attB.length];
                    float[] inF = new float[f];
                    float[] outF = new float[attB.length];
                    for (int t = 0; t < n; t++) {
                        double[] ut = keepHidden ? (u[t] = attB.clone()) : row;
                        if (!keepHidden) System.arraycopy(attB, 0, ut, 0, ut.length);
                        attentionLayer(h[t], ut, inF, outF);
                        math.tanh(ut, 0, ut.length);
                        scores[t] = Dense.dot(ut, attV);
                    }
                }
                double max = Double.NEGATIVE_INFINITY;
                for (int t = 0; t < n; t++) if (attends(t, n)) max = Math.max(max, scores[t]);
                double sum = 0;
                for (int t = 0; t < n; t++) {
                    alpha[t] = attends(t, n) ? Math.exp(scores[t] - max) : 0;
                    sum += alpha[t];
                }
                // Nothing attended (markers alone): alpha stays zero, the output is the bias's.
                if (sum > 0) for (int t = 0; t < n; t++) alpha[t] /= sum;
            }
        }
        double[] context = new double[f];
        for (int t = 0; t < n; t++) if (alpha[t] != 0) Dense.axpy(alpha[t], h[t], context);
        double[] logits = outB.clone();
        Dense.multiplyAdd(context, outW, logits);
        atNetworkPrecision(logits);
        return new Trace(ids, enc, u, scores, alpha, context, logits, EncodedDocument.softmax(logits));
    }

    /**
     * Output distributions of sub-sequences of one document (each entry of {@code kept} lists the
     * positions kept, ascending; an empty one gets the bias alone): what LIME and KernelSHAP ask for
     * by the hundred. Every token's input projection P(x_t) is the same in every copy, so it is
     * computed once and each copy starts from its rows. The average encoder goes further: h_t,
     * its attention score and its contribution z_t = h_t W_out depend on token t alone, so a copy's
     * output is the document's own scores and contributions renormalised over the kept positions
     * (in the log domain: no underflowed weight is divided by), O(k C) per copy. A FLOAT BiLSTM's
     * copies run side by side ({@link LstmCopies}). Not for the CNN,
     * whose projection mixes neighbouring tokens ({@link CnnEncoder#projectFromTaps} does its share).
     */
    java.util.List<double[]> subsequenceOutputs(int[] ids, java.util.List<int[]> kept) {
        double[][] q = tokenProductsOf(ids);
        boolean contextFree = encoder instanceof HostAverage && attention != AttentionSource.FROZEN;
        Trace doc = contextFree ? head(ids, encoder.run(encoder.mix(q))) : null;
        double[][] z = contextFree ? Dense.multiply(doc.encoder().output(), outW) : null;
        if (!contextFree && kept.size() > 1 && LstmCopies.supports(this)) {
            java.util.List<int[]> docs = new java.util.ArrayList<>(kept.size());
            for (int[] positions : kept) {
                int[] sub = new int[positions.length];
                for (int j = 0; j < sub.length; j++) sub[j] = ids[positions[j]];
                docs.add(sub);
            }
            return java.util.Arrays.asList(new LstmCopies(this).probabilities(docs, TokenProducts.of(ids, q)));
        }
        double[][] out = new double[kept.size()][];
        for (int k = 0; k < out.length; k++) {
            if ((k & 15) == 0) org.attentionworkbench.task.Cancellation.checkCurrent();
            int[] positions = kept.get(k);
            if (positions.length == 0) {
                out[k] = EncodedDocument.softmax(outB);
            } else if (contextFree) {
                out[k] = renormalised(doc.scores(), z, positions);
            } else {
                int[] sub = new int[positions.length];
                double[][] rows = new double[positions.length][];
                for (int j = 0; j < sub.length; j++) {
                    sub[j] = ids[positions[j]];
                    rows[j] = q[positions[j]];
                }
                out[k] = probabilities(sub, encoder.mix(rows)); // the CNN's windows over the copy's own neighbours
            }
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * The output of the copy made of {@code positions} when each position's score (null: uniform
     * attention) and contribution are its own: softmax of the kept positions' scores (the copy's
     * first and last position not attended when there are markers) weighing their contributions.
     */
    private double[] renormalised(double[] scores, double[][] z, int[] positions) {
        int k = positions.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int j = 0; j < k; j++) if (attends(j, k) && scores != null) max = Math.max(max, scores[positions[j]]);
        double sum = 0;
        double[] logits = new double[c];
        for (int j = 0; j < k; j++) {
            if (!attends(j, k)) continue;
            double w = scores == null ? 1 : Math.exp(scores[positions[j]] - max);
            sum += w;
            Dense.axpy(w, z[positions[j]], logits);
        }
        for (int q = 0; q < c; q++) logits[q] = (sum > 0 ? logits[q] / sum : 0) + outB[q];
        atNetworkPrecision(logits);
        return EncodedDocument.softmax(logits);
    }

    /**
     * Rounds a FLOAT network's outputs (logits, contributions) to float, as the network gives them:
     * computed here in double, a logit beyond float's range (weights near Float.MAX_VALUE) would be
     * a finite number where the float network overflows to infinity and refuses to classify
     * (AttentionModel's finiteness check, HostileModelOutputTest). A DOUBLE network's stay as they are.
     */
    void atNetworkPrecision(double[] v) {
        if (!math.isFast()) return;
        for (int k = 0; k < v.length; k++) v[k] = (float) v[k];
    }

    /** u += h_t W_att: in float for a FLOAT network (scratch {@code inF} [F], {@code outF} [A]), else in double. */
    private void attentionLayer(double[] ht, double[] u, float[] inF, float[] outF) {
        if (attWF != null) {
            if (sparseOutput) {
                Dense.multiplyAddSparse(ht, attWF, u, inF, outF);
            } else {
                Dense.multiplyAdd(ht, attWF, u, inF, outF);
            }
        } else if (sparseOutput) {
            Dense.multiplyAddSparse(ht, attW, u);
        } else {
            Dense.multiplyAdd(ht, attW, u);
        }
    }

    /** Whether attention may weigh position t of n (not a start or end marker). */
    boolean attends(int t, int n) {
        return !markers || (t > 0 && t < n - 1);
    }

    /** d p_target / d logits = p_target (onehot_target - p), times {@code weight}. */
    static double[] probabilityGradient(double[] probs, int target, double weight) {
        double[] g = new double[probs.length];
        double pc = probs[target];
        for (int k = 0; k < g.length; k++) g[k] = -pc * probs[k] * weight;
        g[target] += pc * weight;
        return g;
    }

    /**
     * The gradient with respect to the encoder's input projection P(x), [n][projectedSize].
     *
     * @param detachAttention hold alpha fixed (no gradient through the attention scores)
     */
    double[][] backwardToProjection(Trace tr, double[] dLogits, boolean detachAttention) {
        return encoder.backward(tr.encoder(), backwardHead(tr, dLogits, detachAttention));
    }

    /** {@link #backwardToProjection}, added into {@code into} ([n][projectedSize]). */
    void backwardToProjection(Trace tr, double[] dLogits, boolean detachAttention, double[][] into) {
        encoder.backward(tr.encoder(), backwardHead(tr, dLogits, detachAttention), into);
    }

    /**
     * Attention and decoder from an encoder output h ([n][F]) and back: the gradient of
     * {@code weight} p_target with respect to h, attention not detached (integrated gradients'
     * points, {@link PointsLockstep}).
     */
    double[][] headGradient(int[] ids, double[][] h, int target, double weight) {
        Trace tr = head(ids, new Out(h), true);
        return backwardHead(tr, probabilityGradient(tr.probs(), target, weight), false);
    }

    /** The gradient with respect to the input embeddings, [n][D]. */
    double[][] inputGradient(Trace tr, double[] dLogits, boolean detachAttention) {
        return encoder.projectTranspose(backwardToProjection(tr, dLogits, detachAttention));
    }

    /** Decoder and attention backwards: the gradient with respect to h, [n][F]. */
    private double[][] backwardHead(Trace tr, double[] dLogits, boolean detachAttention) {
        int n = tr.ids().length;
        double[][] h = tr.encoder().output();
        double[] dContext = new double[f];
        Dense.multiplyAdd(dLogits, outWT, dContext);
        double[][] dH = new double[n][f];
        double[] alpha = tr.alpha();
        for (int t = 0; t < n; t++) if (alpha[t] != 0) Dense.axpy(alpha[t], dContext, dH[t]);
        if (detachAttention || attention != AttentionSource.LEARNED) return dH;
        // Softmax backward: dScore_t = alpha_t (dAlpha_t - sum_s alpha_s dAlpha_s), dAlpha_t = h_t . dContext.
        double[] dScore = new double[n];
        double inner = 0;
        for (int t = 0; t < n; t++) {
            dScore[t] = Dense.dot(h[t], dContext);
            inner += alpha[t] * dScore[t];
        }
        for (int t = 0; t < n; t++) dScore[t] = alpha[t] * (dScore[t] - inner);
        if (dot) {
            double scale = 1.0 / Math.sqrt(f);
            for (int t = 0; t < n; t++) if (dScore[t] != 0) Dense.axpy(dScore[t] * scale, attV, dH[t]);
            return dH;
        }
        double[][] u = tr.attentionHidden();
        double[] dUPre = new double[attV.length];
        float[] inF = new float[attV.length];
        float[] outF = new float[f];
        for (int t = 0; t < n; t++) {
            if (dScore[t] == 0) continue;
            double[] ut = u[t];
            for (int j = 0; j < dUPre.length; j++) dUPre[j] = dScore[t] * attV[j] * (1 - ut[j] * ut[j]);
            if (attWTF != null) {
                Dense.multiplyAdd(dUPre, attWTF, dH[t], inF, outF);
            } else {
                Dense.multiplyAdd(dUPre, attWT, dH[t]);
            }
        }
        return dH;
    }

    /**
     * One forward pass: the token ids, the encoder's state (h is its output), the additive
     * attention's hidden layer u (null otherwise), the learned attention's scores (null for uniform
     * or imposed attention), alpha, the context vector, logits and probabilities.
     */
    record Trace(int[] ids, HostEncoder.State encoder, double[][] attentionHidden, double[] scores, double[] alpha,
                 double[] context, double[] logits, double[] probs) { }
}
