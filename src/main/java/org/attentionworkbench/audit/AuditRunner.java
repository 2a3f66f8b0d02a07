package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Function;
import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;

/**
 * Runs the explanation engine over a sample of a dataset for each model of a plan, appending one
 * row per document to {@code documents.csv} as it finishes.
 *
 * <p>Parallel at the document level: each worker thread has its own copy of the model (the model
 * serialises calls on itself, and each copy runs its ND4J operations on one native thread, see
 * NativeThreads), so two workers keep two cores busy without OpenMP threads spinning against each
 * other. Rows are independent of the thread count: every document uses the same seed.
 *
 * <p>Resumable: rows already in the folder's documents.csv are skipped, so a run that was killed
 * continues where it stopped, and no row is computed or written twice.
 *
 * <p>One audit at a time per folder: a run holds the folder's {@link AuditLock} (two audits into one
 * folder each appended every row). Here rather than in the command line so that the window's
 * Audit tab, which runs through this class too, takes the same lock.
 */
public final class AuditRunner {

    /** Receives rows and progress, on the worker threads (a window must hand them to its own thread). */
    public interface Listener {
        /** A row was written. */
        default void row(AuditRow row) {
        }

        /** Progress, after each row and at the start of each model. */
        default void progress(AuditProgress progress) {
        }

        /**
         * The rows an earlier run left in the folder, read under the lock before any is computed
         * (a window shows them at once; reading them without the lock could cut off the last line
         * another audit is writing).
         */
        default void earlier(List<AuditRow> rows) {
        }
    }

    /**
     * A run and the report it wrote.
     *
     * @param files the report's files, empty when the run was cancelled
     */
    public record Finished(Result result, List<Path> files) { }

    /**
     * What a run did.
     *
     * @param rowsThisRun   rows computed by this run
     * @param rowsTotal     rows in documents.csv now
     * @param wallSeconds   duration of this run
     * @param cancelled     whether it stopped before the end
     * @param msByPart      summed milliseconds per timed part over this run's rows (worker time)
     * @param residentMb    resident memory after the first rows of the run and at the end, and its maximum (NaN if unknown)
     * @param perModel      for each model run: {rows, wall seconds} of this run
     * @param residentByTenth resident MB when the audit reached 10, 20, ... 100 percent (this run)
     */
    public record Result(int rowsThisRun, int rowsTotal, double wallSeconds, boolean cancelled,
                         Map<String, Double> msByPart, double[] residentMb, Map<String, double[]> perModel,
                         Map<Integer, Double> residentByTenth) {

        /** Rows per second of wall time. */
        public double docsPerSecond() {
            return wallSeconds > 0 ? rowsThisRun / wallSeconds : Double.NaN;
        }
    }

    private final AuditPlan plan;
    private final int threads;
    private final Function<String, ? extends AttentionClassifier> modelLoader;
    private final Function<String, Path> archives;
    private final int documentFigures;

    /**
     * A runner whose models are found in the shipped catalog ({@link ModelCatalog#fromEnvironment()})
     * for the provenance (archive sha256) the audit records.
     *
     * @param modelLoader loads a fresh copy of a model by its name or path (called once per worker)
     */
    public AuditRunner(AuditPlan plan, int threads, Function<String, ? extends AttentionClassifier> modelLoader) {
        this(plan, threads, modelLoader, name -> ModelCatalog.fromEnvironment().resolve(name));
    }

    /**
     * @param modelLoader loads a fresh copy of a model by its name or path (called once per worker)
     * @param archives    the archive a model name or path stands for, whose sha256 the audit records
     *                    in {@code audit.json} and {@code summary.json} ({@link Provenance})
     */
    public AuditRunner(AuditPlan plan, int threads, Function<String, ? extends AttentionClassifier> modelLoader,
                       Function<String, Path> archives) {
        this(plan, threads, modelLoader, archives, 0);
    }

