package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The Java cell functions against the exact ones, and the bulk copies between ND4J arrays and
 * Java arrays that feed them.
 */
class CellMathTest {

    @Test
    void fastTanhAndSigmoidAreWithinFloatRoundingOfTheExactFunctions() {
        CellMath fast = CellMath.fast();
        int n = 200_001;
        double[] x = new double[n];
        for (int k = 0; k < n; k++) x[k] = -40 + 80.0 * k / (n - 1);
        double[] t = x.clone();
        double[] s = x.clone();
        fast.tanh(t, 0, n);
        fast.sigmoid(s, 0, n);
        double worstT = 0;
        double worstS = 0;
        for (int k = 0; k < n; k++) {
            worstT = Math.max(worstT, Math.abs(t[k] - Math.tanh(x[k])));
            worstS = Math.max(worstS, Math.abs(s[k] - 1 / (1 + Math.exp(-x[k]))));
            if (k > 0) assertTrue(t[k] >= t[k - 1] && s[k] >= s[k - 1], "monotone at " + x[k]);
        }
        assertTrue(worstT < 3e-7, "tanh error " + worstT);
        assertTrue(worstS < 1.5e-7, "sigmoid error " + worstS);
        assertEquals(0.0, CellMath.fastTanh(0.0), 0.0);
        assertEquals(-CellMath.fastTanh(1.3), CellMath.fastTanh(-1.3), 0.0);
    }

    /** The float-arithmetic forms a FLOAT network's gates use: float rounding on top of the approximation's error. */
    @Test
    void floatFormsAreWithinFloatRoundingOfTheExactFunctions() {
        int n = 200_001;
        float[] t = new float[n];
        float[] s = new float[n];
        for (int k = 0; k < n; k++) t[k] = s[k] = (float) (-40 + 80.0 * k / (n - 1));
        float[] x = t.clone();
        CellMath.tanhFloat(t, 0, n);
        CellMath.sigmoidFloat(s, 0, n);
        double worstT = 0;
        double worstS = 0;
        for (int k = 0; k < n; k++) {
            worstT = Math.max(worstT, Math.abs(t[k] - Math.tanh(x[k])));
            worstS = Math.max(worstS, Math.abs(s[k] - 1 / (1 + Math.exp(-x[k]))));
            assertTrue(Math.abs(t[k]) <= 1 && s[k] >= 0 && s[k] <= 1, "in range at " + x[k]);
        }
        assertTrue(worstT < 5e-7, "tanh error " + worstT);
        assertTrue(worstS < 3e-7, "sigmoid error " + worstS);
        assertEquals(0f, CellMath.fastTanh(0f), 0f);
        assertEquals(-CellMath.fastTanh(1.3f), CellMath.fastTanh(-1.3f), 0f);
    }

    @Test
    void exactFunctionsForDoubleNetworks() {
        CellMath exact = CellMath.forType(DataType.DOUBLE);
        double[] x = {-3, -0.5, 0, 0.25, 4};
        double[] t = x.clone();
        double[] s = x.clone();
        double[] out = new double[7];
        exact.tanh(t, 0, x.length);
        exact.sigmoid(s, 0, x.length);
        exact.tanh(x, 1, out, 2, 3);
        for (int k = 0; k < x.length; k++) {
            assertEquals(Math.tanh(x[k]), t[k], 0.0);
            assertEquals(1 / (1 + Math.exp(-x[k])), s[k], 1e-16);
        }
        assertArrayEquals(new double[] {0, 0, Math.tanh(-0.5), 0, Math.tanh(0.25), 0, 0}, out, 0.0);
    }

    @Test
    void hostCopyRoundTripsRangesOfFloatAndDoubleArrays() {
        SplittableRandom r = new SplittableRandom(3);
        for (DataType dt : new DataType[] {DataType.FLOAT, DataType.DOUBLE}) {
            INDArray a = Nd4j.rand(dt, 6, 5);
            HostCopy host = new HostCopy();
            double[] all = host.read(a);
            double[] expected = a.castTo(DataType.DOUBLE).data().asDouble();
            assertArrayEquals(expected, all, 0.0);
            double[] part = new double[9];
            host.read(a, 7, part, 2, 6);
            for (int k = 0; k < 6; k++) assertEquals(expected[7 + k], part[2 + k], 0.0);
            double[] in = new double[4];
            for (int k = 0; k < 4; k++) in[k] = r.nextDouble();
            host.write(in, 0, a, 11, 4);
            double[] after = a.castTo(DataType.DOUBLE).data().asDouble();
            for (int k = 0; k < 30; k++) {
                double want = k >= 11 && k < 15 ? (dt == DataType.FLOAT ? (float) in[k - 11] : in[k - 11])
                        : expected[k];
                assertEquals(want, after[k], 0.0, dt + " element " + k);
            }
            INDArray view = a.getRow(2);
            assertThrows(IllegalArgumentException.class, () -> host.read(view, 0, part, 0, 2));
            assertThrows(IndexOutOfBoundsException.class, () -> host.read(a, 28, part, 0, 3));
        }
    }
}
