package org.attentionworkbench.explain;

/** Which adversarial attention the window shows; the engine computes both (exact only for two classes). */
public enum AdversaryKind {
    /** The certified maximum of JSD under the epsilon constraint (ExactAdversary, two classes). */
    EXACT("exact (certified)"),
    /** The published gradient search, its epsilon-max candidate (AdversarialSearch). */
    SEARCH("published search");

    private final String label;

    AdversaryKind(String label) {
        this.label = label;
    }

    @Override
    public String toString() {
        return label;
    }
}
