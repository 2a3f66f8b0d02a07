package org.attentionworkbench.model;

import java.util.Locale;

/** The encoders of docs/methods.md section 1, named as on the command line. */
public enum EncoderType {
    /** Bidirectional LSTM, directions concatenated. */
    BILSTM,
    /** 1-D convolutions of several widths, "same" padding, ReLU, masked. */
    CNN,
    /** A per-token Linear + tanh: h_i depends on x_i alone. */
    AVERAGE;

    /** The command-line name, e.g. {@code bilstm}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /**
     * Parses a command-line name, case-insensitively; {@code mlp} is the average encoder (a per-token
     * layer, Wiegreffe &amp; Pinter's MLP).
     */
    public static EncoderType parse(String s) {
        if (s.trim().equalsIgnoreCase("mlp")) return AVERAGE;
        for (EncoderType t : values()) {
            if (t.id().equalsIgnoreCase(s.trim())) return t;
        }
        throw new IllegalArgumentException("unknown encoder '" + s + "' (expected bilstm, cnn, average or mlp)");
    }
}
