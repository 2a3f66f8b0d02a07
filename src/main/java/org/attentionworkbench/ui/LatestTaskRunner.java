package org.attentionworkbench.ui;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import javafx.application.Platform;

/**
 * THE way the UI runs background work: runs the latest submitted task on its own worker thread,
 * optionally after a debounce delay, and delivers its result on the FX thread. Submitting a task
 * makes every earlier one stale: a stale task that has not started never runs, and the result or
 * error of one that was already running is dropped, so the UI only ever shows the latest answer.
 *
 * <p>Running tasks are not interrupted (an interrupt in the middle of a native ND4J call helps
 * nobody); they finish and their result is discarded. One instance per kind of work (model loading,
 * analysis), submitted to from the FX thread.
 */
public final class LatestTaskRunner implements AutoCloseable {

    private final ScheduledExecutorService worker;
    private final Executor deliverer;
    private final AtomicLong latest = new AtomicLong();
    private ScheduledFuture<?> pending;

    /** A runner whose results are delivered on the FX thread. */
    public LatestTaskRunner(String threadName) {
        this(threadName, Platform::runLater);
    }

    /**
     * A runner delivering through {@code deliverer} (tests pass {@code Runnable::run}).
     *
     * @param threadName name of the worker thread, shown in thread dumps
     */
    public LatestTaskRunner(String threadName, Executor deliverer) {
        this.deliverer = deliverer;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true); // never keep the JVM alive after the window closed
            return t;
        });
    }

    /**
     * Where this runner hands results over (the FX thread in the app): work that publishes
     * partial results of its own must publish them here too, so they arrive in order before the
     * final one.
     */
    public Executor deliverer() {
        return deliverer;
    }

    /**
     * Runs {@code work} after {@code delay} unless another task is submitted first.
     *
     * @param onSuccess called on the delivery thread with the result, if this task is still the latest
     * @param onFailure called on the delivery thread with the error, if this task is still the latest
     */
    public synchronized <T> void submit(Duration delay, Callable<T> work, Consumer<? super T> onSuccess,
                                        Consumer<? super Throwable> onFailure) {
        long id = latest.incrementAndGet();
        if (pending != null) pending.cancel(false);
        pending = worker.schedule(() -> run(id, work, onSuccess, onFailure),
                delay.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Runs {@code work} as soon as the worker is free; see {@link #submit(Duration, Callable, Consumer, Consumer)}. */
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submit(Duration.ZERO, work, onSuccess, onFailure);
    }

    /** Makes every submitted task stale. */
    public synchronized void cancel() {
        latest.incrementAndGet();
        if (pending != null) pending.cancel(false);
    }

    private <T> void run(long id, Callable<T> work, Consumer<? super T> onSuccess,
                         Consumer<? super Throwable> onFailure) {
        if (id != latest.get()) return;
        try {
            T result = work.call();
            deliverer.execute(() -> {
                if (id == latest.get()) onSuccess.accept(result);
            });
        } catch (Exception | Error e) {
            deliverer.execute(() -> {
                if (id == latest.get()) onFailure.accept(e);
            });
        }
    }

    /** Stops the worker; pending tasks never run. */
    @Override
    public void close() {
        cancel();
        worker.shutdownNow();
    }
}
