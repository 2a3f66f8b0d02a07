package org.attentionworkbench.model;

import org.attentionworkbench.explain.Readout;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.InputGradients;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.EncoderReach;
import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;

/**
 * A trained attention classifier: tokenizer, vocabulary, network and card. The facade the rest of
 * the workbench uses; it hides ND4J completely.
 *
 * <p>Thread-safe: calls into the network are serialised on the network, which copies made by
 * {@link #withCard} and {@link #withTokenLimit} share.
 */
public final class AttentionModel implements AttentionClassifier {

    private final Tokenizer tokenizer = new Tokenizer();
    private final Vocabulary vocabulary;
    private final AttentionNetwork network;
    private final ModelCard card;
    private final TokenLimit tokenLimit;
    /** Whole-document encoder passes run on this model: the cost the window must not double. */
    private final java.util.concurrent.atomic.AtomicLong encodes;

    AttentionModel(Vocabulary vocabulary, AttentionNetwork network, ModelCard card) {
        this(vocabulary, network, card, TokenLimit.DEFAULT, new java.util.concurrent.atomic.AtomicLong());
    }

    private AttentionModel(Vocabulary vocabulary, AttentionNetwork network, ModelCard card, TokenLimit tokenLimit,
                           java.util.concurrent.atomic.AtomicLong encodes) {
        this.vocabulary = vocabulary;
        this.network = network;
        this.card = card;
        this.tokenLimit = java.util.Objects.requireNonNull(tokenLimit);
        this.encodes = encodes;
        if (vocabulary.size() != network.config().vocabSize()) {
            throw new IllegalArgumentException("vocabulary size " + vocabulary.size()
                    + " does not match the network's " + network.config().vocabSize());
        }
    }

    /**
     * Loads a model archive.
     *
     * @throws ModelArchiveException with a user-facing message if the file is missing, corrupt,
     *                               truncated, foreign or of another format version
     */
    public static AttentionModel load(Path archive) {
        return ModelArchive.load(archive);
    }

    /** Saves this model as one zip archive (atomically: written beside, then moved). */
    public void save(Path archive) {
        ModelArchive.save(this, archive);
    }

    public ModelCard card() {
        return card;
    }

    @Override
    public String name() {
        return card.name();
    }

    /**
     * The average encoder is context-free, the CNN sees its widest kernel's reach to either side,
     * the BiLSTM the whole sequence.
     */
    @Override
    public EncoderReach reach() {
        ModelConfig c = config();
        return switch (c.encoder()) {
            case AVERAGE -> EncoderReach.CONTEXT_FREE;
            case BILSTM -> EncoderReach.WHOLE_SEQUENCE;
            case CNN -> {
                int r = 0;
                for (int k : c.kernelWidths()) r = Math.max(r, Math.max((k - 1) / 2, k - 1 - (k - 1) / 2));
                yield EncoderReach.local(r);
            }
        };
    }

    /** A copy of this model with another card (same network and vocabulary). */
    public AttentionModel withCard(ModelCard newCard) {
        return new AttentionModel(vocabulary, network, newCard, tokenLimit, encodes);
    }

    /**
     * This model reading at most {@code limit.max()} tokens of a text (a command's
     * {@code --max-tokens}); the same network, vocabulary and card.
     */
    @Override
    public AttentionModel withTokenLimit(TokenLimit limit) {
        return limit.equals(tokenLimit) ? this : new AttentionModel(vocabulary, network, card, limit, encodes);
    }

    /** The long-text rule this model reads texts by ({@link TokenLimit#DEFAULT} unless set). */
    @Override
    public TokenLimit tokenLimit() {
        return tokenLimit;
    }

    public ModelConfig config() {
        return network.config();
    }

    /** Class names in class order. */
    @Override
    public List<String> labels() {
        return card.labels();
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    AttentionNetwork network() {
        return network;
    }

    /**
     * The tokens of a text that the model reads: the tokenizer's, cut to {@link #tokenLimit()}
     * (the one rule for long texts, shared by {@link #encode(String)}, {@link #predict} and
     * {@link #classify}, so every tab and command sees the same document).
     */
    @Override
    public List<String> tokens(String text) {
        return tokenLimit.cut(tokenizer.tokenize(text));
    }

    /**
     * Tokenises and encodes a text, read up to {@link #tokenLimit()} tokens.
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    @Override
    public EncodedDocument encode(String text) {
        return encode(tokens(text));
    }

    /**
     * Encodes already tokenised text: the one expensive pass. Unknown tokens map to UNK.
     *
     * @throws IllegalArgumentException if {@code tokens} is empty
     */
    @Override
    public EncodedDocument encode(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the text has no tokens to classify");
        }
        int[] ids = vocabulary.ids(tokens);
        encodes.incrementAndGet();
        EncodedDocument doc;
        synchronized (network) {
            doc = network.encode(tokens, ids, labels());
        }
        // Finite contributions and bias keep every re-decode (erasure, permutation, adversaries)
        // finite too: EncodedDocument.softmax subtracts the largest logit.
        requireFinite(doc.probabilities(), "the text");
        requireFinite(doc.attention(), "the text");
        double[] z = new double[doc.numClasses()];
        for (int i = 0; i < doc.size(); i++) {
            for (int c = 0; c < z.length; c++) z[c] = doc.contribution(i, c);
            requireFinite(z, "the text");
        }
        requireFinite(doc.bias(), "the text");
        return doc;
    }

