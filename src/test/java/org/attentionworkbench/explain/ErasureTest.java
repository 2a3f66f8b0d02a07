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
}
