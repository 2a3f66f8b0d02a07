package org.attentionworkbench.task;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.concurrent.Executor;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * THE way the workbench runs background work: runs the latest submitted {@link BackgroundTask} on
 * its own worker thread, optionally after a debounce delay, and delivers its partial and final
 * results through a deliverer (the FX thread in the window). Submitting a task makes every earlier
 * one stale: a stale task that has not started never runs; one that is running has its
 * {@link Cancellation} cancelled, so it stops at its next check (the explanation engine checks
 * between sections, the model between batches), and its results are dropped. The UI only ever
 * shows the latest answer, and a stale integrated-gradients run no longer holds up the next one.
 *
 * <p>One instance per kind of work (model loading, analysis, dataset reading, autosave).
 * {@link #sameThread(String)} runs each task at once on the caller's thread, for tests.
 */
public final class LatestTaskRunner implements AutoCloseable {

    private final String name;
    private final ScheduledExecutorService worker;
    private final Executor deliverer;
    private long latest;
    private Cancellation running = new Cancellation();
    private ScheduledFuture<?> pending;

    /**
     * A runner delivering through {@code deliverer} ({@code Platform::runLater} in the window;
     * tests pass {@code Runnable::run} or a queue).
     *
     * @param threadName name of the worker thread, shown in thread dumps
     */
    public LatestTaskRunner(String threadName, Executor deliverer) {
        this.name = threadName;
        this.deliverer = deliverer;
        this.worker = Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true); // never keep the JVM alive after the window closed
            return t;
        });
    }

    private LatestTaskRunner(String name) {
        this.name = name;
        this.deliverer = Runnable::run;
        this.worker = null;
    }

    /** A runner that runs each task at once on the submitting thread and delivers there too (tests). */
    public static LatestTaskRunner sameThread(String name) {
        return new LatestTaskRunner(name);
    }

    /** The runner's name (its worker thread's). */
    public String name() {
        return name;
    }

    /**
     * Where this runner hands results over: work that publishes partial results of its own must
     * publish them here too, so they arrive in order before the final one.
     */
    public Executor deliverer() {
        return deliverer;
    }

    /**
     * Runs {@code task} after {@code delay} unless another task is submitted first.
     *
     * @param onSuccess called on the delivery thread with the result, if this task is still the latest
     * @param onFailure called on the delivery thread with the error, if this task is still the latest
     *                  (a task stopped by its cancellation reports nothing)
     */
    public <T> void submit(Duration delay, BackgroundTask<T> task, Consumer<? super T> onSuccess,
                           Consumer<? super Throwable> onFailure) {
        long id;
        Cancellation token;
        synchronized (this) {
            id = ++latest;
            running.cancel();
            running = token = new Cancellation();
            if (pending != null) pending.cancel(false);
            if (worker != null) {
                pending = worker.schedule(() -> run(id, token, task, onSuccess, onFailure),
                        delay.toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
        }
        run(id, token, task, onSuccess, onFailure);
    }

    /** Runs {@code task} as soon as the worker is free; see {@link #submit(Duration, BackgroundTask, Consumer, Consumer)}. */
    public <T> void submit(BackgroundTask<T> task, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submit(Duration.ZERO, task, onSuccess, onFailure);
    }

    /** Runs {@code work}, which has no partial results and no checks of its own. */
    public <T> void submit(Callable<T> work, Consumer<? super T> onSuccess, Consumer<? super Throwable> onFailure) {
        submit(Duration.ZERO, context -> work.call(), onSuccess, onFailure);
    }

    /** Makes every submitted task stale, and cancels the running one. */
    public synchronized void cancel() {
        latest++;
        running.cancel();
        if (pending != null) pending.cancel(false);
    }

    private synchronized boolean isLatest(long id) {
        return id == latest;
    }

    private <T> void run(long id, Cancellation token, BackgroundTask<T> task, Consumer<? super T> onSuccess,
                         Consumer<? super Throwable> onFailure) {
        if (!isLatest(id)) return;
        TaskContext context = new TaskContext() {
            @Override
            public Cancellation cancellation() {
                return token;
            }

            @Override
            public void publish(Runnable update) {
                if (!isLatest(id)) return;
                deliverer.execute(() -> {
                    if (isLatest(id)) update.run();
                });
            }
        };
        try {
            T result = token.callAs(() -> task.run(context));
            context.publish(() -> onSuccess.accept(result));
        } catch (CancellationException e) {
            // Stopped because a newer task replaced it: nobody waits for its result.
            if (!token.isCancelled()) context.publish(() -> onFailure.accept(e));
        } catch (Exception | Error e) {
            context.publish(() -> onFailure.accept(e));
        }
    }

    /** Stops the worker; pending tasks never run, the running one is cancelled. */
    @Override
    public void close() {
        cancel();
        if (worker != null) worker.shutdownNow();
    }
}
