package org.attentionworkbench.model;

/**
 * A training progress report.
 *
 * @param epoch             1-based epoch
 * @param epochs            total epochs
 * @param batch             batches done in this epoch
 * @param batches           batches per epoch
 * @param examplesPerSecond recent throughput
 * @param loss              mean training loss over the epoch so far
 * @param devAccuracy       the dev score after the epoch (accuracy; for an adversarial twin its objective's
 *                          negative, see {@link #devMeasure}), NaN inside an epoch
 * @param best              whether this epoch is the best so far (end-of-epoch reports)
 * @param etaSeconds        estimated seconds until training ends
 * @param devMeasure        what the dev score is, in words ("dev accuracy", "dev -(TVD - lambda KL)")
 */
public record TrainingProgress(int epoch, int epochs, int batch, int batches, double examplesPerSecond,
                               double loss, double devAccuracy, boolean best, double etaSeconds,
                               String devMeasure) {

    /** Whether this report closes an epoch. */
    public boolean endOfEpoch() {
        return !Double.isNaN(devAccuracy);
    }
}
