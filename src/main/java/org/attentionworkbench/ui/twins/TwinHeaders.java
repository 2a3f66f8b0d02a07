package org.attentionworkbench.ui.twins;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The words above each heatmap of the Twins tab: name, objective and settings, prediction,
 * test accuracy, and the figures against the base on this document. Pure, so tests read the same
 * sentences the window shows.
 */
public final class TwinHeaders {

    private TwinHeaders() {
    }

    /** The header of one model (base or twin). */
    public static String of(ModelFigures m) {
        List<String> parts = new ArrayList<>();
        parts.add(m.isBase() ? m.name() + " (base)" : m.name());
        if (!m.isBase()) parts.add(m.settings().isEmpty() ? m.objective() : m.objective() + ", " + m.settings());
        parts.add(prediction(m));
        parts.add("test accuracy " + percent(m.accuracy()));
        if (!m.isBase()) parts.add(againstBase(m));
        if (!Double.isNaN(m.impermissibleMass())) parts.add(String.format(Locale.ROOT, "impermissible mass %.3f",
                m.impermissibleMass()));
        return String.join("  \u00b7  ", parts);
    }

    /** The header of the seeds' band. */
    public static String of(SeedBand s) {
        return String.format(Locale.ROOT, "%d seeds (%s \u2026 %s): mean attention, the bar under each word spans "
                        + "its lowest to highest weight across seeds  \u00b7  spread (mean JSD to the mean) %.3f"
                        + "  \u00b7  mean test accuracy %s  \u00b7  mean JSD to the base %.3f",
                s.members().size(), s.members().get(0).name(), s.members().get(s.members().size() - 1).name(),
                s.spread(), percent(s.meanAccuracy()), s.meanJsd());
    }

    /** "JSD 0.123 · TVD 0.045 · tau 0.31" (tau "n/a" where undefined, e.g. uniform attention). */
    public static String againstBase(ModelFigures m) {
        return String.format(Locale.ROOT, "vs base: JSD %.3f  \u00b7  TVD %.3f  \u00b7  tau %s", m.jsd(), m.tvd(),
                Double.isNaN(m.tau()) ? "n/a" : String.format(Locale.ROOT, "%.2f", m.tau()));
    }

    /** "says positive (87%)". */
    public static String prediction(ModelFigures m) {
        return String.format(Locale.ROOT, "says %s (%.0f%%)", m.predictedLabel(), 100 * m.confidence());
    }

    /** "81.2%", or "n/a". */
    public static String percent(double fraction) {
        return Double.isNaN(fraction) ? "n/a" : String.format(Locale.ROOT, "%.1f%%", 100 * fraction);
    }
}
