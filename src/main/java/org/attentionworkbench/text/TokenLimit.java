package org.attentionworkbench.text;

import java.util.List;
import java.util.Locale;

/**
 * The one rule for long texts, the same in every command, the audit and the window: a model reads at
 * most the first {@link #max()} tokens of a text, {@link #MAX_TOKENS} unless a command's
 * {@code --max-tokens} lowers it. Training is the exception: it cuts its documents to the model's own
 * training length ({@code max_length} in the card), a training setting.
 *
 * <p>The default is far above every document of the shipped corpora (the longest IMDB review has
 * about 2,800 tokens), so for them nothing is cut. It is also the most a text can be read: the
 * explanation's memory grows with the length (a BiLSTM's backward pass keeps every step), and at
 * 5,000 tokens a full explanation through the launcher peaks at about 1.7 GB resident, inside the
 * 2 GB the workbench promises for any text. A pasted book is cut, with a note, rather than
 * exhausting memory. Lowering it (e.g. to a model's training length, 400 for the shipped models)
 * reproduces analyses that truncate documents.
 *
 * @param max the most tokens of one text that a model reads, 1 to {@link #MAX_TOKENS}
 */
public record TokenLimit(int max) {

    /** The default, and the most tokens of one text that any command reads. */
    public static final int MAX_TOKENS = 5_000;

    /** The workbench's limit when no {@code --max-tokens} is given. */
    public static final TokenLimit DEFAULT = new TokenLimit(MAX_TOKENS);

    /** @throws IllegalArgumentException outside 1 to {@link #MAX_TOKENS} */
    public TokenLimit {
        if (max < 1 || max > MAX_TOKENS) {
            throw new IllegalArgumentException(String.format(Locale.ROOT,
                    "the token limit must be between 1 and %,d, not %,d", MAX_TOKENS, max));
        }
    }

    /** The tokens a model reads: the first {@link #max()} of {@code tokens}. */
    public List<String> cut(List<String> tokens) {
        return tokens.size() <= max ? tokens : List.copyOf(tokens.subList(0, max));
    }

    /** Whether a text of {@code total} tokens is cut. */
    public boolean cuts(int total) {
        return total > max;
    }

    /**
     * A note for the user when a text of {@code total} tokens is cut, else the empty string:
     * "only the first 5,000 of 12,345 tokens are read (the workbench's limit per text)".
     */
    public String note(int total) {
        return cuts(total) ? String.format(Locale.ROOT, "only the first %,d of %,d tokens are read (%s)", max, total,
                source()) : "";
    }

    /** Where the limit comes from, for notes: the workbench's default or {@code --max-tokens}. */
    public String source() {
        return max == MAX_TOKENS ? "the workbench's limit per text" : "--max-tokens " + max;
    }
}