    /**
     * @param documentFigures for this many documents at the head of the sample, also write the
     *                        Compare tab's panels as a figure (figures/documents/MODEL-docN.svg)
     */
    public AuditRunner(AuditPlan plan, int threads, Function<String, ? extends AttentionClassifier> modelLoader,
                       Function<String, Path> archives, int documentFigures) {
        if (threads < 1) throw new IllegalArgumentException("--threads must be at least 1");
        if (documentFigures < 0) throw new IllegalArgumentException("--document-figures must be at least 0");
        this.plan = plan;
        this.threads = threads;
        this.modelLoader = modelLoader;
        this.archives = archives;
        this.documentFigures = documentFigures;
    }

    /**
     * Runs (or resumes) the audit into {@code outDir}.
     *
     * @param restart   start over: earlier rows and plan in the folder are removed
     * @param cancelled checked before each document and inside each explanation
     * @throws AuditException when the folder holds an audit of another plan, or a model does not fit the data
     */
    public Result run(Dataset dataset, Path outDir, boolean restart, Listener listener, Cancellation cancelled)
            throws IOException {
        try (AuditLock lock = AuditLock.acquire(outDir)) {
            return runLocked(dataset, outDir, restart, listener, cancelled, provenance());
        }
    }

    /**
     * {@link #run} and then, unless cancelled, {@link AuditReport#write}, under one hold of the
     * folder's lock: no other audit adds rows between the last row and the report that counts them.
     *
     * @throws AuditException also when the folder is in use by another audit, naming its holder
     */
    public Finished runAndReport(Dataset dataset, Path outDir, boolean restart, Listener listener,
                                 Cancellation cancelled) throws IOException {
        try (AuditLock lock = AuditLock.acquire(outDir)) {
            Provenance provenance = provenance();
            Result result = runLocked(dataset, outDir, restart, listener, cancelled, provenance);
            List<Path> files = result.cancelled() ? List.of()
                    : AuditReport.write(outDir, plan, dataset.labels(), result, provenance);
            return new Finished(result, files);
        }
    }

    /** The versions and model archives (sha256 of each) this run computes with. */
    private Provenance provenance() {
        return Provenance.of(plan.models(), archives);
    }

    private Result runLocked(Dataset dataset, Path outDir, boolean restart, Listener listener,
                             Cancellation cancelled, Provenance provenance) throws IOException {
        Path csvFile = outDir.resolve(DocumentsCsv.FILE_NAME);
        List<AuditRow> existing = AuditFolder.prepare(outDir, plan, restart, provenance);
        listener.earlier(existing);
        Set<String> done = new HashSet<>();
        for (AuditRow r : existing) done.add(r.key());
        int[] sample = plan.sample(dataset.size());
        int total = sample.length * plan.models().size();

        Map<String, Double> ms = new LinkedHashMap<>();
        AtomicInteger rowsThisRun = new AtomicInteger();
        AtomicInteger doneCount = new AtomicInteger(done.size());
        ResidentMemory memory = new ResidentMemory();
        long start = System.nanoTime();
        boolean stopped = false;
        Map<String, double[]> perModel = new LinkedHashMap<>();
        try (DocumentsCsv csv = DocumentsCsv.append(csvFile)) {
            for (int m = 0; m < plan.models().size() && !stopped; m++) {
                String name = plan.models().get(m);
                List<Integer> pending = new ArrayList<>();
                for (int idx : sample) if (!done.contains(AuditRow.key(name, idx))) pending.add(idx);
                if (pending.isEmpty()) continue;
                int modelNumber = m + 1;
                Progressor progressor = new Progressor(name, modelNumber, plan.models().size(), total, doneCount,
                        rowsThisRun, start, memory, listener);
                progressor.report();
                long t0 = System.nanoTime();
                int before = rowsThisRun.get();
                stopped = runModel(name, dataset, sample, pending, csv, ms, progressor, listener, cancelled, outDir);
                perModel.put(name, new double[] {rowsThisRun.get() - before, (System.nanoTime() - t0) / 1e9});
            }
        }
        memory.sample();
        double wall = (System.nanoTime() - start) / 1e9;
        return new Result(rowsThisRun.get(), doneCount.get(), wall, stopped, ms, memory.figures(), perModel,
                memory.checkpoints());
    }

