package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.attentionworkbench.task.Cancellation;

/**
 * LIME's and KernelSHAP's copies of a document, shared out between threads in chunks: the
 * parallel engine's helper thread runs the perturbation methods, and the explaining thread, once
 * its own sections are done and it would only wait, takes chunks of the copies too
 * ({@link #assist}). Each copy's output is its own pass, so the outputs are the same however the
 * chunks fall (ExplanationEngineTest compares parallel and sequential reports).
 *
 * <p>Why: LIME's 2,500 copies of a 400-token review (five runs of 500) are most of a BiLSTM's or
 * CNN's explanation; with the other sections done, the second core sat idle until LIME finished.
 */
final class CopyShare {

    /** Copies per chunk: small enough to share the tail, large enough to keep a batched model's batches. */
    static final int CHUNK = 32; // = model.LstmCopies.MAX_COPIES: both threads' groups are one call's

    private final AtomicReference<Job> current = new AtomicReference<>();

    /**
     * The outputs of the copies {@code kept} of {@code doc} (as {@link AttentionClassifier#subsequenceOutputs}),
     * computed by the calling thread and any thread that {@link #assist}s meanwhile.
     */
    List<double[]> outputs(AttentionClassifier model, EncodedDocument doc, List<int[]> kept) {
        Job job = new Job(model, doc, kept);
        current.set(job);
        try {
            job.work();
            job.awaitAll();
        } finally {
            current.compareAndSet(job, null);
        }
        return Arrays.asList(job.results);
    }

    /**
     * Takes chunks of the copies being computed, if any, until none are left to take; returns at
     * once when there is no job. A chunk that fails is handed to the job's owner to report.
     */
    void assist(Cancellation cancellation) {
        Job job = current.get();
        if (job == null) return;
        try {
            cancellation.callAs(() -> {
                job.work();
                return null;
            });
        } catch (Exception e) {
            // job.work records its chunks' failures for the owner; this is the callAs wrapper's
        }
    }

    /** One batch of copies: the next chunk to take, the outputs, and how many are still being computed. */
    private static final class Job {
        final AttentionClassifier model;
        final EncodedDocument doc;
        final List<int[]> kept;
        final double[][] results;
        final AtomicInteger next = new AtomicInteger();
        final AtomicInteger pending;
        final AtomicReference<RuntimeException> failure = new AtomicReference<>();

        Job(AttentionClassifier model, EncodedDocument doc, List<int[]> kept) {
            this.model = model;
            this.doc = doc;
            this.kept = new ArrayList<>(kept);
            this.results = new double[kept.size()][];
            this.pending = new AtomicInteger(kept.size());
        }

        void work() {
            int n = kept.size();
            int from;
            while (failure.get() == null && (from = next.getAndAdd(CHUNK)) < n) {
                int to = Math.min(n, from + CHUNK);
                try {
                    List<double[]> out = model.subsequenceOutputs(doc, kept.subList(from, to));
                    for (int i = from; i < to; i++) results[i] = out.get(i - from);
                } catch (RuntimeException e) {
                    failure.compareAndSet(null, e);
                } finally {
                    synchronized (this) {
                        if (pending.addAndGet(-(to - from)) == 0) notifyAll();
                    }
                }
            }
        }

        /** Waits for the chunks other threads took; rethrows the first failure of any chunk. */
        void awaitAll() {
            synchronized (this) {
                while (pending.get() > 0 && failure.get() == null) {
                    try {
                        wait(20);
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                        throw new java.util.concurrent.CancellationException("interrupted");
                    }
                    Cancellation.checkCurrent();
                }
            }
            RuntimeException f = failure.get();
            if (f != null) throw f;
        }
    }
}
