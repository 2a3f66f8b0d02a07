package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionworkbench.audit.AuditEngine;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditProgress;
import org.attentionworkbench.audit.AuditRunner;
import org.attentionworkbench.audit.AuditSanity;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.audit.GroupBy;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench audit}: the papers' experiments over a dataset (docs/methods.md section 7). Writes
 * documents.csv as it goes (resumable), then summary.json, tables and figures; prints progress, the
 * speed and where the time went.
 */
@Command(name = "audit", mixinStandardHelpOptions = true,
        description = {"Run the explanation battery over a dataset for one or more models; write documents.csv,"
                + " summary.json, CSV/LaTeX tables and PNG/SVG figures into --out.",
                "Interrupted runs (Ctrl-C, kill) continue where they stopped when re-run with the same --out."})
final class AuditCommand implements Callable<Integer> {

    /** Speed targets of the issue, documents per second on two cores, by encoder name in the model. */
    private static final Map<String, Double> TARGETS = Map.of("bilstm", 1.0, "cnn", 4.0, "average", 4.0);

    /** Most worker threads: each loads every model once, so memory grows with them. */
    static final int MAX_THREADS = 64;

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true,
            description = "Model name, archive path or bundle NAME.safetensors (repeatable; several models are compared in one table and figure set).")
    List<String> models;

    @Option(names = "--twins",
            description = "Compare the model (one -m) with its counterfactual twins instead: the models whose card names it"
                    + " as base (and any --twin): accuracy table, attention JSD to the base, seeds vs adversarial twin,"
                    + " deceptive twins' impermissible mass with erasure and saliency (docs/methods.md section 8).")
    boolean twins;

    @Option(names = "--twin", paramLabel = "MODEL",
            description = "With --twins: a further twin to compare (name, archive or bundle), e.g. one not in the models folder"
                    + " (default: only the twins found there).")
    List<String> extraTwins;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "Dataset: NAME[:SPLIT] (imdb:test, sst2:test, ...) or a file / folder.")
    String data;

    @Option(names = "--limit", defaultValue = "0", paramLabel = "N",
            description = "Audit a seeded random sample of N documents; 0 = all (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--sample-seed", defaultValue = "1", paramLabel = "S", description = "Seed of the sample (default ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Option(names = "--threads", paramLabel = "T",
            description = "Worker threads, one document each (default: the number of cores).")
    Integer threads;

    @Option(names = "--document-figures", paramLabel = "N", defaultValue = "0",
            description = "Also draw the Compare tab's panels of the first N documents of the sample, per model, as "
                    + "figures/documents/MODEL-docK.svg (default ${DEFAULT-VALUE}: none).")
    int documentFigures;

    @Option(names = "--sanity", paramLabel = "N", defaultValue = "0",
            description = "Also run the sanity check's cascading randomisation (Adebayo et al. 2018) on the first N"
                    + " documents of the sample, per model, after the rows: sanity.csv, table_sanity.tex and"
                    + " fig_sanity_MODEL.png/.svg (default ${DEFAULT-VALUE}: none; each document costs about five"
                    + " explanations).")
    int sanity;

    @Option(names = "--sections", paramLabel = "SECTIONS", defaultValue = "all",
            description = "Comma-separated: uniform, permutation, erasure, adversarial, saliency, agreement, faithfulness, perturbation (LIME and KernelSHAP), all (default).")
    String sections;

    @Option(names = "--seed", defaultValue = "1", description = "Explanation seed: permutations, adversaries, random rankings (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "Adversaries' output tolerance, TVD (default ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--quadratic-limit", defaultValue = "" + ExplainSettings.DEFAULT_QUADRATIC_LIMIT, paramLabel = "N",
            description = "Longest document for leave-one-out, occlusion and faithfulness; 0 = no limit (default ${DEFAULT-VALUE}).")
    int quadraticLimit;

    @Option(names = "--adversarial-variant", defaultValue = "published", paramLabel = "VARIANT",
            description = "Adversarial search as the authors' code does it (published: Adam with AMSGrad, diversity "
                    + "averaged over all K^2 candidate pairs) or ours (plain Adam, over the K(K-1) distinct pairs); "
                    + "part of the plan (default ${DEFAULT-VALUE}).")
    String adversarialVariant;

    @Option(names = "--group-by", defaultValue = "predicted", paramLabel = "predicted|true",
            description = "Group the per-class tables and figures (Kendall tau, top-k distance) by the predicted class,"
                    + " as the published code does, or by the true class. Only the report depends on it: a re-run with"
                    + " the other grouping rebuilds the report without computing rows (default ${DEFAULT-VALUE}).")
    String groupBy;

    @Option(names = "--out", required = true, paramLabel = "DIR", description = "Output folder (created; re-use it to resume).")
    Path out;

    @Option(names = "--engine", defaultValue = "local", paramLabel = "local|spark",
            description = "Where the rows are computed: this process's worker threads (local), or Apache Spark"
                    + " (spark: needs the Spark build, `mvn -Pspark -DskipTests package`; docs/audit-spark.md)."
                    + " Same rows, same output folder (default ${DEFAULT-VALUE}).")
    String engine;

    @Option(names = "--master", paramLabel = "URL",
            description = "With --engine spark: the Spark master, local[N], local[*], spark://HOST:7077 or yarn"
                    + " (default: the spark.master that spark-submit sets, else local[*]).")
    String master;

    @Option(names = "--partition-size", paramLabel = "N", defaultValue = "8",
            description = "With --engine spark: documents per partition, the unit of work, progress and resume"
                    + " (default ${DEFAULT-VALUE}).")
    int partitionSize;

    @Option(names = "--restart", description = "Discard the rows already in --out and start over.")
    boolean restart;

    @Option(names = "--no-progress", description = "Do not draw the progress bar.")
    boolean noProgress;

    @Mixin
    TokenLimitOption maxTokens = new TokenLimitOption();

    @Override
    public Integer call() throws Exception {
        PrintWriter stdout = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        int t = threads != null ? threads : Runtime.getRuntime().availableProcessors();
        OptionCheck.range("--threads", t, 1, MAX_THREADS, "each thread holds its own copy of every model");
        OptionCheck.range("--limit", limit, 0, Integer.MAX_VALUE, "documents of the sample; 0 = all");
        OptionCheck.range("--document-figures", documentFigures, 0, 10_000, "documents whose panels are drawn");
        OptionCheck.range("--epsilon", epsilon, 0, 1, false, "a total variation distance between outputs");
        OptionCheck.range("--sanity", sanity, 0, 10_000, "documents of the sample checked");
        OptionCheck.range("--quadratic-limit", quadraticLimit, 0, Integer.MAX_VALUE, "tokens; 0 = no limit");
        TokenLimit tokenLimit = maxTokens.limit();
        AuditEngine sparkEngine = engine(t);
        if (twins && sanity > 0) throw new UserException("--sanity checks explanations; --twins compares models: run them apart");
        if (twins) return new TwinAuditCommand(models, extraTwins, data, limit, sampleSeed, tokenLimit, out)
                .run(stdout, err);
        if (extraTwins != null) throw new UserException("--twin names a twin for --twins; give --twins too");
        AuditPlan plan = new AuditPlan(models, data, limit, sampleSeed, Section.parseList(sections), seed, epsilon,
                quadraticLimit, tokenLimit.max(), ExplainCommand.variant(adversarialVariant), grouping(groupBy));
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        Dataset read = DatasetLoader.load(data);
        if (read.size() == 0) throw new UserException(data + " has no documents");
        // A bad archive, or data whose labels are not a model's classes, fails now, not mid-run.
        // ModelLoader.open: a hierarchical model is audited at its sentence level, as explain reads it.
        List<AttentionClassifier> loaded = new ArrayList<>();
        for (String m : models) loaded.add(ModelLoader.open(catalog.resolve(m)).withTokenLimit(tokenLimit));
        Dataset dataset = AuditRunner.alignToModels(read, loaded, models);
        int[] sampled = plan.sample(dataset.size());
        List<Document> sampledDocs = new ArrayList<>();
        for (int i : sampled) sampledDocs.add(dataset.documents().get(i));
        CutNotice.forDocuments(err, loaded.get(0), sampledDocs);
        loaded.clear();
        int sample = sampled.length;
        if (sparkEngine == null) {
            err.printf(Locale.ROOT, "audit: %d model(s) x %d documents of %s (%d in all), %d thread(s) -> %s%n",
                    models.size(), sample, dataset.name(), dataset.size(), t, out);
        } else {
            err.printf(Locale.ROOT, "audit: %d model(s) x %d documents of %s (%d in all), Spark master %s,"
                    + " %d documents a partition -> %s%n", models.size(), sample, dataset.name(), dataset.size(),
                    sparkMaster(), partitionSize, out);
        }
        err.printf(Locale.ROOT, "adversarial search: %s; per-class tables by %s%n", plan.adversarialVariant().id(),
                plan.groupBy().label());

        Cancellation cancel = new Cancellation();
        Thread main = Thread.currentThread();
        Thread hook = new Thread(() -> {
            cancel.cancel(); // Ctrl-C: finish the rows being written, keep everything on disk
            try {
                main.join(20_000);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }, "audit-interrupt");
        Runtime.getRuntime().addShutdownHook(hook);
        ProgressBar bar = new ProgressBar(err, !noProgress);
        AuditRunner runner = new AuditRunner(plan, t, name -> ModelLoader.open(catalog.resolve(name)), catalog::resolve,
                documentFigures);
        AuditRunner.Finished finished;
        try {
            // Rows and report under one hold of the folder's lock (see AuditRunner).
            AuditRunner.Listener listener = new AuditRunner.Listener() {
                @Override
                public void progress(AuditProgress p) {
                    bar.show(p);
                }
            };
            finished = sparkEngine == null ? runner.runAndReport(dataset, out, restart, listener, cancel)
                    : sparkEngine.runAndReport(new AuditEngine.Job(plan, dataset, out, restart, sparkMaster(),
                            partitionSize, catalog::resolve, listener, cancel, err));
        } finally {
            bar.finish();
        }
        AuditRunner.Result result = finished.result();
        if (result.cancelled()) {
            err.printf(Locale.ROOT, "stopped: %d rows are in %s; run the same command again to continue.%n",
                    result.rowsTotal(), out.resolve(DocumentsCsv.FILE_NAME));
            return 130;
        }
        try {
            Runtime.getRuntime().removeShutdownHook(hook);
        } catch (IllegalStateException ignored) {
            // already shutting down
        }
        List<Path> files = new ArrayList<>(finished.files());
        if (sanity > 0) {
            List<Document> head = sampledDocs.subList(0, Math.min(sanity, sampledDocs.size()));
            files.addAll(AuditSanity.write(out, plan, head,
                    name -> ModelLoader.open(catalog.resolve(name)).withTokenLimit(tokenLimit), line -> {
                        err.println(line);
                        err.flush();
                    }).files());
        }
        printTiming(stdout, result);
        stdout.printf(Locale.ROOT, "wrote %s, summary.json, %d tables and figures into %s%n", DocumentsCsv.FILE_NAME,
                files.size() - 1, out);
        return 0;
    }

    /**
     * The engine other than the local one that --engine names (null for local), checking the options
     * that only one of them takes.
     *
     * @param t the thread count in force
     */
    private AuditEngine engine(int t) {
        if (engine.equals("local")) {
            if (master != null) throw new UserException("--master is for --engine spark");
            return null;
        }
        if (!engine.equals("spark")) throw new UserException("--engine: local or spark, not " + engine);
        if (twins) throw new UserException("--twins runs on the local engine; leave out --engine spark");
        if (threads != null) {
            throw new UserException("--threads is for the local engine; with --engine spark the master sets the"
                    + " parallelism (local[N], or the executors' cores)");
        }
        if (documentFigures > 0) {
            throw new UserException("--document-figures draws on this machine: use the local engine for them");
        }
        OptionCheck.range("--partition-size", partitionSize, 1, 1_000_000, "documents per Spark partition");
        return AuditEngine.find("spark").orElseThrow(() -> new UserException("--engine spark needs the Spark build"
                + " of the workbench, which this one is not: build it with `mvn -Pspark -DskipTests package` and run"
                + " target/spark/workbench/bin/workbench, or spark-submit the job jar (docs/audit-spark.md)"));
    }

    /** --master, else the spark.master that spark-submit sets, else all the cores of this machine. */
    private String sparkMaster() {
        if (master != null) return master;
        String submitted = System.getProperty("spark.master");
        return submitted != null && !submitted.isBlank() ? submitted : "local[*]";
    }

    private static GroupBy grouping(String name) {
        try {
            return GroupBy.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserException("--group-by: " + e.getMessage());
        }
    }

    /** Speed per model against the targets, memory, and where the worker time went. */
    private void printTiming(PrintWriter o, AuditRunner.Result r) {
        if (r.rowsThisRun() == 0) {
            o.printf(Locale.ROOT, "0 documents to compute: all %d rows are in %s; the report was rebuilt from them%n",
                    r.rowsTotal(), DocumentsCsv.FILE_NAME);
            return;
        }
        o.printf(Locale.ROOT, "%d documents in %.1f s this run: %.2f documents/s%n", r.rowsThisRun(), r.wallSeconds(),
                r.docsPerSecond());
        r.perModel().forEach((name, v) -> {
            double rate = v[1] > 0 ? v[0] / v[1] : Double.NaN;
            String target = "";
            for (Map.Entry<String, Double> e : TARGETS.entrySet()) {
                if (name.toLowerCase(Locale.ROOT).contains(e.getKey())) {
                    target = String.format(Locale.ROOT, "  (target >= %.0f/s: %s)", e.getValue(),
                            rate >= e.getValue() ? "met" : "missed");
                }
            }
            o.printf(Locale.ROOT, "  %-16s %5d documents  %7.1f s  %6.2f documents/s%s%n", name, (int) v[0], v[1], rate,
                    target);
        });
        double[] mem = r.residentMb();
        // The warm figure is taken after the 8th row: a shorter run has none ("NaN MB" said nothing).
        if (Double.isNaN(mem[0])) {
            o.printf(Locale.ROOT, "resident memory: %.0f MB at the end, %.0f MB at most%n", mem[1], mem[2]);
        } else {
            o.printf(Locale.ROOT, "resident memory: %.0f MB after the first rows, %.0f MB at the end, %.0f MB at most%n",
                    mem[0], mem[1], mem[2]);
        }
        if (!r.residentByTenth().isEmpty()) {
            StringBuilder b = new StringBuilder("resident memory by progress:");
            r.residentByTenth().forEach((pct, mb) -> b.append(String.format(Locale.ROOT, "  %d%% %.0f MB", pct, mb)));
            o.println(b);
        }
        double total = r.msByPart().getOrDefault("total", 0.0);
        if (total > 0) {
            o.println("where the time went (worker time, all threads):");
            List<Map.Entry<String, Double>> parts = new ArrayList<>(r.msByPart().entrySet());
            parts.removeIf(e -> e.getKey().equals("total"));
            parts.sort((a, b) -> Double.compare(b.getValue(), a.getValue()));
            for (Map.Entry<String, Double> e : parts) {
                o.printf(Locale.ROOT, "  %-22s %9.1f s  %5.1f%%%n", e.getKey(), e.getValue() / 1000,
                        100 * e.getValue() / total);
            }
        }
    }
}
