package org.attentionworkbench.roar;

/**
 * One point of a ROAR curve (docs/methods.md section 9): a ranking method and a share k of every
 * document's tokens removed in its order.
 *
 * @param method             the ranking: a saliency method's id, {@code attention} or {@code random}
 * @param k                  percent of each document's tokens removed (rounded half up per document)
 * @param removedFraction    tokens removed / tokens, over the test split
 * @param retrainedAccuracy  test accuracy of a model retrained (same settings) on the degraded training data
 * @param inPlaceAccuracy    test accuracy of the original model on the degraded test split (no retraining)
 * @param bestEpoch          the retrained model's best dev epoch
 * @param trainSeconds       wall-clock seconds of the retraining
 * @param retokenised        degraded documents whose text re-tokenises to other tokens than those kept
 */
public record RoarRow(String method, int k, double removedFraction, double retrainedAccuracy, double inPlaceAccuracy,
                      int bestEpoch, double trainSeconds, int retokenised) {

    /** The CSV header, in {@link #csv()}'s order. */
    public static final String HEADER = "method,k,removed_fraction,retrained_accuracy,in_place_accuracy,best_epoch,"
            + "train_seconds,retokenised";

    /** One CSV line (no newline). */
    public String csv() {
        return String.format(java.util.Locale.ROOT, "%s,%d,%.4f,%.4f,%.4f,%d,%.1f,%d", method, k, removedFraction,
                retrainedAccuracy, inPlaceAccuracy, bestEpoch, trainSeconds, retokenised);
    }

    /** Parses a line written by {@link #csv()}. */
    public static RoarRow parse(String line) {
        String[] f = line.split(",", -1);
        if (f.length != 8) throw new IllegalArgumentException("not a ROAR row: " + line);
        return new RoarRow(f[0], Integer.parseInt(f[1]), Double.parseDouble(f[2]), Double.parseDouble(f[3]),
                Double.parseDouble(f[4]), Integer.parseInt(f[5]), Double.parseDouble(f[6]), Integer.parseInt(f[7]));
    }
}
