package org.attentionworkbench.model;

import org.attentionworkbench.explain.Readout;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.InputGradients;
import org.attentionworkbench.explain.GradientSummary;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import java.util.List;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The network of docs/methods.md section 1 on ND4J: embedding lookup, encoder, attention
 * {@code alpha = masked_softmax(v . tanh(W h_i + b))} (additive) or
 * {@code masked_softmax((w . h_i) / sqrt(F))} (dot product, {@link AttentionScore}), linear decoder
 * and softmax, with a hand-written backward pass.
 *
 * <p>Embeddings are gathered and their gradient is scatter-added in Java ({@link TadFree}):
 * SameDiff's gather has a broken backward pass in DL4J 1.0.0-M2.1 (docs/model.md). Not thread-safe:
 * {@link AttentionModel} serialises access.
 */
final class AttentionNetwork {

    private static final double MASKED_SCORE = -1e9;

    private final ModelConfig config;
    private final ParameterSet params;
    private final Encoder encoder;
    private final DataType dataType;
    /** For {@link AttentionSource#FROZEN}: the network whose attention this one reads with, else null. */
    private final AttentionNetwork attentionSource;
    /** The plain-Java form of this network and the parameter version it was copied at. */
    private volatile HostCopyOf hostCopy;

    AttentionNetwork(ModelConfig config, ParameterSet params, DataType dataType) {
        this(config, params, dataType, null);
    }

    /**
     * @param attentionSource for a config with frozen attention, the base network whose attention is
     *                        imposed (same vocabulary: it reads the same token ids); null otherwise
     */
    AttentionNetwork(ModelConfig config, ParameterSet params, DataType dataType, AttentionNetwork attentionSource) {
        NativeThreads.configure();
        if ((config.attention() == AttentionSource.FROZEN) != (attentionSource != null)) {
            throw new IllegalArgumentException("a network with " + config.attention().id()
                    + " attention " + (attentionSource == null ? "needs" : "takes no") + " network to impose it");
        }
        if (attentionSource != null && attentionSource.config().vocabSize() != config.vocabSize()) {
            throw new IllegalArgumentException("the attention's network has another vocabulary ("
                    + attentionSource.config().vocabSize() + " words, not " + config.vocabSize() + ")");
        }
        this.attentionSource = attentionSource;
        this.config = config;
        this.params = params;
        this.dataType = dataType;
        this.encoder = switch (config.encoder()) {
            case BILSTM -> new BiLstmEncoder(params, config.hiddenSize());
            case CNN -> new CnnEncoder(params, config.embeddingDim(), config.hiddenSize(), config.kernelWidths());
            case AVERAGE -> new AverageEncoder(params, config.hiddenSize());
        };
    }

    /** A freshly initialised network; embeddings N(0, 0.1^2) (overwrite rows with GloVe later). */
    static AttentionNetwork create(ModelConfig config, long seed, DataType dataType) {
        return create(config, seed, dataType, null);
    }

    /** A freshly initialised network reading with {@code attentionSource}'s attention (frozen), or its own. */
    static AttentionNetwork create(ModelConfig config, long seed, DataType dataType, AttentionNetwork attentionSource) {
        Initialiser init = new Initialiser(seed, dataType);
        ParameterSet p = new ParameterSet();
        int d = config.embeddingDim();
        float[] emb = init.normal(config.vocabSize() * d, 0.1);
        java.util.Arrays.fill(emb, 0, d, 0f); // PAD row stays zero
        p.put("emb", Nd4j.createFromArray(emb).reshape(config.vocabSize(), d).castTo(dataType));
        switch (config.encoder()) {
            case BILSTM -> BiLstmEncoder.initialise(p, d, config.hiddenSize(), init);
            case CNN -> CnnEncoder.initialise(p, d, config.hiddenSize(), config.kernelWidths(), init);
            case AVERAGE -> AverageEncoder.initialise(p, d, config.hiddenSize(), init);
        }
        int f = config.encodedSize();
        if (config.attentionScore() == AttentionScore.DOT) {
            p.put("att.w", init.xavier(f, 1));
        } else {
            p.put("att.W", init.xavier(f, config.attentionSize()));
            p.put("att.b", init.zeros(1, config.attentionSize()));
            p.put("att.v", init.xavier(config.attentionSize(), 1));
        }
        p.put("out.W", init.xavier(f, config.numClasses()));
        p.put("out.b", init.zeros(1, config.numClasses()));
        return new AttentionNetwork(config, p, dataType, attentionSource);
    }

