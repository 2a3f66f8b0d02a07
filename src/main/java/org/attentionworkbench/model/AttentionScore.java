package org.attentionworkbench.model;

import java.util.Locale;

/**
 * How a learned attention layer scores each encoded vector h_i before the masked softmax
 * (docs/methods.md section 1), the two of Jain &amp; Wallace (2019, {@code --attention tanh|dot}):
 * <ul>
 *   <li>{@link #TANH}: additive (Bahdanau) attention, {@code score_i = v . tanh(W h_i + b)}
 *       (parameters {@code att.W}, {@code att.b}, {@code att.v});</li>
 *   <li>{@link #DOT}: scaled dot product with one learned vector, {@code score_i = (w . h_i) / sqrt(F)},
 *       F the width of h (parameter {@code att.w} [F, 1]; no attention layer, so the config's
 *       attention size is not used).</li>
 * </ul>
 */
public enum AttentionScore {
    /** Additive attention (every model before dot-product attention; a config.json without the field). */
    TANH,
    /** Scaled dot-product attention, Jain &amp; Wallace's {@code DotAttention}. */
    DOT;

    /** The command-line and card name, e.g. {@code dot}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a command-line name, case-insensitively. */
    public static AttentionScore parse(String s) {
        for (AttentionScore a : values()) {
            if (a.id().equalsIgnoreCase(s.trim())) return a;
        }
        throw new IllegalArgumentException("unknown attention score '" + s + "' (expected tanh or dot)");
    }
}
