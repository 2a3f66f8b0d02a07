package org.attentionworkbench.bench;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.AttentionModel;

/**
 * The workbench and its PyTorch peer timed on the same review, section by section, interleaved
 * (ours, theirs, ours, theirs, ...: a load that comes and goes hits both alike), medians of the
 * repeats on each side; the ratio of a section is PyTorch's time over ours (above 1: we are faster).
 *
 * @param model     the model's name
 * @param document  the review's id
 * @param tokens    its length
 * @param repeats   timed runs per section and side (after a warm-up on each side, see warmUp)
 * @param rows      one per {@link PeerSection}, then the sum of the summed sections
 * @param agreement what the peer found when it compared its outputs with ours
 * @param machine   the processor and the load averages before and after
 */
public record PeerComparison(String model, String document, int tokens, int repeats, List<Row> rows,
                             PytorchPeer.Agreement agreement, Map<String, String> machine) {

    /** The id of the last row: the summed sections, standing for a full explanation. */
    public static final String SUM = "full_explanation_sum";

    public PeerComparison {
        rows = List.copyOf(rows);
        machine = Map.copyOf(machine);
    }

    /**
     * One section's medians.
     *
     * @param section   the section's id ({@link PeerSection#id()} or {@link #SUM})
     * @param label     its description
     * @param oursMs    the workbench's median, milliseconds
     * @param pytorchMs PyTorch's median, milliseconds
     */
    public record Row(String section, String label, double oursMs, double pytorchMs) {
        /** PyTorch's time over ours: how many times faster the workbench is. */
        public double ratio() {
            return pytorchMs / oursMs;
        }
    }

    /** Progress while a comparison runs (one line per section). */
    public interface Listener {
        /** @param row the section just measured */
        void measured(Row row);
    }

    /**
     * Exports the model, starts the peer on the review and times every section on both sides.
     *
     * @throws PytorchPeer.PeerException when the peer cannot start, disagrees or breaks off
     */
    public static PeerComparison run(AttentionModel model, String documentId, EncodedDocument doc, int repeats,
                                     Path python, Path script, Listener listener) throws IOException {
        Path dir = Files.createTempDirectory("peer-bench");
        try {
            Path input = PytorchPeer.writeInput(model, doc, dir);
            Map<String, String> machine = new LinkedHashMap<>();
            machine.put("cpu", cpuModel());
            machine.put("load_average_before", loadAverage());
            List<Row> rows = new ArrayList<>();
            PytorchPeer.Agreement agreement;
            try (PytorchPeer peer = PytorchPeer.start(python, script, input)) {
                agreement = peer.agreement();
                for (PeerSection s : PeerSection.values()) {
                    warmUp(s, model, doc);
                    peer.time(s);           // PyTorch's warm-up: one run (nothing of it is compiled later)
                    double[] ours = new double[repeats];
                    double[] theirs = new double[repeats];
                    for (int r = 0; r < repeats; r++) {
                        ours[r] = s.runOurs(model, doc);
                        theirs[r] = peer.time(s);
                    }
                    String label = s == PeerSection.INTEGRATED_GRADIENTS_EQUAL_ERROR
                            ? s.label() + " (" + PeerSection.equalErrorNodes(model, doc) + " nodes)" : s.label();
                    Row row = new Row(s.id(), label, median(ours), median(theirs));
                    rows.add(row);
                    listener.measured(row);
                }
            }
            double oursSum = 0;
            double theirSum = 0;
            for (int i = 0; i < PeerSection.values().length; i++) {
                if (!PeerSection.values()[i].summed()) continue;
                oursSum += rows.get(i).oursMs();
                theirSum += rows.get(i).pytorchMs();
            }
            rows.add(new Row(SUM, "full explanation (sum of the sections above but the loop)", oursSum, theirSum));
            machine.put("load_average_after", loadAverage());
            return new PeerComparison(model.name(), documentId, doc.size(), repeats, rows, agreement, machine);
        } finally {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) Files.deleteIfExists(p);
            }
        }
    }

    /** The comparison as plain maps and lists, for JSON. */
    public Map<String, Object> toMap() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("model", model);
        m.put("document", document);
        m.put("tokens", tokens);
        m.put("repeats", repeats);
        Map<String, Object> sections = new LinkedHashMap<>();
        for (Row r : rows) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("label", r.label());
            s.put("ours_ms", round(r.oursMs()));
            s.put("pytorch_ms", round(r.pytorchMs()));
            s.put("ratio", round(r.ratio()));
            sections.put(r.section(), s);
        }
        m.put("sections", sections);
        Map<String, Object> a = new LinkedHashMap<>();
        a.put("agree", agreement.agree());
        a.put("tolerance", agreement.tolerance());
        a.put("max_abs_diff", new java.util.TreeMap<>(agreement.maxAbsDiff()));
        m.put("agreement", a);
        m.put("pytorch", agreement.torch() + ", " + agreement.threads() + " thread(s), " + agreement.blas());
        m.put("machine", new java.util.TreeMap<>(machine));
        return m;
    }

    /** The comparison as a table: ours, PyTorch's and the ratio per section. */
    public void print(PrintWriter out) {
        out.printf(Locale.ROOT, "%n%s, %s, %d tokens: the workbench against PyTorch %s (%d thread, %s), medians of %d,"
                + " interleaved%n", model, document, tokens, agreement.torch(), agreement.threads(), agreement.blas(), repeats);
        out.printf(Locale.ROOT, "  agreement: probabilities %.1e, attention %.1e (max |difference|; must be <= %.0e)%n",
                agreement.maxAbsDiff().getOrDefault("probabilities", Double.NaN),
                agreement.maxAbsDiff().getOrDefault("attention", Double.NaN), agreement.tolerance());
        out.printf(Locale.ROOT, "  %-58s %12s %12s %10s%n", "section", "ours ms", "PyTorch ms", "PyTorch/ours");
        for (Row r : rows) {
            out.printf(Locale.ROOT, "  %-58s %12.3f %12.3f %9.2fx%n", r.label(), r.oursMs(), r.pytorchMs(), r.ratio());
        }
        out.printf(Locale.ROOT, "  machine: %s; load average before %s, after %s%n", machine.get("cpu"),
                machine.get("load_average_before"), machine.get("load_average_after"));
    }

    /**
     * Runs our side of a section until it has run at least 3 times and for at least two seconds
     * (at most 3,000 runs): the JIT compiles a method after thousands of calls of its loops, and a
     * sub-millisecond section's code is still being compiled, on the other core, long after its
     * first runs. Measured on imdb-average's gradient (0.45 ms compiled): after 200 runs (0.45 s,
     * this bench's warm-up until 2026-12-08) a run took 1.8-2.1 ms, after 700 runs 0.8-0.9 ms,
     * after 1,200 0.5-0.7 ms. One warm-up run of 100 permutations took 3.1 ms on the BiLSTM, 0.5 ms
     * once compiled. PyTorch's eager mode compiles nothing later: one warm-up run there.
     */
    private static void warmUp(PeerSection s, AttentionModel model, EncodedDocument doc) {
        double spent = 0;
        for (int i = 0; i < 3_000 && (i < 3 || spent < 2_000); i++) spent += s.runOurs(model, doc);
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        Arrays.sort(s);
        int n = s.length;
        return n % 2 == 1 ? s[n / 2] : (s[n / 2 - 1] + s[n / 2]) / 2;
    }

    private static double round(double v) {
        return Math.round(v * 1000) / 1000.0;
    }

    /** The processor's model name (Linux), or "unknown". */
    static String cpuModel() {
        try {
            return Files.readAllLines(Path.of("/proc/cpuinfo"), StandardCharsets.UTF_8).stream()
                    .filter(l -> l.startsWith("model name")).map(l -> l.substring(l.indexOf(':') + 1).strip())
                    .findFirst().orElse("unknown") + ", " + Runtime.getRuntime().availableProcessors() + " cores";
        } catch (IOException e) {
            return "unknown";
        }
    }

    /** The 1, 5 and 15 minute load averages (Linux), or "unknown". */
    static String loadAverage() {
        try {
            String[] f = Files.readString(Path.of("/proc/loadavg"), StandardCharsets.UTF_8).strip().split(" ");
            return f[0] + " " + f[1] + " " + f[2];
        } catch (IOException | RuntimeException e) {
            return "unknown";
        }
    }
}
