package org.attentionworkbench.spark;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.spark.SimpleFutureAction;
import org.apache.spark.SparkConf;
import org.apache.spark.SparkContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.attentionworkbench.audit.AuditEngine;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditFolder;
import org.attentionworkbench.audit.AuditLock;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditReport;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.audit.Provenance;
import org.attentionworkbench.audit.ResidentMemory;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelLoader;
import scala.runtime.BoxedUnit;

/**
 * {@code workbench audit --engine spark}: the corpus audit with Apache Spark computing the rows.
 *
 * <p>The driver (this process) does what the local audit does before its workers start: it takes
 * the folder's lock, checks and saves the plan, reads the rows already there, draws the sample, and
 * per model computes the class map and the sample's mean length. The
 * pending documents are then cut into partitions of {@code --partition-size} documents; the model
 * archive is shipped with the job ({@code SparkContext.addFile}, fetched once per executor); each
 * executor runs the partitions on its {@link ExecutorWorkers} through {@code DocumentAuditor}, the
 * local audit's own per-document code, and sends the rows back as lines of documents.csv.
 *
 * <p>Exactly once: the driver is the only writer of documents.csv. It appends a partition's rows as
 * the partition finishes (Spark hands each partition's result to the driver once, whatever attempts
 * ran) and forces each to the disk, skipping any key already there; a killed job re-run with the
 * same folder computes only the documents without a row, as the local audit does. The report
 * (summary, tables, figures) and documents.parquet are then built from the whole file.
 */
public final class SparkAuditEngine implements AuditEngine {

    @Override
    public String name() {
        return "spark";
    }

    @Override
    public AuditRunner.Finished runAndReport(Job job) throws IOException {
        try (AuditLock lock = AuditLock.acquire(job.outDir())) {
            AuditPlan plan = job.plan();
            Provenance provenance = Provenance.of(plan.models(), job.archives());
            List<AuditRow> existing = AuditFolder.prepare(job.outDir(), plan, job.restart(), provenance);
            job.listener().earlier(existing);
            AuditRunner.Result result = run(job, existing, provenance);
            List<Path> files = new ArrayList<>();
            if (!result.cancelled()) {
                files.addAll(AuditReport.write(job.outDir(), plan, job.dataset().labels(), result, provenance));
                files.add(ParquetRows.write(job.outDir(),
                        DocumentsCsv.read(job.outDir().resolve(DocumentsCsv.FILE_NAME))));
            }
            return new AuditRunner.Finished(result, files);
        }
    }

    private AuditRunner.Result run(Job job, List<AuditRow> existing, Provenance provenance) throws IOException {
        AuditPlan plan = job.plan();
        Dataset dataset = job.dataset();
        Set<String> done = new HashSet<>();
        for (AuditRow r : existing) done.add(r.key());
        int[] sample = plan.sample(dataset.size());
        int total = sample.length * plan.models().size();
        Map<String, Double> ms = new LinkedHashMap<>();
        AtomicInteger rowsThisRun = new AtomicInteger();
        AtomicInteger doneCount = new AtomicInteger(done.size());
        ResidentMemory memory = new ResidentMemory();
        ExecutorMemory executors = new ExecutorMemory();
        Map<String, double[]> perModel = new LinkedHashMap<>();
        long start = System.nanoTime();
        boolean stopped = false;
        Path staging = Files.createTempDirectory("workbench-spark-archives");
        SparkContext sc = null;
        try (DocumentsCsv csv = DocumentsCsv.append(job.outDir().resolve(DocumentsCsv.FILE_NAME))) {
            for (int m = 0; m < plan.models().size() && !stopped; m++) {
                String name = plan.models().get(m);
                List<Integer> pending = new ArrayList<>();
                for (int idx : sample) if (!done.contains(name + "#" + idx)) pending.add(idx);
                if (pending.isEmpty()) continue;
                if (sc == null) {
                    sc = context(job.master());
                    job.log().printf(Locale.ROOT, "spark: %s, application %s, default parallelism %d%n", sc.master(),
                            sc.applicationId(), sc.defaultParallelism());
                    job.log().flush();
                }
                AuditRunner.Progressor progressor = new AuditRunner.Progressor(name, m + 1, plan.models().size(),
                        total, doneCount, rowsThisRun, start, memory, job.listener());
                progressor.report();
                long t0 = System.nanoTime();
                int before = rowsThisRun.get();
                ModelTask task = prepare(sc, job, name, m, sample, provenance, staging);
                stopped = runModel(sc, job, task, pending, csv, done, ms, progressor, executors);
                perModel.put(name, new double[] {rowsThisRun.get() - before, (System.nanoTime() - t0) / 1e9});
            }
        } finally {
            if (sc != null) sc.stop();
            deleteTree(staging);
        }
        memory.sample();
        executors.print(job.log());
        double wall = (System.nanoTime() - start) / 1e9;
        return new AuditRunner.Result(rowsThisRun.get(), doneCount.get(), wall, stopped, ms, memory.figures(),
                perModel, memory.checkpoints());
    }

    /** The Spark context for {@code master}; settings given to spark-submit or as -Dspark.* come first. */
    static SparkContext context(String master) {
        SparkConf conf = new SparkConf().setMaster(master).setIfMissing("spark.app.name", "workbench audit");
        // The audit prints its own progress line; Spark's console bar and UI would only add noise
        // (either can be turned back on with --conf).
        conf.setIfMissing("spark.ui.enabled", "false");
        conf.setIfMissing("spark.ui.showConsoleProgress", "false");
        // The launcher's allocator settings for ND4J's native memory (docs/audit.md), for executors
        // started elsewhere: glibc returns freed blocks instead of keeping an arena per thread.
        conf.setIfMissing("spark.executorEnv.MALLOC_ARENA_MAX", "2");
        conf.setIfMissing("spark.executorEnv.MALLOC_MMAP_THRESHOLD_", "131072");
        try {
            return SparkContext.getOrCreate(conf);
        } catch (Exception e) { // SparkException is checked in Java terms but undeclared by Scala
            // A master Spark cannot parse or reach: the user's setting, said in one line.
            throw new AuditException("Spark could not start with --master " + master + ": " + rootMessage(e), e);
        }
    }

