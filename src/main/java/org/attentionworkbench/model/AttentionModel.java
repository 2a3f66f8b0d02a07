package org.attentionworkbench.model;

import java.nio.file.Path;
import java.util.List;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;

/**
 * A trained attention classifier: tokenizer, vocabulary, network and card. The facade the rest of
 * the workbench uses; it hides ND4J completely.
 *
 * <p>Thread-safe: calls into the network are serialised on this instance.
 */
public final class AttentionModel {

    private final Tokenizer tokenizer = new Tokenizer();
    private final Vocabulary vocabulary;
    private final AttentionNetwork network;
    private final ModelCard card;

    AttentionModel(Vocabulary vocabulary, AttentionNetwork network, ModelCard card) {
        this.vocabulary = vocabulary;
        this.network = network;
        this.card = card;
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

    /** A copy of this model with another card (same network and vocabulary). */
    public AttentionModel withCard(ModelCard newCard) {
        return new AttentionModel(vocabulary, network, newCard);
    }

    public ModelConfig config() {
        return network.config();
    }

    /** Class names in class order. */
    public List<String> labels() {
        return card.labels();
    }

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
     * Tokenises and encodes a text (no truncation: inspection handles long documents).
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    public EncodedDocument encode(String text) {
        return encode(tokenizer.tokenize(text));
    }

    /**
     * Encodes already tokenised text: the one expensive pass. Unknown tokens map to UNK.
     *
     * @throws IllegalArgumentException if {@code tokens} is empty
     */
    public EncodedDocument encode(List<String> tokens) {
        if (tokens.isEmpty()) {
            throw new IllegalArgumentException("the text has no tokens to classify");
        }
        int[] ids = vocabulary.ids(tokens);
        synchronized (this) {
            return network.encode(tokens, ids, labels());
        }
    }

    /**
     * Gradient of class {@code target}'s probability with respect to the embeddings of an encoded
     * document's tokens.
     *
     * @param detachAttention hold the attention weights fixed (METHODS.md section 3, "Gradient")
     */
    public InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention) {
        if (target < 0 || target >= labels().size()) throw new IllegalArgumentException("no class " + target);
        synchronized (this) {
            return network.inputGradients(doc.ids(), target, detachAttention);
        }
    }

    /** Label, probabilities and attention for one text. */
    public Prediction predict(String text) {
        EncodedDocument doc = encode(text);
        return new Prediction(doc.tokens(), labels(), doc.probabilities(), doc.attention());
    }

    /**
     * Class distributions for many texts, batched (for evaluation). Texts are truncated to the
     * training maximum length; an empty text gets the bias-only output.
     *
     * @return one probability vector per text
     */
    public List<double[]> classify(List<String> texts) {
        List<int[]> ids = texts.stream()
                .map(t -> {
                    List<String> toks = tokenizer.tokenize(t);
                    if (toks.size() > config().maxLength()) toks = toks.subList(0, config().maxLength());
                    return vocabulary.ids(toks);
                })
                .toList();
        synchronized (this) {
            return network.classify(ids);
        }
    }
}
