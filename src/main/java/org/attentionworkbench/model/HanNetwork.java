package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The hierarchical attention network of Serrano &amp; Smith (2019) on ND4J, after Yang et al.
 * (2016), with a hand-written backward pass (docs/methods.md section 10):
 * <pre>
 *   word level, per sentence j:   h_ji = WordEncoder(e_j1..e_jn)_i,  alpha_j = masked_softmax(v_w . tanh(W_w h_ji + b_w))
 *                                 c_j = sum_i alpha_ji h_ji                      (the sentence vector)
 *   sentence level:               s_j = SentenceEncoder(c_1..c_m)_j, beta = masked_softmax(v_s . tanh(W_s s_j + b_s))
 *   decoder:                      d = sum_j beta_j s_j,  y = softmax(W_o d + b_o)
 * </pre>
 * The sentence level is a flat attention classifier whose inputs are the sentence vectors c_j:
 * {@link #sentenceForward} / {@link #sentenceBackward} run it on given c_j, which is what the
 * sentence-level explanation holds fixed.
 *
 * <p>The encoders are the flat networks' own ({@link BiLstmEncoder}, {@link CnnEncoder}) or none
 * ({@link IdentityEncoder}); their parameters are named {@code word.*} and {@code sent.*} here and
 * handed to each encoder as a view without the prefix (the same arrays). The word level runs the
 * sentences of a batch in groups of similar length, so that one long sentence does not pad all
 * the others. Not thread-safe: {@link HanModel} serialises access.
 */
final class HanNetwork {

    static final String WORD = "word.";
    static final String SENTENCE = "sent.";
    /** Attention parameters start with "att." so that {@link AttentionNetwork#decays} exempts them. */
    static final String WORD_ATTENTION = "att.word.";
    static final String SENTENCE_ATTENTION = "att.sent.";

    /** Most row-steps of one word-level group (the BiLSTM's workspace bound, as the flat network's). */
    private static final long GROUP_ROW_STEPS = 32_768;

    private final HanConfig config;
    private final ParameterSet params;
    private final DataType dataType;
    private final Encoder wordEncoder;
    private final Encoder sentenceEncoder;
    private final AdditiveAttention wordAttention;
    private final AdditiveAttention sentenceAttention;

    HanNetwork(HanConfig config, ParameterSet params, DataType dataType) {
        NativeThreads.configure();
        this.config = config;
        this.params = params;
        this.dataType = dataType;
        this.wordEncoder = encoder(config.wordEncoder(), view(params, WORD), config.embeddingDim(), config);
        this.sentenceEncoder = encoder(config.sentenceEncoder(), view(params, SENTENCE), config.wordEncodedSize(), config);
        this.wordAttention = new AdditiveAttention(params, WORD_ATTENTION);
        this.sentenceAttention = new AdditiveAttention(params, SENTENCE_ATTENTION);
    }

    private static Encoder encoder(LevelEncoder e, ParameterSet p, int in, HanConfig c) {
        return switch (e) {
            case BILSTM -> new BiLstmEncoder(p, c.hiddenSize());
            case CNN -> new CnnEncoder(p, in, c.hiddenSize(), c.kernelWidths());
            case NONE -> new IdentityEncoder(in);
        };
    }

    /** The entries of {@code all} under {@code prefix}, the prefix stripped: the same arrays. */
    private static ParameterSet view(ParameterSet all, String prefix) {
        ParameterSet v = new ParameterSet();
        all.asMap().forEach((k, a) -> {
            if (k.startsWith(prefix)) v.put(k.substring(prefix.length()), a);
        });
        return v;
    }

    /** A freshly initialised network; embeddings N(0, 0.1^2) with the PAD row zero (GloVe may overwrite rows). */
    static HanNetwork create(HanConfig config, long seed, DataType dataType) {
        Initialiser init = new Initialiser(seed, dataType);
        ParameterSet p = new ParameterSet();
        int d = config.embeddingDim();
        float[] emb = init.normal(config.vocabSize() * d, 0.1);
        Arrays.fill(emb, 0, d, 0f);
        p.put("emb", Nd4j.createFromArray(emb).reshape(config.vocabSize(), d).castTo(dataType));
        initialiseEncoder(p, WORD, config.wordEncoder(), d, config, init);
        AdditiveAttention.initialise(p, WORD_ATTENTION, config.wordEncodedSize(), config.attentionSize(), init);
        initialiseEncoder(p, SENTENCE, config.sentenceEncoder(), config.wordEncodedSize(), config, init);
        AdditiveAttention.initialise(p, SENTENCE_ATTENTION, config.sentenceEncodedSize(), config.attentionSize(), init);
        p.put("out.W", init.xavier(config.sentenceEncodedSize(), config.numClasses()));
        p.put("out.b", init.zeros(1, config.numClasses()));
        return new HanNetwork(config, p, dataType);
    }

    private static void initialiseEncoder(ParameterSet p, String prefix, LevelEncoder e, int in, HanConfig c,
                                          Initialiser init) {
        ParameterSet level = new ParameterSet();
        switch (e) {
            case BILSTM -> BiLstmEncoder.initialise(level, in, c.hiddenSize(), init);
            case CNN -> CnnEncoder.initialise(level, in, c.hiddenSize(), c.kernelWidths(), init);
            case NONE -> { }
        }
        level.asMap().forEach((k, a) -> p.put(prefix + k, a));
    }

    /**
     * The name and shape of every parameter, in {@link #create}'s order, computed without
     * allocating: an archive's arrays are checked against these before any value is read. The
     * encoders' shapes are the flat networks' ({@link AttentionNetwork#parameterShapes}).
     */
    static Map<String, long[]> parameterShapes(HanConfig c) {
        Map<String, long[]> s = new LinkedHashMap<>();
        s.put("emb", new long[] {c.vocabSize(), c.embeddingDim()});
        encoderShapes(s, WORD, c.wordEncoder(), c.embeddingDim(), c);
        AdditiveAttention.shapes(s, WORD_ATTENTION, c.wordEncodedSize(), c.attentionSize());
        encoderShapes(s, SENTENCE, c.sentenceEncoder(), c.wordEncodedSize(), c);
        AdditiveAttention.shapes(s, SENTENCE_ATTENTION, c.sentenceEncodedSize(), c.attentionSize());
        s.put("out.W", new long[] {c.sentenceEncodedSize(), c.numClasses()});
        s.put("out.b", new long[] {1, c.numClasses()});
        return s;
    }

    private static void encoderShapes(Map<String, long[]> s, String prefix, LevelEncoder e, int in, HanConfig c) {
        if (e == LevelEncoder.NONE) return;
        EncoderType flat = e == LevelEncoder.BILSTM ? EncoderType.BILSTM : EncoderType.CNN;
        ModelConfig one = new ModelConfig(flat, 2, in, c.hiddenSize(), c.kernelWidths(), 1, 2, 1);
        AttentionNetwork.parameterShapes(one).forEach((k, shape) -> {
            if (k.startsWith("lstm.") || k.startsWith("cnn.")) s.put(prefix + k, shape);
        });
    }

    HanConfig config() {
        return config;
    }

    ParameterSet parameters() {
        return params;
    }

    DataType dataType() {
        return dataType;
    }

    // ---------------------------------------------------------------- word level

    /** One group of sentences of similar length run as one padded, time-major batch. */
    private record Group(int[] members, int[] ids, INDArray maskCol, INDArray maskBT, int steps,
                         Encoder.State encoder, AdditiveAttention.State attention) { }

    /**
     * The word level on many sentences: the sentence vectors c ([N, Fw], in the order given) and
     * what the backward pass needs.
     */
    record WordPass(List<Group> groups, int[] groupOrder, INDArray contexts) { }

    /** Runs the word level on {@code sentences} (each non-empty). */
    WordPass wordForward(List<int[]> sentences) {
        int n = sentences.size();
        Integer[] order = new Integer[n];
        for (int i = 0; i < n; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(sentences.get(a).length, sentences.get(b).length));
        List<Group> groups = new ArrayList<>();
        List<INDArray> contexts = new ArrayList<>();
        int[] groupOrder = new int[n];
        int start = 0;
        for (int k = 1; k <= n; k++) {
            boolean end = k == n;
            if (!end) {
                int len = sentences.get(order[k]).length;
                int first = sentences.get(order[start]).length;
                end = len > 1.25 * first + 4 || (long) (k - start + 1) * len > GROUP_ROW_STEPS;
            }
            if (!end) continue;
            int[] members = new int[k - start];
            for (int j = start; j < k; j++) {
                members[j - start] = order[j];
                groupOrder[j] = order[j];
            }
            Group g = runGroup(sentences, members);
            groups.add(g);
            contexts.add(g.attention().context());
            start = k;
        }
        INDArray stacked = contexts.size() == 1 ? contexts.get(0).dup('c')
                : Nd4j.vstack(contexts.toArray(new INDArray[0])).dup('c');
        // Row r of stacked is sentence groupOrder[r]; back into the order given.
        int[] inverse = new int[n];
        for (int r = 0; r < n; r++) inverse[groupOrder[r]] = r;
        return new WordPass(groups, groupOrder, TadFree.gatherRows(stacked, inverse));
    }

    private Group runGroup(List<int[]> sentences, int[] members) {
        int b = members.length;
        int t = 0;
        for (int m : members) t = Math.max(t, sentences.get(m).length);
        int[] ids = new int[t * b];
        float[] mask = new float[t * b];
        for (int j = 0; j < b; j++) {
            int[] s = sentences.get(members[j]);
            if (s.length == 0) throw new IllegalArgumentException("empty sentence");
            for (int i = 0; i < s.length; i++) {
                ids[i * b + j] = s[i];
                mask[i * b + j] = 1f;
            }
        }
        INDArray maskCol = Nd4j.createFromArray(mask).reshape((long) t * b, 1).castTo(dataType);
        INDArray maskBT = maskCol.reshape(t, b).transpose().dup('c');
        INDArray x = TadFree.gatherRows(params.get("emb"), ids).muli(maskCol);
        Encoder.State enc = wordEncoder.forward(x, maskCol, t, b);
        AdditiveAttention.State att = wordAttention.forward(enc.output(), maskBT, t, b);
        return new Group(members, ids, maskCol, maskBT, t, enc, att);
    }

    /** Back-propagates dc ([N, Fw], the order of {@link #wordForward}'s sentences) into the word level's parameters. */
    void wordBackward(WordPass pass, INDArray dContexts, ParameterSet grads) {
        INDArray inGroupOrder = TadFree.gatherRows(dContexts.dup('c'), pass.groupOrder());
        ParameterSet encoderGrads = grads == null ? null : new ParameterSet();
        int d = config.embeddingDim();
        double[] embGrad = grads == null ? null : new double[Math.multiplyExact(config.vocabSize(), d)];
        long row = 0;
        for (Group g : pass.groups()) {
            int b = g.members().length;
            INDArray dc = inGroupOrder.get(interval(row, row + b), all()).dup('c');
            row += b;
            INDArray dH = wordAttention.backward(g.attention(), g.encoder().output(), dc, grads, false);
            INDArray dX = wordEncoder.backward(g.encoder(), dH, encoderGrads).muli(g.maskCol());
            if (embGrad != null) scatterAdd(dX, g.ids(), embGrad, d);
        }
        if (grads != null) {
            encoderGrads.asMap().forEach((k, a) -> grads.accumulate(WORD + k, a));
            grads.accumulate("emb", Nd4j.createFromArray(embGrad).reshape(config.vocabSize(), d).castTo(dataType));
        }
    }

    /** Adds the rows of dX into a [V, D] table by token id; PAD gets no gradient. */
    private static void scatterAdd(INDArray dX, int[] ids, double[] table, int d) {
        double[] src = dX.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int r = 0; r < ids.length; r++) {
            int id = ids[r];
            if (id == Vocabulary.PAD_ID) continue;
            int dst = id * d;
            int s = r * d;
            for (int k = 0; k < d; k++) table[dst + k] += src[s + k];
        }
    }

    // ---------------------------------------------------------------- sentence level

    /** The sentence level's forward pass on a batch of documents of sentence vectors. */
    record SentencePass(INDArray input, INDArray maskCol, INDArray maskBT, int steps, int size, Encoder.State encoder,
                        AdditiveAttention.State attention, INDArray logits, INDArray probs) { }

    /**
     * Runs the sentence level, attention and decoder on sentence vectors c.
     *
     * @param c      [S*B, Fw] time-major (row j*B + b: sentence j of document b; zero where padded)
     * @param counts the number of sentences of each document (each at least 1)
     */
    SentencePass sentenceForward(INDArray c, int[] counts) {
        int b = counts.length;
        int s = 0;
        for (int k : counts) s = Math.max(s, k);
        float[] mask = new float[s * b];
        for (int j = 0; j < b; j++) {
            if (counts[j] < 1) throw new IllegalArgumentException("a document without sentences");
            for (int i = 0; i < counts[j]; i++) mask[i * b + j] = 1f;
        }
        INDArray maskCol = Nd4j.createFromArray(mask).reshape((long) s * b, 1).castTo(dataType);
        INDArray maskBT = maskCol.reshape(s, b).transpose().dup('c');
        INDArray x = c.mul(maskCol);
        Encoder.State enc = sentenceEncoder.forward(x, maskCol, s, b);
        AdditiveAttention.State att = sentenceAttention.forward(enc.output(), maskBT, s, b);
        INDArray logits = att.context().mmul(params.get("out.W")).addi(params.get("out.b"));
        INDArray probs = TadFree.softmaxRows(logits.dup());
        return new SentencePass(x, maskCol, maskBT, s, b, enc, att, logits, probs);
    }

    /**
     * Back-propagates {@code dLogits} ([B, C]) through the decoder and the sentence level; adds
     * their parameter gradients into {@code grads} when it is not null.
     *
     * @param detach hold the sentence attention beta fixed
     * @return the gradient with respect to the sentence vectors c, [S*B, Fw] (zero where padded)
     */
    INDArray sentenceBackward(SentencePass pass, INDArray dLogits, ParameterSet grads, boolean detach) {
        if (grads != null) {
            grads.accumulate("out.W", pass.attention().context().transpose().mmul(dLogits));
            grads.accumulate("out.b", TadFree.columnSums(dLogits));
        }
        INDArray dDoc = dLogits.mmul(params.get("out.W").transpose());
        INDArray dS = sentenceAttention.backward(pass.attention(), pass.encoder().output(), dDoc, grads, detach);
        ParameterSet encoderGrads = grads == null ? null : new ParameterSet();
        INDArray dC = sentenceEncoder.backward(pass.encoder(), dS, encoderGrads).muli(pass.maskCol());
        if (grads != null) encoderGrads.asMap().forEach((k, a) -> grads.accumulate(SENTENCE + k, a));
        return dC;
    }

    // ---------------------------------------------------------------- whole network

    /** A forward pass over documents of sentences: the word pass, where each sentence went, the sentence pass. */
    record Pass(WordPass words, int[] rowOfSentence, int[] counts, SentencePass sentences) {
        INDArray probs() {
            return sentences.probs();
        }
    }

    /** Runs the whole network on documents, each a non-empty list of non-empty sentences (token ids). */
    Pass forward(List<List<int[]>> docs) {
        int b = docs.size();
        int[] counts = new int[b];
        List<int[]> flat = new ArrayList<>();
        for (int j = 0; j < b; j++) {
            counts[j] = docs.get(j).size();
            if (counts[j] == 0) throw new IllegalArgumentException("a document without sentences");
            flat.addAll(docs.get(j));
        }
        WordPass words = wordForward(flat);
        int s = Arrays.stream(counts).max().orElse(0);
        int n = flat.size();
        // Row i*B + j of the sentence input is sentence i of document j: flat sentence k, or the zero row n.
        int[] rows = new int[s * b];
        int[] rowOfSentence = new int[n];
        int k = 0;
        Arrays.fill(rows, n);
        for (int j = 0; j < b; j++) {
            for (int i = 0; i < counts[j]; i++) {
                rows[i * b + j] = k;
                rowOfSentence[k++] = i * b + j;
            }
        }
        INDArray table = Nd4j.vstack(words.contexts(), Nd4j.zeros(dataType, 1, words.contexts().size(1))).dup('c');
        INDArray c = TadFree.gatherRows(table, rows);
        return new Pass(words, rowOfSentence, counts, sentenceForward(c, counts));
    }

    /** Back-propagates {@code dLogits} ([B, C]) through the whole network into {@code grads}. */
    void backward(Pass pass, INDArray dLogits, ParameterSet grads) {
        INDArray dC = sentenceBackward(pass.sentences(), dLogits, grads, false).dup('c');
        wordBackward(pass.words(), TadFree.gatherRows(dC, pass.rowOfSentence()), grads);
    }

    // ---------------------------------------------------------------- uses

    /** Output distributions of documents of sentences, batched by similar sentence count; an empty document gets softmax(bias). */
    List<double[]> classify(List<List<int[]>> docs, int batchSize) {
        double[][] out = new double[docs.size()][];
        Integer[] order = new Integer[docs.size()];
        for (int i = 0; i < order.length; i++) order[i] = i;
        Arrays.sort(order, (a, b) -> Integer.compare(tokenCount(docs.get(a)), tokenCount(docs.get(b))));
        List<Integer> chunk = new ArrayList<>();
        for (int k = 0; k <= order.length; k++) {
            if (k < order.length) {
                int idx = order[k];
                if (docs.get(idx).isEmpty()) {
                    out[idx] = biasOnly();
                    continue;
                }
                chunk.add(idx);
            }
            if (chunk.size() == batchSize || (k == order.length && !chunk.isEmpty())) {
                Cancellation.checkCurrent();
                try (var ws = Workspaces.open("han-classify")) {
                    double[][] p = HostCopy.rows(forward(chunk.stream().map(docs::get).toList()).probs());
                    for (int j = 0; j < chunk.size(); j++) out[chunk.get(j)] = p[j];
                }
                chunk.clear();
            }
        }
        return Arrays.asList(out);
    }

    private static int tokenCount(List<int[]> doc) {
        int n = 0;
        for (int[] s : doc) n += s.length;
        return n;
    }

    /** softmax(b_o): the output of a document with nothing left to read. */
    double[] biasOnly() {
        return EncodedDocument.softmax(params.get("out.b").castTo(DataType.DOUBLE).toDoubleVector());
    }

    /** The decoder bias b_o. */
    double[] bias() {
        return params.get("out.b").castTo(DataType.DOUBLE).toDoubleVector();
    }

    /**
     * Everything of one document in plain arrays: word attention per sentence, the sentence vectors
     * c_j, the sentence states s_j, the sentence attention beta, z_j = W_o s_j and the output.
     */
    record Reading(double[][] wordAttention, double[][] sentenceVectors, double[][] sentenceStates,
                   double[] sentenceAttention, double[][] contributions, double[] probabilities) { }

    /** Reads one document (B = 1) of non-empty sentences. */
    Reading read(List<int[]> sentences) {
        try (var ws = Workspaces.open("han-read")) {
            Pass pass = forward(List.of(sentences));
            int m = sentences.size();
            double[][] alpha = new double[m][];
            WordPass w = pass.words();
            for (Group g : w.groups()) {
                double[][] a = HostCopy.rows(g.attention().alpha());
                for (int r = 0; r < g.members().length; r++) {
                    int sentence = g.members()[r];
                    alpha[sentence] = normalised(Arrays.copyOf(a[r], sentences.get(sentence).length));
                }
            }
            double[][] c = HostCopy.rows(w.contexts());
            SentencePass sp = pass.sentences();
            INDArray states = sp.encoder().output();
            double[][] s = HostCopy.rows(states);
            double[][] z = HostCopy.rows(states.mmul(params.get("out.W")));
            double[] beta = normalised(sp.attention().alpha().castTo(DataType.DOUBLE).toDoubleVector());
            double[] p = sp.probs().castTo(DataType.DOUBLE).toDoubleVector();
            return new Reading(alpha, c, s, beta, z, p);
        }
    }

    /**
     * The sentence level on given sentence vectors: one result per input ([S_k][Fw], each
     * non-empty), run as one padded batch.
     *
     * @param target the class whose probability is differentiated with respect to the inputs, or -1 for none
     * @param detach hold beta fixed in that gradient
     */
    List<SentenceResult> sentenceLevel(List<double[][]> inputs, int target, boolean detach) {
        int b = inputs.size();
        int f = config.wordEncodedSize();
        int[] counts = new int[b];
        int s = 0;
        for (int j = 0; j < b; j++) {
            counts[j] = inputs.get(j).length;
            s = Math.max(s, counts[j]);
        }
        double[] x = new double[Math.multiplyExact(s * b, f)];
        for (int j = 0; j < b; j++) {
            double[][] in = inputs.get(j);
            for (int i = 0; i < in.length; i++) System.arraycopy(in[i], 0, x, (i * b + j) * f, f);
        }
        try (var ws = Workspaces.open("han-sentences")) {
            INDArray c = Nd4j.createFromArray(x).reshape((long) s * b, f).castTo(dataType);
            SentencePass pass = sentenceForward(c, counts);
            double[][] probs = HostCopy.rows(pass.probs());
            double[][] beta = HostCopy.rows(pass.attention().alpha());
            double[] z = pass.encoder().output().mmul(params.get("out.W")).castTo(DataType.DOUBLE).dup('c')
                    .data().asDouble();
            double[] grad = null;
            if (target >= 0) {
                INDArray pc = pass.probs().getColumn(target).dup().reshape(b, 1);
                INDArray d = pass.probs().mul(pc).negi();                 // d p_c / d logits = p_c (onehot_c - p)
                d.getColumn(target).addi(pc.reshape(b));
                grad = sentenceBackward(pass, d, null, detach).castTo(DataType.DOUBLE).dup('c').data().asDouble();
            }
            int classes = config.numClasses();
            List<SentenceResult> out = new ArrayList<>(b);
            for (int j = 0; j < b; j++) {
                int m = counts[j];
                double[][] zj = new double[m][classes];
                double[][] gj = grad == null ? null : new double[m][f];
                for (int i = 0; i < m; i++) {
                    System.arraycopy(z, (i * b + j) * classes, zj[i], 0, classes);
                    if (gj != null) System.arraycopy(grad, (i * b + j) * f, gj[i], 0, f);
                }
                out.add(new SentenceResult(probs[j], normalised(Arrays.copyOf(beta[j], m)), zj, gj));
            }
            return out;
        }
    }

    /**
     * The sentence level's result for one input.
     *
     * @param probabilities the output distribution
     * @param attention     beta over the input's sentences
     * @param contributions z_j = W_o s_j, [m][C]
     * @param gradient      d p_target / d c_j, [m][Fw], or null
     */
    record SentenceResult(double[] probabilities, double[] attention, double[][] contributions, double[][] gradient) { }

    /** Most row-steps of one sentence-level batch. */
    long sentenceRowStepBudget() {
        return GROUP_ROW_STEPS;
    }

    /** A FLOAT softmax renormalised in double precision, as the flat network's attention is. */
    static double[] normalised(double[] a) {
        double sum = 0;
        for (double v : a) sum += v;
        for (int i = 0; i < a.length; i++) a[i] /= sum;
        return a;
    }
}
