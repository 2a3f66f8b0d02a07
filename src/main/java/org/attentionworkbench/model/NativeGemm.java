package org.attentionworkbench.model;

import org.bytedeco.javacpp.FloatPointer;
import org.bytedeco.javacpp.Loader;
import org.bytedeco.openblas.global.openblas_nolapack;

/**
 * Single-precision matrix products through OpenBLAS, the library ND4J itself runs its products
 * on, called directly on native buffers the caller fills and reads back in bulk.
 *
 * <p>Why not through ND4J or in Java: the lockstep passes ({@link PointsLockstep}) make a few
 * thousand products of [B x 64] by [64 x 256] per explanation. An ND4J op costs 5-50 us of call
 * overhead at these sizes, and the JDK 17 JIT does not vectorise a loop that updates several
 * output rows at once, so a Java product reads the weights once per row: about 10-18 G
 * multiply-adds per second here against 23-25 G for OpenBLAS at B = 50 (docs/bench.md).
 */
final class NativeGemm {

    private static final boolean AVAILABLE = load();

    private NativeGemm() {
    }

    private static boolean load() {
        try {
            NativeThreads.configure(); // the thread count ND4J's products use (default 1)
            Loader.load(openblas_nolapack.class);
            return true;
        } catch (Throwable e) { // no native library for this platform: the callers' Java paths remain
            return false;
        }
    }

    /** Whether the native library loaded; when false the callers keep their Java paths. */
    static boolean available() {
        return AVAILABLE;
    }

    /**
     * c[m x n] = op(a) op(b), row-major, op(a) [m x k] and op(b) [k x n]; {@code transposeA} and
     * {@code transposeB} say that a is stored as [k x m] and b as [n x k]. {@code lda}, {@code ldb}
     * and {@code ldc} are the stored row lengths.
     */
    static void multiply(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
                         FloatPointer b, int ldb, FloatPointer c, int ldc) {
        gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, 0f, c, ldc);
    }

    /** c[m x n] += a[m x k] b[k x n], row-major, with the stored row lengths {@code lda}, {@code ldb}, {@code ldc}. */
    static void multiplyAdd(int m, int n, int k, FloatPointer a, int lda, FloatPointer b, int ldb, FloatPointer c,
                            int ldc) {
        gemm(false, false, m, n, k, a, lda, b, ldb, 1f, c, ldc);
    }

    /** c[m x n] += op(a) op(b), as {@link #multiply(boolean, boolean, int, int, int, FloatPointer, int, FloatPointer, int, FloatPointer, int)} but adding. */
    static void multiplyAdd(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
                            FloatPointer b, int ldb, FloatPointer c, int ldc) {
        gemm(transposeA, transposeB, m, n, k, a, lda, b, ldb, 1f, c, ldc);
    }

    /** c = op(a) op(b) + beta c, row-major. */
    private static void gemm(boolean transposeA, boolean transposeB, int m, int n, int k, FloatPointer a, int lda,
                             FloatPointer b, int ldb, float beta, FloatPointer c, int ldc) {
        openblas_nolapack.cblas_sgemm(openblas_nolapack.CblasRowMajor,
                transposeA ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans,
                transposeB ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, k, 1f, a, lda, b,
                ldb, beta, c, ldc);
    }

    /** c[m x n] = a[m x k] b, row-major, where b is [k x n] or, when {@code transposeB}, [n x k] used transposed. */
    static void multiply(FloatPointer a, FloatPointer b, boolean transposeB, FloatPointer c, int m, int n, int k) {
        multiply(false, transposeB, m, n, k, a, k, b, transposeB ? k : n, c, n);
    }

    /** y = a x, or a^T x when {@code transpose}; a row-major [m x n]. */
    static void multiplyVector(boolean transpose, FloatPointer a, int m, int n, FloatPointer x, FloatPointer y) {
        multiplyVector(transpose, a, m, n, n, x, y);
    }

    /** y = a x, or a^T x when {@code transpose}; a row-major [m x n] with rows {@code lda} apart. */
    static void multiplyVector(boolean transpose, FloatPointer a, int m, int n, int lda, FloatPointer x,
                               FloatPointer y) {
        openblas_nolapack.cblas_sgemv(openblas_nolapack.CblasRowMajor,
                transpose ? openblas_nolapack.CblasTrans : openblas_nolapack.CblasNoTrans, m, n, 1f, a, lda, x, 1, 0f,
                y, 1);
    }

    /** a += x y^T, row-major a [m x n]. */
    static void addOuter(FloatPointer a, int m, int n, FloatPointer x, FloatPointer y) {
        addOuter(a, m, n, n, x, y);
    }

    /** a += x y^T, row-major a [m x n] with rows {@code lda} apart. */
    static void addOuter(FloatPointer a, int m, int n, int lda, FloatPointer x, FloatPointer y) {
        openblas_nolapack.cblas_sger(openblas_nolapack.CblasRowMajor, m, n, 1f, x, 1, y, 1, a, lda);
    }

    /** Writes {@code length} values of {@code v} from {@code from} into native {@code p} from element {@code at}. */
    static void put(FloatPointer p, long at, float[] v, int from, int length) {
        p.position(at).put(v, from, length);
        p.position(0);
    }

    /** Reads {@code length} values of native {@code p} from element {@code at} into {@code v} from {@code from}. */
    static void get(FloatPointer p, long at, float[] v, int from, int length) {
        p.position(at).get(v, from, length);
        p.position(0);
    }

    /** A native copy of a row-major matrix given as rows. */
    static FloatPointer of(float[][] rows) {
        int cols = rows[0].length;
        float[] flat = new float[rows.length * cols];
        for (int r = 0; r < rows.length; r++) System.arraycopy(rows[r], 0, flat, r * cols, cols);
        return new FloatPointer(flat);
    }
}
