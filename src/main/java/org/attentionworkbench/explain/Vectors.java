package org.attentionworkbench.explain;

/** Small array helpers shared inside the package. */
final class Vectors {

    private Vectors() {
    }

    /**
     * argmax with the lowest index winning ties: the rule of {@code EncodedDocument.predicted()},
     * so that "the decision flipped" means the same thing everywhere.
     */
    static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    static double max(double[] v) {
        double m = Double.NEGATIVE_INFINITY;
        for (double x : v) m = Math.max(m, x);
        return m;
    }

    static double sum(double[] v) {
        double s = 0;
        for (double x : v) s += x;
        return s;
    }

    /** Median; the mean of the two middle values for an even count; NaN when empty. */
    static double median(double[] values) {
        if (values.length == 0) return Double.NaN;
        double[] s = values.clone();
        java.util.Arrays.sort(s);
        int h = s.length / 2;
        return s.length % 2 == 1 ? s[h] : 0.5 * (s[h - 1] + s[h]);
    }
}
