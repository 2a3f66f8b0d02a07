package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

/** The sparse products give the dense ones' sums, whatever the pattern of zeros (none, some, all, a tail). */
class DenseTest {

    @Test
    void sparseProductsEqualDenseOnes() {
        SplittableRandom r = new SplittableRandom(3);
        for (int k : new int[] {1, 3, 4, 5, 17, 64}) {
            for (int m : new int[] {1, 7, 66}) {
                double[][] w = new double[k][m];
                for (double[] row : w) for (int j = 0; j < m; j++) row[j] = r.nextDouble(-1, 1);
                float[][] wF = Dense.toFloat(w);
                for (double zeros : new double[] {0, 0.3, 0.6, 1}) {
                    double[] a = new double[k];
                    for (int q = 0; q < k; q++) a[q] = r.nextDouble() < zeros ? 0 : r.nextDouble(-2, 2);
                    double[] dense = new double[m];
                    double[] sparse = new double[m];
                    java.util.Arrays.fill(dense, 0.25);
                    java.util.Arrays.fill(sparse, 0.25);
                    Dense.multiplyAdd(a, w, dense);
                    Dense.multiplyAddSparse(a, w, sparse);
                    double[] denseF = new double[m];
                    double[] sparseF = new double[m];
                    Dense.multiplyAdd(a, wF, denseF, new float[k], new float[m]);
                    Dense.multiplyAddSparse(a, wF, sparseF, new float[k], new float[m]);
                    for (int j = 0; j < m; j++) {
                        String at = "k=" + k + " m=" + m + " zeros=" + zeros + " column " + j;
                        assertEquals(dense[j], sparse[j], 1e-13, at);
                        assertEquals(denseF[j], sparseF[j], 1e-5, at + " (float)");
                        double exact = 0.25;
                        for (int q = 0; q < k; q++) exact += a[q] * w[q][j];
                        assertEquals(exact, sparse[j], 1e-13, at + " against the literal sum");
                    }
                }
            }
        }
    }
}
