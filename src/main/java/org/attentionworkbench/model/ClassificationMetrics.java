package org.attentionworkbench.model;

/**
 * Accuracy, macro-averaged F1 and the confusion matrix of a set of predictions.
 *
 * @param accuracy  fraction correct
 * @param macroF1   unweighted mean over classes of F1 (a class never predicted nor present counts 0)
 * @param confusion confusion[gold][predicted] counts
 */
public record ClassificationMetrics(double accuracy, double macroF1, int[][] confusion) {

    /** Computes the metrics for gold and predicted class indices over {@code classes} classes. */
    public static ClassificationMetrics of(int[] gold, int[] predicted, int classes) {
        if (gold.length != predicted.length) throw new IllegalArgumentException("length mismatch");
        int[][] cm = new int[classes][classes];
        int correct = 0;
        for (int i = 0; i < gold.length; i++) {
            cm[gold[i]][predicted[i]]++;
            if (gold[i] == predicted[i]) correct++;
        }
        double f1Sum = 0;
        for (int c = 0; c < classes; c++) {
            int tp = cm[c][c];
            int fp = 0;
            int fn = 0;
            for (int k = 0; k < classes; k++) {
                if (k != c) {
                    fp += cm[k][c];
                    fn += cm[c][k];
                }
            }
            double denom = 2.0 * tp + fp + fn;
            f1Sum += denom == 0 ? 0 : 2.0 * tp / denom;
        }
        double acc = gold.length == 0 ? Double.NaN : (double) correct / gold.length;
        return new ClassificationMetrics(acc, f1Sum / classes, cm);
    }

    /** Of the examples predicted as class {@code c}, the fraction that are {@code c}; NaN when none is. */
    public double precision(int c) {
        int predicted = 0;
        for (int[] row : confusion) predicted += row[c];
        return predicted == 0 ? Double.NaN : (double) confusion[c][c] / predicted;
    }

    /** Of the examples of class {@code c}, the fraction predicted as {@code c}; NaN when there are none. */
    public double recall(int c) {
        int support = support(c);
        return support == 0 ? Double.NaN : (double) confusion[c][c] / support;
    }

    /** F1 of class {@code c}, 0 when it is neither predicted nor present (as in the macro average). */
    public double f1(int c) {
        int fp = 0;
        for (int[] row : confusion) fp += row[c];
        fp -= confusion[c][c];
        int fn = support(c) - confusion[c][c];
        double denom = 2.0 * confusion[c][c] + fp + fn;
        return denom == 0 ? 0 : 2.0 * confusion[c][c] / denom;
    }

    /** Number of examples of class {@code c}. */
    public int support(int c) {
        int n = 0;
        for (int v : confusion[c]) n += v;
        return n;
    }

    /** Number of examples. */
    public int count() {
        int n = 0;
        for (int[] row : confusion) for (int v : row) n += v;
        return n;
    }
}
