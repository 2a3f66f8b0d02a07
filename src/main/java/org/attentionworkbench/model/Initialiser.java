package org.attentionworkbench.model;

import java.util.SplittableRandom;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Seeded parameter initialisation. Values are drawn in Java, not by ND4J's generator, so the same
 * seed gives the same network on every platform and data type.
 */
final class Initialiser {

    private final SplittableRandom random;
    private final DataType dataType;

    Initialiser(long seed, DataType dataType) {
        this.random = new SplittableRandom(seed);
        this.dataType = dataType;
    }

    DataType dataType() {
        return dataType;
    }

    /** Glorot/Xavier uniform [rows, cols]. */
    INDArray xavier(int rows, int cols) {
        double limit = Math.sqrt(6.0 / (rows + cols));
        return uniform(rows, cols, limit);
    }

    /** Uniform in [-limit, limit). */
    INDArray uniform(int rows, int cols, double limit) {
        double[] v = new double[rows * cols];
        for (int i = 0; i < v.length; i++) v[i] = (random.nextDouble() * 2 - 1) * limit;
        return Nd4j.createFromArray(v).reshape(rows, cols).castTo(dataType);
    }

    /** Normal(0, sd^2) values, as a Java array (for embeddings). */
    float[] normal(int n, double sd) {
        float[] v = new float[n];
        for (int i = 0; i < n; i += 2) {
            // Box-Muller, so only SplittableRandom is needed.
            double u1 = Math.max(random.nextDouble(), 1e-300);
            double u2 = random.nextDouble();
            double r = Math.sqrt(-2 * Math.log(u1));
            v[i] = (float) (sd * r * Math.cos(2 * Math.PI * u2));
            if (i + 1 < n) v[i + 1] = (float) (sd * r * Math.sin(2 * Math.PI * u2));
        }
        return v;
    }

    /** A [1, n] row from values. */
    INDArray row(float[] values) {
        return Nd4j.createFromArray(values).reshape(1, values.length).castTo(dataType);
    }

    /** Zeros [rows, cols]. */
    INDArray zeros(int rows, int cols) {
        return Nd4j.create(dataType, rows, cols);
    }
}
