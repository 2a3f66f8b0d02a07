package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 6 rankings: erase from the top until the decision flips. */
class ErasureRankingTest {

    /** Every prefix re-done with {@link Erasure#erase}, independently of the suffix-sum walk. */
    private static void assertMatchesPrefixErasures(EncodedDocument doc, ErasureRanking.Curve curve) {
        int n = doc.size();
        int[] order = curve.order();
        int c = doc.predicted();
        int firstFlip = -1;
        for (int k = 0; k <= n; k++) {
            Erasure.Result e = Erasure.erase(doc, Arrays.copyOf(order, k));
            assertEquals(e.probabilities()[c], curve.curve()[k], 1e-12, curve.name() + " k=" + k);
            if (firstFlip < 0 && k > 0 && e.flipped()) firstFlip = k;
        }
        assertEquals(firstFlip, curve.flipCount(), curve.name());
        assertEquals(firstFlip > 0 ? (double) firstFlip / n : Double.NaN, curve.fraction(), 0);
        assertEquals(EncodedDocument.softmax(doc.bias())[c], curve.curve()[n], 1e-15, "k = n is the bias alone");
        assertEquals(doc.probabilities()[c], curve.curve()[0], 1e-15);
    }

    @Test
    void standardRankingsAgreeWithExplicitErasure() {
        for (long seed = 0; seed < 40; seed++) {
            int classes = 2 + (int) (seed % 3);
            EncodedDocument doc = TestDocs.random(3 + (int) (seed % 9), classes, 300 + seed);
            double[] saliency = new double[doc.size()];
            for (int i = 0; i < saliency.length; i++) saliency[i] = Math.abs(doc.contribution(i, 0));
            ErasureRanking.Report r = ErasureRanking.standard(doc, seed, Map.of("saliency", saliency));
            assertArrayEquals(TopK.descending(doc.attention()), r.attention().order());
            assertArrayEquals(TopK.descending(AttentionGradient.atOriginal(doc)), r.gradient().order());
            assertArrayEquals(TopK.descending(AttentionGradient.timesAttention(doc)), r.gradientTimesAttention().order());
            assertArrayEquals(TopK.descending(saliency), r.others().get("saliency").order());
            for (ErasureRanking.Curve c : new ErasureRanking.Curve[] {r.attention(), r.gradient(),
                    r.gradientTimesAttention(), r.others().get("saliency")}) {
                assertMatchesPrefixErasures(doc, c);
            }
            for (ErasureRanking.Curve c : r.random().runs()) assertMatchesPrefixErasures(doc, c);
        }
    }

    @Test
    void randomRankingIsSeededAndAveraged() {
        EncodedDocument doc = TestDocs.random(15, 3, 77, 3, 1);
        ErasureRanking.RandomCurve a = ErasureRanking.random(doc, 5, 9), b = ErasureRanking.random(doc, 5, 9);
        assertEquals(5, a.runs().size());
        for (int s = 0; s < 5; s++) assertArrayEquals(a.runs().get(s).order(), b.runs().get(s).order());
        double[] mean = new double[16];
        double fractions = 0;
        int flipped = 0;
        for (ErasureRanking.Curve c : a.runs()) {
            for (int k = 0; k <= 15; k++) mean[k] += c.curve()[k] / 5;
            if (c.flipped()) {
                flipped++;
                fractions += c.fraction();
            }
        }
        assertArrayEquals(mean, a.meanCurve(), 1e-15);
        assertEquals(flipped, a.flippedShuffles());
        assertEquals(flipped == 0 ? Double.NaN : fractions / flipped, a.meanFraction(), 1e-15);
        double[] each = a.fractions(); // each shuffle its own ranking, NaN where it never flips
        assertEquals(5, each.length);
        for (int s = 0; s < 5; s++) {
            ErasureRanking.Curve c = a.runs().get(s);
            assertEquals(c.flipped() ? c.fraction() : Double.NaN, each[s], 0.0);
        }
    }

    @Test
    void neverFlippingAndSingleTokenDocumentsAreFlagged() {
        // Every token and the bias favour class 1: no erasure can flip it.
        EncodedDocument solid = TestDocs.of(new double[] {0.5, 0.3, 0.2},
                new double[][] {{0, 2}, {0, 1}, {-1, 3}}, new double[] {0, 1});
        ErasureRanking.Curve c = ErasureRanking.byScores(solid, "attention", solid.attention());
        assertFalse(c.flipped());
        assertTrue(c.excluded());
        assertTrue(Double.isNaN(c.fraction()));
        assertTrue(ErasureRanking.random(solid, 5, 1).excluded());

        EncodedDocument one = TestDocs.of(new double[] {1}, new double[][] {{3, -1}}, new double[] {0, 0.5});
        ErasureRanking.Curve single = ErasureRanking.byScores(one, "attention", one.attention());
        assertTrue(single.flipped(), "erasing the only token leaves softmax(b), which says class 1");
        assertEquals(1, single.fraction(), 0);
        assertTrue(single.excluded(), "n = 1 is left out of corpus fractions");
    }

    @Test
    void aFlipOnlyAtTheBiasCountsAsN() {
        // Tokens favour class 0; only with every token erased does the bias (class 1) decide.
        EncodedDocument doc = TestDocs.of(new double[] {0.6, 0.4}, new double[][] {{3, 0}, {2, 0}}, new double[] {0, 1});
        ErasureRanking.Curve c = ErasureRanking.byScores(doc, "attention", doc.attention());
        assertEquals(2, c.flipCount());
        assertEquals(1.0, c.fraction(), 0);
        assertFalse(c.excluded());
    }
}
