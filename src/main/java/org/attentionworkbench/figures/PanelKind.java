package org.attentionworkbench.figures;

/** The heatmap panels of the comparison grid, in their default order. */
public enum PanelKind {
    /** The model's own attention alpha. */
    ORIGINAL("Original attention", true),
    /** An attention far from alpha (max JSD) that keeps the output within epsilon. */
    ADVERSARIAL("Adversarial attention", true),
    /** alpha shuffled over the tokens by a seeded permutation. */
    PERMUTED("Permuted attention", true),
    /** A saliency method's token importances (other units than attention). */
    SALIENCY("Saliency", false),
    /** alpha_i = 1/n. */
    UNIFORM("Uniform attention", true);

    private final String title;
    private final boolean attention;

    PanelKind(String title, boolean attention) {
        this.title = title;
        this.attention = attention;
    }

    /** The panel's heading. */
    public String title() {
        return title;
    }

    /** Whether the panel shows an attention distribution (comparable on one shared colour scale). */
    public boolean attention() {
        return attention;
    }

    @Override
    public String toString() {
        return title;
    }
}
