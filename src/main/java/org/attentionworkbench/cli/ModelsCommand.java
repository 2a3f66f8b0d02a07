package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.model.ModelCatalog;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code workbench models}: the shipped models and their cards. */
@Command(name = "models", mixinStandardHelpOptions = true, description = "List the shipped models.")
final class ModelsCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--markdown", description = "Print the cards as a Markdown table (models/README.md is made with it).")
    boolean markdown;

    @Override
    public Integer call() throws IOException {
        ModelCatalog catalog = ModelCatalog.fromEnvironment();
        if (catalog.directory().isEmpty()) throw new UserException(catalog.emptyReason());
        PrintWriter out = spec.commandLine().getOut();
        if (markdown) {
            printMarkdown(out, catalog);
        } else if (json) {
            JsonOutput.print(out, toJson(catalog));
        } else {
            printTable(out, catalog);
        }
        out.flush();
        return 0;
    }

    private static Map<String, Object> toJson(ModelCatalog catalog) {
        List<Map<String, Object>> models = new ArrayList<>();
        for (ModelCatalog.Entry e : catalog.entries()) {
            ModelCard c = e.card();
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", e.name());
            m.put("path", e.path().toString());
            m.put("dataset", c.dataset());
            m.put("encoder", c.encoder());
            m.put("attention_score", c.attentionScore());
            m.put("labels", c.labels());
            m.put("vocab_size", c.vocab_size());
            m.put("test_accuracy", finiteOrNull(c.test_accuracy()));
            m.put("test_macro_f1", finiteOrNull(c.test_macro_f1()));
            m.put("size_bytes", e.sizeBytes());
            m.put("card", c);
            models.add(m);
        }
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("directory", catalog.directory().map(Object::toString).orElse(null));
        root.put("models", models);
        root.put("skipped", catalog.skipped().stream()
                .map(s -> Map.of("path", s.path().toString(), "reason", s.reason())).toList());
        return root;
    }

    private static void printTable(PrintWriter out, ModelCatalog catalog) {
        List<String[]> rows = new ArrayList<>();
        rows.add(new String[] {"NAME", "DATASET", "ENCODER", "CLASSES", "VOCAB", "TEST ACC", "MACRO-F1", "SIZE", "TWIN OF"});
        for (ModelCatalog.Entry e : catalog.entries()) {
            ModelCard c = e.card();
            rows.add(new String[] {e.name(), c.dataset(), c.encoderLabel(), classes(c.labels(), "/"),
                    String.valueOf(c.vocab_size()), percent(c.test_accuracy()), percent(c.test_macro_f1()),
                    size(e.sizeBytes()), twinOf(c)});
        }
        int[] w = new int[rows.get(0).length];
        for (String[] r : rows) for (int i = 0; i < w.length; i++) w[i] = Math.max(w[i], r[i].length());
        for (String[] r : rows) {
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < w.length; i++) line.append(String.format("%-" + w[i] + "s  ", r[i]));
            out.println(line.toString().stripTrailing());
        }
        if (catalog.entries().isEmpty()) out.println("(no models in " + catalog.directory().orElseThrow() + ")");
        for (ModelCatalog.Skipped s : catalog.skipped()) {
            out.println("skipped " + s.path().getFileName() + ": " + s.reason());
        }
    }

    private static void printMarkdown(PrintWriter out, ModelCatalog catalog) {
        out.println("| model | data | encoder | classes | train / dev / test | vocab | dev acc | test acc | test macro-F1 "
                + "| epochs (best) | train time | size | twin of |");
        out.println("| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |");
        for (ModelCatalog.Entry e : catalog.entries()) {
            ModelCard c = e.card();
            out.printf(Locale.ROOT, "| %s | %s | %s | %s | %,d / %,d / %,d | %,d | %s | %s | %s | %s | %s | %s | %s |%n",
                    e.name(), c.dataset().replace("|", "\\|"), c.encoderLabel(), classes(c.labels(), ", "),
                    c.train_size(), c.dev_size(), c.test_size(), c.vocab_size(), percent(c.dev_accuracy()),
                    percent(c.test_accuracy()), percent(c.test_macro_f1()),
                    c.epochs() + " (" + c.notes().replaceAll("^best dev epoch (\\d+).*", "$1") + ")",
                    String.format(Locale.ROOT, "%.0f min", c.train_seconds() / 60), size(e.sizeBytes()), twinOf(c));
        }
    }

    /** Most class names listed in a table cell; a model with more is summarised by its first and last. */
    static final int MAX_LISTED_CLASSES = 5;

    /**
     * The class names joined by {@code sep}, or for more than {@link #MAX_LISTED_CLASSES} their count
     * with the first and the last ("20: alt.atheism ... talk.religion.misc"): the 20 groups' names
     * made one cell of 400 characters. The JSON output keeps every name.
     */
    static String classes(List<String> labels, String sep) {
        if (labels.size() <= MAX_LISTED_CLASSES) return String.join(sep, labels);
        return labels.size() + ": " + labels.get(0) + " ... " + labels.get(labels.size() - 1);
    }

    /** "base (objective)" for a counterfactual twin, "-" for any other model. */
    private static String twinOf(ModelCard c) {
        if (c.objective() == null) return "-";
        return (c.baseModel() == null ? "" : c.baseModel() + " ") + "(" + c.objective()
                + (c.twin().get("lambda") != null ? " " + c.twin().get("lambda") : "") + ")";
    }

    private static String size(long bytes) {
        return bytes >= 1_000_000 ? String.format(Locale.ROOT, "%.1f MB", bytes / 1e6)
                : String.format(Locale.ROOT, "%.0f kB", Math.ceil(bytes / 1e3));
    }

    private static String percent(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.1f%%", 100 * v) : "-";
    }

    private static Double finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
