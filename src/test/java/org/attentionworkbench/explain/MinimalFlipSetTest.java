package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The oracle of docs/methods.md section 6 against brute force over all 2^n erasure sets. */
class MinimalFlipSetTest {

    /** Smallest |S| whose erasure (renormalise, decode, lowest-index argmax) flips; -1 if none. */
    private static int bruteForce(EncodedDocument doc) {
        int n = doc.size();
        int c = doc.predicted();
        double[] alpha = doc.attention();
        int best = -1;
        for (int mask = 1; mask < (1 << n); mask++) {
            int size = Integer.bitCount(mask);
            if (best > 0 && size >= best) continue;
            double kept = 0;
            for (int i = 0; i < n; i++) if ((mask & (1 << i)) == 0) kept += alpha[i];
            double[] a = new double[n];
            if (kept > 0) for (int i = 0; i < n; i++) if ((mask & (1 << i)) == 0) a[i] = alpha[i] / kept;
            if (TestDocs.argmaxLowestIndex(doc.decode(a)) != c) best = size;
        }
        return best;
    }

    private static void check(EncodedDocument doc, String what) {
        MinimalFlipSet.Result r = MinimalFlipSet.find(doc);
        int expected = bruteForce(doc);
        assertEquals(expected > 0, r.flippable(), what);
        if (!r.flippable()) {
            assertEquals(0, r.size(), what);
            assertTrue(Double.isNaN(r.fraction()));
            return;
        }
        assertEquals(expected, r.size(), what);
        assertEquals((double) expected / doc.size(), r.fraction(), 0, what);
        Erasure.Result e = Erasure.erase(doc, r.indices());
        assertTrue(e.flipped(), what + ": erasing the set really flips the decode");
        assertEquals(r.rival(), e.predicted(), what);
        // The oracle ranking starts with the set, and the generic erasure walk agrees on the count.
        assertArrayEquals(r.indices(), java.util.Arrays.copyOf(r.ranking().order(), r.size()));
        assertEquals(r.size(), r.ranking().flipCount(), what);
        assertEquals(doc.size() + 1, r.curve().length);
    }

    @Test
    void equalsBruteForceOnRandomDocuments() {
        SplittableRandom r = new SplittableRandom(2024);
        int flippable = 0, onlyByBias = 0;
        for (int t = 0; t < 400; t++) {
            int n = 1 + r.nextInt(t < 40 ? 12 : 10);
            int classes = t % 2 == 0 ? 2 : 5;
            // Mixed-sign contributions of varying scale, and attention from flat to peaked.
            EncodedDocument doc = TestDocs.random(n, classes, r.nextLong(), 0.5 + 3 * r.nextDouble(), 3 * r.nextDouble());
            check(doc, "instance " + t + " n=" + n + " C=" + classes);
            MinimalFlipSet.Result m = MinimalFlipSet.find(doc);
            if (m.flippable()) flippable++;
            if (m.flippable() && m.size() == n) onlyByBias++;
        }
        assertTrue(flippable > 100, "the instances exercise flips: " + flippable);
        assertTrue(onlyByBias > 0, "and flips that need every token erased: " + onlyByBias);
    }

    @Test
    void equalsBruteForceWithZeroWeights() {
        SplittableRandom r = new SplittableRandom(7);
        for (int t = 0; t < 150; t++) {
            int n = 2 + r.nextInt(8);
            EncodedDocument base = TestDocs.random(n, 2 + r.nextInt(3), r.nextLong());
            double[] alpha = base.attention();
            alpha[r.nextInt(n)] = 0; // an exactly zero weight (e.g. an underflowed softmax)
            if (t % 3 == 0) alpha[r.nextInt(n)] = 0;
            double s = 0;
            for (double v : alpha) s += v;
            if (s == 0) continue;
            for (int i = 0; i < n; i++) alpha[i] /= s;
            double[][] z = new double[n][base.numClasses()];
            for (int i = 0; i < n; i++) for (int c = 0; c < z[i].length; c++) z[i][c] = base.contribution(i, c);
            check(TestDocs.of(alpha, z, base.bias()), "zero-weight instance " + t);
        }
    }

    @Test
    void anExactTieWithALowerIndexedRivalIsAFlip() {
        // c = 1 (L = (0.5, 1.5)). Erasing token 2 leaves weights 2/3, 1/3 and logits (2/3, 2/3):
        // an exact tie, which the lowest-index argmax gives to class 0 -> a flip with one erasure.
        // m_i0 = alpha_i (z_i1 - z_i0) = (0.5, -0.5, 1): removing token 2 leaves a kept sum of 0,
        // and "<= 0" (not "< 0") is the right test for a rival with a lower index.
        EncodedDocument doc = TestDocs.of(new double[] {0.5, 0.25, 0.25},
                new double[][] {{0, 1}, {2, 0}, {0, 4}}, new double[] {0, 0});
        assertEquals(1, doc.predicted());
        MinimalFlipSet.Result r = MinimalFlipSet.find(doc);
        assertArrayEquals(new int[] {2}, r.indices());
        assertEquals(0, r.rival());
        check(doc, "tie, lower rival");
    }

    @Test
    void anExactTieWithAHigherIndexedRivalIsNotAFlip() {
        // The mirror image: c = 0 and the tie after erasing token 2 stays with class 0, so the
        // minimum is 2 ({2, 0} leaves token 1 alone: logits (0, 2)).
        EncodedDocument doc = TestDocs.of(new double[] {0.5, 0.25, 0.25},
                new double[][] {{1, 0}, {0, 2}, {4, 0}}, new double[] {0, 0});
        assertEquals(0, doc.predicted());
        MinimalFlipSet.Result r = MinimalFlipSet.find(doc);
        assertEquals(2, r.size());
        check(doc, "tie, higher rival");
    }

    @Test
    void unflippableDocument() {
        EncodedDocument solid = TestDocs.of(new double[] {0.5, 0.3, 0.2},
                new double[][] {{0, 2}, {0, 1}, {-1, 3}}, new double[] {0, 1});
        MinimalFlipSet.Result r = MinimalFlipSet.find(solid);
        assertFalse(r.flippable());
        assertEquals(-1, r.rival());
        assertEquals(3, r.ranking().order().length);
    }

    @Test
    void theOracleNeverNeedsMoreErasuresThanAnyOtherRanking() {
        for (long seed = 0; seed < 60; seed++) {
            EncodedDocument doc = TestDocs.random(20, 2 + (int) (seed % 4), 900 + seed, 2, 2);
            MinimalFlipSet.Result oracle = MinimalFlipSet.find(doc);
            ErasureRanking.Report rep = ErasureRanking.standard(doc, seed, java.util.Map.of());
            for (ErasureRanking.Curve c : new ErasureRanking.Curve[] {rep.attention(), rep.gradient(), rep.gradientTimesAttention()}) {
                if (c.flipped()) {
                    assertTrue(oracle.flippable() && oracle.size() <= c.flipCount(), c.name() + " seed " + seed);
                }
            }
        }
    }
}
