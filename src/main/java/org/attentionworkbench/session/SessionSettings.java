package org.attentionworkbench.session;

/**
 * The analysis and display settings a session remembers.
 *
 * @param epsilon   output tolerance of the adversaries
 * @param seed      random seed of permutations and searches
 * @param method    the saliency method shown (its id, e.g. "integrated_gradients")
 * @param theme     "light" or "dark"
 * @param scaleMode how heatmap colours are scaled ("per-document" or "absolute")
 */
public record SessionSettings(double epsilon, long seed, String method, String theme, String scaleMode) {

    /** What a fresh window uses. */
    public static SessionSettings defaults() {
        return new SessionSettings(0.05, 1, "gradient", "light", "per-document");
    }
}
