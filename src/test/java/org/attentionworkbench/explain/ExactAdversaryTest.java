package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 5, the exact two-class adversary: certified against dense search. */
class ExactAdversaryTest {

    private static final double EPS = 0.05;

    /** Feasible: the output within epsilon of the original, as the search defines it. */
    private static boolean feasible(EncodedDocument doc, double[] a, double eps) {
        return Divergences.tvd(doc.decode(a), doc.probabilities()) <= eps;
    }

    /** The best JSD among dense samples of the feasible set: interior, edges, 2-faces. */
    private static double denseSearch(EncodedDocument doc, double eps, SplittableRandom r, int samples) {
        int n = doc.size();
        double[] alpha = doc.attention();
        double best = 0;
        for (int t = 0; t < samples; t++) {
            double[] a = TestDocs.dirichlet(n, r);
            if (feasible(doc, a, eps)) best = Math.max(best, Divergences.jsd(a, alpha));
        }
        for (int i = 0; i < n; i++) {
            for (int j = i; j < n; j++) {
                for (int s = 0; s <= 2000; s++) { // edge [e_i, e_j] (a vertex when i = j)
                    double[] a = new double[n];
                    a[i] += s / 2000.0;
                    a[j] += 1 - s / 2000.0;
                    if (feasible(doc, a, eps)) best = Math.max(best, Divergences.jsd(a, alpha));
                }
                for (int k = j + 1; k < n && i < j; k++) { // face (e_i, e_j, e_k)
                    for (int u = 0; u <= 60; u++) {
                        for (int v = 0; u + v <= 60; v++) {
                            double[] a = new double[n];
                            a[i] = u / 60.0;
                            a[j] = v / 60.0;
                            a[k] = 1 - a[i] - a[j];
                            if (feasible(doc, a, eps)) best = Math.max(best, Divergences.jsd(a, alpha));
                        }
                    }
                }
            }
        }
        return best;
    }

    @Test
    void noSampledFeasiblePointBeatsTheCertifiedMaximum() {
        SplittableRandom r = new SplittableRandom(99);
        for (int t = 0; t < 24; t++) {
            int n = 2 + t % 5;
            EncodedDocument doc = TestDocs.random(n, 2, 500 + t, 1 + t % 3, 1.5);
            double eps = t % 4 == 0 ? 0.01 : EPS;
            ExactAdversary.Result exact = ExactAdversary.maximise(doc, eps);
            double[] a = exact.attention();
            assertEquals(1, Vectors.sum(a), 1e-12);
            assertTrue(java.util.Arrays.stream(a).filter(v -> v != 0).count() <= 2, "two-sparse");
            assertEquals(Divergences.jsd(a, doc.attention()), exact.jsd(), 1e-12, "the O(1) JSD is the JSD");
            assertTrue(exact.tvd() <= eps + 1e-9, "within epsilon: " + exact.tvd());
            assertEquals(Divergences.tvd(doc.decode(a), doc.probabilities()), exact.tvd(), 1e-15);
            double sampled = denseSearch(doc, eps, r, 200_000);
            assertTrue(sampled <= exact.jsd() + 1e-9, "instance " + t + ": sampled " + sampled + " > exact " + exact.jsd());
            assertTrue(exact.jsd() - sampled < 0.03, "and it is (nearly) reached by samples: " + sampled + " vs " + exact.jsd());
        }
    }

    @Test
    void unboundedSlabAndEpsilonOneLeaveOnlySimplexVertices() {
        EncodedDocument doc = TestDocs.random(5, 2, 7);
        ExactAdversary.Result r = ExactAdversary.maximise(doc, 1.0);
        assertEquals(Double.NEGATIVE_INFINITY, r.lower());
        assertEquals(Double.POSITIVE_INFINITY, r.upper());
        assertEquals(5, r.verticesExamined());
        double best = 0;
        for (int i = 0; i < 5; i++) {
            double[] e = new double[5];
            e[i] = 1;
            best = Math.max(best, Divergences.jsd(e, doc.attention()));
        }
        assertEquals(best, r.jsd(), 1e-12);

        // p_1 close to 1: the upper side p_1 + eps >= 1 is unbounded, the lower one is not.
        EncodedDocument sure = TestDocs.of(new double[] {0.4, 0.3, 0.2, 0.1},
                new double[][] {{0, 5}, {0, 1}, {0, -2}, {1, 0}}, new double[] {0, 2});
        assertTrue(sure.probabilities()[1] > 0.96);
        ExactAdversary.Result s = ExactAdversary.maximise(sure, EPS);
        assertEquals(Double.POSITIVE_INFINITY, s.upper());
        assertTrue(Double.isFinite(s.lower()));
        assertTrue(s.tvd() <= EPS + 1e-12);
        assertTrue(denseSearch(sure, EPS, new SplittableRandom(1), 50_000) <= s.jsd() + 1e-9);
    }

    @Test
    void neverWorseThanTheGradientSearch() {
        for (long seed = 0; seed < 6; seed++) {
            EncodedDocument doc = TestDocs.random(8 + (int) seed * 3, 2, 700 + seed, 2, 2);
            ExactAdversary.Result exact = ExactAdversary.maximise(doc, EPS);
            AdversarialSearch search = new AdversarialSearch(AdversarialSearch.Settings.defaults(seed));
            AdversarialSearch.Result found = search.search(doc);
            assertTrue(found.epsilonMaxJsd() <= exact.jsd() + 1e-9, found.epsilonMaxJsd() + " > " + exact.jsd());
            // Seeded from the best vertices, the search is still bounded by the certificate.
            List<double[]> starts = ExactAdversary.bestVertices(doc, EPS, 2);
            assertEquals(exact.jsd(), Divergences.jsd(starts.get(0), doc.attention()), 1e-12);
            AdversarialSearch.Result seeded = search.search(doc, starts);
            assertTrue(seeded.epsilonMaxJsd() <= exact.jsd() + 1e-9);
        }
    }

    @Test
    void epsilonZeroKeepsTheOutputExactly() {
        EncodedDocument doc = TestDocs.random(6, 2, 17);
        ExactAdversary.Result r = ExactAdversary.maximise(doc, 0);
        assertEquals(r.lower(), r.upper(), 0);
        assertTrue(r.tvd() < 1e-12, "on the level set of t: " + r.tvd());
        assertTrue(r.jsd() > 0, "and still far from alpha: " + r.jsd());
        assertTrue(r.verticesExamined() <= 15, "each of the 15 edges crosses one level at most once");
    }

    @Test
    void twoClassesOnly() {
        assertThrows(IllegalArgumentException.class, () -> ExactAdversary.maximise(TestDocs.random(4, 3, 1), EPS));
    }
}
