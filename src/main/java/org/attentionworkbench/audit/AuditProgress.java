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
}
