package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;

/**
 * An attention classifier as the explanation engine, the window, the audit and the command line
 * see it: the one expensive encoder pass, the passes back through the model that saliency needs,
 * and batched outputs of token-id variants. Each model family implements it (the trained ND4J
 * networks in {@code model.AttentionModel}; a plain-Java model in the tests), so nothing above the
 * model package depends on how a network is computed.
 *
 * <p>Implementations are thread-safe. Every output is finite: an implementation refuses to give a
 * distribution that is not, so no label is ever taken from one.
 */
public interface AttentionClassifier {

    /** The model's name (its card's), as every message and report names it. */
    String name();

    /** Class names in class order. */
    List<String> labels();

    /** The tokenizer that splits a text into the tokens this model reads. */
    Tokenizer tokenizer();

    /** The long-text rule this model reads texts by. */
    TokenLimit tokenLimit();

    /** This model reading at most {@code limit.max()} tokens of a text (a command's {@code --max-tokens}). */
    AttentionClassifier withTokenLimit(TokenLimit limit);

    /** Frees the scratch memory that earlier calls kept for the calling thread (a worker about to end). */
    default void releaseThreadMemory() {
    }

    /**
     * The tokens of a text that the model reads: the tokenizer's, cut to {@link #tokenLimit()}
     * (the one rule for long texts, shared by {@link #encode(String)}, {@link #predict} and
     * {@link #classify}, so every tab and command sees the same document).
     */
    default List<String> tokens(String text) {
        return tokenLimit().cut(tokenizer().tokenize(text));
    }

    /**
     * Encodes already tokenised text: the one expensive pass. Unknown tokens map to UNK.
     *
     * @throws IllegalArgumentException if {@code tokens} is empty
     */
    EncodedDocument encode(List<String> tokens);

    /**
     * Tokenises and encodes a text, read up to {@link #tokenLimit()} tokens.
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    default EncodedDocument encode(String text) {
        return encode(tokens(text));
    }

    /** Label, probabilities and attention for one text. */
    default Prediction predict(String text) {
        return Prediction.of(encode(text));
    }

    /**
     * Class distributions for many texts, batched (for evaluation and the dataset table), each read
     * as {@link #encode(String)} reads it; an empty text gets the bias-only output.
     */
    List<double[]> classify(List<String> texts);

