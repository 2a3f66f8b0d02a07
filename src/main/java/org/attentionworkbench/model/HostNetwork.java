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
    private final NativeMatrix attWNative; // attW for OpenBLAS (a FLOAT network's, BLAS loaded), else null
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
    private volatile FloatGradient floatGradient; // likewise
    private volatile float[] embeddingTableF;     // likewise (a FLOAT network's)

    HostNetwork(ModelConfig config, ParameterSet p, org.nd4j.linalg.api.buffer.DataType dataType,
                HostNetwork attentionSource) {
        this.embeddings = p.get("emb");
        this.math = CellMath.forType(dataType);
        this.encoder = switch (config.encoder()) {
            case BILSTM -> new HostLstm(p, config.embeddingDim(), config.hiddenSize(), math);
            case CNN -> new HostCnn(p, config.embeddingDim(), config.hiddenSize(), config.kernelWidths(), math);
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
        this.attWNative = additive && math.isFast() ? NativeMatrix.of(attW) : null;
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

    /**
     * The float pass of one gradient through a FLOAT CNN or average encoder with additive attention
     * ({@link FloatGradient}), or null for other networks.
     */
    FloatGradient floatGradient() {
        FloatGradient g = floatGradient;
        if (g == null && FloatGradient.supports(this)) {
            g = new FloatGradient(this); // two threads may both make one: the same arithmetic either way
            floatGradient = g;
        }
        return g;
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

    /**
     * A FLOAT network's embedding table as one Java array [V x D], copied in bulk on first use
     * (null for DOUBLE networks): a pass's embeddings are then array copies, where reading them
     * row by row from the native table took one native call each (about 100 us for a 400-token
     * review, a sixth of the average model's gradient).
     */
    float[] embeddingTableFloat() {
        float[] table = embeddingTableF;
        if (table == null && math.isFast() && embeddings.dataType() == org.nd4j.linalg.api.buffer.DataType.FLOAT
                && embeddings.offset() == 0 && embeddings.ordering() == 'c' && embeddings.elementWiseStride() == 1) {
            table = new float[Math.toIntExact(embeddings.length())];
            new org.bytedeco.javacpp.FloatPointer(embeddings.data().addressPointer()).get(table, 0, table.length);
            embeddingTableF = table; // two threads may both copy: the same numbers either way
        }
        return table;
    }

    /** The embeddings of {@code ids}, [n][D]. */
    double[][] embed(int[] ids) {
        float[] table = embeddingTableFloat();
        if (table != null) {
            long rows = table.length / d;
            double[][] out = new double[ids.length][d];
            for (int t = 0; t < ids.length; t++) {
                if (ids[t] < 0 || ids[t] >= rows) throw new IndexOutOfBoundsException("row " + ids[t] + " of " + rows);
                int o = ids[t] * d;
                double[] row = out[t];
                for (int k = 0; k < d; k++) row[k] = table[o + k];
            }
            return out;
        }
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
        return head(ids, enc, keepHidden, null);
    }

    /**
     * {@link #head(int[], HostEncoder.State, boolean)} where row t stands for {@code multiplicity[t]}
     * attended positions holding the same token (null: row t is position t, attended unless a
     * marker): its attention weight is that of all of them together ({@link DistinctTokens}).
     */
    private Trace head(int[] ids, HostEncoder.State enc, boolean keepHidden, double[] multiplicity) {
        int n = ids.length;
        double[] weight = multiplicity != null ? multiplicity : attendedPositions(n);
        double[][] h = enc.output();
        double[][] u = null;
        double[] alpha = new double[n];
        double[] scores = null;
        switch (attention) {
            case UNIFORM -> {
                double count = 0;
                for (int t = 0; t < n; t++) count += weight[t];
                for (int t = 0; t < n; t++) alpha[t] = weight[t] / count;
            }
            case FROZEN -> {
                if (multiplicity != null) throw new IllegalStateException("imposed attention is per position");
                System.arraycopy(attentionSource.forward(ids).alpha(), 0, alpha, 0, n);
            }
            default -> {
                scores = new double[n];
                if (dot) {
                    double scale = 1.0 / Math.sqrt(f);
                    for (int t = 0; t < n; t++) scores[t] = Dense.dot(h[t], attV) * scale;
                } else if (attWNative != null) {
                    // Every token's layer in one product: u = tanh(h W_att + b).
                    u = attWNative.leftMultiply(h);
                    for (int t = 0; t < n; t++) {
                        double[] ut = u[t];
                        for (int j = 0; j < ut.length; j++) ut[j] += attB[j];
                        math.tanh(ut, 0, ut.length);
                        scores[t] = Dense.dot(ut, attV);
                    }
                    if (!keepHidden) u = null;
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
                weightedSoftmax(scores, weight, alpha);
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
        boolean contextFree = tokensIndependent();
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
        if (!contextFree) {
            // The CNN's windows over each copy's own neighbours, from the document's products.
            java.util.List<int[]> docs = new java.util.ArrayList<>(kept.size());
            for (int[] positions : kept) {
                int[] sub = new int[positions.length];
                for (int j = 0; j < sub.length; j++) sub[j] = ids[positions[j]];
                docs.add(sub);
            }
            return java.util.Arrays.asList(outputsOf(docs, TokenProducts.of(ids, q)));
        }
        double[][] out = new double[kept.size()][];
        for (int k = 0; k < out.length; k++) {
            if ((k & 15) == 0) org.attentionworkbench.task.Cancellation.checkCurrent();
            int[] positions = kept.get(k);
            out[k] = positions.length == 0 ? EncodedDocument.softmax(outB) : renormalised(doc.scores(), z, positions);
        }
        return java.util.Arrays.asList(out);
    }

    /**
     * Output distributions of documents whose tokens' products are all in {@code products} (an
     * empty one gets the bias), one pass each; a FLOAT CNN's in float ({@link FloatGradient#probabilities}),
     * from the products as one float array.
     */
    double[][] outputsOf(java.util.List<int[]> docs, TokenProducts products) {
        FloatGradient inFloat = floatGradient();
        FloatGradient.CopyProducts q = inFloat != null && inFloat.runsCopies() && products.byId().length > 0
                ? inFloat.copyProducts(products) : null;
        double[][] out = new double[docs.size()][];
        for (int i = 0; i < out.length; i++) {
            if ((i & 15) == 0) org.attentionworkbench.task.Cancellation.checkCurrent(); // a stale run stops here
            int[] d = docs.get(i);
            if (d.length == 0) {
                out[i] = EncodedDocument.softmax(outB);
            } else if (q != null) {
                out[i] = inFloat.probabilities(q.rowsOf(d), q.q());
            } else {
                out[i] = probabilities(d, encoder.mix(products.rows(d)));
            }
        }
        return out;
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

    /**
     * alpha = the softmax of the scores with row t counted weight[t] times (0: not attended),
     * into {@code alpha}. Nothing attended (markers alone): alpha stays zero, the output is the bias's.
     */
    static void weightedSoftmax(double[] scores, double[] weight, double[] alpha) {
        int n = scores.length;
        double max = Double.NEGATIVE_INFINITY;
        for (int t = 0; t < n; t++) if (weight[t] > 0) max = Math.max(max, scores[t]);
        double sum = 0;
        for (int t = 0; t < n; t++) {
            alpha[t] = weight[t] > 0 ? weight[t] * Math.exp(scores[t] - max) : 0;
            sum += alpha[t];
        }
        if (sum > 0) for (int t = 0; t < n; t++) alpha[t] /= sum;
    }

    /** 1 for each of n positions attention may weigh, 0 for a start or end marker. */
    double[] attendedPositions(int n) {
        double[] w = new double[n];
        for (int t = 0; t < n; t++) w[t] = attends(t, n) ? 1 : 0;
        return w;
    }

    /**
     * Whether all that position t adds to the output (h_t, its attention score, its contribution)
     * depends on its token alone: the average encoder with learned or uniform attention (not
     * imposed attention, which is per position). Such a document can be run over its distinct
     * tokens ({@link DistinctTokens}).
     */
    boolean tokensIndependent() {
        return encoder instanceof HostAverage && attention != AttentionSource.FROZEN;
    }

    /**
     * The gradient of p_target with respect to every token's embedding, [n][D], and p_target.
     * Where positions are independent ({@link #tokensIndependent}) the pass runs over the distinct
     * tokens.
     *
     * @param detachAttention hold alpha fixed (no gradient through the attention scores)
     */
    EmbeddingGradient embeddingGradient(int[] ids, int target, boolean detachAttention) {
        FloatGradient inFloat = floatGradient();
        if (inFloat != null) return inFloat.gradient(ids, target, detachAttention);
        if (!tokensIndependent()) {
            Trace tr = forward(ids);
            double[][] dx = inputGradient(tr, probabilityGradient(tr.probs(), target, 1), detachAttention);
            return new EmbeddingGradient(dx, tr.probs()[target]);
        }
        TokenProducts q = tokenProducts(java.util.List.of(ids));
        DistinctTokens tokens = DistinctTokens.of(ids, q, this);
        Trace tr = head(tokens.ids(), encoder.run(encoder.mix(q.byId())), true, tokens.attended());
        double[][] dx = inputGradient(tr, probabilityGradient(tr.probs(), target, 1), detachAttention);
        return new EmbeddingGradient(tokens.perPosition(dx), tr.probs()[target]);
    }

    /** d p_target / d x_t per position ([n][D]) and p_target. */
    record EmbeddingGradient(double[][] gradient, double probability) { }

    /**
     * A document's distinct tokens, for a network whose positions are independent
     * ({@link #tokensIndependent}): every position holding a token gets the same h, score and
     * contribution, so a pass over the distinct tokens, row r weighted by the number of attended
     * positions holding it ({@code attended[r]}), gives the document's output, and the gradient
     * with respect to position t's input is its row's divided by that number (zero at a marker).
     * imdb:test line 1864 has 192 distinct tokens in 400 positions.
     *
     * @param ids      the distinct ids, one per row
     * @param rowOf    each position's row
     * @param attended each row's number of attended positions
     * @param counted  whether each position is attended (not a marker)
     */
    record DistinctTokens(int[] ids, int[] rowOf, double[] attended, boolean[] counted) {

        /** The rows of {@code q}'s ids (its first-seen order) for the document {@code doc}. */
        static DistinctTokens of(int[] doc, TokenProducts q, HostNetwork host) {
            int[] ids = new int[q.byId().length];
            q.slot().forEach((id, row) -> ids[row] = id);
            int[] rowOf = new int[doc.length];
            double[] attended = new double[ids.length];
            boolean[] counted = new boolean[doc.length];
            for (int t = 0; t < doc.length; t++) {
                rowOf[t] = q.slot().get(doc[t]);
                counted[t] = host.attends(t, doc.length);
                if (counted[t]) attended[rowOf[t]]++;
            }
            return new DistinctTokens(ids, rowOf, attended, counted);
        }

        /** Whether every position's row of {@code perPosition} equals that of the others holding its token. */
        boolean uniform(double[][] perPosition) {
            double[][] first = new double[ids.length][];
            for (int t = 0; t < rowOf.length; t++) {
                double[] seen = first[rowOf[t]];
                if (seen == null) {
                    first[rowOf[t]] = perPosition[t];
                } else if (seen != perPosition[t] && !java.util.Arrays.equals(seen, perPosition[t])) {
                    return false;
                }
            }
            return true;
        }

        /** One row per distinct token from per-position rows (shared, not copied). */
        double[][] rows(double[][] perPosition) {
            double[][] out = new double[ids.length][];
            for (int t = 0; t < rowOf.length; t++) out[rowOf[t]] = perPosition[t];
            return out;
        }

        /** Per-position rows from the rows' gradients: row r divided by attended[r], zero where not attended. */
        double[][] perPosition(double[][] rows) {
            int n = rowOf.length;
            int width = rows.length == 0 ? 0 : rows[0].length;
            double[][] out = new double[n][width];
            for (int t = 0; t < n; t++) {
                int r = rowOf[t];
                if (!counted[t]) continue;
                double[] src = rows[r];
                double[] dst = out[t];
                double share = 1 / attended[r];
                for (int j = 0; j < width; j++) dst[j] = src[j] * share;
            }
            return out;
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
     * points, {@link PointsLockstep}). Row t stands for {@code multiplicity[t]} attended positions
     * holding one token ({@link DistinctTokens}); null: row t is position t.
     */
    double[][] headGradient(int[] ids, double[][] h, int target, double weight, double[] multiplicity) {
        Trace tr = head(ids, new Out(h), true, multiplicity);
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
        if (attWNative != null) {
            // Every token's dU in one product back through W_att.
            double[][] dU = new double[n][attV.length];
            for (int t = 0; t < n; t++) {
                if (dScore[t] == 0) continue;
                double[] ut = u[t];
                double[] dt = dU[t];
                for (int j = 0; j < dt.length; j++) dt[j] = dScore[t] * attV[j] * (1 - ut[j] * ut[j]);
            }
            double[][] back = attWNative.leftMultiplyTransposed(dU);
            for (int t = 0; t < n; t++) {
                if (dScore[t] == 0) continue;
                double[] dh = dH[t];
                double[] bt = back[t];
                for (int j = 0; j < dh.length; j++) dh[j] += bt[j];
            }
            return dH;
        }
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