    /**
     * The name and shape of every parameter a network of {@code config} has, in the order
     * {@link #create} makes them, computed without allocating anything. Loading an archive checks
     * the stored arrays against these before it reads any values, so that a config's sizes can
     * never make the workbench allocate more than the archive's weights hold. Sizes are products
     * in {@code long} ({@link Math#multiplyExact}), so no config can wrap one to a small or negative
     * number. Kept in step with {@link #create} and the encoders' {@code initialise} by a test.
     */
    static java.util.Map<String, long[]> parameterShapes(ModelConfig config) {
        java.util.Map<String, long[]> s = new java.util.LinkedHashMap<>();
        long d = config.embeddingDim();
        long h = config.hiddenSize();
        s.put("emb", new long[] {config.vocabSize(), d});
        switch (config.encoder()) {
            case BILSTM -> {
                for (String dir : new String[] {"fw", "bw"}) {
                    s.put("lstm." + dir + ".Wx", new long[] {d, Math.multiplyExact(4, h)});
                    s.put("lstm." + dir + ".Wh", new long[] {h, Math.multiplyExact(4, h)});
                    s.put("lstm." + dir + ".b", new long[] {1, Math.multiplyExact(4, h)});
                }
            }
            case CNN -> {
                for (int k : config.kernelWidths()) {
                    s.put("cnn.W" + k, new long[] {Math.multiplyExact(k, d), h});
                    s.put("cnn.b" + k, new long[] {1, h});
                }
            }
            case AVERAGE -> {
                s.put("avg.W", new long[] {d, h});
                s.put("avg.b", new long[] {1, h});
            }
        }
        long f = switch (config.encoder()) {
            case BILSTM -> Math.multiplyExact(2, h);
            case CNN -> Math.multiplyExact(h, config.kernelWidths().size());
            case AVERAGE -> h;
        };
        long a = config.attentionSize();
        long c = config.numClasses();
        if (config.attentionScore() == AttentionScore.DOT) {
            s.put("att.w", new long[] {f, 1});
        } else {
            s.put("att.W", new long[] {f, a});
            s.put("att.b", new long[] {1, a});
            s.put("att.v", new long[] {a, 1});
        }
        s.put("out.W", new long[] {f, c});
        s.put("out.b", new long[] {1, c});
        return s;
    }

    ModelConfig config() {
        return config;
    }

    ParameterSet parameters() {
        return params;
    }

    DataType dataType() {
        return dataType;
    }

    /**
     * This network's per-document passes in plain Java ({@link HostNetwork}), copied from the
     * current weights: made again when the parameters have changed since the last copy.
     */
    HostNetwork host() {
        HostCopyOf h = hostCopy;
        long version = params.version();
        long sourceVersion = attentionSource == null ? 0 : attentionSource.params.version();
        if (h == null || h.version != version || h.sourceVersion != sourceVersion) {
            HostNetwork source = attentionSource == null ? null : attentionSource.host();
            h = new HostCopyOf(new HostNetwork(config, params, dataType, source), version, sourceVersion);
            hostCopy = h;
        }
        return h.network;
    }

    private record HostCopyOf(HostNetwork network, long version, long sourceVersion) { }

    /** The network whose attention a frozen-attention network reads with, or null. */
    AttentionNetwork attentionSource() {
        return attentionSource;
    }

    /** Whether weight decay applies to a parameter (not to the attention's, as in the literature). */
    static boolean decays(String name) {
        return !name.startsWith("att.");
    }

    // ---------------------------------------------------------------- forward

    /**
     * One padded, time-major batch of token id sequences (each non-empty). For a config whose
     * tokenization has markers, each row is already wrapped ({@code <SOS>} tokens {@code <EOS>},
     * see {@link AttentionModel}) and its first and last positions get no attention: maskBT is the
     * attention's mask, mask the encoder's.
     */
    Batch batch(List<int[]> docs) {
        int b = docs.size();
        int t = 0;
        for (int[] d : docs) {
            if (d.length == 0) throw new IllegalArgumentException("empty document in batch");
            t = Math.max(t, d.length);
        }
        int[] ids = new int[t * b];
        float[] mask = new float[t * b];
        for (int j = 0; j < b; j++) {
            int[] d = docs.get(j);
            for (int s = 0; s < d.length; s++) {
                ids[s * b + j] = d[s];
                mask[s * b + j] = 1f;
            }
        }
        INDArray maskCol = Nd4j.createFromArray(mask).reshape((long) t * b, 1).castTo(dataType);
        INDArray maskBT;
        if (config.tokenization().markers()) {
            // Each row is <SOS> tokens <EOS>: the encoder reads the markers, attention never does
            // (Jain & Wallace's masks; docs/methods.md: begin/end markers are never attended to).
            float[] attend = mask.clone();
            for (int j = 0; j < b; j++) {
                int len = docs.get(j).length;
                attend[j] = 0f;
                attend[(len - 1) * b + j] = 0f;
            }
            maskBT = Nd4j.createFromArray(attend).reshape(t, b).castTo(dataType).transpose().dup('c');
        } else {
            maskBT = maskCol.reshape(t, b).transpose().dup('c');
        }
        return new Batch(ids, maskCol, maskBT, t, b);
    }

