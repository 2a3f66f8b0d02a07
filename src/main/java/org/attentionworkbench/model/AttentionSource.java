package org.attentionworkbench.model;

import java.util.Locale;

/**
 * Where a network's attention weights come from, during training and inference alike: the
 * counterfactual models of Wiegreffe &amp; Pinter (2019), docs/methods.md section 8.
 */
public enum AttentionSource {
    /** Additive attention learned with the rest of the network (every model before the twins). */
    LEARNED,
    /** alpha_i = 1/n over the document's tokens: W&amp;P test 1, a model trained without attention. */
    UNIFORM,
    /**
     * alpha imposed by another trained model (its archive named in the config), the rest trained:
     * W&amp;P test 3, e.g. an MLP encoder reading with a BiLSTM's attention.
     */
    FROZEN;

    /** The command-line and card name, e.g. {@code uniform}. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }
}