    /**
     * Refuses a model output that is not finite: no label, confidence or attention is ever taken
     * from one (a NaN probability printed as {@code neg (NaN%)} with exit code 0).
     *
     * @throws NonFiniteOutputException naming the model and the input
     */
    private void requireFinite(double[] values, String input) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new NonFiniteOutputException("model " + card.name() + " gives an output that is not a number ("
                        + v + ") for " + input + ", so it has no prediction: its weights overflow; use another model"
                        + " or retrain this one");
            }
        }
    }

    private List<double[]> requireFinite(List<double[]> outputs, String input) {
        for (double[] o : outputs) requireFinite(o, input);
        return outputs;
    }

    /**
     * How many times {@link #encode(List)} has run on this model (and its copies) (every {@link #encode(String)}
     * and {@link #predict} included). The encoder pass is the expensive step of an analysis, so
     * this is how tests and benchmarks check that a piece of work runs it only as often as it must.
     */
    public long encodeCount() {
        return encodes.get();
    }

    /**
     * Gradient of class {@code target}'s probability with respect to the embeddings of an encoded
     * document's tokens.
     *
     * @param detachAttention hold the attention weights fixed (docs/methods.md section 3, "Gradient")
     */
    @Override
    public InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention) {
        if (target < 0 || target >= labels().size()) throw new IllegalArgumentException("no class " + target);
        synchronized (network) {
            return network.inputGradients(doc.ids(), target, detachAttention);
        }
    }

    /**
     * Integrated gradients of class {@code target}'s probability (docs/methods.md section 3), the m
     * interpolation steps run in batches.
     *
     * @param steps m, the number of Riemann steps (50 by default in the literature)
     */
    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline, int steps) {
        return integratedGradients(doc, target, baseline, IntegratedGradients.Rule.RIEMANN, steps);
    }

    /** Integrated gradients by the Riemann sum or Gauss-Legendre quadrature at {@code steps} points, batched. */
    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline,
                                                   IntegratedGradients.Rule rule, int steps) {
        if (steps < 1) throw new IllegalArgumentException("integrated gradients needs at least one step");
        if (target < 0 || target >= labels().size()) throw new IllegalArgumentException("no class " + target);
        int n = doc.size();
        int d = config().embeddingDim();
        double[][] base = new double[n][d];
        if (baseline != IntegratedGradients.Baseline.ZERO) {
            int id = baseline == IntegratedGradients.Baseline.PAD ? Vocabulary.PAD_ID : Vocabulary.UNK_ID;
            double[] row = embedding(id);
            for (double[] b : base) System.arraycopy(row, 0, b, 0, d);
        }
        int batch = integratedGradientsBatch(n, steps);
        synchronized (network) {
            return network.integratedGradients(doc.ids(), base, target,
                    org.attentionworkbench.explain.Quadrature.of(rule, steps), rule, batch);
        }
    }

    /**
     * Interpolation steps per batch of integrated gradients for an n-token document: enough to
     * amortise the per-step overhead of the LSTM, and at most {@link #IG_ROW_STEPS} rows x time
     * steps, so that the workspace a batch needs is bounded whatever the length.
     */
    private static int integratedGradientsBatch(int n, int steps) {
        return Math.max(1, Math.min(steps, IG_ROW_STEPS / Math.max(1, n)));
    }

    /** Most rows x time steps (interpolations x tokens) in one batch of integrated gradients. */
    static final int IG_ROW_STEPS = 20_000;

    /**
     * Sizes the calling thread's scratch memory for the whole of a long job, up front: runs each
     * batched pass once on a synthetic input as large as this model's budgets allow (a batch of
     * variants of {@link Encoder#rowStepBudget} row-steps, a batch of integrated gradients of
     * {@link #IG_ROW_STEPS}) and on a document of {@code longest} tokens.
     *
     * <p>Why: the native workspaces grow to the largest input a thread has seen, so without this
     * an audit's memory creeps up each time a fuller batch or a longer review first comes along
     * (measured: +300 MB over the first half of a BiLSTM run); after it, it stays where it starts.
     * Costs about a second. Free it with {@link #releaseThreadMemory()} when the thread is done.
     *
     * @param longest the longest document, in tokens, the thread will see
     */
    @Override
    public void reserveThreadMemory(int longest) {
        int n = Math.max(1, longest);
        int[] ids = new int[n];
        java.util.Arrays.fill(ids, Vocabulary.UNK_ID);
        List<String> tokens = java.util.Collections.nCopies(n, "<unk>");
        int d = config().embeddingDim();
        synchronized (network) {
            network.encode(tokens, ids, labels());
            network.inputGradients(ids, 0, false);
            int steps = integratedGradientsBatch(n, Integer.MAX_VALUE);
            network.integratedGradients(ids, new double[n][d], 0, steps, steps);
            network.reserveClassify();
        }
    }

    /** The embedding vector of a vocabulary id. */
    public double[] embedding(int id) {
        synchronized (network) {
            return network.embeddingRow(id);
        }
    }

    /**
     * Output distributions for token-id sequences, as they are (no truncation), batched: the
     * workhorse of leave-one-out, occlusion and faithfulness. An empty sequence gets softmax(bias).
     *
     * @param batchSize rows per forward pass; larger batches amortise the per-step overhead
     */
    @Override
    public List<double[]> outputs(List<int[]> idSequences, int batchSize) {
        synchronized (network) {
            return requireFinite(network.classify(idSequences, batchSize), "a variant of the text");
        }
    }

    /**
     * Outputs of sub-sequences of a document (LIME's and KernelSHAP's perturbed texts), batched; for
     * the CNN from per-token convolution products computed once (equal to {@link #outputs} of the
     * id sequences).
     */
    @Override
    public List<double[]> subsequenceOutputs(EncodedDocument doc, List<int[]> kept) {
        synchronized (network) {
            return requireFinite(network.subsequenceOutputs(doc.ids(), kept,
                    org.attentionworkbench.explain.SaliencyCalculator.batchSize(doc.size())), "a variant of the text");
        }
    }

    /**
     * Leave-one-out outputs: for each token j, the output distribution of the document with token j
     * deleted (the sequence one shorter; deleting the only token gives softmax(bias)). Equal to
     * re-running {@link #outputs} on every variant; for the BiLSTM computed from the document's own
     * states on the unchanged side of each deletion, about 4x faster.
     */
    @Override
    public List<double[]> leaveOneOutOutputs(EncodedDocument doc) {
        synchronized (network) {
            return requireFinite(network.tokenVariantOutputs(doc.ids(), true, -1), "a variant of the text");
        }
    }

    /**
     * Occlusion outputs: for each token j, the output distribution of the document with token j
     * replaced by vocabulary id {@code replacementId} (UNK, or PAD for the zero vector). Equal to
     * re-running {@link #outputs} on every variant (see {@link #leaveOneOutOutputs}).
     */
    @Override
    public List<double[]> occlusionOutputs(EncodedDocument doc, int replacementId) {
        if (replacementId < 0 || replacementId >= vocabulary.size()) {
            throw new IllegalArgumentException("no vocabulary id " + replacementId);
        }
        synchronized (network) {
            return requireFinite(network.tokenVariantOutputs(doc.ids(), false, replacementId), "a variant of the text");
        }
    }

    /** Attention and contributions of many (short) token-id sequences, batched. */
    @Override
    public List<Readout> readouts(List<int[]> idSequences) {
        List<Readout> out;
        synchronized (network) {
            out = network.readouts(idSequences);
        }
        for (Readout r : out) {
            requireFinite(r.attention(), "a variant of the text");
            for (double[] z : r.contributions()) requireFinite(z, "a variant of the text");
        }
        return out;
    }

    /**
     * Frees the native scratch memory that model calls made on the calling thread keep for reuse
     * (it is per thread, sized for the largest input seen). Call it when a worker thread that ran
     * model calls is about to end; later calls on the thread allocate afresh.
     */
    @Override
    public void releaseThreadMemory() {
        Workspaces.destroyForCurrentThread();
    }

    /** Label, probabilities and attention for one text. */
    @Override
    public Prediction predict(String text) {
        return Prediction.of(encode(text));
    }

    /**
     * Class distributions for many texts, batched (for evaluation). Texts are read as
     * {@link #encode(String)} reads them (up to {@link #tokenLimit()} tokens, not the training
     * length), so a document's class here is the one every tab shows; an empty text gets the
     * bias-only output.
     *
     * @return one probability vector per text
     */
    @Override
    public List<double[]> classify(List<String> texts) {
        List<int[]> ids = texts.stream()
                .map(t -> vocabulary.ids(tokens(t)))
                .toList();
        synchronized (network) {
            return requireFinite(network.classify(ids), "a text of the data");
        }
    }

    @Override
    public int[] ids(List<String> tokens) {
        return vocabulary.ids(tokens);
    }
}
