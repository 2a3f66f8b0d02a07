package org.attentionworkbench.task;

/**
 * A piece of background work: computes a result, checking {@link TaskContext#cancellation()} at
 * its safe points and publishing partial results through {@link TaskContext#publish}.
 *
 * @param <T> the result
 */
@FunctionalInterface
public interface BackgroundTask<T> {

    /** Runs the work on a worker thread (or the caller's, in tests). */
    T run(TaskContext context) throws Exception;
}
