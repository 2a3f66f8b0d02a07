package org.attentionworkbench.model;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * The settings of a hierarchical model beyond the flat {@link TrainingOptions} (whose embedding,
 * hidden, kernel and attention sizes it shares at both levels).
 *
 * @param wordEncoder       encoder of the words within a sentence
 * @param sentenceEncoder   encoder of the sentence vectors
 * @param maxSentences      most sentences read of a document
 * @param maxSentenceLength most tokens of a sentence (a longer one is cut into pieces)
 */
public record HanOptions(LevelEncoder wordEncoder, LevelEncoder sentenceEncoder, int maxSentences,
                         int maxSentenceLength) {

    public HanOptions {
        Objects.requireNonNull(wordEncoder, "wordEncoder");
        Objects.requireNonNull(sentenceEncoder, "sentenceEncoder");
        ModelConfig.within("maxSentences", maxSentences, 1, HanConfig.MAX_SENTENCES);
        ModelConfig.within("maxSentenceLength", maxSentenceLength, 1, HanConfig.MAX_SENTENCES);
    }

    /** The network's config for these settings and the flat ones. */
    HanConfig config(TrainingOptions opt, int vocabSize, int numClasses) {
        return new HanConfig(wordEncoder, sentenceEncoder, vocabSize, opt.embeddingDim(), opt.hiddenSize(),
                opt.kernelWidths(), opt.attentionSize(), numClasses, opt.maxLength(), maxSentences, maxSentenceLength);
    }

    /** The card's training record: {@code opt}'s, with the encoder named "han" and these settings added. */
    Map<String, Object> toMap(TrainingOptions opt) {
        Map<String, Object> m = new LinkedHashMap<>(opt.toMap());
        m.put("encoder", "han");
        m.put("word_encoder", wordEncoder.id());
        m.put("sentence_encoder", sentenceEncoder.id());
        m.put("max_sentences", maxSentences);
        m.put("max_sentence_length", maxSentenceLength);
        return m;
    }
}
