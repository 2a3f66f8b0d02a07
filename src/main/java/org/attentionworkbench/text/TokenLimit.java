package org.attentionworkbench.text;

import java.util.List;
import java.util.Locale;

/**
 * The one rule for long texts, the same in every command, the audit and the window: a model reads at
 * most the first {@link #MAX_TOKENS} tokens of a text. Training is the exception: it cuts its
 * documents to the model's own training length ({@code max_length} in the card), a training setting.
 *
 * <p>The limit is far above every document of the shipped corpora (the longest IMDB review has about
 * 2,800 tokens), so for them nothing is cut; it exists so that a pasted book cannot exhaust memory.
 */
public final class TokenLimit {

    /** The most tokens of one text that a model reads. */
    public static final int MAX_TOKENS = 5_000;

    private TokenLimit() {
    }

    /** The tokens a model reads: the first {@link #MAX_TOKENS} of {@code tokens}. */
    public static List<String> cut(List<String> tokens) {
        return tokens.size() <= MAX_TOKENS ? tokens : List.copyOf(tokens.subList(0, MAX_TOKENS));
    }

    /** Whether a text of {@code total} tokens is cut. */
    public static boolean cuts(int total) {
        return total > MAX_TOKENS;
    }

    /**
     * A note for the user when a text of {@code total} tokens is cut, else the empty string:
     * "only the first 5,000 of 12,345 tokens are read (the workbench's limit per text)".
     */
    public static String note(int total) {
        return cuts(total) ? String.format(Locale.ROOT,
                "only the first %,d of %,d tokens are read (the workbench's limit per text)", MAX_TOKENS, total) : "";
    }
}
