package org.attentionworkbench.task;

import java.util.concurrent.Callable;
import java.util.concurrent.CancellationException;
import java.util.function.BooleanSupplier;

/**
 * A cooperative cancellation token. Long work checks it at safe points (between sections of an
 * explanation, between batches of integrated gradients or of variants) and stops there with a
 * {@link CancellationException}; nothing is interrupted in the middle of a native call.
 *
 * <p>The token of the task running on a thread is also that thread's {@link #current()} one, so
 * loops deep in the model can check it without every signature on the way carrying it.
 */
public final class Cancellation {

    /** A token that is never cancelled (command-line runs, tests). */
    public static final Cancellation NEVER = new Cancellation();

    private static final ThreadLocal<Cancellation> CURRENT = ThreadLocal.withInitial(() -> NEVER);

    private final Cancellation parent;
    private final BooleanSupplier condition;
    private volatile boolean cancelled;

    /** A token of its own. */
    public Cancellation() {
        this(null, null);
    }

    private Cancellation(Cancellation parent, BooleanSupplier condition) {
        this.parent = parent;
        this.condition = condition;
    }

    /** A token that is cancelled once {@code condition} holds (asked at each check) or it is cancelled. */
    public static Cancellation when(BooleanSupplier condition) {
        return new Cancellation(null, condition);
    }

    /**
     * A token that is cancelled when this one is, and can also be cancelled on its own (an audit
     * stops its workers when the user cancels or when one of them fails).
     */
    public Cancellation child() {
        return new Cancellation(this, null);
    }

    /** Whether the work this token belongs to is no longer wanted. */
    public boolean isCancelled() {
        return cancelled || condition != null && condition.getAsBoolean() || parent != null && parent.isCancelled();
    }

    /** Marks the work unwanted; it stops at its next check. */
    public void cancel() {
        if (this == NEVER) throw new UnsupportedOperationException("the NEVER token cannot be cancelled");
        cancelled = true;
    }

    /** @throws CancellationException if this token is cancelled */
    public void throwIfCancelled() {
        if (isCancelled()) throw new CancellationException("cancelled");
    }

    /** The token of the task running on the calling thread ({@link #NEVER} outside any task). */
    public static Cancellation current() {
        return CURRENT.get();
    }

    /** {@code current().throwIfCancelled()}: the check for loops that are not handed a token. */
    public static void checkCurrent() {
        CURRENT.get().throwIfCancelled();
    }

    /** Runs {@code work} with this token as the calling thread's {@link #current()} one. */
    public <T> T callAs(Callable<T> work) throws Exception {
        Cancellation outer = CURRENT.get();
        CURRENT.set(this);
        try {
            return work.call();
        } finally {
            CURRENT.set(outer);
        }
    }
}
