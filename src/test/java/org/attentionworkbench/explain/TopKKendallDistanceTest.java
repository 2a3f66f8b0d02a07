package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Fagin et al. (2003) K^(p), p = 0.5 (docs/methods.md section 4). */
class TopKKendallDistanceTest {

    @Test
    void handWorkedSmallLists() {
        // list1 = [0, 1], list2 = [1, 2]. {0,1}: both in list1, only 1 in list2, list1 puts 0 ahead
        // of 1 but list2 has 1 ahead of the absent 0 -> 1 (case 2). {0,2}: each in one list -> 1
        // (case 3). {1,2}: both in list2, list1 has 1 ahead of absent 2, as list2 -> 0.
        assertEquals(2, TopKKendallDistance.between(new int[] {0, 1}, new int[] {1, 2}, 0.5, 3), 0);
        // Disjoint top-2 lists: 4 case-3 pairs + 2 case-4 pairs at p: 4 + 2p.
        assertEquals(5, TopKKendallDistance.between(new int[] {0, 1}, new int[] {2, 3}, 0.5, 4), 0);
        // Same items, reversed order: one case-1 inversion.
        assertEquals(1, TopKKendallDistance.between(new int[] {0, 1}, new int[] {1, 0}, 0.5, 2), 0);
    }

    @Test
    void fromScoresWithNormalisation() {
        double[] x = {5, 4, 3, 2, 1, 0};
        TopKKendallDistance.Result same = TopKKendallDistance.compute(x, x, 3);
        assertEquals(0, same.raw(), 0);
        double[] y = {0, 1, 2, 3, 4, 5}; // top-3 {5,4,3} vs x's {0,1,2}: disjoint
        TopKKendallDistance.Result disjoint = TopKKendallDistance.compute(x, y, 3);
        assertEquals(9 + 0.5 * 6, disjoint.raw(), 0);
        assertEquals(1, disjoint.normalised(), 0);
        assertEquals(6, TopKKendallDistance.compute(x, y, 50).k(), "k clamped to n");
    }

    @Test
    void defaultKIsTenOrTenPercentOfTheMeanLength() {
        assertEquals(10, TopKKendallDistance.defaultK(500, 60));
        assertEquals(24, TopKKendallDistance.defaultK(500, 235.2));
        assertEquals(30, TopKKendallDistance.defaultK(500, 300));
        assertEquals(7, TopKKendallDistance.defaultK(7, 300), "clamped to n");
    }

    @Test
    void bruteForceOverAllTop3ListsOfSixItems() {
        List<int[]> lists = new ArrayList<>();
        for (int a = 0; a < 6; a++) for (int b = 0; b < 6; b++) for (int c = 0; c < 6; c++) {
            if (a != b && b != c && a != c) lists.add(new int[] {a, b, c});
        }
        double max = 0;
        for (int[] l1 : lists) {
            for (int[] l2 : lists) {
                double d = TopKKendallDistance.between(l1, l2, 0.5, 6);
                assertEquals(d, TopKKendallDistance.between(l2, l1, 0.5, 6), 0, "symmetric");
                assertEquals(java.util.Arrays.equals(l1, l2), d == 0, "zero exactly for identical lists");
                max = Math.max(max, d);
            }
        }
        assertEquals(9 + 0.5 * 3 * 2, max, 0, "the normalising maximum k^2 + p k(k-1) is attained and never exceeded");
        assertTrue(max > 9, "dividing by k^2 alone would exceed 1");
    }
}
