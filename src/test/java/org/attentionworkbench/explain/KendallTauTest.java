package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** docs/methods.md section 4: tau-b with ties and the asymptotic p-value, as scipy computes them. */
class KendallTauTest {

    @Test
    void scipyExampleWithTiesHandWorked() {
        // x = [12,2,1,12,2], y = [1,4,7,1,0]. Of the 10 pairs: concordant (0,4),(3,4); discordant
        // (0,1),(0,2),(1,2),(1,3),(2,3),(2,4); (0,3) tied in both; (1,4) tied in x only.
        // C = 2, D = 6; x tie groups {12,12},{2,2}: n1 = 2; y: {1,1}: n2 = 1.
        // tau = -4 / sqrt(8 * 9) = -0.4714045207910317.
        // var = (300 - 36 - 18)/18 + (4 * 2)/(2 * 20) + 0 = 13.8666..., z = -4 / sqrt(var).
        KendallTau.Result r = KendallTau.compute(new double[] {12, 2, 1, 12, 2}, new double[] {1, 4, 7, 1, 0});
        assertEquals(2, r.concordant());
        assertEquals(6, r.discordant());
        assertEquals(-4 / Math.sqrt(72), r.tau(), 1e-15);
        assertEquals(-4 / Math.sqrt(246.0 / 18 + 0.2), r.z(), 1e-14);
        assertEquals(-0.47140452079103173, r.tau(), 1e-15); // scipy
        assertEquals(0.2827454599327748, r.pValue(), 1e-13); // scipy
        assertFalse(r.significant());
    }

    @Test
    void tripleTiesExerciseTheThirdVarianceTerm() {
        // x = y = [1,1,1,2]: C = 3 (each of the tied three against the 2), D = 0, n1 = n2 = 3,
        // tau = 3 / sqrt(3 * 3) = 1. var: m = 12, (12*13 - 66 - 66)/18 = 4/3; 2*3*3/12 = 1.5;
        // v2: (3*2*1)^2 / (9 * 12 * 2) = 1/6; var = 3, z = sqrt 3, p = erfc(sqrt(1.5)).
        KendallTau.Result r = KendallTau.compute(new double[] {1, 1, 1, 2}, new double[] {1, 1, 1, 2});
        assertEquals(1, r.tau(), 1e-15);
        assertEquals(Math.sqrt(3), r.z(), 1e-14);
        assertEquals(0.0832645166635504, r.pValue(), 1e-14); // scipy 1.17.1 and math.erfc agree
    }

    @Test
    void heavilyTiedScipyRegression() {
        double[] x = {2, 3, 0, 3, 1, 2, 2, 1, 3, 0, 1, 1, 2, 1, 0, 0, 0, 0, 0, 3, 0, 2, 3, 0, 1, 1, 1, 3, 0, 3, 3, 3, 0, 1, 2, 1, 2, 2, 2, 0};
        double[] y = {4, 2, 4, 1, 1, 4, 0, 0, 1, 3, 0, 4, 1, 1, 2, 4, 4, 4, 1, 0, 3, 3, 3, 0, 0, 2, 1, 2, 4, 1, 2, 1, 1, 4, 0, 1, 0, 0, 1, 3};
        KendallTau.Result r = KendallTau.compute(x, y);
        // scipy.stats.kendalltau(x, y, method='asymptotic'), scipy 1.17.1
        assertEquals(-0.23302686177705334, r.tau(), 1e-14);
        assertEquals(0.07741088588978574, r.pValue(), 1e-12);
    }

    @Test
    void noTiesPerfectAndReversedOrders() {
        double[] up = {1, 2, 3, 4, 5, 6, 7, 8, 9, 10};
        double[] down = {10, 9, 8, 7, 6, 5, 4, 3, 2, 1};
        assertEquals(1, KendallTau.compute(up, up).tau(), 0);
        assertEquals(-1, KendallTau.compute(up, down).tau(), 0);
        // scipy: x = 0..9, y = [0,1,3,2,4,6,5,7,9,8] -> tau = 0.8666..., p = 0.00048616407497926886
        KendallTau.Result r = KendallTau.compute(new double[] {0, 1, 2, 3, 4, 5, 6, 7, 8, 9},
                new double[] {0, 1, 3, 2, 4, 6, 5, 7, 9, 8});
        assertEquals(39.0 / 45, r.tau(), 1e-15); // 3 discordant of 45 pairs: (42 - 3)/45
        assertEquals(0.00048616407497926886, r.pValue(), 1e-15);
        assertTrue(r.significant());
    }

    @Test
    void undefinedCasesAreNaN() {
        assertTrue(Double.isNaN(KendallTau.compute(new double[] {}, new double[] {}).tau()));
        assertTrue(Double.isNaN(KendallTau.compute(new double[] {1}, new double[] {2}).pValue()));
        KendallTau.Result constant = KendallTau.compute(new double[] {3, 3, 3}, new double[] {1, 2, 3});
        assertTrue(Double.isNaN(constant.tau()) && Double.isNaN(constant.pValue()));
        assertFalse(constant.significant());
        // n = 2 is defined: the v2 term 0/0 is taken as 0. var = 2*9/18 = 1, z = 1.
        KendallTau.Result two = KendallTau.compute(new double[] {1, 2}, new double[] {5, 7});
        assertEquals(1, two.tau(), 0);
        assertEquals(Erfc.erfc(1 / Math.sqrt(2)), two.pValue(), 1e-15);
    }

    @Test
    void symmetricAndInvariantUnderMonotoneTransforms() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(4);
        for (int t = 0; t < 50; t++) {
            int n = 3 + r.nextInt(40);
            double[] x = new double[n], y = new double[n], ex = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(6);
                y[i] = r.nextGaussian();
                ex[i] = Math.exp(x[i]);
            }
            KendallTau.Result a = KendallTau.compute(x, y), b = KendallTau.compute(y, x), c = KendallTau.compute(ex, y);
            assertEquals(a.tau(), b.tau(), 1e-15);
            assertEquals(a.pValue(), b.pValue(), 1e-15);
            assertEquals(a.tau(), c.tau(), 0);
        }
    }

    /** Knight's O(n log n) count equals counting every pair, on random vectors with many ties. */
    @org.junit.jupiter.api.Test
    void fastPairCountEqualsThePairByPairCount() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int trial = 0; trial < 300; trial++) {
            int n = 1 + r.nextInt(60);
            int levels = 1 + r.nextInt(8);
            double[] x = new double[n];
            double[] y = new double[n];
            for (int i = 0; i < n; i++) {
                x[i] = r.nextInt(levels) * (r.nextBoolean() ? 1 : -1);
                y[i] = trial % 3 == 0 ? r.nextDouble() : r.nextInt(levels);
            }
            long c = 0;
            long d = 0;
            for (int i = 0; i < n; i++) {
                for (int j = i + 1; j < n; j++) {
                    int s = Double.compare(x[i], x[j]) * Double.compare(y[i], y[j]);
                    if (s > 0) c++;
                    else if (s < 0) d++;
                }
            }
            long[] fast = KendallTau.concordantDiscordant(x, y);
            org.junit.jupiter.api.Assertions.assertEquals(c, fast[0], "concordant, trial " + trial);
            org.junit.jupiter.api.Assertions.assertEquals(d, fast[1], "discordant, trial " + trial);
        }
    }
}