    /** Runs one model's pending documents on the workers; true when cancelled. */
    private boolean runModel(String name, Dataset dataset, int[] sample, List<Integer> pending, DocumentsCsv csv,
                             Map<String, Double> ms, Progressor progressor, Listener listener,
                             Cancellation cancelled, Path outDir) throws IOException {
        Set<Integer> figured = new HashSet<>();
        for (int i = 0; i < Math.min(documentFigures, sample.length); i++) figured.add(sample[i]);
        int workers = Math.min(threads, pending.size());
        AtomicInteger next = new AtomicInteger();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        // Cancelled by the user's token, or by the first worker that fails (the others stop too).
        Cancellation stop = cancelled.child();
        List<Thread> pool = new ArrayList<>();
        AtomicBoolean cancelledSeen = new AtomicBoolean();
        double[] meanLength = {-1};
        for (int w = 0; w < workers; w++) {
            Thread t = new Thread(() -> {
                AttentionClassifier model = null;
                try {
                    model = modelLoader.apply(name).withTokenLimit(plan.tokenLimit());
                    int[] classOf = classMap(dataset, model, name);
                    double mean;
                    synchronized (meanLength) {
                        if (meanLength[0] < 0) meanLength[0] = meanLength(dataset, sample, model);
                        mean = meanLength[0];
                    }
                    // The top-k distance's k = max(10, 10% of the corpus mean length), the same
                    // for every document, as docs/methods.md and the published code have it. Over the
                    // whole sample, not the pending part, so that a resumed run uses the same k.
                    ExplainSettings settings = plan.explainSettings().withTopKMeanLength(mean);
                    ExplanationEngine engine = new ExplanationEngine(model);
                    int k;
                    while (!stop.isCancelled() && (k = next.getAndIncrement()) < pending.size()) {
                        int index = pending.get(k);
                        AuditRow row = DocumentAuditor.row(name, index, dataset.documents().get(index), model, engine, classOf,
                                settings, stop, figured.contains(index) ? outDir : null);
                        csv.write(row);
                        synchronized (ms) {
                            row.values().forEach((col, v) -> {
                                if (col.startsWith("ms_")) ms.merge(col.substring(3), v, Double::sum);
                            });
                        }
                        listener.row(row);
                        progressor.rowDone();
                    }
                } catch (CancellationException e) {
                    cancelledSeen.set(true);
                } catch (Throwable e) {
                    failure.compareAndSet(null, e);
                    stop.cancel();
                } finally {
                    // Workspaces are per thread: without this each model's workers would leave
                    // their blocks behind (measured: +840 MB resident at a model switch).
                    if (model != null) model.releaseThreadMemory();
                }
            }, "audit-" + name + "-" + w);
            t.setDaemon(true);
            pool.add(t);
            t.start();
        }
        for (Thread t : pool) {
            try {
                t.join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CancellationException("audit interrupted");
            }
        }
        Throwable f = failure.get();
        if (f instanceof AuditException a) throw a;
        if (f instanceof IOException io) throw io;
        // Others as they are: a model that cannot load says so in its own exception, and a bug
        // must not read as the user's error (wrapped, it printed "failed: java.lang.X" as one).
        if (f instanceof RuntimeException re) throw re;
        if (f instanceof Error err) throw err;
        if (f != null) throw new AuditException("the audit of " + name + " failed: " + f.getMessage(), f);
        return cancelled.isCancelled() || cancelledSeen.get();
    }

    /**
     * The mean number of real tokens of the sample's documents under this model's tokenizer (what
     * the model encodes, up to its TokenLimit), leaving out documents without tokens as every
     * statistic does; 0 when none has a token.
     */
    public static double meanLength(Dataset dataset, int[] sample, AttentionClassifier model) {
        long sum = 0;
        int count = 0;
        for (int index : sample) {
            int n = model.tokens(dataset.documents().get(index).text()).size();
            if (n == 0) continue;
            sum += n;
            count++;
        }
        return count == 0 ? 0 : (double) sum / count;
    }

