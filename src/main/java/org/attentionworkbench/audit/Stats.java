package org.attentionworkbench.audit;

import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Descriptive statistics of one column over some rows: NaN values (not computed, never flipped)
 * are left out and counted.
 *
 * @param values the finite values, ascending
 */
public record Stats(double[] values) {

    public Stats {
        values = Arrays.stream(values).filter(Double::isFinite).sorted().toArray();
    }

    public int n() {
        return values.length;
    }

    public double mean() {
        if (values.length == 0) return Double.NaN;
        double s = 0;
        for (double v : values) s += v;
        return s / values.length;
    }

    /** Sample standard deviation (n - 1), NaN below two values. */
    public double sd() {
        if (values.length < 2) return Double.NaN;
        double m = mean();
        double s = 0;
        for (double v : values) s += (v - m) * (v - m);
        return Math.sqrt(s / (values.length - 1));
    }

    /** The q-quantile, linear interpolation between order statistics (numpy's default). */
    public double quantile(double q) {
        if (values.length == 0) return Double.NaN;
        double pos = q * (values.length - 1);
        int lo = (int) Math.floor(pos);
        int hi = Math.min(values.length - 1, lo + 1);
        return values[lo] + (pos - lo) * (values[hi] - values[lo]);
    }

    public double median() {
        return quantile(0.5);
    }

    /** Fraction of values at or below {@code threshold}, NaN when empty. */
    public double fractionAtMost(double threshold) {
        if (values.length == 0) return Double.NaN;
        int k = 0;
        for (double v : values) if (v <= threshold) k++;
        return (double) k / values.length;
    }

    /** n, mean, sd, quartiles, min and max as a JSON-ready map (NaN as null). */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("n", n());
        m.put("mean", num(mean()));
        m.put("sd", num(sd()));
        m.put("q1", num(quantile(0.25)));
        m.put("median", num(median()));
        m.put("q3", num(quantile(0.75)));
        m.put("min", num(values.length == 0 ? Double.NaN : values[0]));
        m.put("max", num(values.length == 0 ? Double.NaN : values[values.length - 1]));
        return m;
    }

    static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
