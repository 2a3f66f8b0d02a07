package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * {@link TadFree}'s replacements give what the libnd4j ops they replace give (those ops are the
 * reference here), for both data types, odd shapes and strided inputs.
 */
class TadFreeTest {

    private static INDArray random(DataType dt, long rows, long cols, long seed) {
        Random r = new Random(seed);
        double[] v = new double[(int) (rows * cols)];
        for (int i = 0; i < v.length; i++) v[i] = r.nextGaussian() * 3;
        return Nd4j.createFromArray(v).reshape(rows, cols).castTo(dt);
    }

    private static void assertClose(INDArray expected, INDArray actual, double tol) {
        assertArrayEquals(expected.shape(), actual.shape());
        double[] e = expected.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        double[] a = actual.castTo(DataType.DOUBLE).dup('c').data().asDouble();
        for (int i = 0; i < e.length; i++) {
            assertEquals(e[i], a[i], tol * Math.max(1, Math.abs(e[i])), "element " + i);
        }
    }

    @Test
    void sumsEqualTheReductionsTheyReplace() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-5;
            for (long[] s : new long[][] {{1, 1}, {1, 7}, {9, 1}, {37, 13}}) {
                INDArray m = random(dt, s[0], s[1], s[0] * 31 + s[1]);
                assertClose(m.sum(1).reshape(s[0], 1), TadFree.rowSums(m), tol);
                assertClose(m.sum(true, 0), TadFree.columnSums(m), tol);
            }
        }
    }

    @Test
    void tileAndGatherEqualTheOpsTheyReplace() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            INDArray m = random(dt, 3, 5, 7);
            assertClose(Nd4j.tile(m, 4, 1), TadFree.tileRows(m, 4), 0);
            INDArray table = random(dt, 20, 6, 8);
            int[] ids = {19, 0, 3, 3, 7};
            assertClose(Nd4j.pullRows(table, 1, ids), TadFree.gatherRows(table, ids), 0);
        }
    }

    @Test
    void softmaxRowsIsTheSoftmaxInPlaceAndSurvivesHugeScores() {
        for (DataType dt : new DataType[] {DataType.DOUBLE, DataType.FLOAT}) {
            double tol = dt == DataType.DOUBLE ? 1e-12 : 1e-6;
            INDArray m = random(dt, 5, 9, 11);
            INDArray expected = Transforms.softmax(m.dup(), true);
            INDArray result = TadFree.softmaxRows(m);
            assertClose(expected, result, tol);
            assertClose(expected, m, tol);                                  // in place
            INDArray masked = Nd4j.createFromArray(new double[][] {{1, -1e9, 2}, {-1e9, 0, -1e9}}).castTo(dt);
            TadFree.softmaxRows(masked);
            assertEquals(0, masked.getDouble(0, 1), 0);
            assertEquals(1, masked.getDouble(1, 1), tol);
            assertEquals(1, masked.getDouble(0, 0) + masked.getDouble(0, 2), tol);
            INDArray strided = random(dt, 4, 6, 12).transpose();            // a view: softmax must still land in it
            INDArray expectedT = Transforms.softmax(strided.dup('c'), true);
            TadFree.softmaxRows(strided);
            assertClose(expectedT, strided, tol);
        }
    }
}
