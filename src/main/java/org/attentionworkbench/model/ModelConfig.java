package org.attentionworkbench.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import org.attentionworkbench.text.Tokenization;

/**
 * The shape of an attention classifier: everything needed to rebuild its parameters.
 *
 * @param encoder       which encoder
 * @param vocabSize     number of embedding rows (PAD and UNK included)
 * @param embeddingDim  embedding width D
 * @param hiddenSize    BiLSTM: units per direction; CNN: filters per kernel width; average: width
 * @param kernelWidths  CNN kernel widths (ignored by the other encoders)
 * @param attentionSize width of the additive attention's tanh layer
 * @param numClasses    C >= 2
 * @param maxLength     training truncation length (inspection handles much longer documents)
 * @param attention     where alpha comes from ({@link AttentionSource#LEARNED} for every model before
 *                      the counterfactual twins; a config.json without it is read as learned)
 * @param attentionFrom for {@link AttentionSource#FROZEN}: the file name of the archive whose
 *                      attention is imposed, looked up beside this model's archive; null otherwise
 * @param attentionFromSha256 the SHA-256 of that archive's bytes, so that a retrained base is
 *                      refused rather than silently imposing other attention; null otherwise
 * @param attentionScore how learned attention scores h_i: additive (tanh, every model before dot
 *                      attention; a config.json without it is read as tanh) or scaled dot product
 *                      ({@link AttentionScore}); with dot, {@code attentionSize} is not used
 * @param tokenization  how texts become tokens for this model (the workbench's, or Jain &amp;
 *                      Wallace's with {@code <SOS>}/{@code <EOS>} markers); absent = workbench
 *
 * <p>Every size has an upper limit ({@link #MAX_VOCAB_SIZE}, {@link #MAX_WIDTH}, ...): a config is
 * also read from model archives, which may come from anyone, and the network is allocated from it,
 * so a size no trained model has must be refused before anything is allocated. The limits are far
 * above the shipped models (vocabulary 20,000, widths 100-128, 5 classes).
 */
