package org.attentionworkbench.cli;

import java.util.Locale;

/**
 * Refuses a numeric option's nonsense value (negative, zero where meaningless, absurdly large)
 * before any work, in one line naming the option, its allowed range and what it means. Picocli
 * checks only that a value is a number; a value it accepts used to reach the code as an
 * IllegalArgumentException with field names ("steps, permutations and candidates must be
 * positive"), or ran for minutes and ended in OutOfMemoryError.
 */
final class OptionCheck {

    private OptionCheck() {
    }

    /**
     * @param hint what the option means or why the bound is there, said after the range
     * @throws UserException when {@code value} is outside {@code [min, max]}
     */
    static void range(String option, long value, long min, long max, String hint) {
        if (value < min || value > max) {
            throw new UserException(String.format(Locale.ROOT, "%s must be %s, not %d%s", option, bounds(min, max),
                    value, hint.isEmpty() ? "" : " (" + hint + ")"));
        }
    }

    /** {@link #range(String, long, long, long, String)} for a real value; NaN and infinities are refused. */
    static void range(String option, double value, double min, double max, boolean minOpen, String hint) {
        boolean low = minOpen ? value > min : value >= min;
        if (!(low && value <= max)) {
            throw new UserException(String.format(Locale.ROOT, "%s must be %s %s and at most %s, not %s%s", option,
                    minOpen ? "more than" : "at least", plain(min), plain(max), plain(value),
                    hint.isEmpty() ? "" : " (" + hint + ")"));
        }
    }

    private static String bounds(long min, long max) {
        if (max == Long.MAX_VALUE || max == Integer.MAX_VALUE) return "at least " + min;
        return String.format(Locale.ROOT, "from %,d to %,d", min, max);
    }

    private static String plain(double v) {
        if (Double.isNaN(v)) return "NaN";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        return String.valueOf(v);
    }
}
