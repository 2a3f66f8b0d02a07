package org.attentionworkbench.session;

/**
 * The analysis and display settings a session remembers.
 *
 * @param epsilon   output tolerance of the adversaries
 * @param seed      random seed of permutations and searches
 * @param method    the saliency method shown (its id, e.g. "integrated_gradients")
 * @param theme     "light" or "dark"
 * @param scaleMode how the comparison grid scales its attention colours: {@value #PER_PANEL} (each
 *                  panel its own scale, the default) or {@value #SHARED} (one scale for all)
 */
public record SessionSettings(double epsilon, long seed, String method, String theme, String scaleMode,
                              String ranking) {

    /** Scale mode: every attention panel on its own colour scale. */
    public static final String PER_PANEL = "per-panel";
    /** Scale mode: one colour scale for all attention panels, so equal colours mean equal weights. */
    public static final String SHARED = "shared";

    /**
     * A missing or unknown scale mode reads as {@value #PER_PANEL}: files written before the mode
     * was documented hold "panel", and a settings file must never keep the window from opening.
     */
    public SessionSettings {
        if (!SHARED.equals(scaleMode)) scaleMode = PER_PANEL;
        // The eraser's "erase the top k by" ranking, by its enum name; missing (older files): attention.
        if (ranking == null || ranking.isBlank()) ranking = "ATTENTION";
    }

    /** Settings without an eraser ranking (files written before it was saved): attention. */
    public SessionSettings(double epsilon, long seed, String method, String theme, String scaleMode) {
        this(epsilon, seed, method, theme, scaleMode, null);
    }

    /** What a fresh window uses. */
    public static SessionSettings defaults() {
        return new SessionSettings(0.05, 1, "gradient", "light", PER_PANEL);
    }

    /** Whether {@link #scaleMode()} is {@value #SHARED}. */
    public boolean sharedScale() {
        return SHARED.equals(scaleMode);
    }
}
