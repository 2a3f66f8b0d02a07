package org.attentionworkbench.ui;

import java.util.Arrays;
import java.util.Set;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.stream.Collectors;
import javafx.application.Platform;

/**
 * Watches the FX thread while a test drives the window, in two ways.
 *
 * <ul>
 *   <li>What it runs: every 5 ms the FX thread's stack is sampled; a frame of model work (ND4J,
 *       DL4J, the network, the explanation engine, a forward or backward pass of
 *       {@code AttentionModel}) is recorded. Model work on the FX thread is the defect that freezes
 *       a window, and this catches it regardless of how fast or loaded the machine is.</li>
 *   <li>How late it answers: a probe posted every 10 ms records its worst wait. Wall-clock waits
 *       depend on the machine (a shared CI box, the software renderer), so callers bound them only
 *       at the scale of a visible freeze.</li>
 * </ul>
 */
public final class FxThreadWatch implements AutoCloseable {

    private static final Set<String> MODEL_PASSES = Set.of("encode", "inputGradients", "integratedGradients",
            "outputs", "leaveOneOutOutputs", "occlusionOutputs", "readouts", "predict", "classify", "load");

    private final Thread fxThread;
    private final ScheduledExecutorService timers = Executors.newScheduledThreadPool(2, r -> {
        Thread t = new Thread(r, "fx-thread-watch");
        t.setDaemon(true);
        return t;
    });
    private final AtomicLong worstWaitMs = new AtomicLong();
    private final AtomicReference<String> modelWork = new AtomicReference<>();

    private FxThreadWatch(Thread fxThread) {
        this.fxThread = fxThread;
        timers.scheduleAtFixedRate(() -> {
            long posted = System.nanoTime();
            Platform.runLater(() -> worstWaitMs.accumulateAndGet((System.nanoTime() - posted) / 1_000_000, Math::max));
        }, 0, 10, TimeUnit.MILLISECONDS);
        timers.scheduleAtFixedRate(this::sample, 0, 5, TimeUnit.MILLISECONDS);
    }

    /** Starts watching; call from a test thread, not the FX thread. */
    public static FxThreadWatch start() throws InterruptedException {
        AtomicReference<Thread> fx = new AtomicReference<>();
        java.util.concurrent.CountDownLatch found = new java.util.concurrent.CountDownLatch(1);
        Platform.runLater(() -> {
            fx.set(Thread.currentThread());
            found.countDown();
        });
        if (!found.await(30, TimeUnit.SECONDS)) throw new IllegalStateException("the FX thread did not answer");
        return new FxThreadWatch(fx.get());
    }

    private void sample() {
        StackTraceElement[] stack = fxThread.getStackTrace();
        if (modelWork.get() == null && Arrays.stream(stack).anyMatch(FxThreadWatch::isModelWork)) {
            modelWork.compareAndSet(null, Arrays.stream(stack).limit(40).map(String::valueOf)
                    .collect(Collectors.joining("\n  at ")));
        }
    }

    static boolean isModelWork(StackTraceElement frame) {
        String c = frame.getClassName();
        return c.startsWith("org.nd4j.") || c.startsWith("org.deeplearning4j.") || c.startsWith("org.bytedeco.")
                || c.startsWith("org.attentionworkbench.model.AttentionNetwork")
                || c.startsWith("org.attentionworkbench.explain.ExplanationEngine")
                || (c.equals("org.attentionworkbench.model.AttentionModel") && MODEL_PASSES.contains(frame.getMethodName()));
    }

    /** The worst wait, in milliseconds, of a probe posted to the FX thread so far. */
    public long worstWaitMs() {
        return worstWaitMs.get();
    }

    /** The first FX-thread stack seen doing model work, or null when none was seen. */
    public String modelWorkSeen() {
        return modelWork.get();
    }

    @Override
    public void close() {
        timers.shutdownNow();
    }
}
