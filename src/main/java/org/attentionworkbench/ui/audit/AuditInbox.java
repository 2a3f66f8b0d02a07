package org.attentionworkbench.ui.audit;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.attentionworkbench.audit.AuditProgress;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.task.TaskContext;

/**
 * Where the audit's worker threads leave what they have for the window: rows, the latest progress
 * and the dataset once it is read. Workers only write here; when something arrives, the inbox asks
 * the audit task to publish one collection to the FX thread ({@link TaskContext#publish}), at most
 * one pending at a time and at most one per {@link #INTERVAL}, so a fast run cannot flood the FX
 * thread with events. What arrives between two collections waits for the next one, or for the
 * collection when the run ends.
 */
final class AuditInbox implements AuditRunner.Listener {

    /** The shortest time between two collections. */
    static final Duration INTERVAL = Duration.ofMillis(500);

    private final ConcurrentLinkedQueue<AuditRow> rows = new ConcurrentLinkedQueue<>();
    private final AtomicReference<AuditProgress> progress = new AtomicReference<>();
    private final AtomicReference<Dataset> dataset = new AtomicReference<>();
    private final Runnable collector;
    private final AtomicBoolean scheduled = new AtomicBoolean();
    private final AtomicLong lastCollection = new AtomicLong(System.nanoTime() - INTERVAL.toNanos());
    private volatile TaskContext context;

    /** @param collector empties the inbox into the window (run on the FX thread) */
    AuditInbox(Runnable collector) {
        this.collector = collector;
    }

    /** Collections go through {@code task}'s context from now on (the audit job sets it when it starts). */
    void publishThrough(TaskContext task) {
        this.context = task;
        wake();
    }

    @Override
    public void row(AuditRow row) {
        rows.add(row);
        wake();
    }

    @Override
    public void progress(AuditProgress p) {
        progress.set(p);
        wake();
    }

    /** Rows known before this run (a resumed folder's documents.csv), from the runner under its lock. */
    @Override
    public void earlier(List<AuditRow> earlier) {
        rows.addAll(earlier);
        wake();
    }

    void dataset(Dataset d) {
        dataset.set(d);
        wake();
    }

    private void wake() {
        TaskContext c = context;
        if (c == null) return;
        long now = System.nanoTime();
        if (now - lastCollection.get() < INTERVAL.toNanos() || !scheduled.compareAndSet(false, true)) return;
        lastCollection.set(now);
        c.publish(() -> {
            scheduled.set(false);
            collector.run();
        });
    }

    /** Moves the rows that arrived since the last call into {@code into}; true if there were any. */
    boolean drainRows(List<AuditRow> into) {
        boolean any = false;
        AuditRow r;
        while ((r = rows.poll()) != null) {
            into.add(r);
            any = true;
        }
        return any;
    }

    /** The latest progress, taken (null when nothing new). */
    AuditProgress takeProgress() {
        return progress.getAndSet(null);
    }

    /** The dataset, taken (null when nothing new). */
    Dataset takeDataset() {
        return dataset.getAndSet(null);
    }
}
