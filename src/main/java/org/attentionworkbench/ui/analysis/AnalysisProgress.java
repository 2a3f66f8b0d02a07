package org.attentionworkbench.ui.analysis;

import java.util.Locale;
import org.attentionworkbench.explain.Section;

/**
 * How far the explanation of the current document has got, for a status bar.
 *
 * @param running whether work is under way
 * @param done    sections finished
 * @param total   sections asked for (0 when nothing was asked)
 * @param current the section being computed now, or null when none is
 */
public record AnalysisProgress(boolean running, int done, int total, Section current) {

    /** Nothing asked, nothing running. */
    public static final AnalysisProgress IDLE = new AnalysisProgress(false, 0, 0, null);

    /** Finished sections over asked sections, in [0, 1]; 0 when nothing was asked. */
    public double fraction() {
        return total == 0 ? 0 : (double) done / total;
    }

    /** One line for the status bar, e.g. "explaining: saliency (4/7)"; empty when idle. */
    public String describe() {
        if (running) {
            String what = current == null ? "encoding" : current.id();
            return String.format(Locale.ROOT, "explaining: %s (%d/%d)", what, done, total);
        }
        return total > 0 && done == total ? "explained (" + total + " sections)" : "";
    }
}
