package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** erfc to ~1e-14 relative, across both regimes and the switch at x = 2. */
class ErfcTest {

    /** Reference values from Python's math.erfc (C library, correctly rounded to ~1 ulp). */
    private static final double[][] REFERENCE = {
            {0, 1},
            {1e-5, 0.9999887162083294},
            {0.1, 0.8875370839817152},
            {0.5, 0.4795001221869535},
            {-1.0, 1.842700792949715},
            {1.9999, 0.004679802092970608},
            {2.0, 0.004677734981047265},
            {3.5, 7.430983723414128e-07},
            {5, 1.5374597944280351e-12},
            {7, 4.183825607779414e-23},
            {10, 2.088487583762545e-45},
            {15, 7.212994172451206e-100},
            {26, 5.663192408856143e-296},
    };

    @Test
    void matchesReferenceToTwelveDigits() {
        for (double[] xv : REFERENCE) {
            double got = Erfc.erfc(xv[0]);
            assertEquals(xv[1], got, 1e-13 * xv[1], "erfc(" + xv[0] + ")");
        }
    }

    @Test
    void twoSidedPIsTheNormalTail() {
        assertEquals(0.05, Erfc.twoSidedNormalP(1.959963984540054), 1e-14);
        assertEquals(Erfc.twoSidedNormalP(1.3), Erfc.twoSidedNormalP(-1.3), 0);
        assertEquals(1, Erfc.twoSidedNormalP(0), 0);
    }
}
