package org.attentionworkbench.text;

import java.util.Locale;

/**
 * How a model's texts become tokens: part of the model's config, so that every path that reads a
 * text for the model (explain, window, audit, evaluate) gives the ids the model was trained on.
 */
public enum Tokenization {
    /** The workbench's own {@link Tokenizer} (every model trained here; a config.json without the field). */
    WORKBENCH,
    /**
     * Jain &amp; Wallace's (2019) preprocessing ({@link JainWallaceTokenizer}): lower case, spaCy-like
     * splitting, any token with a digit becomes {@code qqq}, and the model reads {@code <SOS>} before
     * and {@code <EOS>} after the document, which are never attended to.
     */
    JAIN_WALLACE;

    /** The config and command-line name: {@code workbench} or {@code jain-wallace}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** Parses {@link #id()}, case-insensitively. */
    public static Tokenization parse(String s) {
        for (Tokenization t : values()) {
            if (t.id().equalsIgnoreCase(s.trim())) return t;
        }
        throw new IllegalArgumentException("unknown tokenization '" + s + "' (expected workbench or jain-wallace)");
    }

    /** Whether the model reads a start and an end marker around each document ({@code <SOS>}, {@code <EOS>}). */
    public boolean markers() {
        return this == JAIN_WALLACE;
    }

    /** The tokenizer that splits texts this way. */
    public Tokenizer tokenizer() {
        return this == JAIN_WALLACE ? Tokenizer.jainWallace() : new Tokenizer();
    }
}
