package org.attentionworkbench.model;

import java.util.Locale;

/**
 * The encoder of one level of a hierarchical attention network (words within a sentence, or
 * sentences within a document), as Serrano &amp; Smith (2019) varied it: a BiLSTM ("rnn"), a CNN
 * ("conv") or none ("noenc": the attention reads the level's inputs themselves).
 */
public enum LevelEncoder {
    /** Bidirectional LSTM, directions concatenated (S&amp;S's rnn). */
    BILSTM,
    /** Convolutions of several widths, "same" padding, ReLU (S&amp;S's conv). */
    CNN,
    /** No encoder: h_i is the input itself (S&amp;S's noenc). */
    NONE;

    /** The command-line name, e.g. {@code bilstm}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name, case-insensitively; S&amp;S's names rnn, conv and noenc are accepted too. */
    public static LevelEncoder parse(String s) {
        String t = s.trim().toLowerCase(Locale.ROOT);
        switch (t) {
            case "rnn", "lstm" -> {
                return BILSTM;
            }
            case "conv" -> {
                return CNN;
            }
            case "noenc" -> {
                return NONE;
            }
            default -> {
                for (LevelEncoder e : values()) if (e.id().equals(t)) return e;
                throw new IllegalArgumentException("unknown level encoder '" + s + "' (expected bilstm, cnn or none)");
            }
        }
    }
}