    /**
     * Dataset class index to model class index, by the one label rule of {@link ClassAlignment}: class
     * names match case-insensitively, integer labels are class indices.
     *
     * @throws AuditException naming the first document whose label is not a class of the model
     */
    public static int[] classMap(Dataset dataset, AttentionClassifier model, String name) {
        try {
            return ClassAlignment.classMap(dataset, model.labels(), "model " + name);
        } catch (DatasetException e) {
            throw new AuditException(naming(dataset, e));
        }
    }

    /**
     * The data as the audit sees it: every model's classes are checked against the labels (so a
     * mismatch stops the audit before any work, naming the first offending document), and the labels
     * are renumbered to the models' classes: the first model's class names, then any other model's
     * names that are new. Rows, the window and the report then all speak the models' class names,
     * whatever the data file called them ({@code 0/1} or {@code NEG/POS}).
     *
     * @param dataset the data as read
     * @param models  the models of the plan, in plan order
     * @param names   their names, for messages
     */
    public static Dataset alignToModels(Dataset dataset, List<? extends AttentionClassifier> models, List<String> names) {
        List<String> classes = new ArrayList<>();
        for (int m = 0; m < models.size(); m++) {
            classMap(dataset, models.get(m), names.get(m));
            for (String c : models.get(m).labels()) {
                if (!classes.contains(c)) classes.add(c);
            }
        }
        try {
            return ClassAlignment.align(dataset, classes, "model " + names.get(0));
        } catch (DatasetException e) {
            throw new AuditException(naming(dataset, e));
        }
    }

    /**
     * The message of a label problem, naming the data once: a file's message already starts with
     * {@code file:line} ("bad.tsv: bad.tsv:6: ..." read as two places), a manifest split's may not.
     */
    private static String naming(Dataset dataset, DatasetException e) {
        String m = e.getMessage();
        return m != null && m.startsWith(dataset.name()) ? m : dataset.name() + ": " + m;
    }

    /**
     * Counts rows and reports progress with rate and ETA (resident memory sampled beside it): the
     * local workers call it per row, another engine (Spark's driver) per row it receives, so that
     * both print the same progress line.
     */
    public static final class Progressor {
        private final String model;
        private final int modelNumber;
        private final int total;
        private final AtomicInteger done;
        private final AtomicInteger thisRun;
        private final long start;
        private final ResidentMemory memory;
        private final Listener listener;
        private final int models;

        /**
         * @param done    rows of the audit finished so far (earlier runs included), counted up here
         * @param thisRun rows of this run, counted up here
         * @param start   {@link System#nanoTime()} at the start of the run
         */
        public Progressor(String model, int modelNumber, int models, int total, AtomicInteger done,
                          AtomicInteger thisRun, long start, ResidentMemory memory, Listener listener) {
            this.model = model;
            this.modelNumber = modelNumber;
            this.total = total;
            this.done = done;
            this.thisRun = thisRun;
            this.start = start;
            this.memory = memory;
            this.listener = listener;
            this.models = models;
        }

        /** One more row is written. */
        public void rowDone() {
            int d = done.incrementAndGet();
            int n = thisRun.incrementAndGet();
            if (n == 8) memory.markWarm();
            if (total > 0 && d * 10 / total > (d - 1) * 10 / total) memory.checkpoint(d * 10 / total * 10);
            report();
        }

        /** Reports where the audit stands now. */
        public synchronized void report() {
            double mb = memory.sample();
            int n = thisRun.get();
            double secs = (System.nanoTime() - start) / 1e9;
            double rate = n > 0 && secs > 0 ? n / secs : Double.NaN;
            double eta = n > 0 ? (total - done.get()) / rate : Double.NaN;
            listener.progress(new AuditProgress(model, modelNumber, models, done.get(), total, n, rate, eta, mb));
        }
    }
}
