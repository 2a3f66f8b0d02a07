package org.attentionworkbench.audit;

/**
 * Where an audit stands.
 *
 * @param model         the model being audited
 * @param modelNumber   its position, 1-based
 * @param models        number of models
 * @param done          rows finished over the whole audit (earlier runs included)
 * @param total         rows the audit will have
 * @param doneThisRun   rows this run computed
 * @param docsPerSecond rows per second in this run (NaN before the first)
 * @param etaSeconds    estimated seconds to the end (NaN while unknown)
 * @param residentMb    resident memory of the process in MB (NaN where the system does not say)
 */
public record AuditProgress(String model, int modelNumber, int models, int done, int total, int doneThisRun,
                            double docsPerSecond, double etaSeconds, double residentMb) {

    /** Fraction done, 0..1. */
    public double fraction() {
        return total == 0 ? 1 : (double) done / total;
    }

    /** The ETA as h:mm:ss or m:ss, "--:--" while unknown (the command line and the window show it alike). */
    public String etaText() {
        if (!Double.isFinite(etaSeconds)) return "--:--";
        long s = Math.max(0, Math.round(etaSeconds));
        return s >= 3600 ? String.format(java.util.Locale.ROOT, "%d:%02d:%02d", s / 3600, s / 60 % 60, s % 60)
                : String.format(java.util.Locale.ROOT, "%d:%02d", s / 60, s % 60);
    }
}
