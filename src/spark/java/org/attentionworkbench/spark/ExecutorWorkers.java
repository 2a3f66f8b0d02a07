package org.attentionworkbench.spark;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.SynchronousQueue;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.DocumentAuditor;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.task.Cancellation;

/**
 * The audit's worker threads of one executor process, the Spark counterpart of the local audit's
 * workers: each thread loads its own copy of a model once (from the archive the job shipped to the
 * executor) and keeps it for the life of the executor; every partition after the first reuses it.
 * Spark's own task threads come and go (a cached pool), and a model's copy and ND4J's scratch
 * memory belong to a thread, so the partitions run on these long-lived threads instead.
 *
 * <p>There are as many threads as partitions ever ran at once on the executor: its task slots
 * ({@code spark.executor.cores}, or N of {@code local[N]}), each thread one native ND4J thread.
 */
final class ExecutorWorkers {

    private static final ExecutorWorkers SHARED = new ExecutorWorkers();

    /** One thread's copy of one model, with its engine. */
    private static final class Worker {
        final AttentionClassifier model;
        final ExplanationEngine engine;

        Worker(AttentionClassifier model) {
            this.model = model;
            this.engine = new ExplanationEngine(model);
        }
    }

    private final ThreadPoolExecutor pool;
    private final ThreadLocal<Map<String, Worker>> workers = ThreadLocal.withInitial(HashMap::new);

    private ExecutorWorkers() {
        // Threads never time out: they hold the models and workspaces this class exists to keep.
        pool = new ThreadPoolExecutor(0, Integer.MAX_VALUE, Long.MAX_VALUE, TimeUnit.DAYS, new SynchronousQueue<>(),
                r -> {
                    Thread t = new Thread(r, "workbench-audit-" + System.nanoTime());
                    t.setDaemon(true);
                    return t;
                });
    }

    /** The workers of this process. */
    static ExecutorWorkers shared() {
        return SHARED;
    }

    /** How many worker threads this process has made (one per task slot that ran a partition). */
    int threads() {
        return pool.getLargestPoolSize();
    }

    /**
     * The rows of {@code docs} as documents.csv lines, computed on one worker thread.
     *
     * @param archive the model archive as shipped to this executor
     * @param stop    checked between documents and inside each explanation
     */
    List<String> audit(ModelTask task, Path archive, List<PendingDocument> docs, Cancellation stop) {
        Future<List<String>> f = pool.submit(() -> auditHere(task, archive, docs, stop));
        try {
            return f.get();
        } catch (InterruptedException e) {
            // Spark kills a task by interrupting its thread: stop the worker too, and say so.
            f.cancel(true);
            Thread.currentThread().interrupt();
            throw new java.util.concurrent.CancellationException("the task was killed");
        } catch (ExecutionException e) {
            Throwable c = e.getCause();
            if (c instanceof RuntimeException re) throw re;
            if (c instanceof Error err) throw err;
            throw new IllegalStateException(c);
        }
    }

    private List<String> auditHere(ModelTask task, Path archive, List<PendingDocument> docs, Cancellation stop) {
        AuditPlan plan = AuditPlan.fromJson(task.planJson());
        String key = task.sha256() + "#" + plan.maxTokens();
        Worker w = workers.get().computeIfAbsent(key,
                k -> new Worker(ModelLoader.open(archive).withTokenLimit(plan.tokenLimit())));
        ExplainSettings settings = plan.explainSettings().withTopKMeanLength(task.meanLength());
        List<String> lines = new ArrayList<>(docs.size());
        for (PendingDocument d : docs) {
            stop.throwIfCancelled();
            try {
                AuditRow row = DocumentAuditor.row(task.model(), d.index(), d.document(), w.model, w.engine,
                        task.classOf(), settings, stop, null);
                lines.add(DocumentsCsv.line(row));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return lines;
    }
}
