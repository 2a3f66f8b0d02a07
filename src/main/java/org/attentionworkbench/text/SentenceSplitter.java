package org.attentionworkbench.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * The sentence rule of the hierarchical models (docs/methods.md section 10), on the tokenizer's
 * tokens, deterministic and linear in the number of tokens:
 * <ol>
 *   <li>A sentence ends after a run of terminators ({@code .}, {@code !}, {@code ?}; "..." and "?!"
 *       are one run) and after any closing quotes or brackets ({@code " ' ) ]}) right behind it,
 *       so {@code he said "no!" then} splits after the closing quote.</li>
 *   <li>A sentence longer than {@code maxLength} tokens is cut into pieces of {@code maxLength}
 *       (no token is dropped: a hostile text without any full stop gives pieces, not one
 *       5,000-token sentence).</li>
 *   <li>At most {@code maxSentences} sentences are read; the tokens after them are not (the
 *       caller says so, as a cut text is said everywhere).</li>
 * </ol>
 * HTML line breaks ({@code <br />}) are white space to the tokenizer, so they do not split by
 * themselves: IMDB's paragraphs nearly always end with a terminator, which does.
 */
public final class SentenceSplitter {

    private static final Set<String> TERMINATORS = Set.of(".", "!", "?");
    private static final Set<String> CLOSERS = Set.of("\"", "'", ")", "]");

    private final int maxLength;
    private final int maxSentences;

    /**
     * @param maxLength    most tokens of one sentence (at least 1)
     * @param maxSentences most sentences read of a document (at least 1)
     */
    public SentenceSplitter(int maxLength, int maxSentences) {
        if (maxLength < 1 || maxSentences < 1) throw new IllegalArgumentException("limits must be positive");
        this.maxLength = maxLength;
        this.maxSentences = maxSentences;
    }

    /**
     * The sentences of a token list as [start, end) positions, in order, each non-empty; they
     * cover the tokens from 0 up to the end of the last sentence read (all of them unless more
     * than {@code maxSentences} sentences were found).
     */
    public List<int[]> split(List<String> tokens) {
        List<int[]> out = new ArrayList<>();
        int n = tokens.size();
        int start = 0;
        int i = 0;
        while (i < n && out.size() < maxSentences) {
            boolean end = false;
            if (TERMINATORS.contains(tokens.get(i))) {
                while (i + 1 < n && TERMINATORS.contains(tokens.get(i + 1))) i++;
                while (i + 1 < n && CLOSERS.contains(tokens.get(i + 1))) i++;
                end = true;
            }
            i++;
            if (end || i == n) {
                cut(start, i, out);
                start = i;
            }
        }
        return out.size() > maxSentences ? new ArrayList<>(out.subList(0, maxSentences)) : out;
    }

    /** Adds [from, to) as pieces of at most maxLength tokens. */
    private void cut(int from, int to, List<int[]> out) {
        for (int s = from; s < to && out.size() < maxSentences; s += maxLength) {
            out.add(new int[] {s, Math.min(to, s + maxLength)});
        }
    }

    /** Tokens read in all: the end of the last sentence. */
    public static int covered(List<int[]> sentences) {
        return sentences.isEmpty() ? 0 : sentences.get(sentences.size() - 1)[1];
    }
}
