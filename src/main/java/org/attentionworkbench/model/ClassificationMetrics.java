package org.attentionworkbench.model;

/**
 * Accuracy, macro-averaged F1 and the confusion matrix of a set of predictions.
 *
 * @param accuracy  fraction correct
 * @param macroF1   unweighted mean of F1 over the classes that occur, as gold or as prediction (as
 *                  scikit-learn's default: a class the data never touches is not averaged in as 0,
 *                  which made 20 Newsgroups' model score 0.04 on a two-class file it got all right)
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
        double acc = gold.length == 0 ? Double.NaN : (double) correct / gold.length;
        ClassificationMetrics perClass = new ClassificationMetrics(acc, Double.NaN, cm);
        double f1Sum = 0;
        int occurring = 0;
        for (int c = 0; c < classes; c++) {
            double f1 = perClass.f1(c);
            if (Double.isNaN(f1)) continue; // neither gold nor predicted anywhere
            f1Sum += f1;
            occurring++;
        }
        return new ClassificationMetrics(acc, occurring == 0 ? Double.NaN : f1Sum / occurring, cm);
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

    /** F1 of class {@code c}; NaN when it is neither predicted nor present (left out of the macro average). */
    public double f1(int c) {
        int fp = 0;
        for (int[] row : confusion) fp += row[c];
        fp -= confusion[c][c];
        int fn = support(c) - confusion[c][c];
        double denom = 2.0 * confusion[c][c] + fp + fn;
        return denom == 0 ? Double.NaN : 2.0 * confusion[c][c] / denom;
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
