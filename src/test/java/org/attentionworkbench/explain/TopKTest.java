package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class TopKTest {

    @Test
    void ceilOfTheFractionAtLeastOneTiesByLowerIndex() {
        double[] s = {0.1, 0.5, 0.5, 0.2, 0.9};
        assertArrayEquals(new int[] {4}, TopK.indices(s, 0.01)); // ceil(0.05) = 1
        assertArrayEquals(new int[] {4, 1}, TopK.indices(s, 0.3)); // ceil(1.5) = 2
        assertArrayEquals(new int[] {4, 1, 2}, TopK.indices(s, 0.5)); // tie 1 vs 2: lower first
        assertArrayEquals(new int[] {4, 1, 2, 3, 0}, TopK.indices(s, 1));
        assertArrayEquals(new int[0], TopK.indices(new double[0], 0.2));
    }

    @Test
    void exactProductsAreNotRoundedUp() {
        // 0.2 * 15 = 3.0000000000000004 in doubles; the top 20% of 15 tokens is 3, not 4.
        assertEquals(3, TopK.indices(new double[15], 0.2).length);
        assertEquals(7, TopK.indices(new double[70], 0.1).length);
        assertEquals(8, TopK.indices(new double[71], 0.1).length);
    }
}
