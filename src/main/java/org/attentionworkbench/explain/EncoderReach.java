package org.attentionworkbench.explain;

/**
 * How many tokens to either side of position i the encoded vector h_i depends on. Erasure-based
 * saliency (leave-one-out, occlusion, faithfulness) uses it for exact shortcuts: a change at token j
 * changes h_p only where |p - j| &lt;= radius.
 *
 * @param radius 0 for a context-free encoder (h_i a function of token i alone), r for a
 *               convolution whose widest kernel reaches r tokens, {@link Integer#MAX_VALUE} for an
 *               encoder that reads the whole sequence
 */
public record EncoderReach(int radius) {

    /** h_i depends on token i alone (the average encoder). */
    public static final EncoderReach CONTEXT_FREE = new EncoderReach(0);

    /** h_i may depend on every token (a recurrent encoder). */
    public static final EncoderReach WHOLE_SEQUENCE = new EncoderReach(Integer.MAX_VALUE);

    public EncoderReach {
        if (radius < 0) throw new IllegalArgumentException("a reach is at least 0 tokens");
    }

    /** A reach of {@code radius} tokens to either side. */
    public static EncoderReach local(int radius) {
        return new EncoderReach(radius);
    }

    /** Whether h_i depends on token i alone. */
    public boolean contextFree() {
        return radius == 0;
    }

    /** Whether h_i depends on a bounded window of tokens wider than token i itself. */
    public boolean local() {
        return radius > 0 && radius < Integer.MAX_VALUE;
    }
}
