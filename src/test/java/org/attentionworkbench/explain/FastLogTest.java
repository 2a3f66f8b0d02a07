package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** FastLog against Math.log over the whole range of doubles, and its special values. */
class FastLogTest {

    @Test
    void agreesWithMathLogToAFewUnitsInTheLastPlace() {
        SplittableRandom r = new SplittableRandom(3);
        double worst = 0;
        for (int i = 0; i < 2_000_000; i++) {
            // every binade from 2^-1022 to 2^1023, and the neighbourhood of 1 where log is small
            double x = i % 4 == 0 ? 1 + (r.nextDouble() - 0.5) * 1e-3
                    : Math.scalb(1 + r.nextDouble(), r.nextInt(-1022, 1024));
            double expected = Math.log(x);
            double err = Math.abs(FastLog.log(x) - expected) / Math.max(1, Math.abs(expected));
            worst = Math.max(worst, err);
        }
        assertTrue(worst < 2e-15, "largest relative difference " + worst);
        // every table centre and its cell's edges
        for (int k = 0; k <= 256; k++) {
            for (double x : new double[] {1 + k / 256.0, Math.nextDown(1 + k / 256.0), 1 + (k + 0.5) / 256}) {
                assertEquals(Math.log(x), FastLog.log(x), 1e-15, "x = " + x);
            }
        }
    }

    @Test
    void specialValuesAreMathLogs() {
        assertEquals(Double.NEGATIVE_INFINITY, FastLog.log(0));
        assertEquals(Double.NEGATIVE_INFINITY, FastLog.log(-0.0));
        assertEquals(Double.POSITIVE_INFINITY, FastLog.log(Double.POSITIVE_INFINITY));
        assertTrue(Double.isNaN(FastLog.log(-1)));
        assertTrue(Double.isNaN(FastLog.log(Double.NaN)));
        assertEquals(Math.log(Double.MIN_VALUE), FastLog.log(Double.MIN_VALUE));
        assertEquals(Math.log(Double.MIN_NORMAL), FastLog.log(Double.MIN_NORMAL), 1e-15 * 708);
        assertEquals(Math.log(Double.MAX_VALUE), FastLog.log(Double.MAX_VALUE), 1e-15 * 710);
        assertEquals(0, FastLog.log(1));
    }
}