    /**
     * Gradient of class {@code target}'s probability with respect to the embeddings of an encoded
     * document's tokens.
     *
     * @param detachAttention hold the attention weights fixed (docs/methods.md section 3, "Gradient")
     */
    InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention);

    /**
     * Per token grad . e and |grad| of class {@code target}'s probability (what the gradient
     * saliency methods show): {@link #inputGradients}' dots and norms, which a model may compute
     * without handing out the [n][D] gradient rows.
     */
    default GradientSummary gradientSummary(EncodedDocument doc, int target, boolean detachAttention) {
        return GradientSummary.of(inputGradients(doc, target, detachAttention));
    }

    /**
     * Integrated gradients of class {@code target}'s probability (docs/methods.md section 3).
     *
     * @param steps m, the number of Riemann steps
     */
    IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline,
                                            int steps);

    /**
     * Layer-wise relevance propagation of class {@code target}'s logit onto the tokens
     * (docs/methods.md section 3, "LRP"): epsilon rule for linear maps, gates pass nothing, attention
     * as a gate. A model family without LRP rules says so (this default).
     *
     * @param epsilon the stabiliser ({@link Lrp#DEFAULT_EPSILON} by default)
     * @throws UnsupportedOperationException if this model family has no LRP rules
     */
    default Lrp lrp(EncodedDocument doc, int target, double epsilon) {
        throw new UnsupportedOperationException("LRP has no rules for model " + name());
    }

    /**
     * A copy of this model whose parameters of the first {@code stages} stages of the cascade
     * ({@link RandomisationStage} order: decoder, attention, encoder, embeddings) are re-initialised
     * by the model's own initialiser with {@code seed}; the others are this model's, unchanged
     * (Adebayo et al. 2018's cascading randomisation). This model is not changed.
     *
     * @throws UnsupportedOperationException if this model family cannot be re-initialised
     */
    default AttentionClassifier randomised(int stages, long seed) {
        throw new UnsupportedOperationException("model " + name() + " cannot be re-initialised");
    }

    /**
     * Integrated gradients with the path integral taken by {@code rule} at {@code points} points
     * ({@link Quadrature}). This default takes the Riemann sum only; a model family that can
     * weight its points overrides it.
     */
    default IntegratedGradients integratedGradients(EncodedDocument doc, int target,
                                                    IntegratedGradients.Baseline baseline, IntegratedGradients.Rule rule,
                                                    int points) {
        if (rule == IntegratedGradients.Rule.RIEMANN) return integratedGradients(doc, target, baseline, points);
        throw new UnsupportedOperationException(name() + " computes integrated gradients by the Riemann sum only");
    }

    /**
     * Output distributions for token-id sequences, as they are (no truncation), batched. An empty
     * sequence gets softmax(bias).
     *
     * @param batchSize rows per forward pass
     */
    List<double[]> outputs(List<int[]> idSequences, int batchSize);

    /**
     * Leave-one-out outputs: for each token j, the output of the document with token j deleted (the
     * sequence one shorter). This default re-runs {@link #outputs} on every variant; a model
     * family that can reuse the document's own states overrides it (the BiLSTM does).
     */
    default List<double[]> leaveOneOutOutputs(EncodedDocument doc) {
        int[] ids = doc.ids();
        List<int[]> variants = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int[] v = new int[ids.length - 1];
            System.arraycopy(ids, 0, v, 0, i);
            System.arraycopy(ids, i + 1, v, i, ids.length - i - 1);
            variants.add(v);
        }
        return outputs(variants, SaliencyCalculator.batchSize(ids.length));
    }

    /**
     * Occlusion outputs: for each token j, the output of the document with token j replaced by
     * vocabulary id {@code replacementId}. This default re-runs {@link #outputs} on every variant.
     */
    default List<double[]> occlusionOutputs(EncodedDocument doc, int replacementId) {
        int[] ids = doc.ids();
        List<int[]> variants = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int[] v = ids.clone();
            v[i] = replacementId;
            variants.add(v);
        }
        return outputs(variants, SaliencyCalculator.batchSize(ids.length));
    }

    /**
     * Output distributions of sub-sequences of a document: for each entry of {@code kept}, the
     * document reduced to the tokens at those positions (ascending), the others deleted, as
     * {@link #outputs} gives them (an empty entry gets softmax(bias)). The perturbation methods
     * (LIME, KernelSHAP) ask for hundreds of these; this default builds the id sequences and runs
     * {@link #outputs}; a model family with a cheaper exact path overrides it.
     */
    default List<double[]> subsequenceOutputs(EncodedDocument doc, List<int[]> kept) {
        int[] ids = doc.ids();
        List<int[]> variants = new ArrayList<>(kept.size());
        for (int[] positions : kept) {
            int[] v = new int[positions.length];
            for (int j = 0; j < v.length; j++) v[j] = ids[positions[j]];
            variants.add(v);
        }
        return outputs(variants, SaliencyCalculator.batchSize(ids.length));
    }

    /** Attention and contributions of many (short) token-id sequences, batched. */
    List<Readout> readouts(List<int[]> idSequences);

    /** The vocabulary ids of tokens as this model reads them (unknown words are its UNK id). */
    int[] ids(List<String> tokens);

    /**
     * How far along the text an encoded vector h_i sees, which lets erasure-based saliency take
     * exact shortcuts: none for a context-free encoder, a radius for a convolution, the whole
     * sequence for a recurrent one.
     */
    EncoderReach reach();

    /**
     * The two levels of a document this model encoded, for a hierarchical model whose
     * {@link #encode} gives the sentence level (its tokens are sentences, its attention beta): the
     * sentences' tokens and word attention beside that document. Null for a flat model (this
     * default), and for a document whose word level the model no longer holds. Never runs the
     * model, so a view may call it on the FX thread.
     */
    default HierarchicalDocument hierarchy(EncodedDocument doc) {
        return null;
    }
}
