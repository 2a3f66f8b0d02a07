package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 2: KL, JSD (natural log, bounded by ln 2), TVD. */
class DivergencesTest {

    @Test
    void handWorkedValues() {
        // KL([.5,.5] || [.25,.75]) = .5 ln 2 + .5 ln(2/3)
        assertEquals(0.5 * Math.log(2) + 0.5 * Math.log(2.0 / 3), Divergences.kl(new double[] {.5, .5}, new double[] {.25, .75}), 1e-15);
        // Disjoint supports: m = (.5,.5), each KL is ln 2, so JSD = ln 2 exactly (natural log).
        assertEquals(Math.log(2), Divergences.jsd(new double[] {1, 0}, new double[] {0, 1}), 1e-15);
        // p = (1, 0), q = (.5, .5): m = (.75, .25); KL(p||m) = ln(4/3); KL(q||m) = .5 ln(2/3) + .5 ln 2.
        double expected = 0.5 * Math.log(4.0 / 3) + 0.5 * (0.5 * Math.log(2.0 / 3) + 0.5 * Math.log(2));
        assertEquals(expected, Divergences.jsd(new double[] {1, 0}, new double[] {.5, .5}), 1e-15);
        assertEquals(0.3, Divergences.tvd(new double[] {.2, .5, .3}, new double[] {.5, .2, .3}), 1e-15);
    }

    @Test
    void zerosAreGuarded() {
        assertEquals(0, Divergences.kl(new double[] {0, 1}, new double[] {.5, .5}) - Math.log(2), 1e-15);
        assertEquals(Double.POSITIVE_INFINITY, Divergences.kl(new double[] {.5, .5}, new double[] {0, 1}));
        assertEquals(0, Divergences.jsd(new double[] {0, 0, 1}, new double[] {0, 0, 1}));
    }

    @Test
    void invariantsOnRandomDistributions() {
        SplittableRandom r = new SplittableRandom(1);
        for (int t = 0; t < 2000; t++) {
            int n = 2 + r.nextInt(8);
            double[] p = TestDocs.dirichlet(n, r);
            double[] q = TestDocs.dirichlet(n, r);
            if (t % 3 == 0) p[r.nextInt(n)] = 0; // unnormalised zero entries still must not break it
            double jsd = Divergences.jsd(p, q);
            assertEquals(jsd, Divergences.jsd(q, p), 1e-15, "symmetric");
            assertTrue(jsd >= 0 && jsd <= Math.log(2) + 1e-15, "in [0, ln 2]: " + jsd);
            assertEquals(0, Divergences.jsd(p, p), 1e-15);
            double[] m = new double[n];
            for (int i = 0; i < n; i++) m[i] = (p[i] + q[i]) / 2;
            assertEquals(0.5 * Divergences.kl(p, m) + 0.5 * Divergences.kl(q, m), jsd, 1e-14, "definition");
            double sum = 0;
            for (int i = 0; i < n; i++) sum += Divergences.jsdTerm(p[i], q[i]);
            assertEquals(jsd, sum, 1e-14, "coordinate terms add up");
        }
        for (int t = 0; t < 200; t++) {
            double p1 = r.nextDouble(), q1 = r.nextDouble();
            assertEquals(Math.abs(p1 - q1), Divergences.tvd(new double[] {1 - p1, p1}, new double[] {1 - q1, q1}), 1e-15,
                    "two classes: TVD = |p1 - q1|");
        }
    }
}