    /** The driver's part before one model's job: what the local audit computes before its workers start. */
    private static ModelTask prepare(SparkContext sc, Job job, String name, int modelIndex, int[] sample,
                                     Provenance provenance, Path staging) throws IOException {
        Path archive = job.archives().apply(name);
        AttentionClassifier model = ModelLoader.open(archive).withTokenLimit(job.plan().tokenLimit());
        int[] classOf = AuditRunner.classMap(job.dataset(), model, name);
        double mean = AuditRunner.meanLength(job.dataset(), sample, model);
        // Shipped under a name of its own: two models of the plan may have archives of one file name.
        String shipped = "model" + (modelIndex + 1) + "-" + archive.getFileName();
        Path copy = staging.resolve(shipped);
        Files.copy(archive, copy, StandardCopyOption.REPLACE_EXISTING);
        sc.addFile(copy.toString());
        String sha = provenance.models().get(modelIndex).sha256();
        return new ModelTask(name, shipped, sha != null ? sha : shipped, job.plan().toJson(), classOf, mean);
    }

    /** Runs one model's pending documents as one Spark job; true when cancelled. */
    private static boolean runModel(SparkContext sc, Job job, ModelTask task, List<Integer> pending,
                                    DocumentsCsv csv, Set<String> done, Map<String, Double> ms,
                                    AuditRunner.Progressor progressor, ExecutorMemory executors) {
        List<PendingDocument> docs = new ArrayList<>(pending.size());
        for (int index : pending) docs.add(PendingDocument.of(index, job.dataset().documents().get(index)));
        int slices = (docs.size() + job.partitionSize() - 1) / job.partitionSize();
        JavaRDD<PendingDocument> rdd = JavaSparkContext.fromSparkContext(sc).parallelize(docs, slices);
        List<Object> partitions = new ArrayList<>();
        for (int p = 0; p < slices; p++) partitions.add(p);
        AtomicReference<RuntimeException> writeFailure = new AtomicReference<>();
        scala.Function2<Object, PartitionResult, BoxedUnit> handler = (partition, result) -> {
            // On Spark's scheduler thread, once per partition.
            try {
                receive(result, task.model(), csv, done, ms, progressor, job);
                executors.record(result);
            } catch (RuntimeException e) {
                writeFailure.compareAndSet(null, e);
                throw e;
            }
            return BoxedUnit.UNIT;
        };
        scala.Function0<BoxedUnit> resultFunc = () -> BoxedUnit.UNIT;
        SimpleFutureAction<BoxedUnit> future = sc.submitJob(rdd.rdd(), new PartitionAudit(task),
                scala.jdk.javaapi.CollectionConverters.asScala(partitions).toSeq(), handler, resultFunc);
        boolean cancelled = false;
        while (!future.isCompleted()) {
            if (!cancelled && job.cancelled().isCancelled()) {
                cancelled = true;
                future.cancel();
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel();
                return true;
            }
        }
        try {
            future.get();
            return false;
        } catch (Exception e) {
            if (cancelled || job.cancelled().isCancelled()) return true;
            if (writeFailure.get() != null) throw writeFailure.get();
            throw new AuditException("the Spark job of " + task.model() + " failed: " + rootMessage(e), e);
        }
    }

    /**
     * Writes a partition's rows that the file does not have yet, in one write forced to the disk
     * (one force per partition, not per row: at hundreds of rows a second a force per row would
     * hold back a large cluster's driver).
     */
    private static void receive(PartitionResult result, String model, DocumentsCsv csv, Set<String> done,
                                Map<String, Double> ms, AuditRunner.Progressor progressor, Job job) {
        List<AuditRow> fresh = new ArrayList<>();
        for (String line : result.lines()) {
            AuditRow row = DocumentsCsv.parseLine(line, Path.of("partition of " + model));
            if (done.add(row.key())) fresh.add(row); // already in the file: never twice
        }
        csv.writeAll(fresh);
        for (AuditRow row : fresh) {
            row.values().forEach((col, v) -> {
                if (col.startsWith("ms_")) ms.merge(col.substring(3), v, Double::sum);
            });
            job.listener().row(row);
            progressor.rowDone();
        }
    }

    /** The innermost message of a failure, where the executor's own exception says what went wrong. */
    static String rootMessage(Throwable e) {
        Throwable t = e;
        String message = String.valueOf(e.getMessage());
        while (t != null) {
            if (t instanceof AuditException && t.getMessage() != null) return t.getMessage();
            if (t.getMessage() != null) message = t.getMessage();
            t = t.getCause() == t ? null : t.getCause();
        }
        // A task failure arrives as text: "Job aborted due to stage failure: ... AuditException: msg".
        int at = message.indexOf("AuditException: ");
        if (at >= 0) {
            String rest = message.substring(at + "AuditException: ".length());
            int eol = rest.indexOf('\n');
            return eol >= 0 ? rest.substring(0, eol) : rest;
        }
        int eol = message.indexOf('\n');
        return eol >= 0 ? message.substring(0, eol) : message;
    }

    private static void deleteTree(Path dir) {
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // A temporary copy of an archive left behind costs disk space only.
        }
    }
}
