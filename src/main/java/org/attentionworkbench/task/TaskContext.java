package org.attentionworkbench.task;

/**
 * What a background task sees of its run: its cancellation token, and a way to publish partial
 * results where the final one will be delivered (the FX thread in the window), in order and only
 * while the task is still the latest.
 */
public interface TaskContext {

    /** The task's token: cancelled once a newer task is submitted or the runner is cancelled. */
    Cancellation cancellation();

    /** Runs {@code update} on the delivery thread, unless the task has become stale by then. */
    void publish(Runnable update);

    /** {@code cancellation().throwIfCancelled()}. */
    default void throwIfCancelled() {
        cancellation().throwIfCancelled();
    }
}