public record ModelConfig(EncoderType encoder, int vocabSize, int embeddingDim, int hiddenSize,
                          List<Integer> kernelWidths, int attentionSize, int numClasses, int maxLength,
                          AttentionSource attention, String attentionFrom, String attentionFromSha256,
                          AttentionScore attentionScore, Tokenization tokenization) {

    /** Most vocabulary entries (GloVe's largest release has 2.2 million). */
    public static final int MAX_VOCAB_SIZE = 5_000_000;
    /** Most units of any layer: embeddingDim, hiddenSize and attentionSize. */
    public static final int MAX_WIDTH = 8_192;
    /** Most classes: the cap of a labelled file's integer labels (data.LabelIndex). */
    public static final int MAX_CLASSES = 10_000;
    /** Most CNN kernel widths, and the widest kernel. */
    public static final int MAX_KERNELS = 16;
    /** The widest CNN kernel. */
    public static final int MAX_KERNEL_WIDTH = 64;
    /** Longest training truncation length. */
    public static final int MAX_LENGTH = 1_000_000;

    public ModelConfig {
        Objects.requireNonNull(encoder, "encoder");
        if (attention == null) attention = AttentionSource.LEARNED;
        if (attentionScore == null) attentionScore = AttentionScore.TANH;
        if (tokenization == null) tokenization = Tokenization.WORKBENCH;
        if ((attention == AttentionSource.FROZEN) != (attentionFrom != null && attentionFromSha256 != null)) {
            throw new IllegalArgumentException("attentionFrom and attentionFromSha256 are given exactly when the"
                    + " attention is frozen (it is " + attention.id() + ")");
        }
        if (attentionFrom != null && (attentionFrom.isBlank() || attentionFrom.contains("/")
                || attentionFrom.contains("\\") || attentionFrom.startsWith("."))) {
            throw new IllegalArgumentException("attentionFrom must be a plain file name beside the archive, not '"
                    + attentionFrom + "'");
        }
        kernelWidths = List.copyOf(kernelWidths);
        within("vocabSize", vocabSize, 2, MAX_VOCAB_SIZE);
        within("embeddingDim", embeddingDim, 1, MAX_WIDTH);
        within("hiddenSize", hiddenSize, 1, MAX_WIDTH);
        within("attentionSize", attentionSize, 1, MAX_WIDTH);
        within("numClasses", numClasses, 2, MAX_CLASSES);
        within("maxLength", maxLength, 1, MAX_LENGTH);
        if (encoder == EncoderType.CNN && kernelWidths.isEmpty()) {
            throw new IllegalArgumentException("a CNN needs kernel widths");
        }
        if (kernelWidths.size() > MAX_KERNELS) {
            throw new IllegalArgumentException("kernelWidths has " + kernelWidths.size()
                    + " widths; at most " + MAX_KERNELS + " are allowed");
        }
        for (int k : kernelWidths) within("kernel width", k, 1, MAX_KERNEL_WIDTH);
    }

    /** A network that learns its own attention (every model but the counterfactual twins). */
    public ModelConfig(EncoderType encoder, int vocabSize, int embeddingDim, int hiddenSize, List<Integer> kernelWidths,
                       int attentionSize, int numClasses, int maxLength) {
        this(encoder, vocabSize, embeddingDim, hiddenSize, kernelWidths, attentionSize, numClasses, maxLength,
                AttentionSource.LEARNED, null, null);
    }

    /** A network with additive attention and the workbench's tokenization (as every model before dot attention). */
    public ModelConfig(EncoderType encoder, int vocabSize, int embeddingDim, int hiddenSize, List<Integer> kernelWidths,
                       int attentionSize, int numClasses, int maxLength, AttentionSource attention,
                       String attentionFrom, String attentionFromSha256) {
        this(encoder, vocabSize, embeddingDim, hiddenSize, kernelWidths, attentionSize, numClasses, maxLength,
                attention, attentionFrom, attentionFromSha256, AttentionScore.TANH, Tokenization.WORKBENCH);
    }

    /** This shape with another attention source. */
    public ModelConfig withAttention(AttentionSource source, String from, String fromSha256) {
        return new ModelConfig(encoder, vocabSize, embeddingDim, hiddenSize, kernelWidths, attentionSize, numClasses,
                maxLength, source, from, fromSha256, attentionScore, tokenization);
    }

    /** This shape with another attention score (tanh or dot). */
    public ModelConfig withAttentionScore(AttentionScore score) {
        return new ModelConfig(encoder, vocabSize, embeddingDim, hiddenSize, kernelWidths, attentionSize, numClasses,
                maxLength, attention, attentionFrom, attentionFromSha256, score, tokenization);
    }

    /** This shape reading texts another way. */
    public ModelConfig withTokenization(Tokenization t) {
        return new ModelConfig(encoder, vocabSize, embeddingDim, hiddenSize, kernelWidths, attentionSize, numClasses,
                maxLength, attention, attentionFrom, attentionFromSha256, attentionScore, t);
    }

    /**
     * Checks one size against its limits.
     *
     * @throws IllegalArgumentException naming the field, its value and the allowed range
     */
    static void within(String field, long value, long min, long max) {
        if (value < min || value > max) {
            throw new IllegalArgumentException(field + " is " + value + " but must be between " + min
                    + " and " + max);
        }
    }

    /** Default CNN kernel widths, as in Jain &amp; Wallace (2019). */
    public static final List<Integer> DEFAULT_KERNELS = Arrays.asList(1, 3, 5, 7);

    /** Width of the encoded vectors h_i. */
    public int encodedSize() {
        return switch (encoder) {
            case BILSTM -> 2 * hiddenSize;
            case CNN -> hiddenSize * kernelWidths.size();
            case AVERAGE -> hiddenSize;
        };
    }
}
