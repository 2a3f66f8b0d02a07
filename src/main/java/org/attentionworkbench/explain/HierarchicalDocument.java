package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One document as a hierarchical attention network read it (docs/methods.md section 10): its
 * sentences, the word attention alpha_j within each sentence (each sums to 1), and the sentence
 * level as an {@link EncodedDocument} whose "tokens" are the sentences: beta (sums to 1), the
 * sentence states s_j, z_j = W_o s_j and the decoder bias. Every re-decode tool (erasure,
 * permutation, adversaries, the flip oracle) is exact on that sentence-level document, with beta
 * and the sentence states held fixed. Immutable.
 *
 * @param sentences     the tokens of each sentence read
 * @param wordAttention alpha_j over sentence j's tokens
 * @param sentenceLevel the sentence level: tokens are the sentences' texts, attention is beta
 * @param tokensRead    tokens in the sentences read
 * @param tokensGiven   tokens of the text (more than read when the sentence limit cut it)
 */
public record HierarchicalDocument(List<List<String>> sentences, double[][] wordAttention, EncodedDocument sentenceLevel,
                                   int tokensRead, int tokensGiven) {

    public HierarchicalDocument {
        sentences = sentences.stream().map(List::copyOf).toList();
        if (wordAttention.length != sentences.size() || sentenceLevel.size() != sentences.size()) {
            throw new IllegalArgumentException("sentences, word attention and sentence level disagree");
        }
        double[][] copy = new double[wordAttention.length][];
        for (int j = 0; j < copy.length; j++) {
            if (wordAttention[j].length != sentences.get(j).size()) {
                throw new IllegalArgumentException("sentence " + j + " has " + sentences.get(j).size() + " tokens but "
                        + wordAttention[j].length + " attention weights");
            }
            copy[j] = wordAttention[j].clone();
        }
        wordAttention = copy;
    }

    @Override
    public double[][] wordAttention() {
        double[][] out = new double[wordAttention.length][];
        for (int j = 0; j < out.length; j++) out[j] = wordAttention[j].clone();
        return out;
    }

    /** beta, the sentence attention. */
    public double[] sentenceAttention() {
        return sentenceLevel.attention();
    }

    /** beta_j * alpha_ji per sentence: each token's share of the whole document's attention (sums to 1). */
    public double[][] tokenAttention() {
        double[] beta = sentenceAttention();
        double[][] out = new double[wordAttention.length][];
        for (int j = 0; j < out.length; j++) {
            out[j] = new double[wordAttention[j].length];
            for (int i = 0; i < out[j].length; i++) out[j][i] = beta[j] * wordAttention[j][i];
        }
        return out;
    }

    /** The sentence texts (tokens joined by spaces), the sentence level's "tokens". */
    public List<String> sentenceTexts() {
        return sentenceLevel.tokens();
    }

    /** The model's output distribution. */
    public double[] probabilities() {
        return sentenceLevel.probabilities();
    }

    /** The predicted class. */
    public int predicted() {
        return sentenceLevel.predicted();
    }

    /** For JSON: every sentence with its text, tokens, beta, word attention and product. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        double[] beta = sentenceAttention();
        double[][] product = tokenAttention();
        List<Map<String, Object>> list = new ArrayList<>();
        for (int j = 0; j < sentences.size(); j++) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("index", j);
            s.put("text", sentenceTexts().get(j));
            s.put("tokens", sentences.get(j));
            s.put("sentence_attention", beta[j]);
            s.put("word_attention", wordAttention[j].clone());
            s.put("token_attention", product[j]);
            list.add(s);
        }
        m.put("sentences_read", sentences.size());
        m.put("tokens_read", tokensRead);
        m.put("tokens_given", tokensGiven);
        m.put("sentences", list);
        return m;
    }
}
