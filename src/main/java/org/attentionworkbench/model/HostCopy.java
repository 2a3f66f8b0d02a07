package org.attentionworkbench.model;

import org.bytedeco.javacpp.DoublePointer;
import org.bytedeco.javacpp.FloatPointer;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Bulk copies between a contiguous range of an ND4J array (FLOAT or DOUBLE) and a Java
 * {@code double[]}: one native memory copy per call instead of one JNI call per element.
 *
 * <p>Why: the BiLSTM's per-step cell arithmetic runs in plain Java ({@link CellMath}), where it is
 * several times faster than libnd4j's element-wise ops on the small blocks an LSTM step has; only
 * the matrix products stay in ND4J (BLAS). The arrays passed here must be whole contiguous
 * c-order arrays (a fresh array or a reshape of one, not a view into another), so that element
 * index 0 is the start of their buffer.
 *
 * <p>Not thread-safe: one instance per computation (it keeps a float scratch buffer).
 */
final class HostCopy {

    private float[] scratch = new float[0];

    /** Copies {@code len} elements starting at element {@code from} of {@code src} into {@code dst}. */
    void read(INDArray src, long from, double[] dst, int dstOff, int len) {
        check(src, from, len);
        if (src.dataType() == DataType.DOUBLE) {
            new DoublePointer(src.data().addressPointer()).position(from).get(dst, dstOff, len);
            return;
        }
        float[] f = scratch(len);
        new FloatPointer(src.data().addressPointer()).position(from).get(f, 0, len);
        for (int k = 0; k < len; k++) dst[dstOff + k] = f[k];
    }

    /** The whole array as a Java array (row-major). */
    double[] read(INDArray src) {
        double[] out = new double[Math.toIntExact(src.length())];
        read(src, 0, out, 0, out.length);
        return out;
    }

    /** Copies {@code len} elements of {@code src} into {@code dst} starting at its element {@code from}. */
    void write(double[] src, int srcOff, INDArray dst, long from, int len) {
        check(dst, from, len);
        if (dst.dataType() == DataType.DOUBLE) {
            new DoublePointer(dst.data().addressPointer()).position(from).put(src, srcOff, len);
            return;
        }
        float[] f = scratch(len);
        for (int k = 0; k < len; k++) f[k] = (float) src[srcOff + k];
        new FloatPointer(dst.data().addressPointer()).position(from).put(f, 0, len);
    }

    /**
     * Copies rows {@code ids} of {@code table} ([V, d]) into {@code out} ([ids.length, d], same
     * data type): one pointer per array and one Java buffer, however many rows.
     */
    static void gatherRows(INDArray table, int[] ids, int d, INDArray out) {
        check(table, 0, 0);
        check(out, 0, ids.length * d);
        if (table.dataType() != out.dataType()) throw new IllegalArgumentException("data types differ");
        long rows = table.size(0);
        for (int id : ids) {
            if (id < 0 || id >= rows) throw new IndexOutOfBoundsException("row " + id + " of " + rows);
        }
        if (table.dataType() == DataType.DOUBLE) {
            double[] buf = new double[ids.length * d];
            DoublePointer src = new DoublePointer(table.data().addressPointer());
            for (int r = 0; r < ids.length; r++) src.position((long) ids[r] * d).get(buf, r * d, d);
            new DoublePointer(out.data().addressPointer()).put(buf, 0, buf.length);
        } else {
            float[] buf = new float[ids.length * d];
            FloatPointer src = new FloatPointer(table.data().addressPointer());
            for (int r = 0; r < ids.length; r++) src.position((long) ids[r] * d).get(buf, r * d, d);
            new FloatPointer(out.data().addressPointer()).put(buf, 0, buf.length);
        }
    }

    /**
     * A matrix's rows as Java arrays, in one bulk copy: what {@code castTo(DOUBLE).toDoubleMatrix()}
     * gives, value for value (float to double is exact), without its one JNI call per element (a
     * 400 x 100 matrix took 30-100 ms that way, more than the gradient it held). A view or another
     * layout is copied to a contiguous c-order array first.
     */
    static double[][] rows(INDArray a) {
        if (a.rank() != 2) throw new IllegalArgumentException("rows of a matrix, not of rank " + a.rank());
        boolean direct = a.offset() == 0 && a.ordering() == 'c' && a.elementWiseStride() == 1
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
        INDArray c = direct ? a : a.castTo(DataType.DOUBLE).dup('c');
        int r = Math.toIntExact(a.rows());
        int n = Math.toIntExact(a.columns());
        double[] flat = new HostCopy().read(c);
        double[][] out = new double[r][];
        for (int i = 0; i < r; i++) out[i] = java.util.Arrays.copyOfRange(flat, i * n, (i + 1) * n);
        return out;
    }

    /** A whole array's elements in row-major order as doubles, in one bulk copy (any layout or view). */
    static double[] flat(INDArray a) {
        boolean direct = a.offset() == 0 && a.ordering() == 'c' && a.elementWiseStride() == 1
                && (a.dataType() == DataType.FLOAT || a.dataType() == DataType.DOUBLE);
        return new HostCopy().read(direct ? a : a.castTo(DataType.DOUBLE).dup('c'));
    }

    /**
     * Rows {@code ids} of a [V, d] table, row after row in one flat array: one pointer and one bulk
     * copy per row, no ND4J op (a per-document pass gathers its embeddings this way).
     */
    static double[] gather(INDArray table, int[] ids, int d) {
        check(table, 0, 0);
        long rows = table.size(0);
        double[] out = new double[ids.length * d];
        if (table.dataType() == DataType.DOUBLE) {
            DoublePointer src = new DoublePointer(table.data().addressPointer());
            for (int r = 0; r < ids.length; r++) {
                if (ids[r] < 0 || ids[r] >= rows) throw new IndexOutOfBoundsException("row " + ids[r] + " of " + rows);
                src.position((long) ids[r] * d).get(out, r * d, d);
            }
            return out;
        }
        float[] buf = new float[d];
        FloatPointer src = new FloatPointer(table.data().addressPointer());
        for (int r = 0; r < ids.length; r++) {
            if (ids[r] < 0 || ids[r] >= rows) throw new IndexOutOfBoundsException("row " + ids[r] + " of " + rows);
            src.position((long) ids[r] * d).get(buf, 0, d);
            for (int k = 0; k < d; k++) out[r * d + k] = buf[k];
        }
        return out;
    }

    private float[] scratch(int len) {
        if (scratch.length < len) scratch = new float[Math.max(len, 2 * scratch.length)];
        return scratch;
    }

    private static void check(INDArray a, long from, int len) {
        if (a.offset() != 0 || a.ordering() != 'c' || a.elementWiseStride() != 1) {
            throw new IllegalArgumentException("HostCopy needs a whole contiguous c-order array, not a view into one");
        }
        if (a.dataType() != DataType.FLOAT && a.dataType() != DataType.DOUBLE) {
            throw new IllegalArgumentException("HostCopy supports FLOAT and DOUBLE, not " + a.dataType());
        }
        if (from < 0 || len < 0 || from + len > a.length()) {
            throw new IndexOutOfBoundsException("range " + from + "+" + len + " of " + a.length());
        }
    }
}