    /** Runs the whole network on a batch, keeping what the backward pass needs. */
    Pass forward(Batch batch) {
        INDArray emb = params.get("emb");
        return forward(batch, TadFree.gatherRows(emb, batch.ids()));
    }

    /**
     * Runs the network on given input embeddings x ([T*B, D] time-major) instead of looking them up:
     * the entry point of integrated gradients, whose inputs lie between a baseline and the document.
     */
    Pass forward(Batch batch, INDArray embedded) {
        INDArray x = embedded.muli(batch.mask());
        return head(batch, x, encoder.forward(x, batch.mask(), batch.steps(), batch.size()));
    }

    /** Attention and decoder on the encoder's output: the rest of a forward pass. */
    private Pass head(Batch batch, INDArray x, Encoder.State enc) {
        INDArray h = enc.output();
        INDArray u = null;
        INDArray alpha;
        switch (config.attention()) {
            case UNIFORM -> alpha = batch.maskBT().div(TadFree.rowSums(batch.maskBT()));
            // The base reads the same ids (one vocabulary); its alpha is a constant for this network.
            case FROZEN -> alpha = attentionSource.forward(batch).alpha().castTo(dataType);
            default -> {
                INDArray scoreCol;
                if (config.attentionScore() == AttentionScore.DOT) {
                    scoreCol = h.mmul(params.get("att.w")).muli(dotScale());
                } else {
                    u = Transforms.tanh(h.mmul(params.get("att.W")).addi(params.get("att.b")), false);
                    scoreCol = u.mmul(params.get("att.v"));
                }
                INDArray scores = scoreCol.reshape(batch.steps(), batch.size()).transpose().dup('c');
                scores.addi(batch.maskBT().rsub(1.0).muli(MASKED_SCORE));
                alpha = TadFree.softmaxRows(scores).muli(batch.maskBT());
            }
        }
        INDArray alphaCol = alpha.transpose().dup('c').reshape((long) batch.steps() * batch.size(), 1);
        INDArray context = contextOf(h, alphaCol, batch);
        INDArray logits = context.mmul(params.get("out.W")).addi(params.get("out.b"));
        INDArray probs = TadFree.softmaxRows(logits.dup());
        return new Pass(batch, x, enc, u, alpha, alphaCol, context, logits, probs);
    }

    /** 1 / sqrt(F) of dot-product attention, F the width of h (Jain &amp; Wallace's DotAttention). */
    private double dotScale() {
        return 1.0 / Math.sqrt(config.encodedSize());
    }

    private static INDArray contextOf(INDArray h, INDArray alphaCol, Batch batch) {
        long f = h.size(1);
        return TadFree.columnSums(h.mul(alphaCol).reshape(batch.steps(), batch.size() * f))
                .reshape(batch.size(), f);
    }

    // ---------------------------------------------------------------- backward

    /**
     * Back-propagates {@code dLogits} ([B, C]) through the network.
     *
     * @param detachAttention treat alpha as a constant (the "attention is not explanation" gradient)
     * @param grads           receives parameter gradients (embedding included), or null for input
     *                        gradients only
     * @return the gradient with respect to the (masked) input embeddings, [T*B, D] time-major
     */
    INDArray backward(Pass pass, INDArray dLogits, boolean detachAttention, ParameterSet grads) {
        return backward(pass, dLogits, null, detachAttention, grads);
    }

    /**
     * Back-propagates a loss that depends on the outputs and on the attention itself (the
     * counterfactual objectives: KL to a base's attention, mass on impermissible tokens).
     *
     * @param dAlpha the loss's gradient with respect to alpha, [B, T] (zero on padding), or null
     */
    INDArray backward(Pass pass, INDArray dLogits, INDArray dAlpha, boolean detachAttention, ParameterSet grads) {
        INDArray dH = backwardHead(pass, dLogits, dAlpha, detachAttention, grads);
        Batch batch = pass.batch();
        INDArray dX = encoder.backward(pass.encoder(), dH, grads).muli(batch.mask());
        if (grads != null) {
            grads.accumulate("emb", scatterRows(dX, batch.ids(), config.vocabSize()));
        }
        return dX;
    }

