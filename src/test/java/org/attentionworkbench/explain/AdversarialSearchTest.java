package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 5, the published search: analytic gradients, seeds, the epsilon-max report. */
class AdversarialSearchTest {

    private static void checkGradient(EncodedDocument doc, int k, AdversarialSearch.Settings s, long seed) {
        int n = doc.size();
        SplittableRandom r = new SplittableRandom(seed);
        double[][] theta = new double[k][n];
        for (double[] row : theta) for (int i = 0; i < n; i++) row[i] = 1.5 * r.nextGaussian();
        double[] alpha = doc.attention(), y = doc.probabilities();
        double[][] grad = new double[k][n];
        AdversarialSearch.objective(doc, alpha, y, theta, s, grad);
        double h = 1e-6;
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                double keep = theta[c][i];
                theta[c][i] = keep + h;
                double up = AdversarialSearch.objective(doc, alpha, y, theta, s, null);
                theta[c][i] = keep - h;
                double down = AdversarialSearch.objective(doc, alpha, y, theta, s, null);
                theta[c][i] = keep;
                double fd = (up - down) / (2 * h);
                assertEquals(fd, grad[c][i], 1e-6 * Math.max(1, Math.abs(fd)),
                        "K=" + k + " C=" + doc.numClasses() + " cand " + c + " token " + i);
            }
        }
    }

    @Test
    void analyticGradientMatchesCentralDifferences() {
        for (AdversarialSearch.Variant variant : AdversarialSearch.Variant.values()) {
            AdversarialSearch.Settings active = new AdversarialSearch.Settings(3, 0, 0.01, 3, 0.0, 500, 0.05, 1, variant);
            AdversarialSearch.Settings inactive = new AdversarialSearch.Settings(3, 0, 0.01, 3, 2.0, 500, 0.05, 1, variant);
            for (int classes : new int[] {2, 3, 5}) {
                for (long seed = 0; seed < 4; seed++) {
                    EncodedDocument doc = TestDocs.random(7, classes, 40 + seed);
                    for (int k : new int[] {1, 2, 4}) {
                        checkGradient(doc, k, active, seed);   // penalty term on (TVD > 0)
                        checkGradient(doc, k, inactive, seed); // penalty term off (TVD < 2)
                    }
                }
            }
        }
    }

    /** The objective of docs/methods.md section 5 by brute force: every (k, l) pair, weight 1/weightDivisor. */
    private static double bruteForceObjective(EncodedDocument doc, double[][] theta, boolean diagonal) {
        int k = theta.length;
        double[][] a = new double[k][];
        for (int c = 0; c < k; c++) a[c] = EncodedDocument.softmax(theta[c]);
        double value = 0;
        for (int c = 0; c < k; c++) {
            value += -Divergences.jsd(a[c], doc.attention())
                    + 500 * Math.max(0, Divergences.tvd(doc.decode(a[c]), doc.probabilities()) - 0.01);
        }
        double pairs = 0;
        int count = 0;
        for (int c = 0; c < k; c++) {
            for (int l = 0; l < k; l++) {
                if (c == l && !diagonal) continue;
                pairs += Divergences.jsd(a[c], a[l]); // the diagonal terms are JSD(a, a) = 0, but counted
                count++;
            }
        }
        return value - (count == 0 ? 0 : pairs / count);
    }

    @Test
    void objectiveIsTheDefinition() {
        for (int k : new int[] {2, 3, 5}) {
            EncodedDocument doc = TestDocs.random(6, 3, 5);
            SplittableRandom r = new SplittableRandom(3 + k);
            double[][] theta = new double[k][6];
            for (double[] row : theta) for (int i = 0; i < 6; i++) row[i] = r.nextGaussian();
            AdversarialSearch.Settings ours = new AdversarialSearch.Settings(k, 0, 0.01, 3, 0.01, 500, 0.05, 1,
                    AdversarialSearch.Variant.OURS);
            AdversarialSearch.Settings published = ours.withVariant(AdversarialSearch.Variant.PUBLISHED);
            // ours: the mean over the K(K-1) ordered pairs of distinct candidates
            assertEquals(bruteForceObjective(doc, theta, false),
                    AdversarialSearch.objective(doc, doc.attention(), doc.probabilities(), theta, ours, null), 1e-12);
            // the authors' code, cross_jsd.sum(0).mean(): the mean over all K^2 pairs, diagonal included
            double expected = bruteForceObjective(doc, theta, true);
            assertEquals(expected,
                    AdversarialSearch.objective(doc, doc.attention(), doc.probabilities(), theta, published, null), 1e-12);
            // and its gradient, against central differences of the brute-force objective itself
            double[][] grad = new double[k][6];
            AdversarialSearch.objective(doc, doc.attention(), doc.probabilities(), theta, published, grad);
            double h = 1e-6;
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < 6; i++) {
                    double keep = theta[c][i];
                    theta[c][i] = keep + h;
                    double up = bruteForceObjective(doc, theta, true);
                    theta[c][i] = keep - h;
                    double down = bruteForceObjective(doc, theta, true);
                    theta[c][i] = keep;
                    double fd = (up - down) / (2 * h);
                    assertEquals(fd, grad[c][i], 1e-6 * Math.max(1, Math.abs(fd)), "K=" + k + " cand " + c + " token " + i);
                }
            }
        }
    }

    @Test
    void publishedIsTheDefault() {
        assertEquals(AdversarialSearch.Variant.PUBLISHED, AdversarialSearch.Settings.defaults(1).variant());
        assertEquals(AdversarialSearch.Variant.PUBLISHED, ExplainSettings.defaults().adversarialVariant());
        assertEquals(AdversarialSearch.Variant.OURS, AdversarialSearch.Variant.parse(" Ours "));
        assertTrue(AdversarialSearch.Variant.PUBLISHED.amsgrad());
        assertTrue(!AdversarialSearch.Variant.OURS.amsgrad());
    }

    /**
     * PyTorch's Adam step by hand on one coordinate: m and v moving averages, bias corrections,
     * and for AMSGrad the running maximum of v in the denominator.
     */
    private static double[] reference(double[] grads, double lr, boolean amsgrad) {
        double theta = 0.5;
        double m = 0;
        double v = 0;
        double vMax = 0;
        double[] out = new double[grads.length];
        for (int t = 1; t <= grads.length; t++) {
            double g = grads[t - 1];
            m = 0.9 * m + 0.1 * g;
            v = 0.999 * v + 0.001 * g * g;
            vMax = Math.max(vMax, v);
            double mHat = m / (1 - Math.pow(0.9, t));
            double vHat = (amsgrad ? vMax : v) / (1 - Math.pow(0.999, t));
            theta -= lr * mHat / (Math.sqrt(vHat) + 1e-8);
            out[t - 1] = theta;
        }
        return out;
    }

    @Test
    void amsgradDividesByTheRunningMaximumOfTheSecondMoment() {
        // a large gradient, then small ones: v decays, v_max stays at its peak
        double[] grads = {4.0, 0.1, -0.2, 0.05, 0.3, -0.01, 0.02, 0.5};
        for (boolean amsgrad : new boolean[] {true, false}) {
            Adam adam = new Adam(1, 1, 0.01, amsgrad);
            double[][] theta = {{0.5}};
            double[] expected = reference(grads, 0.01, amsgrad);
            for (int t = 0; t < grads.length; t++) {
                adam.step(theta, new double[][] {{grads[t]}});
                assertEquals(expected[t], theta[0][0], 1e-15, "amsgrad " + amsgrad + " step " + (t + 1));
            }
        }
        // v_max = max of v: after the first step v only decays here, so the steps must differ
        double[] a = reference(grads, 0.01, true);
        double[] p = reference(grads, 0.01, false);
        int smaller = 0;
        for (int t = 1; t < grads.length; t++) {
            double stepA = Math.abs(a[t] - a[t - 1]);
            double stepP = Math.abs(p[t] - p[t - 1]);
            assertTrue(stepA <= stepP, "AMSGrad's step " + (t + 1) + " is no larger: " + stepA + " vs " + stepP);
            if (stepA < stepP) smaller++;
        }
        assertTrue(smaller > 0, "where v fell below its maximum, AMSGrad stepped less");
        // hand value of the second AMSGrad step: v_1 = 0.016, v_2 = 0.015994 + 0.00001 < v_1
        double v1 = 0.001 * 16;
        double theta1 = 0.5 - 0.01 * (0.4 / 0.1) / (Math.sqrt(v1 / 0.001) + 1e-8);
        double m2 = 0.9 * 0.4 + 0.1 * 0.1;
        double theta2 = theta1 - 0.01 * (m2 / (1 - 0.81)) / (Math.sqrt(v1 / (1 - 0.999 * 0.999)) + 1e-8);
        assertEquals(theta2, a[1], 1e-15);
    }

    @Test
    void sameSeedSameCandidates() {
        EncodedDocument doc = TestDocs.random(15, 2, 8);
        AdversarialSearch.Settings s = AdversarialSearch.Settings.defaults(17).withSteps(50);
        AdversarialSearch.Result a = new AdversarialSearch(s).search(doc);
        AdversarialSearch.Result b = new AdversarialSearch(s).search(doc);
        for (int c = 0; c < 5; c++) {
            assertArrayEquals(a.candidates().get(c).attention(), b.candidates().get(c).attention(), 0);
        }
        AdversarialSearch.Result other = new AdversarialSearch(AdversarialSearch.Settings.defaults(18).withSteps(50)).search(doc);
        assertTrue(a.candidates().get(0).attention()[0] != other.candidates().get(0).attention()[0]);
    }

    @Test
    void searchLowersTheObjectiveAndReportsTheEpsilonMax() {
        for (int classes : new int[] {2, 4}) {
            EncodedDocument doc = TestDocs.random(20, classes, 60 + classes, 2, 2);
            AdversarialSearch.Settings s = AdversarialSearch.Settings.defaults(3);
            AdversarialSearch.Result start = new AdversarialSearch(s.withSteps(0)).search(doc);
            AdversarialSearch.Result end = new AdversarialSearch(s).search(doc);
            assertTrue(end.objective() < start.objective() - 0.1, start.objective() + " -> " + end.objective());
            double best = 0;
            int bestIndex = -1;
            for (int c = 0; c < end.candidates().size(); c++) {
                AdversarialSearch.Candidate cand = end.candidates().get(c);
                double[] a = cand.attention();
                assertEquals(1, Vectors.sum(a), 1e-12);
                assertEquals(Divergences.jsd(a, doc.attention()), cand.jsdToAlpha(), 1e-15);
                assertEquals(Divergences.tvd(doc.decode(a), doc.probabilities()), cand.tvd(), 1e-15);
                if (cand.tvd() <= 0.05 && cand.jsdToAlpha() > best) {
                    best = cand.jsdToAlpha();
                    bestIndex = c;
                }
            }
            assertEquals(best, end.epsilonMaxJsd(), 0);
            assertEquals(bestIndex, end.epsilonMaxIndex());
            double[] expectedAttention = bestIndex < 0 ? doc.attention() : end.candidates().get(bestIndex).attention();
            assertArrayEquals(expectedAttention, end.epsilonMaxAttention(), 0);
            assertTrue(end.epsilonMaxJsd() > 0.1, "the search finds distant attention keeping the output: " + end.epsilonMaxJsd());
        }
    }

    @Test
    void alphaItselfIsTheFallback() {
        // One candidate and no steps: a random start far from alpha whose output moves too much
        // (epsilon 0) is rejected, and alpha (JSD 0) is the epsilon-max.
        EncodedDocument doc = TestDocs.random(10, 3, 12, 4, 1);
        AdversarialSearch.Settings s = new AdversarialSearch.Settings(1, 0, 0.01, 3, 0.01, 500, 0.0, 4);
        AdversarialSearch.Result r = new AdversarialSearch(s).search(doc);
        assertTrue(r.candidates().get(0).tvd() > 0);
        assertEquals(-1, r.epsilonMaxIndex());
        assertEquals(0, r.epsilonMaxJsd(), 0);
        assertArrayEquals(doc.attention(), r.epsilonMaxAttention(), 0);
    }

    @Test
    void givenStartsAreUsedFirst() {
        EncodedDocument doc = TestDocs.random(6, 2, 13);
        double[] start = {0, 0, 1, 0, 0, 0};
        AdversarialSearch.Settings s = AdversarialSearch.Settings.defaults(1).withSteps(0);
        AdversarialSearch.Result r = new AdversarialSearch(s).search(doc, List.of(start));
        assertEquals(5, r.candidates().size());
        assertArrayEquals(start, r.candidates().get(0).attention(), 1e-10);
        assertEquals(6, new AdversarialSearch(s).search(doc, java.util.Collections.nCopies(6, start)).candidates().size());
    }
}
