package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** docs/methods.md section 5, permutation: re-decode under seeded permutations of alpha. */
class PermutationTestTest {

    @Test
    void sameSeedSameNumbersOtherSeedOtherNumbers() {
        EncodedDocument doc = TestDocs.random(30, 3, 7);
        PermutationTest.Result a = PermutationTest.withSeed(11).run(doc);
        PermutationTest.Result b = PermutationTest.withSeed(11).run(doc);
        assertArrayEquals(a.tvds(), b.tvds(), 0);
        assertEquals(100, a.tvds().length);
        assertNotEquals(a.medianTvd(), PermutationTest.withSeed(12).run(doc).medianTvd());
    }

    @Test
    void identityGivesZeroAndEachTvdIsAReDecode() {
        EncodedDocument doc = TestDocs.random(12, 2, 3);
        int[] id = new int[12];
        for (int i = 0; i < 12; i++) id[i] = i;
        assertEquals(0, PermutationTest.tvdUnder(doc, id), 0);
        // Reproduce the run independently: same generator, same Fisher-Yates, explicit decode.
        PermutationTest.Result r = new PermutationTest(7, 5).run(doc);
        SplittableRandom rnd = new SplittableRandom(5);
        double[] alpha = doc.attention();
        double[] expected = new double[7];
        for (int k = 0; k < 7; k++) {
            int[] p = PermutationTest.randomPermutation(12, rnd);
            int[] sorted = p.clone();
            Arrays.sort(sorted);
            assertArrayEquals(id, sorted, "a permutation");
            double[] a = new double[12];
            for (int i = 0; i < 12; i++) a[i] = alpha[p[i]];
            // two classes: TVD is |Delta y_1|
            expected[k] = Math.abs(doc.decode(a)[1] - doc.probabilities()[1]);
        }
        assertArrayEquals(expected, r.tvds(), 1e-15);
        double[] s = expected.clone();
        Arrays.sort(s);
        assertEquals(s[3], r.medianTvd(), 1e-15);
        assertEquals(Arrays.stream(alpha).max().orElseThrow(), r.maxAttention(), 0);
    }

    @Test
    void medianOfAnEvenCountAveragesTheMiddlePair() {
        assertEquals(2.5, Vectors.median(new double[] {4, 1, 3, 2}), 0);
        EncodedDocument doc = TestDocs.random(9, 4, 1);
        PermutationTest.Result r = new PermutationTest(10, 2).run(doc);
        double[] s = r.tvds();
        Arrays.sort(s);
        assertEquals((s[4] + s[5]) / 2, r.medianTvd(), 1e-15);
        assertTrue(Arrays.stream(s).allMatch(v -> v >= 0 && v <= 1));
    }

    @Test
    void uniformAttentionIsPermutationInvariant() {
        double[] alpha = new double[8];
        Arrays.fill(alpha, 1.0 / 8);
        EncodedDocument d = TestDocs.random(8, 3, 9);
        double[][] z = new double[8][3];
        for (int i = 0; i < 8; i++) for (int c = 0; c < 3; c++) z[i][c] = d.contribution(i, c);
        EncodedDocument u = TestDocs.of(alpha, z, d.bias());
        assertTrue(Arrays.stream(PermutationTest.withSeed(3).run(u).tvds()).allMatch(v -> v < 1e-15));
    }

    /**
     * The fast shuffle draws what SplittableRandom.nextInt(bound) draws, draw for draw: bounded
     * draws over bounds from 2 to 2^31 - 1 (large ones reject often), and whole permutations of
     * every length up to 600 against Fisher-Yates on nextInt(bound), the generators left in step.
     */
    @Test
    void fastShuffleDrawsWhatNextIntDraws() {
        SplittableRandom bounds = new SplittableRandom(99);
        for (int trial = 0; trial < 20_000; trial++) {
            int bound = trial < 10_000 ? 2 + bounds.nextInt(5_000) : 2 + bounds.nextInt(Integer.MAX_VALUE - 2);
            long seed = bounds.nextLong();
            SplittableRandom a = new SplittableRandom(seed);
            SplittableRandom b = new SplittableRandom(seed);
            long reciprocal = Long.divideUnsigned(-1L, bound) + 1;
            for (int k = 0; k < 20; k++) {
                assertEquals(a.nextInt(bound), PermutationTest.Shuffle.bounded(b, bound, reciprocal), "bound " + bound);
            }
            assertEquals(a.nextLong(), b.nextLong(), "the generators stay in step");
        }
        for (int n = 0; n <= 600; n++) {
            SplittableRandom a = new SplittableRandom(n);
            SplittableRandom b = new SplittableRandom(n);
            PermutationTest.Shuffle shuffle = new PermutationTest.Shuffle(n);
            int[] p = new int[n];
            for (int k = 0; k < 3; k++) {
                shuffle.draw(p, b);
                assertArrayEquals(PermutationTest.randomPermutation(n, a), p, "n " + n);
            }
        }
    }
}