    /** Back-propagates {@code dLogits} through decoder and attention: the gradient with respect to h. */
    private INDArray backwardHead(Pass pass, INDArray dLogits, INDArray dAlphaLoss, boolean detachAttention,
                                  ParameterSet grads) {
        Batch batch = pass.batch();
        int t = batch.steps();
        int b = batch.size();
        INDArray h = pass.encoder().output();
        INDArray wo = params.get("out.W");
        if (grads != null) {
            grads.accumulate("out.W", pass.context().transpose().mmul(dLogits));
            grads.accumulate("out.b", TadFree.columnSums(dLogits));
        }
        INDArray dContext = dLogits.mmul(wo.transpose());              // [B, F]
        INDArray dContextTiled = TadFree.tileRows(dContext, t);        // row s*B+j = dContext[j]
        INDArray dH = dContextTiled.mul(pass.alphaCol());
        // Uniform and imposed attention are constants: nothing of this network's flows into them.
        if (!detachAttention && config.attention() == AttentionSource.LEARNED) {
            INDArray dAlphaCol = TadFree.rowSums(h.mul(dContextTiled));
            INDArray dAlpha = dAlphaCol.reshape(t, b).transpose().dup('c');        // [B, T]
            if (dAlphaLoss != null) dAlpha.addi(dAlphaLoss);
            INDArray alpha = pass.alpha();
            INDArray inner = TadFree.rowSums(alpha.mul(dAlpha));
            INDArray dScores = alpha.mul(dAlpha.sub(inner));           // softmax backward
            INDArray dScoreCol = dScores.transpose().dup('c').reshape((long) t * b, 1);
            if (config.attentionScore() == AttentionScore.DOT) {
                // score = (h . w) s: d/dw = s h^T dScore, d/dh = s dScore w^T.
                INDArray w = params.get("att.w");
                if (grads != null) grads.accumulate("att.w", h.transpose().mmul(dScoreCol).muli(dotScale()));
                dH.addi(dScoreCol.mmul(w.transpose()).muli(dotScale()));
                return dH;
            }
            INDArray u = pass.attentionHidden();
            INDArray dU = dScoreCol.mmul(params.get("att.v").transpose());
            INDArray dUPre = dU.muli(u.mul(u).rsubi(1));
            if (grads != null) {
                grads.accumulate("att.v", u.transpose().mmul(dScoreCol));
                grads.accumulate("att.W", h.transpose().mmul(dUPre));
                grads.accumulate("att.b", TadFree.columnSums(dUPre));
            }
            dH.addi(dUPre.mmul(params.get("att.W").transpose()));
        }
        return dH;
    }

    /** Sums rows of {@code dX} into a [V, D] table by token id; PAD gets no gradient. */
    private INDArray scatterRows(INDArray dX, int[] ids, int vocab) {
        int d = (int) dX.size(1);
        double[] src = dX.castTo(DataType.DOUBLE).data().asDouble();
        double[] table = new double[vocab * d];
        for (int r = 0; r < ids.length; r++) {
            int id = ids[r];
            if (id == Vocabulary.PAD_ID) continue;
            int dst = id * d;
            int s = r * d;
            for (int k = 0; k < d; k++) table[dst + k] += src[s + k];
        }
        return Nd4j.createFromArray(table).reshape(vocab, d).castTo(dataType);
    }

    // ---------------------------------------------------------------- uses

    /** Most row-steps (documents x padded length) of one readout batch, whatever the encoder's budget. */
    private static final long READOUT_ROW_STEPS = 100_000;

