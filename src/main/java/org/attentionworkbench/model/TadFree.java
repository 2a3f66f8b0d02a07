package org.attentionworkbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reductions, gathers and softmax for the network's per-document arrays, written so that libnd4j
 * never builds a "TAD pack" for them.
 *
 * <p>Why: libnd4j 1.0.0-M2.1 caches, for every distinct array shape, the tensor-along-dimension
 * offsets that its legacy broadcast ops ({@code addiRowVector}, {@code muliColumnVector}, ...),
 * reductions along a dimension ({@code sum(1)}, {@code max(1)}, ...) and {@code pullRows} use,
 * and it never frees that cache. An offset table has one entry per row, and every document length
 * and batch size makes new shapes, so an audit's resident memory grew by about 2 MB per review
 * (measured: +400 MB over 180 IMDB reviews on one thread; 1,500 shapes of one such op: +80 MB).
 * Matrix products, element-wise ops and the new-style broadcasting {@code addi}/{@code muli}
 * (an array with one column or one row against a full one) do not use that cache, so the
 * network uses those, and these helpers, instead.
 */
final class TadFree {

    private TadFree() {
    }

    /** Sums of each row of {@code m} ([R, C]), as [R, 1]: a product with a column of ones. */
    static INDArray rowSums(INDArray m) {
        return m.mmul(Nd4j.ones(m.dataType(), m.size(1), 1));
    }

    /** Sums of each column of {@code m} ([R, C]), as [1, C]: a product with a row of ones. */
    static INDArray columnSums(INDArray m) {
        return Nd4j.ones(m.dataType(), 1, m.size(0)).mmul(m);
    }

    /** {@code times} copies of {@code m} ([B, F]) stacked: row s*B + j is row j of m, [times*B, F]. */
    static INDArray tileRows(INDArray m, int times) {
        long b = m.size(0);
        long f = m.size(1);
        return Nd4j.ones(m.dataType(), times, 1).mmul(m.reshape(1, b * f)).reshape(times * b, f);
    }

    /** Rows {@code ids} of {@code table} ([V, D], a whole c-order array), as a new [n, D] array. */
    static INDArray gatherRows(INDArray table, int[] ids) {
        int d = Math.toIntExact(table.size(1));
        INDArray out = Nd4j.create(table.dataType(), ids.length, d);
        HostCopy.gatherRows(table, ids, d, out);
        return out;
    }

    /** Row-wise softmax of {@code m} ([R, C]), in place (computed in Java: R*C is small). */
    static INDArray softmaxRows(INDArray m) {
        INDArray target = m.offset() == 0 && m.ordering() == 'c' && m.elementWiseStride() == 1 ? m : m.dup('c');
        HostCopy host = new HostCopy();
        double[] v = host.read(target);
        int cols = Math.toIntExact(m.size(1));
        for (int r = 0; r < v.length; r += cols) {
            double max = Double.NEGATIVE_INFINITY;
            for (int c = 0; c < cols; c++) max = Math.max(max, v[r + c]);
            double sum = 0;
            for (int c = 0; c < cols; c++) {
                v[r + c] = Math.exp(v[r + c] - max);
                sum += v[r + c];
            }
            for (int c = 0; c < cols; c++) v[r + c] /= sum;
        }
        host.write(v, 0, target, 0, v.length);
        if (target != m) m.assign(target);
        return m;
    }
}
