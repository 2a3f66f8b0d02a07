package org.attentionworkbench.model;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.text.SentenceSplitter;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;

/**
 * A trained hierarchical attention network (docs/methods.md section 10): tokenizer, sentence rule,
 * vocabulary, network and card; the facade the commands use, hiding ND4J.
 *
 * <p>A text is tokenised as for the flat models, cut to {@link #tokenLimit()}, mapped to ids, and
 * split into sentences by {@link SentenceSplitter} on the tokens <em>as the vocabulary reads them</em>
 * (a terminator the vocabulary lacks is UNK and does not split), so training, which sees only ids,
 * and reading split alike. Thread-safe: calls into the network are serialised on it.
 */
public final class HanModel {

    private final Tokenizer tokenizer = new Tokenizer();
    private final Vocabulary vocabulary;
    private final HanNetwork network;
    private final ModelCard card;
    private final TokenLimit tokenLimit;
    private final SentenceSplitter splitter;

    HanModel(Vocabulary vocabulary, HanNetwork network, ModelCard card) {
        this(vocabulary, network, card, TokenLimit.DEFAULT);
    }

    private HanModel(Vocabulary vocabulary, HanNetwork network, ModelCard card, TokenLimit tokenLimit) {
        if (vocabulary.size() != network.config().vocabSize()) {
            throw new IllegalArgumentException("vocabulary size " + vocabulary.size() + " does not match the network's "
                    + network.config().vocabSize());
        }
        this.vocabulary = vocabulary;
        this.network = network;
        this.card = card;
        this.tokenLimit = tokenLimit;
        this.splitter = new SentenceSplitter(network.config().maxSentenceLength(), network.config().maxSentences());
    }

    /**
     * Loads a hierarchical model's archive.
     *
     * @throws ModelArchiveException with a one-line message if it is missing, damaged, foreign or flat
     */
    public static HanModel load(Path archive) {
        return ModelArchive.loadHierarchical(archive);
    }

    /** Whether an archive holds a hierarchical model (reads its config only). */
    public static boolean isHierarchical(Path archive) {
        // A safetensors bundle holds a flat model (docs/import.md): it is no zip to look into.
        return !ModelLoader.isBundle(archive) && ModelArchive.isHierarchical(archive);
    }

    /** Saves this model as one zip archive (atomically). */
    public void save(Path archive) {
        ModelArchive.save(this, archive);
    }

    public ModelCard card() {
        return card;
    }

    public String name() {
        return card.name();
    }

    public HanConfig config() {
        return network.config();
    }

    /** Class names in class order. */
    public List<String> labels() {
        return card.labels();
    }

    public Vocabulary vocabulary() {
        return vocabulary;
    }

    public Tokenizer tokenizer() {
        return tokenizer;
    }

    public TokenLimit tokenLimit() {
        return tokenLimit;
    }

    HanNetwork network() {
        return network;
    }

    /** A copy with another card. */
    public HanModel withCard(ModelCard newCard) {
        return new HanModel(vocabulary, network, newCard, tokenLimit);
    }

    /** This model reading at most {@code limit.max()} tokens of a text. */
    public HanModel withTokenLimit(TokenLimit limit) {
        return limit.equals(tokenLimit) ? this : new HanModel(vocabulary, network, card, limit);
    }

    /** The tokens of a text the model reads: the tokenizer's, cut to {@link #tokenLimit()}. */
    public List<String> tokens(String text) {
        return tokenLimit.cut(tokenizer.tokenize(text));
    }

    /** The sentences of a token-id sequence as [start, end) positions (the one sentence rule, on the vocabulary's tokens). */
    List<int[]> sentenceBounds(int[] ids) {
        List<String> read = new ArrayList<>(ids.length);
        for (int id : ids) read.add(vocabulary.token(id));
        return splitter.split(read);
    }

    /** The sentences of a token-id sequence, as the network reads them. */
    List<int[]> sentenceIds(int[] ids) {
        List<int[]> out = new ArrayList<>();
        for (int[] b : sentenceBounds(ids)) out.add(java.util.Arrays.copyOfRange(ids, b[0], b[1]));
        return out;
    }

    /** Class distributions of texts, batched; a text without tokens gets softmax(bias). */
    public List<double[]> classify(List<String> texts) {
        List<List<int[]>> docs = texts.stream().map(t -> sentenceIds(vocabulary.ids(tokens(t)))).toList();
        List<double[]> out;
        synchronized (network) {
            out = network.classify(docs, 32);
        }
        for (double[] p : out) requireFinite(p);
        return out;
    }

    private void requireFinite(double[] values) {
        for (double v : values) {
            if (!Double.isFinite(v)) {
                throw new NonFiniteOutputException("model " + card.name() + " gives an output that is not a number ("
                        + v + "), so it has no prediction: its weights overflow; use another model or retrain this one");
            }
        }
    }

    /**
     * Label, probabilities and the token-level attention of a text: beta_j * alpha_ji, each token's
     * share of the document's attention (sums to 1 over the tokens read).
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    public Prediction predict(String text) {
        HierarchicalDocument doc = read(text).document();
        List<String> tokens = new ArrayList<>();
        doc.sentences().forEach(tokens::addAll);
        double[] weights = java.util.Arrays.stream(doc.tokenAttention()).flatMapToDouble(java.util.Arrays::stream)
                .toArray();
        return new Prediction(tokens, labels(), doc.probabilities(), weights);
    }

    /**
     * A text as the model reads it, and the sentence level as an attention classifier of its own.
     *
     * @param document      sentences, word attention, and the sentence-level encoded document
     * @param sentenceLevel the flat classifier over this document's sentence vectors (the sentences
     *                      are its tokens), for the explanation engine: every analysis of
     *                      docs/methods.md on the sentence level, with the sentence vectors held fixed
     */
    public record Reading(HierarchicalDocument document, AttentionClassifier sentenceLevel) { }

    /**
     * Reads a text: tokenised, cut to {@link #tokenLimit()}, split into sentences.
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    public Reading read(String text) {
        List<String> tokens = tokens(text);
        if (tokens.isEmpty()) throw new IllegalArgumentException("the text has no tokens to classify");
        int[] ids = vocabulary.ids(tokens);
        List<int[]> bounds = sentenceBounds(ids);
        List<List<String>> sentences = new ArrayList<>();
        List<int[]> sentenceIds = new ArrayList<>();
        for (int[] b : bounds) {
            sentences.add(tokens.subList(b[0], b[1]));
            sentenceIds.add(java.util.Arrays.copyOfRange(ids, b[0], b[1]));
        }
        HanNetwork.Reading r;
        synchronized (network) {
            r = network.read(sentenceIds);
        }
        requireFinite(r.probabilities());
        List<String> texts = sentences.stream().map(s -> String.join(" ", s)).toList();
        SentenceLevelClassifier level = new SentenceLevelClassifier(this, texts, r.sentenceVectors());
        EncodedDocument sentenceDoc = level.encode(texts);
        HierarchicalDocument doc = new HierarchicalDocument(sentences, r.wordAttention(), sentenceDoc,
                SentenceSplitter.covered(bounds), tokens.size());
        return new Reading(doc, level);
    }
}
