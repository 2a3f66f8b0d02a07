package org.attentionworkbench.model;

import com.fasterxml.jackson.annotation.JsonProperty;
import java.util.List;
import java.util.Objects;

/**
 * The shape of a hierarchical attention network (HAN, docs/methods.md section 10): everything
 * needed to rebuild its parameters. Stored as an archive's config.json with
 * {@code "architecture": "HAN"}; a config.json without that field is a flat {@link ModelConfig}
 * (every archive written before the HAN), so those load unchanged.
 *
 * @param wordEncoder       the encoder of the words within a sentence
 * @param sentenceEncoder   the encoder of the sentence vectors within a document
 * @param vocabSize         embedding rows (PAD and UNK included)
 * @param embeddingDim      embedding width D
 * @param hiddenSize        both levels: BiLSTM units per direction, or CNN filters per kernel width
 * @param kernelWidths      CNN kernel widths (both levels; ignored without a CNN)
 * @param attentionSize     width of both levels' additive attention
 * @param numClasses        C >= 2
 * @param maxLength         training truncation length in tokens
 * @param maxSentences      most sentences read of a document
 * @param maxSentenceLength most tokens of one sentence (a longer one is cut into pieces)
 *
 * <p>Every size has the limits of {@link ModelConfig} (an archive may come from anyone), and the
 * sentence limits at most {@link #MAX_SENTENCES}.
 */
public record HanConfig(LevelEncoder wordEncoder, LevelEncoder sentenceEncoder, int vocabSize, int embeddingDim,
                        int hiddenSize, List<Integer> kernelWidths, int attentionSize, int numClasses, int maxLength,
                        int maxSentences, int maxSentenceLength) {

    /** The value of config.json's {@code architecture} field that marks a HAN. */
    public static final String ARCHITECTURE = "HAN";
    /** Most sentences of a document and tokens of a sentence: the most tokens any text is read to. */
    public static final int MAX_SENTENCES = org.attentionworkbench.text.TokenLimit.MAX_TOKENS;
    /** Default {@link #maxSentences()}: all sentences of the longest IMDB review. */
    public static final int DEFAULT_MAX_SENTENCES = 400;
    /** Default {@link #maxSentenceLength()}: longer than 99% of IMDB's sentences. */
    public static final int DEFAULT_MAX_SENTENCE_LENGTH = 100;

    public HanConfig {
        Objects.requireNonNull(wordEncoder, "wordEncoder");
        Objects.requireNonNull(sentenceEncoder, "sentenceEncoder");
        kernelWidths = List.copyOf(kernelWidths);
        ModelConfig.within("vocabSize", vocabSize, 2, ModelConfig.MAX_VOCAB_SIZE);
        ModelConfig.within("embeddingDim", embeddingDim, 1, ModelConfig.MAX_WIDTH);
        ModelConfig.within("hiddenSize", hiddenSize, 1, ModelConfig.MAX_WIDTH);
        ModelConfig.within("attentionSize", attentionSize, 1, ModelConfig.MAX_WIDTH);
        ModelConfig.within("numClasses", numClasses, 2, ModelConfig.MAX_CLASSES);
        ModelConfig.within("maxLength", maxLength, 1, ModelConfig.MAX_LENGTH);
        ModelConfig.within("maxSentences", maxSentences, 1, MAX_SENTENCES);
        ModelConfig.within("maxSentenceLength", maxSentenceLength, 1, MAX_SENTENCES);
        boolean cnn = wordEncoder == LevelEncoder.CNN || sentenceEncoder == LevelEncoder.CNN;
        if (cnn && kernelWidths.isEmpty()) throw new IllegalArgumentException("a CNN needs kernel widths");
        if (kernelWidths.size() > ModelConfig.MAX_KERNELS) {
            throw new IllegalArgumentException("kernelWidths has " + kernelWidths.size() + " widths; at most "
                    + ModelConfig.MAX_KERNELS + " are allowed");
        }
        for (int k : kernelWidths) ModelConfig.within("kernel width", k, 1, ModelConfig.MAX_KERNEL_WIDTH);
        // Overflow of any derived size is refused here, before a network is allocated from it.
        Math.multiplyExact(Math.multiplyExact((long) hiddenSize, Math.max(2, kernelWidths.size())), 8L);
    }

    /** Marks config.json as a HAN's (read back by {@link ModelArchive}). */
    @JsonProperty("architecture")
    public String architecture() {
        return ARCHITECTURE;
    }

    /** Width of a word's encoded vector h_ji (and of a sentence vector c_j). */
    public int wordEncodedSize() {
        return encodedSize(wordEncoder, embeddingDim);
    }

    /** Width of a sentence's encoded vector s_j (and of the document vector). */
    public int sentenceEncodedSize() {
        return encodedSize(sentenceEncoder, wordEncodedSize());
    }

    private int encodedSize(LevelEncoder e, int input) {
        return switch (e) {
            case BILSTM -> 2 * hiddenSize;
            case CNN -> hiddenSize * kernelWidths.size();
            case NONE -> input;
        };
    }

    /** The card's encoder name, e.g. {@code han(bilstm/bilstm)}: word encoder / sentence encoder. */
    public String describe() {
        return "han(" + wordEncoder.id() + "/" + sentenceEncoder.id() + ")";
    }
}
