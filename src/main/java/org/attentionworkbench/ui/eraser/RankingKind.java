package org.attentionworkbench.ui.eraser;

/**
 * The token orders "erase the top k" can follow (docs/methods.md section 6): the literature's four
 * rankings plus the exact minimal-flip oracle.
 */
public enum RankingKind {
    /** Attention alpha, descending. */
    ATTENTION("attention"),
    /** One seeded uniform shuffle (the first of the explanation's random runs). */
    RANDOM("random (seeded)"),
    /** The decision gradient dd/dalpha, descending (signed). */
    GRADIENT("dd/d\u03b1"),
    /** dd/dalpha * alpha, descending (signed). */
    GRADIENT_X_ATTENTION("dd/d\u03b1 \u00d7 \u03b1"),
    /** The exact minimal flip set first, then the rest of the winning rival's greedy order. */
    ORACLE("oracle (minimal flip)");

    private final String label;

    RankingKind(String label) {
        this.label = label;
    }

    /** The name shown to users. */
    public String label() {
        return label;
    }

    @Override
    public String toString() {
        return label; // ComboBox cells show toString()
    }
}