    /**
     * Attention and per-token contributions z_i of many documents, batched by similar length: a
     * batch holds at most 512 documents and at most the encoder's row-step budget (and
     * {@value #READOUT_ROW_STEPS}) of padded positions, so that IMDB reviews of thousands of tokens
     * are read in small batches (512 of them at once asked ND4J for more than 16 GB). Results are
     * in the order of {@code docs}.
     */
    List<Readout> readouts(List<int[]> docs) {
        Readout[] out = new Readout[docs.size()];
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, b) -> Integer.compare(docs.get(a).length, docs.get(b).length));
        long budget = Math.min(READOUT_ROW_STEPS, encoder.rowStepBudget());
        List<Integer> chunk = new java.util.ArrayList<>();
        for (int k = 0; k < order.length; k++) {
            int len = docs.get(order[k]).length;
            boolean full = chunk.size() == 512 || (long) (chunk.size() + 1) * len > budget
                    || (!chunk.isEmpty() && len > 1.25 * docs.get(chunk.get(0)).length + 4);
            if (full && !chunk.isEmpty()) {
                readoutChunk(docs, chunk, out);
                chunk.clear();
            }
            chunk.add(order[k]);
        }
        if (!chunk.isEmpty()) readoutChunk(docs, chunk, out);
        return java.util.Arrays.asList(out);
    }

    private void readoutChunk(List<int[]> docs, List<Integer> members, Readout[] out) {
        Cancellation.checkCurrent();
        int c = config.numClasses();
        List<int[]> chunk = members.stream().map(docs::get).toList();
        try (var ws = Workspaces.open("readout")) {
            Pass pass = forward(batch(chunk));
            int b = chunk.size();
            double[][] alpha = HostCopy.rows(pass.alpha());
            double[] z = pass.encoder().output().mmul(params.get("out.W")).castTo(DataType.DOUBLE).data().asDouble();
            for (int j = 0; j < b; j++) {
                int len = chunk.get(j).length;
                double[][] zj = new double[len][c];
                for (int t = 0; t < len; t++) System.arraycopy(z, (t * b + j) * c, zj[t], 0, c);
                out[members.get(j)] = new Readout(normalised(java.util.Arrays.copyOf(alpha[j], len)), zj);
            }
        }
    }

    /** Encodes one document (B = 1, any length) into plain Java arrays (the plain-Java pass, {@link HostNetwork}). */
    EncodedDocument encode(List<String> tokens, int[] ids, List<String> labels) {
        HostNetwork host = host();
        HostNetwork.Trace tr = host.forward(ids);
        double[][] h = tr.encoder().output();
        double[][] z = Dense.multiply(h, host.outputWeights());
        for (double[] row : z) host.atNetworkPrecision(row);
        return new EncodedDocument(tokens, ids, h, normalised(tr.alpha().clone()), z, host.outputBias().clone(),
                labels);
    }

    /**
     * alpha renormalised in double precision: a FLOAT softmax over thousands of tokens sums to 1
     * only within ~1e-6, and the analyses (divergences, the exact adversary on the simplex,
     * erasure) treat the model's attention as an exact distribution.
     */
    private static double[] normalised(double[] alpha) {
        double sum = 0;
        for (double a : alpha) sum += a;
        for (int i = 0; i < alpha.length; i++) alpha[i] /= sum;
        return alpha;
    }

    /**
     * Gradient of the probability of class {@code target} with respect to each token's embedding,
     * for one document.
     *
     * @param detachAttention hold alpha fixed (the "attention is not explanation" gradient)
     * @return [n][D] gradients, and the embeddings in row n.. (see {@link InputGradients})
     */
    InputGradients inputGradients(int[] ids, int target, boolean detachAttention) {
        HostNetwork host = host();
        double[][] x = host.embed(ids);
        HostNetwork.EmbeddingGradient g = host.embeddingGradient(ids, target, detachAttention);
        return new InputGradients(g.gradient(), x, g.probability());
    }

    /** {@link #inputGradients}' dots and norms; a FLOAT CNN or average network's from its float pass alone. */
    GradientSummary gradientSummary(int[] ids, int target, boolean detachAttention) {
        FloatGradient inFloat = host().floatGradient();
        return inFloat != null ? inFloat.summary(ids, target, detachAttention)
                : GradientSummary.of(inputGradients(ids, target, detachAttention));
    }

    /** Row {@code id} of the embedding table. */
    double[] embeddingRow(int id) {
        return host().embed(new int[] {id})[0];
    }

    /**
     * Output distributions of the n single-token variants of a document: token j deleted
     * ({@code delete}) or replaced by {@code replacement}. The BiLSTM reuses the document's own
     * states on the unchanged side of each change ({@link BiLstmVariants}; a FLOAT one runs its
     * variants side by side, {@link BiLstmVariantsLockstep}); the other encoders re-run every
     * variant, batched.
     */
    List<double[]> tokenVariantOutputs(int[] ids, boolean delete, int replacement) {
        // The BiLSTM shortcut recomputes the learned attention itself: only for learned attention.
        if (encoder instanceof BiLstmEncoder && config.attention() == AttentionSource.LEARNED) {
            HostNetwork host = host();
            if (BiLstmVariantsLockstep.supports(host)) {
                return new BiLstmVariantsLockstep(host).outputs(ids, delete, replacement);
            }
            return new BiLstmVariants(host, dataType == DataType.DOUBLE ? 0 : BiLstmVariants.FLOAT_TOLERANCE)
                    .outputs(ids, delete, replacement);
        }
        List<int[]> variants = new java.util.ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int[] v;
            if (delete) {
                v = new int[ids.length - 1];
                System.arraycopy(ids, 0, v, 0, i);
                System.arraycopy(ids, i + 1, v, i, ids.length - i - 1);
            } else {
                v = ids.clone();
                v[i] = replacement;
            }
            variants.add(v);
        }
        return classify(variants, Math.max(1, Math.min(512, 160_000 / Math.max(1, ids.length))));
    }

    /** Output distributions for many documents, batched by similar length. Empty ones get the bias. */
    List<double[]> classify(List<int[]> docs) {
        return classify(docs, 32);
    }

    /**
     * Integrated gradients (docs/methods.md section 3) of class {@code target}'s probability for one
     * document, the path integral taken by {@code rule} (Riemann sum or Gauss-Legendre), attention
     * NOT detached (the whole model is differentiated); on the plain-Java pass, one point at a time.
     *
     * @param baseline [n][D] baseline embeddings (zeros, or the embedding of PAD or UNK)
     * @return attributions (e_i - b_i) . sum_k w_k grad_i, and f(x), f(baseline) for the completeness check
     */
    IntegratedGradients integratedGradients(int[] ids, double[][] baseline, int target,
                                            org.attentionworkbench.explain.Quadrature rule,
                                            IntegratedGradients.Rule name) {
        return integratedGradients(ids, baseline, target, rule, name, 1, true);
    }

    /**
     * @param batchSize       rows per ND4J batch of the plain path (ignored by the shared one)
     * @param shareProjection interpolate P(b) + a P(e - b) on the plain-Java pass (what the workbench
     *                        runs); false: project every interpolated input and run them through
     *                        the ND4J pass in batches, the reference the tests compare it with
     */
    IntegratedGradients integratedGradients(int[] ids, double[][] baseline, int target, int steps, int batchSize,
                                            boolean shareProjection) {
        return integratedGradients(ids, baseline, target, org.attentionworkbench.explain.Quadrature.riemann(steps),
                IntegratedGradients.Rule.RIEMANN, batchSize, shareProjection);
    }

    /**
     * The path integral as sum_k w_k grad(b + a_k (e - b)): each point's output gradient is scaled
     * by its weight before the batch is summed, so any rule costs one pass per point.
     */
    IntegratedGradients integratedGradients(int[] ids, double[][] baseline, int target,
                                            org.attentionworkbench.explain.Quadrature rule,
                                            IntegratedGradients.Rule name, int batchSize, boolean shareProjection) {
        double[] nodes = rule.nodes();
        double[] weights = rule.weights();
        int steps = nodes.length;
        int n = ids.length;
        int d = config.embeddingDim();
        double[][] e = host().embed(ids);
        double[] attributions;
        double[] ends = null;
        if (shareProjection) {
            ends = new double[] {Double.NaN, Double.NaN};
            attributions = projectedAttributions(ids, e, baseline, target, nodes, weights, ends);
        } else {
            double[][] gradSum = interpolatedGradientSum(ids, e, baseline, target, nodes, weights, batchSize);
            attributions = new double[n];
            for (int t = 0; t < n; t++) {
                double s = 0;
                for (int q = 0; q < d; q++) s += (e[t][q] - baseline[t][q]) * gradSum[t][q]; // weights applied
                attributions[t] = s;
            }
        }
        // The end points: the tokens' own products (once per distinct id), and no projection at
        // all for a zero baseline (P(0) = 0).
        HostNetwork host = host();
        double fx = ends != null && !Double.isNaN(ends[0]) ? ends[0] : host.forward(ids).probs()[target];
        double fb = ends != null && !Double.isNaN(ends[1]) ? ends[1]
                : isZero(baseline) ? host.forwardFromProjection(ids, new double[n][host.encoder().projectedSize()])
                        .probs()[target] : probabilityAt(ids, baseline, target);
        return new IntegratedGradients(attributions, fx, fb, steps, name);
    }

    /**
     * The attributions (e - b)_t . sum_k w_k grad_k, through the shared projection: the encoder's
     * linear input map P is applied to e - b and to b once (not at all to a zero baseline, whose
     * P(b) is zero); each point's input to the rest of the encoder is P(b) + a P(e - b); the
     * gradients with respect to P are summed over the points. Each attribution is then the dot of
     * that sum with token t's own part of P(e - b) ({@link HostEncoder#inputDots}), so P transposed
     * is never applied: for the CNN this saves two of the three n x D x K products. Runs on the
     * plain-Java pass ({@link HostNetwork}), one point at a time (at batch size 1 nothing is padded
     * or copied), except a FLOAT BiLSTM's points, which go side by side ({@link PointsLockstep}).
     */
    private double[] projectedAttributions(int[] ids, double[][] e, double[][] baseline,
                                           int target, double[] nodes, double[] weights, double[] ends) {
        HostNetwork host = host();
        HostEncoder enc = host.encoder();
        int n = ids.length;
        int d = config.embeddingDim();
        boolean zeroBaseline = isZero(baseline);
        double[][] qDiff;
        if (zeroBaseline) {
            qDiff = host.tokenProductsOf(ids); // e - 0: the tokens' own products, once per distinct id
        } else {
            double[][] diff = new double[n][d];
            for (int t = 0; t < n; t++) for (int q = 0; q < d; q++) diff[t][q] = e[t][q] - baseline[t][q];
            qDiff = enc.tokenProducts(diff);
        }
        double[][] pDiff = enc.mix(qDiff);
        double[][] pBase = zeroBaseline ? null : enc.project(baseline);
        int k = pDiff[0].length;
        double[][] dPSum = new double[n][k];
        PointsLockstep lockstep = host.lockstep();
        if (lockstep != null) {
            HostNetwork.DistinctTokens tokens = host.tokensIndependent()
                    ? HostNetwork.DistinctTokens.of(ids, HostNetwork.TokenProducts.of(ids, qDiff), host) : null;
            boolean distinct = tokens != null && tokens.uniform(pDiff) && (pBase == null || tokens.uniform(pBase));
            int[] rowIds = distinct ? tokens.ids() : ids;
            double[][] rowsDiff = distinct ? tokens.rows(pDiff) : pDiff;
            double[][] rowsBase = pBase == null ? null : distinct ? tokens.rows(pBase) : pBase;
            double[] multiplicity = distinct ? tokens.attended() : null;
            if (lockstep.batchesTheHead()) {
                // The end points f(x) and f(baseline) side by side as well.
                double[] p = lockstep.probabilities(rowIds, rowsDiff, rowsBase, target, new double[] {1, 0}, multiplicity);
                ends[0] = p[0];
                ends[1] = p[1];
            }
            if (distinct) {
                // Each distinct token once, weighted by its positions (the average encoder).
                double[][] sum = new double[rowIds.length][k];
                lockstep.gradientSum(rowIds, rowsDiff, rowsBase, target, nodes, weights, sum, multiplicity);
                return enc.inputDots(qDiff, tokens.perPosition(sum));
            }
            lockstep.gradientSum(ids, pDiff, pBase, target, nodes, weights, dPSum);
            return enc.inputDots(qDiff, dPSum);
        }
        double[][] pre = new double[n][k];
        for (int point = 0; point < nodes.length; point++) {
            Cancellation.checkCurrent(); // a stale run stops between points, not after all of them
            double a = nodes[point];
            for (int t = 0; t < n; t++) {
                double[] pt = pre[t];
                double[] dt = pDiff[t];
                if (pBase == null) {
                    for (int j = 0; j < k; j++) pt[j] = a * dt[j];
                } else {
                    double[] bt = pBase[t];
                    for (int j = 0; j < k; j++) pt[j] = bt[j] + a * dt[j];
                }
            }
            HostNetwork.Trace tr = host.forwardFromProjection(ids, pre);
            host.backwardToProjection(tr, HostNetwork.probabilityGradient(tr.probs(), target, weights[point]), false,
                    dPSum);
        }
        return enc.inputDots(qDiff, dPSum);
    }

    /** Row j of {@code dLogits} (point k0 + j) scaled by that point's weight. */
    private INDArray weighted(INDArray dLogits, double[] weights, int k0, int b) {
        double[] w = new double[b];
        System.arraycopy(weights, k0 - 1, w, 0, b);
        return dLogits.muliColumnVector(Nd4j.createFromArray(w).castTo(dLogits.dataType()).reshape(b, 1));
    }

    /** Weighted sum over the points of the input gradient at each interpolated input, batched (ND4J). */
    private double[][] interpolatedGradientSum(int[] ids, double[][] e, double[][] baseline, int target,
                                               double[] nodes, double[] weights, int batchSize) {
        int steps = nodes.length;
        int n = ids.length;
        int d = config.embeddingDim();
        double[][] gradSum = new double[n][d];
        for (int k0 = 1; k0 <= steps; k0 += batchSize) {
            Cancellation.checkCurrent();
            int b = Math.min(batchSize, steps - k0 + 1);
            double[] x = new double[n * b * d];
            for (int t = 0; t < n; t++) {
                for (int j = 0; j < b; j++) {
                    double alpha = nodes[k0 - 1 + j];
                    int row = (t * b + j) * d;
                    for (int q = 0; q < d; q++) x[row + q] = baseline[t][q] + alpha * (e[t][q] - baseline[t][q]);
                }
            }
            java.util.List<int[]> rows = java.util.Collections.nCopies(b, ids);
            try (var ws = Workspaces.open("ig")) {
                Batch batch = batch(rows);
                INDArray xs = Nd4j.createFromArray(x).reshape((long) n * b, d).castTo(dataType);
                Pass pass = forward(batch, xs);
                INDArray dLogits = weighted(probabilityGradient(pass.probs(), target), weights, k0, b);
                double[] dx = backward(pass, dLogits, false, null).castTo(DataType.DOUBLE).data().asDouble();
                for (int t = 0; t < n; t++) {
                    for (int j = 0; j < b; j++) {
                        int row = (t * b + j) * d;
                        for (int q = 0; q < d; q++) gradSum[t][q] += dx[row + q];
                    }
                }
            }
        }
        return gradSum;
    }

    /** Whether every element is zero (a zero baseline: P(0) = 0, nothing to project). */
    private static boolean isZero(double[][] rows) {
        for (double[] row : rows) for (double v : row) if (v != 0) return false;
        return true;
    }

    /** The probability of {@code target} when the document's embeddings are replaced by {@code x}. */
    private double probabilityAt(int[] ids, double[][] x, int target) {
        return host().forward(ids, x).probs()[target];
    }

    /** d p_c / d logits = p_c (onehot_c - p), row by row. */
    private static INDArray probabilityGradient(INDArray probs, int target) {
        INDArray pc = probs.getColumn(target).dup().reshape(probs.size(0), 1);
        INDArray d = probs.mul(pc).negi();
        d.getColumn(target).addi(pc.reshape(probs.size(0)));
        return d;
    }

    /**
     * Output distributions of sub-sequences of one document (each entry of {@code kept} lists the
     * positions kept, ascending): what LIME and KernelSHAP ask for by the hundred. On the
     * plain-Java pass from the document's own token-wise products ({@link HostNetwork#subsequenceOutputs});
     * equal to {@link #classify} of the id sequences (tested).
     */
    List<double[]> subsequenceOutputs(int[] ids, List<int[]> kept) {
        return host().subsequenceOutputs(ids, kept);
    }

    /**
     * Output distributions for many documents, one plain-Java pass per document; empty ones get
     * the bias. Measured on 64 IMDB reviews of 150-400 tokens, the per-document Java pass took 81
     * against 130 ms (average encoder), 282 against 401 ms (BiLSTM) and, once the CNN's products
     * were shared by repeated tokens and skipped its ReLU's zeros, 120-136 against 150-173 ms (CNN)
     * of the padded ND4J batches ({@link #classifyBatched}, kept as the tests' reference).
     *
     * @param batchSize ignored (each document is its own pass)
     */
    List<double[]> classify(List<int[]> docs, int batchSize) {
        return classifyOnHost(docs);
    }

    /** Output distributions, one plain-Java pass per document (empty documents get the bias). */
    private List<double[]> classifyOnHost(List<int[]> docs) {
        HostNetwork host = host();
        // The documents asked for together are mostly copies of one review (faithfulness, LIME,
        // leave-one-out): each distinct token's products are computed once for all of them.
        HostNetwork.TokenProducts products = host.tokenProducts(docs);
        if (docs.size() > 1 && LstmCopies.supports(host)) {
            return java.util.Arrays.asList(new LstmCopies(host).probabilities(docs, products));
        }
        // Leave-one-out, faithfulness and LIME of a stale run stop between documents.
        return java.util.Arrays.asList(host.outputsOf(docs, products));
    }

    /** Output distributions in padded ND4J batches of at most {@code batchSize}, by similar length. */
    List<double[]> classifyBatched(List<int[]> docs, int batchSize) {
        double[][] out = new double[docs.size()][];
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        java.util.Arrays.sort(order, (a, c) -> Integer.compare(docs.get(a).length, docs.get(c).length));
        // Padding is wasted work, so a batch also ends where the next document is much longer than
        // its shortest (faithfulness mixes 1% and 99% of a review: one padded batch did twice the
        // work). For the LSTM this pays since its step is one gemm plus Java arithmetic (it was
        // ~17 ND4J calls, when fewer, fuller batches were cheaper). A batch also ends before it
        // would exceed the encoder's row-step budget, which bounds the workspace it needs.
        long budget = encoder.rowStepBudget();
        java.util.ArrayList<Integer> chunk = new java.util.ArrayList<>();
        for (int k = 0; k <= order.length; k++) {
            if (k < order.length) {
                int idx = order[k];
                if (docs.get(idx).length == 0) {
                    out[idx] = EncodedDocument.softmax(params.get("out.b").castTo(DataType.DOUBLE).toDoubleVector());
                    continue;
                }
                if (!chunk.isEmpty() && docs.get(idx).length > 1.25 * docs.get(chunk.get(0)).length + 4) {
                    runChunk(docs, chunk, out);
                }
                if (!chunk.isEmpty() && (long) (chunk.size() + 1) * docs.get(idx).length > budget) {
                    runChunk(docs, chunk, out);
                }
                chunk.add(idx);
            }
            if (chunk.size() == batchSize || (k == order.length && !chunk.isEmpty())) {
                runChunk(docs, chunk, out);
            }
        }
        return java.util.Arrays.asList(out);
    }

    /** Classifies the documents {@code chunk} names as one padded batch into {@code out}; empties the chunk. */
    private void runChunk(List<int[]> docs, java.util.List<Integer> chunk, double[][] out) {
        Cancellation.checkCurrent(); // leave-one-out, occlusion and faithfulness of a stale run stop here
        List<int[]> ids = chunk.stream().map(docs::get).toList();
        double[][] p;
        try (var ws = Workspaces.open("classify")) {
            p = HostCopy.rows(forward(batch(ids)).probs());
        }
        for (int j = 0; j < chunk.size(); j++) out[chunk.get(j)] = p[j];
        chunk.clear();
    }

    /**
     * A padded time-major batch: ids and mask are [T*B] / [T*B, 1] (the positions the encoder reads);
     * maskBT is [B, T], the positions attention may weigh (the same, less any start/end markers).
     */
    record Batch(int[] ids, INDArray mask, INDArray maskBT, int steps, int size) { }

    /** Everything a forward pass computed. alpha is [B, T]; alphaCol is [T*B, 1]. */
    record Pass(Batch batch, INDArray embedded, Encoder.State encoder, INDArray attentionHidden,
                INDArray alpha, INDArray alphaCol, INDArray context, INDArray logits, INDArray probs) { }
}
