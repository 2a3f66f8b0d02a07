package org.attentionworkbench.ui.audit;

import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicReference;
import org.attentionworkbench.audit.AuditProgress;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.data.Dataset;

/**
 * Where the audit's worker threads leave what they have for the window: rows, the latest progress
 * and the dataset once it is read. Workers only write here; the FX thread collects it on its own
 * schedule ({@link AuditViewModel}'s poll), so a fast run cannot flood the FX thread with events.
 */
final class AuditInbox implements AuditRunner.Listener {

    private final ConcurrentLinkedQueue<AuditRow> rows = new ConcurrentLinkedQueue<>();
    private final AtomicReference<AuditProgress> progress = new AtomicReference<>();
    private final AtomicReference<Dataset> dataset = new AtomicReference<>();

    @Override
    public void row(AuditRow row) {
        rows.add(row);
    }

    @Override
    public void progress(AuditProgress p) {
        progress.set(p);
    }

    /** Rows known before this run (a resumed folder's documents.csv), from the runner under its lock. */
    @Override
    public void earlier(List<AuditRow> earlier) {
        rows.addAll(earlier);
    }

    void dataset(Dataset d) {
        dataset.set(d);
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
