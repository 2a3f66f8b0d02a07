package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.model.EncodedDocument;
import org.junit.jupiter.api.Test;

/** METHODS.md section 5, the published search: analytic gradients, seeds, the epsilon-max report. */
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
        AdversarialSearch.Settings active = new AdversarialSearch.Settings(3, 0, 0.01, 3, 0.0, 500, 0.05, 1);
        AdversarialSearch.Settings inactive = new AdversarialSearch.Settings(3, 0, 0.01, 3, 2.0, 500, 0.05, 1);
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

    @Test
    void objectiveIsTheDefinition() {
        EncodedDocument doc = TestDocs.random(6, 3, 5);
        AdversarialSearch.Settings s = new AdversarialSearch.Settings(3, 0, 0.01, 3, 0.01, 500, 0.05, 1);
        SplittableRandom r = new SplittableRandom(3);
        double[][] theta = new double[3][6];
        for (double[] row : theta) for (int i = 0; i < 6; i++) row[i] = r.nextGaussian();
        double[][] a = new double[3][];
        for (int c = 0; c < 3; c++) a[c] = EncodedDocument.softmax(theta[c]);
        double expected = 0;
        for (int c = 0; c < 3; c++) {
            expected += -Divergences.jsd(a[c], doc.attention())
                    + 500 * Math.max(0, Divergences.tvd(doc.decode(a[c]), doc.probabilities()) - 0.01);
        }
        double pairs = 0;
        for (int c = 0; c < 3; c++) for (int l = 0; l < 3; l++) if (c != l) pairs += Divergences.jsd(a[c], a[l]);
        expected -= pairs / 6; // mean over the 6 ordered pairs
        assertEquals(expected, AdversarialSearch.objective(doc, doc.attention(), doc.probabilities(), theta, s, null), 1e-12);
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
