package org.attentionworkbench.model;

import org.attentionworkbench.explain.Readout;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.InputGradients;
import org.attentionworkbench.explain.GradientSummary;
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
 * <p>Thread-safe: calls that run ND4J (readouts, relevance propagation, training) are serialised
 * on the network, which copies made by {@link #withCard} and {@link #withTokenLimit} share; calls
 * on the plain-Java pass (encoding, gradients, integrated gradients, classification, the token
 * variants and LIME's and KernelSHAP's copies, {@link HostNetwork}) keep their state in their own
 * arrays and run side by side (the window's parallel explanation runs LIME beside the other
 * sections, the audit one document per core).
 */
public final class AttentionModel implements AttentionClassifier {

    private final Tokenizer tokenizer;
    /**
     * The ids of {@code <SOS>} and {@code <EOS>} the network reads around every document, for a
     * tokenization with markers (Jain &amp; Wallace's); null otherwise. Every method of this class
     * takes and gives the document's real tokens only: the markers are added on the way into the
     * network and their positions (never attended to, so with zero weight everywhere) are dropped
     * on the way out, so that no analysis ever sees them (docs/methods.md, notation).
     */
    private final int[] markers;
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
        this.tokenizer = network.config().tokenization().tokenizer();
        if (network.config().tokenization().markers()) {
            if (!vocabulary.contains(SOS) || !vocabulary.contains(EOS)) {
                throw new IllegalArgumentException("a model with " + network.config().tokenization().id()
                        + " tokenization needs " + SOS + " and " + EOS + " in its vocabulary");
            }
            this.markers = new int[] {vocabulary.id(SOS), vocabulary.id(EOS)};
        } else {
            this.markers = null;
        }
    }

    /** The start marker of Jain &amp; Wallace's tokenization (their vectorizer's spelling). */
    public static final String SOS = "<SOS>";
    /** The end marker of Jain &amp; Wallace's tokenization. */
    public static final String EOS = "<EOS>";

    /** The ids the network reads for a document: {@code <SOS>} ids {@code <EOS>} with markers, else the ids. */
    private int[] wrap(int[] ids) {
        if (markers == null || ids.length == 0) return ids;
        int[] w = new int[ids.length + 2];
        w[0] = markers[0];
        System.arraycopy(ids, 0, w, 1, ids.length);
        w[w.length - 1] = markers[1];
        return w;
    }

    private List<int[]> wrapAll(List<int[]> docs) {
        return markers == null ? docs : docs.stream().map(this::wrap).toList();
    }

    /** Rows 1..n of a per-position result of a wrapped document (the markers' rows dropped). */
    private <T> List<T> unwrap(List<T> perPosition) {
        return markers == null ? perPosition : perPosition.subList(1, perPosition.size() - 1);
    }

    private static double[][] inner(double[][] rows) {
        return java.util.Arrays.copyOfRange(rows, 1, rows.length - 1);
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
        if (markers == null) {
            doc = network.encode(tokens, ids, labels());
        } else {
            List<String> wrapped = new java.util.ArrayList<>(tokens.size() + 2);
            wrapped.add(SOS);
            wrapped.addAll(tokens);
            wrapped.add(EOS);
            doc = withoutMarkers(network.encode(wrapped, wrap(ids), labels()), tokens, ids);
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

    /** The real tokens' part of an encoded wrapped document: the markers had zero attention, so nothing else changes. */
    private static EncodedDocument withoutMarkers(EncodedDocument w, List<String> tokens, int[] ids) {
        int n = tokens.size();
        int c = w.numClasses();
        double[][] h = new double[n][];
        double[] alpha = new double[n];
        double[][] z = new double[n][c];
        double sum = 0;
        for (int i = 0; i < n; i++) {
            h[i] = w.hidden(i + 1);
            alpha[i] = w.attention(i + 1);
            sum += alpha[i];
            for (int k = 0; k < c; k++) z[i][k] = w.contribution(i + 1, k);
        }
        for (int i = 0; i < n; i++) alpha[i] /= sum;
        return new EncodedDocument(tokens, ids, h, alpha, z, w.bias(), w.labels());
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
        InputGradients g = network.inputGradients(wrap(doc.ids()), target, detachAttention);
        return markers == null ? g
                : new InputGradients(inner(g.gradient()), inner(g.embeddings()), g.probability());
    }

    /** {@inheritDoc} A FLOAT CNN or average network computes them without the [n][D] rows. */
    @Override
    public GradientSummary gradientSummary(EncodedDocument doc, int target, boolean detachAttention) {
        if (target < 0 || target >= labels().size()) throw new IllegalArgumentException("no class " + target);
        GradientSummary g = network.gradientSummary(wrap(doc.ids()), target, detachAttention);
        if (markers == null) return g;
        int n = g.gradientNorm().length;
        return new GradientSummary(java.util.Arrays.copyOfRange(g.gradientTimesInput(), 1, n - 1),
                java.util.Arrays.copyOfRange(g.gradientNorm(), 1, n - 1), g.probability());
    }

    /**
     * Integrated gradients of class {@code target}'s probability (docs/methods.md section 3), the m
     * interpolation points run one after another on the plain-Java pass.
     *
     * @param steps m, the number of Riemann steps (50 by default in the literature)
     */
    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline, int steps) {
        return integratedGradients(doc, target, baseline, IntegratedGradients.Rule.RIEMANN, steps);
    }

    /** Integrated gradients by the Riemann sum or Gauss-Legendre quadrature at {@code steps} points. */
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
        if (markers != null) {
            // The markers sit at their own embeddings on the whole path (e - b = 0): they get no
            // attribution, and completeness holds over the real tokens.
            double[][] wrapped = new double[n + 2][];
            wrapped[0] = embedding(markers[0]);
            System.arraycopy(base, 0, wrapped, 1, n);
            wrapped[n + 1] = embedding(markers[1]);
            base = wrapped;
        }
        IntegratedGradients ig = network.integratedGradients(wrap(doc.ids()), base, target,
                org.attentionworkbench.explain.Quadrature.of(rule, steps), rule);
        return markers == null ? ig : new IntegratedGradients(
                java.util.Arrays.copyOfRange(ig.attributions(), 1, n + 1), ig.output(), ig.baselineOutput(),
                ig.steps(), ig.rule());
    }

    /**
     * Layer-wise relevance propagation of class {@code target}'s logit (docs/methods.md section 3,
     * "LRP"; {@link RelevancePropagation}), with the attention the document was encoded with held as
     * a gate. Computed in doubles from the network's weights.
     */
    @Override
    public org.attentionworkbench.explain.Lrp lrp(EncodedDocument doc, int target, double epsilon) {
        if (target < 0 || target >= labels().size()) throw new IllegalArgumentException("no class " + target);
        synchronized (network) {
            return RelevancePropagation.explain(network, doc.ids(), doc.attention(), target, epsilon);
        }
    }

    /**
     * Cascading randomisation (Adebayo et al. 2018): the parameters of the first {@code stages}
     * stages (decoder out.*, attention att.*, the encoder's, the embedding table, in that order)
     * replaced by those {@link AttentionNetwork#create} draws with {@code seed}; every other
     * parameter copied. A frozen-attention twin keeps reading with its base.
     */
    @Override
    public AttentionModel randomised(int stages, long seed) {
        if (stages < 0 || stages > org.attentionworkbench.explain.RandomisationStage.values().length) {
            throw new IllegalArgumentException("stages must be from 0 to 4, not " + stages);
        }
        synchronized (network) {
            AttentionNetwork fresh = AttentionNetwork.create(network.config(), seed, network.dataType(),
                    network.attentionSource());
            ParameterSet p = new ParameterSet();
            for (var e : network.parameters().asMap().entrySet()) {
                boolean reset = stageOf(e.getKey()).ordinal() < stages;
                p.put(e.getKey(), (reset ? fresh.parameters().get(e.getKey()) : e.getValue()).dup());
            }
            AttentionNetwork net = new AttentionNetwork(network.config(), p, network.dataType(),
                    network.attentionSource());
            return new AttentionModel(vocabulary, net, card, tokenLimit, new java.util.concurrent.atomic.AtomicLong());
        }
    }

    /** The randomisation stage a parameter belongs to, by its name. */
    static org.attentionworkbench.explain.RandomisationStage stageOf(String parameter) {
        if (parameter.startsWith("out.")) return org.attentionworkbench.explain.RandomisationStage.DECODER;
        if (parameter.startsWith("att.")) return org.attentionworkbench.explain.RandomisationStage.ATTENTION;
        if (parameter.equals("emb")) return org.attentionworkbench.explain.RandomisationStage.EMBEDDINGS;
        return org.attentionworkbench.explain.RandomisationStage.ENCODER;
    }

    /** The embedding vector of a vocabulary id. */
    public double[] embedding(int id) {
        return network.embeddingRow(id);
    }

    /**
     * Output distributions for token-id sequences, as they are (no truncation), batched: the
     * workhorse of leave-one-out, occlusion and faithfulness. An empty sequence gets softmax(bias).
     *
     * @param batchSize rows per forward pass; larger batches amortise the per-step overhead
     */
    @Override
    public List<double[]> outputs(List<int[]> idSequences, int batchSize) {
        return requireFinite(network.classify(wrapAll(idSequences), batchSize), "a variant of the text");
    }

    /**
     * Outputs of sub-sequences of a document (LIME's and KernelSHAP's perturbed texts), from the
     * document's token-wise products computed once (equal to {@link #outputs} of the id sequences).
     */
    @Override
    public List<double[]> subsequenceOutputs(EncodedDocument doc, List<int[]> kept) {
        if (markers != null) {
            // Each copy is read between <SOS> and <EOS>, as outputs() reads it (the empty copy stays empty).
            int n = doc.size();
            kept = kept.stream().map(p -> {
                if (p.length == 0) return p;
                int[] w = new int[p.length + 2];
                for (int j = 0; j < p.length; j++) w[j + 1] = p[j] + 1;
                w[p.length + 1] = n + 1;
                return w;
            }).toList();
        }
        List<int[]> positions = kept;
        return requireFinite(network.subsequenceOutputs(wrap(doc.ids()), positions), "a variant of the text");
    }

    /**
     * Leave-one-out outputs: for each token j, the output distribution of the document with token j
     * deleted (the sequence one shorter; deleting the only token gives softmax(bias)). Equal to
     * re-running {@link #outputs} on every variant; for the BiLSTM computed from the document's own
     * states on the unchanged side of each deletion, about 4x faster.
     */
    @Override
    public List<double[]> leaveOneOutOutputs(EncodedDocument doc) {
        // With markers, the variants deleting a marker are computed too, and dropped.
        return requireFinite(unwrap(network.tokenVariantOutputs(wrap(doc.ids()), true, -1)),
                "a variant of the text");
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
        return requireFinite(unwrap(network.tokenVariantOutputs(wrap(doc.ids()), false, replacementId)),
                "a variant of the text");
    }

    /** Attention and contributions of many (short) token-id sequences, batched. */
    @Override
    public List<Readout> readouts(List<int[]> idSequences) {
        List<Readout> out;
        synchronized (network) {
            out = network.readouts(wrapAll(idSequences));
        }
        if (markers != null) {
            out = out.stream().map(r -> r.attention().length < 2 ? r : new Readout(
                    normalised(java.util.Arrays.copyOfRange(r.attention(), 1, r.attention().length - 1)),
                    inner(r.contributions()))).toList();
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
                .map(t -> wrap(vocabulary.ids(tokens(t))))
                .toList();
        return requireFinite(network.classify(ids), "a text of the data");
    }

    private static double[] normalised(double[] a) {
        double sum = 0;
        for (double v : a) sum += v;
        if (sum > 0) for (int i = 0; i < a.length; i++) a[i] /= sum;
        return a;
    }

    @Override
    public int[] ids(List<String> tokens) {
        return vocabulary.ids(tokens);
    }
}
