package org.attentionworkbench.model;

import org.nd4j.linalg.factory.Nd4j;

/**
 * How many threads ND4J's native code (OpenMP loops and OpenBLAS) may use per operation.
 *
 * <p>Default 1. The network's operations are small and many (an LSTM step is a handful of
 * [B, 4H] operations), and OpenMP threads spin-wait at every barrier: with two threads on two
 * cores that are also busy with the UI, a second analysis or another process, a leave-one-out
 * batch measured 29 s instead of 2.4 s. Parallelism is better taken at the task level (one
 * document per worker). Override with the system property {@code workbench.native.threads} or
 * the environment variable {@code OMP_NUM_THREADS}.
 */
public final class NativeThreads {

    /** System property naming the thread count. */
    public static final String PROPERTY = "workbench.native.threads";

    private static volatile boolean configured;

    private NativeThreads() {
    }

    /** Applies the configured thread count once, before the first network operation. */
    public static void configure() {
        if (configured) return;
        synchronized (NativeThreads.class) {
            if (configured) return;
            int n = threads();
            Nd4j.getEnvironment().setMaxThreads(n);
            Nd4j.getEnvironment().setMaxMasterThreads(n);
            Nd4j.factory().blas().setMaxThreads(n);
            configured = true;
        }
    }

    /** The thread count in force: the property, else OMP_NUM_THREADS, else 1. */
    public static int threads() {
        String v = System.getProperty(PROPERTY);
        if (v == null || v.isBlank()) v = System.getenv("OMP_NUM_THREADS");
        try {
            return v == null || v.isBlank() ? 1 : Math.max(1, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 1;
        }
    }
}
