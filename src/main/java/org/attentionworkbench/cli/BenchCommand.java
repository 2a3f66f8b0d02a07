package org.attentionworkbench.cli;

import org.attentionworkbench.bench.PeerComparison;
import org.attentionworkbench.bench.PytorchPeer;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.KernelShap;
import org.attentionworkbench.explain.Lime;
import org.attentionworkbench.explain.PerturbationSettings;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.function.Supplier;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.PermutationTest;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.explain.TopK;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench bench}: speed and memory of the explanation engine on real IMDB test reviews,
 * medians over repeated runs, with the naive path (a full forward pass per re-decode, an unbatched
 * leave-one-out) timed beside the cached / batched one so the gain of the design is visible. With
 * {@code --compare-pytorch}, each explanation section is timed beside its PyTorch peer instead
 * ({@link PeerComparison}; docs/bench.md).
 */
@Command(name = "bench", mixinStandardHelpOptions = true,
        description = "Benchmark the explanation engine on IMDB test reviews (medians; memory over repeated explains).")
final class BenchCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Models to benchmark: names, archives or bundles' NAME.safetensors (repeatable; default: every shipped imdb-* model).")
    List<String> models;

    @Option(names = "--data", defaultValue = "imdb:test", description = "Where the reviews come from (default ${DEFAULT-VALUE}).")
    String data;

    @Option(names = "--lengths", split = ",", defaultValue = "400,100,200",
            description = "Review lengths in tokens; the review closest to each is used (default ${DEFAULT-VALUE}).")
    List<Integer> lengths;

    @Option(names = "--repeats", defaultValue = "7", description = "Repetitions of each slow measurement (default ${DEFAULT-VALUE}).")
    int repeats;

    @Option(names = "--explains", defaultValue = "200",
            description = "Consecutive full explains for the memory figure, in a child JVM with a fixed heap; 0 skips it (default ${DEFAULT-VALUE}).")
    int explains;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--compare-pytorch",
            description = "Time the explanation sections beside the PyTorch peer (src/bench/pytorch/peer_bench.py, one thread),"
                    + " interleaved on the same reviews, and print PyTorch's time over ours per section, instead of the usual"
                    + " timings and memory run; needs python3 with torch (default: off).")
    boolean comparePytorch;

    @Option(names = "--pytorch-script", paramLabel = "FILE",
            description = "The peer script --compare-pytorch runs (default: src/bench/pytorch/peer_bench.py from the"
                    + " working directory, else the installed copy under the application's share/pytorch/).")
    Path pytorchScript;

    @Option(names = "--python", paramLabel = "FILE",
            description = "The python3 with torch and numpy that --compare-pytorch runs the script with (default: ${DEFAULT-VALUE}).")
    Path python = PytorchPeer.DEFAULT_PYTHON;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        PrintWriter err = spec.commandLine().getErr();
        OptionCheck.range("--repeats", repeats, 1, 1000, "repetitions of each measurement; the median is kept");
        OptionCheck.range("--explains", explains, 0, 100_000, "full explains in the memory run; 0 skips it");
        for (int length : lengths) {
            OptionCheck.range("--lengths", length, 1, org.attentionworkbench.text.TokenLimit.MAX_TOKENS,
                    "tokens of a review; a model reads at most this many");
        }
        if (comparePytorch) {
            // Checked before any model or dataset is loaded: one line, as every user error.
            if (pytorchScript == null) pytorchScript = PytorchPeer.defaultScript();
            java.util.Optional<String> reason = PytorchPeer.unavailable(python, pytorchScript);
            if (reason.isPresent()) throw new UserException(reason.get());
        }
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        List<String> names = models != null ? models
                : catalog.entries().stream().filter(e -> !e.card().hierarchical()) // the flat models' timings
                        .map(ModelCatalog.Entry::name).filter(n -> n.startsWith("imdb-")).toList();
        if (names.isEmpty()) throw new UserException("no models to benchmark (no shipped imdb-* models found)");
        Dataset ds = DatasetLoader.load(data);
        List<Map<String, Object>> results = new ArrayList<>();
        for (String name : names) {
            AttentionModel model = ModelLoader.load(catalog.resolve(name));
            List<Document> picked = pick(model, ds.documents(), lengths);
            for (Document d : picked) {
                err.printf(Locale.ROOT, "bench %s on %s (%d tokens)...%n", model.card().name(), d.id(),
                        model.tokenizer().tokenize(d.text()).size());
                err.flush();
                if (comparePytorch) {
                    PeerComparison c = PeerComparison.run(model, d.id(), model.encode(d.text()), repeats, python,
                            pytorchScript, row -> {
                                err.printf(Locale.ROOT, "  %s: ours %.1f ms, PyTorch %.1f ms%n", row.section(), row.oursMs(),
                                        row.pytorchMs());
                                err.flush();
                            });
                    results.add(c.toMap());
                    if (!json) c.print(out);
                    out.flush();
                    continue;
                }
                Map<String, Object> r = benchOne(model, d);
                if (explains > 0 && d == picked.get(0)) r.put("memory", memory(catalog.resolve(name), d.text()));
                results.add(r);
                if (!json) print(out, r);
                out.flush();
            }
        }
        if (json) {
            JsonOutput.print(out, new java.util.TreeMap<>(Map.of("data", data, "results", results)));
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> benchOne(AttentionModel model, Document d) {
        EncodedDocument doc = model.encode(d.text());
        int n = doc.size();
        double[] alpha = doc.attention();
        int top = TopK.descending(alpha)[0];
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("model", model.card().name());
        r.put("document", d.id());
        r.put("tokens", n);
        r.put("classes", doc.numClasses());
        Map<String, Object> t = new LinkedHashMap<>();
        // Microsecond operations: medians of batches of calls, reported per call.
        t.put("redecode_us", medianMicros(() -> doc.decode(alpha), 2000));
        t.put("erase_redecode_us", medianMicros(() -> Erasure.erase(doc, top), 2000));
        double naiveRedecodeMs = median(() -> model.outputs(List.of(doc.ids()), 1), repeats);
        t.put("naive_redecode_ms", naiveRedecodeMs);
        t.put("encode_ms", median(() -> model.encode(d.text()), repeats));
        SaliencyCalculator calc = new SaliencyCalculator(model);
        t.put("gradient_ms", median(() -> calc.gradients(doc), repeats));
        t.put("integrated_gradients_50_ms", median(() -> calc.integratedGradients(doc, IntegratedGradients.Baseline.ZERO, 50), repeats));
        double loo = median(() -> calc.leaveOneOut(doc), repeats);
        t.put("leave_one_out_ms", loo);
        t.put("occlusion_ms", median(() -> calc.occlusion(doc, SaliencyCalculator.Occluder.UNK), repeats));
        t.put("lrp_ms", median(() -> calc.lrp(doc, doc.predicted(), org.attentionworkbench.explain.Lrp.DEFAULT_EPSILON),
                repeats));
        t.put("integrated_gradients_gl8_ms", median(() -> calc.integratedGradients(doc, -1,
                IntegratedGradients.Baseline.ZERO, IntegratedGradients.Rule.GAUSS_LEGENDRE, 8), repeats));
        // The perturbation methods at the engine's defaults: one LIME run, LIME with its stability
        // band (all runs' copies in one batch), KernelSHAP (exact enumeration below its limit).
        PerturbationSettings ps = PerturbationSettings.defaults();
        int c = doc.predicted();
        t.put("lime_ms", median(() -> new Lime(model).explain(doc, c, ps.withLimeReruns(1), 1), repeats));
        t.put("lime_band_ms", median(() -> new Lime(model).explain(doc, c, ps, 1), Math.max(1, repeats / 2)));
        t.put("kernel_shap_ms", median(() -> new KernelShap(model).explain(doc, c, ps, 1), repeats));
        // The naive leave-one-out: one forward pass per deletion, timed on a sample and scaled to n.
        int sample = Math.min(n, org.attentionworkbench.bench.PeerSection.LOOP_SAMPLE);
        int[] ids = doc.ids();
        double naiveSample = median(() -> org.attentionworkbench.bench.PeerSection.deletionLoop(model, ids),
                Math.max(1, repeats / 3));
        double naiveLoo = naiveSample * n / sample;
        t.put("naive_leave_one_out_ms", naiveLoo);
        t.put("permutations_100_ms", median(() -> new PermutationTest(100, 1).run(doc), repeats));
        t.put("adversarial_search_ms", median(() -> new AdversarialSearch(AdversarialSearch.Settings.defaults(1)).search(doc), repeats));
        if (ExactAdversary.applies(doc)) t.put("adversarial_exact_ms", median(() -> ExactAdversary.maximise(doc, 0.05), repeats));
        ExplanationEngine engine = new ExplanationEngine(model);
        t.put("explain_full_ms", median(() -> engine.explain(model.encode(d.text()), -1, ExplainSettings.defaults(),
                p -> { }, Cancellation.NEVER), Math.max(3, repeats / 2)));
        // The window's and `workbench explain`'s engine: LIME and KernelSHAP on the second core.
        ExplanationEngine parallel = ExplanationEngine.parallel(model);
        t.put("explain_full_parallel_ms", median(() -> parallel.explain(model.encode(d.text()), -1,
                ExplainSettings.defaults(), p -> { }, Cancellation.NEVER), Math.max(3, repeats / 2)));
        r.put("timings", t);
        double redecodeMs = (Double) t.get("redecode_us") / 1000;
        r.put("speedup_redecode", naiveRedecodeMs / redecodeMs);
        r.put("speedup_leave_one_out", naiveLoo / loo);
        return r;
    }

    private Map<String, Object> memory(Path archive, String text) throws Exception {
        Path textFile = Files.createTempFile("bench-text", ".txt");
        Files.writeString(textFile, text, StandardCharsets.UTF_8);
        try {
            Path java = Path.of(System.getProperty("java.home"), "bin", "java");
            ProcessBuilder pb = new ProcessBuilder(java.toString(), "-Xms1g", "-Xmx1g", "-XX:+AlwaysPreTouch",
                    "-cp", System.getProperty("java.class.path"), ExplainMemoryProbe.class.getName(),
                    archive.toString(), String.valueOf(explains), textFile.toString());
            pb.redirectErrorStream(true);
            Process p = pb.start();
            String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            p.waitFor();
            Map<String, Object> m = new LinkedHashMap<>();
            String line = output.lines().filter(l -> l.startsWith("MEMORY ")).findFirst().orElse(null);
            if (line == null) {
                m.put("error", "memory probe failed: " + output.lines().reduce((a, b) -> b).orElse("no output"));
                return m;
            }
            String[] f = line.split(" ");
            double before = Long.parseLong(f[1]) / 1024.0;
            double after = Long.parseLong(f[2]) / 1024.0;
            m.put("explains", Integer.parseInt(f[3]));
            m.put("resident_before_mb", before);
            m.put("resident_after_mb", after);
            m.put("growth_mb", after - before);
            m.put("seconds", Double.parseDouble(f[4]));
            return m;
        } finally {
            Files.deleteIfExists(textFile);
        }
    }

    /** For each wanted length, the document whose token count is closest (each used once). */
    private static List<Document> pick(AttentionModel model, List<Document> docs, List<Integer> wanted) {
        int[] len = new int[docs.size()];
        for (int i = 0; i < len.length; i++) len[i] = model.tokenizer().tokenize(docs.get(i).text()).size();
        List<Document> out = new ArrayList<>();
        boolean[] used = new boolean[docs.size()];
        for (int w : wanted) {
            int best = -1;
            for (int i = 0; i < len.length; i++) {
                if (!used[i] && (best < 0 || Math.abs(len[i] - w) < Math.abs(len[best] - w))) best = i;
            }
            used[best] = true;
            out.add(docs.get(best));
        }
        return out;
    }

    private static double median(Supplier<?> work, int repeats) {
        work.get(); // warm-up
        double[] t = new double[repeats];
        for (int i = 0; i < repeats; i++) {
            long t0 = System.nanoTime();
            work.get();
            t[i] = (System.nanoTime() - t0) / 1e6;
        }
        Arrays.sort(t);
        return round(repeats % 2 == 1 ? t[repeats / 2] : (t[repeats / 2 - 1] + t[repeats / 2]) / 2);
    }

    private static double medianMicros(Supplier<?> work, int callsPerSample) {
        for (int i = 0; i < callsPerSample; i++) work.get(); // JIT warm-up
        double[] t = new double[15];
        for (int s = 0; s < t.length; s++) {
            long t0 = System.nanoTime();
            for (int i = 0; i < callsPerSample; i++) work.get();
            t[s] = (System.nanoTime() - t0) / 1e3 / callsPerSample;
        }
        Arrays.sort(t);
        return round(t[t.length / 2]);
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    @SuppressWarnings("unchecked")
    private static void print(PrintWriter out, Map<String, Object> r) {
        out.printf(Locale.ROOT, "%n%s, %s, %d tokens, %d classes%n", r.get("model"), r.get("document"), r.get("tokens"),
                r.get("classes"));
        Map<String, Object> t = (Map<String, Object>) r.get("timings");
        t.forEach((k, v) -> out.printf(Locale.ROOT, "  %-28s %12.3f%n", k, ((Number) v).doubleValue()));
        out.printf(Locale.ROOT, "  %-28s %12.0fx%n", "speedup re-decode vs naive", r.get("speedup_redecode"));
        out.printf(Locale.ROOT, "  %-28s %12.1fx%n", "speedup LOO vs unbatched", r.get("speedup_leave_one_out"));
        Object mem = r.get("memory");
        if (mem instanceof Map<?, ?> m) {
            if (m.containsKey("error")) {
                out.println("  memory: " + m.get("error"));
            } else {
                out.printf(Locale.ROOT, "  memory over %s explains: resident %.1f MB -> %.1f MB (%+.1f MB) in %.0f s%n",
                        m.get("explains"), m.get("resident_before_mb"), m.get("resident_after_mb"), m.get("growth_mb"),
                        m.get("seconds"));
            }
        }
    }
}
