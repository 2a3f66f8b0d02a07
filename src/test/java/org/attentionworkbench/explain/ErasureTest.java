package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashSet;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 6: erase, renormalise, re-decode; the single-weight test. */
class ErasureTest {

    @Test
    void erasingRenormalisesTheKeptWeights() {
        EncodedDocument doc = TestDocs.random(6, 3, 21);
        double[] alpha = doc.attention();
        double kept = 1 - alpha[1] - alpha[4];
        double[] a = new double[6];
        for (int i : new int[] {0, 2, 3, 5}) a[i] = alpha[i] / kept;
        double[] expected = doc.decode(a);
        Erasure.Result r = Erasure.erase(doc, 4, 1, 4);
        assertArrayEquals(new int[] {1, 4}, r.erased());
        assertArrayEquals(expected, r.probabilities(), 1e-15);
        assertEquals(Divergences.jsd(doc.probabilities(), expected), r.jsd(), 1e-15);
        assertEquals(Divergences.tvd(doc.probabilities(), expected), r.tvd(), 1e-15);
        assertEquals(TestDocs.argmaxLowestIndex(expected) != doc.predicted(), r.flipped());
    }

    @Test
    void erasingNothingChangesNothingAndErasingAllLeavesTheBias() {
        EncodedDocument doc = TestDocs.random(5, 4, 22);
        Erasure.Result none = Erasure.erase(doc);
        assertEquals(0, none.tvd(), 1e-15);
        assertTrue(!none.flipped());
        Erasure.Result all = Erasure.erase(doc, 0, 1, 2, 3, 4);
        assertArrayEquals(EncodedDocument.softmax(doc.bias()), all.probabilities(), 1e-15);
        assertEquals(TestDocs.argmaxLowestIndex(doc.bias()) != doc.predicted(), all.flipped());
    }

    @Test
    void singleTokenDocuments() {
        EncodedDocument one = TestDocs.of(new double[] {1}, new double[][] {{3, -1}}, new double[] {0, 0.5});
        assertEquals(Optional.empty(), Erasure.singleWeight(one, 1), "n = 1: the single-weight test is undefined");
        Erasure.Result all = Erasure.erase(one, 0);
        assertArrayEquals(EncodedDocument.softmax(new double[] {0, 0.5}), all.probabilities(), 1e-15);
        assertTrue(all.flipped(), "class 0 with the token, class 1 from the bias alone");
    }

    @Test
    void singleWeightComparesTheTopTokenWithASeededRandomOther() {
        EncodedDocument doc = TestDocs.random(7, 2, 23, 3, 2);
        double[] alpha = doc.attention();
        int top = TestDocs.argmaxLowestIndex(alpha);
        Set<Integer> drawn = new HashSet<>();
        for (long seed = 0; seed < 200; seed++) {
            Erasure.SingleWeight s = Erasure.singleWeight(doc, seed).orElseThrow();
            assertEquals(s, Erasure.singleWeight(doc, seed).orElseThrow(), "same seed, same r");
            assertEquals(top, s.top());
            assertNotEquals(top, s.random());
            drawn.add(s.random());
            Erasure.Result et = Erasure.erase(doc, top), er = Erasure.erase(doc, s.random());
            assertEquals(et.jsd() - er.jsd(), s.deltaJs(), 1e-15);
            assertEquals(alpha[top] - alpha[s.random()], s.deltaAlpha(), 0);
            assertEquals(et.flipped(), s.topFlips());
            assertEquals(er.flipped(), s.randomFlips());
        }
        assertEquals(6, drawn.size(), "every other token can be drawn");
    }

    /**
     * The subtraction shortcut (a few tokens erased: the attended sum minus their share, over the
     * kept mass) gives the literal renormalise-and-decode result to rounding, for 2 and 5 classes,
     * duplicates and unsorted indices; with almost all the mass erased it falls back to the literal path.
     */
    @Test
    void erasingByVectorSubtractionEqualsTheLiteralReDecode() {
        java.util.SplittableRandom r = new java.util.SplittableRandom(11);
        for (int classes : new int[] {2, 5}) {
            for (int trial = 0; trial < 200; trial++) {
                int n = 8 + r.nextInt(400);
                EncodedDocument doc = TestDocs.random(n, classes, 1000L * classes + trial, 3.0, 2.0);
                int k = 1 + r.nextInt(Math.max(1, n / 4));
                int[] idx = new int[k + 1];
                for (int j = 0; j < k; j++) idx[j] = r.nextInt(n);
                idx[k] = idx[0]; // a duplicate
                double[] literal = literal(doc, idx);
                Erasure.Result e = Erasure.erase(doc, idx);
                assertArrayEquals(literal, e.probabilities(), 1e-12, "n " + n + ", k " + k);
                int[] sorted = java.util.Arrays.stream(idx).distinct().sorted().toArray();
                assertArrayEquals(sorted, e.erased());
            }
        }
        // Nearly all the mass on the erased token: kept 1e-5 of it, the literal path decides.
        double[] alpha = new double[40];
        java.util.Arrays.fill(alpha, 1e-5 / 39);
        alpha[7] = 1 - 1e-5;
        double[][] z = new double[40][2];
        for (int i = 0; i < 40; i++) {
            z[i][0] = i == 7 ? 50 : Math.sin(i);
            z[i][1] = i == 7 ? -50 : Math.cos(i);
        }
        EncodedDocument peaked = TestDocs.of(alpha, z, new double[] {0.1, -0.2});
        assertArrayEquals(literal(peaked, new int[] {7}), Erasure.erase(peaked, 7).probabilities(), 1e-14);
    }

    /** softmax(b + sum over kept i of (alpha_i / kept) z_i), written out. */
    private static double[] literal(EncodedDocument doc, int[] erased) {
        boolean[] gone = new boolean[doc.size()];
        for (int i : erased) gone[i] = true;
        double kept = 0;
        for (int i = 0; i < doc.size(); i++) if (!gone[i]) kept += doc.attention(i);
        double[] logits = doc.bias();
        for (int i = 0; i < doc.size(); i++) {
            if (gone[i]) continue;
            for (int c = 0; c < logits.length; c++) logits[c] += doc.attention(i) / kept * doc.contribution(i, c);
        }
        return EncodedDocument.softmax(logits);
    }
}
