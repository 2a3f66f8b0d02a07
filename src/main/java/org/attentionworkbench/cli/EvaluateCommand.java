package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.concurrent.Callable;
import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.data.ReadOptions;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.model.HanModel;
import org.attentionworkbench.model.ClassificationMetrics;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.Trainer;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code workbench evaluate}: accuracy, macro-F1 and the confusion matrix of a model on a dataset. */
@Command(name = "evaluate", mixinStandardHelpOptions = true,
        description = "Evaluate a model on labelled data: accuracy, macro-F1, confusion matrix.")
final class EvaluateCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "A shipped model's name, a path to a .zip archive, or a bundle's NAME.safetensors (NAME.vocab.txt and"
                    + " NAME.config.json beside it; docs/import.md).")
    String model;

    @Option(names = "--data", required = true, paramLabel = "DATA",
            description = "A manifest name[:split] (e.g. imdb:test) or a file/folder.")
    String data;

    @Option(names = "--limit", paramLabel = "N",
            description = "Evaluate a seeded random sample of N documents instead of all.")
    Integer limit;

    @Option(names = "--sample-seed", defaultValue = "1", description = "Seed of the --limit sample (default ${DEFAULT-VALUE}).")
    long sampleSeed;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = "--skip-malformed", description = "Skip (and count) malformed lines instead of stopping.")
    boolean skipMalformed;

    @Mixin
    TokenLimitOption maxTokens = new TokenLimitOption();

    @Override
    public Integer call() throws Exception {
        if (limit != null) OptionCheck.range("--limit", limit, 1, Integer.MAX_VALUE, "documents of the sample; leave it out for all");
        TokenLimit tokenLimit = maxTokens.limit();
        Path archive = ModelCatalog.fromEnvironment().resolve(model);
        boolean hierarchical = HanModel.isHierarchical(archive);
        HanModel h = hierarchical ? HanModel.load(archive).withTokenLimit(tokenLimit) : null;
        AttentionModel m = hierarchical ? null : ModelLoader.load(archive).withTokenLimit(tokenLimit);
        List<String> labels = hierarchical ? h.labels() : m.labels();
        String name = hierarchical ? h.name() : m.card().name();
        Dataset ds = ClassAlignment.align(
                DatasetLoader.load(data, skipMalformed ? ReadOptions.skippingMalformed() : ReadOptions.defaults()),
                labels, "model " + name);
        List<Document> docs = sample(ds.documents(), limit, sampleSeed);
        if (docs.stream().anyMatch(d -> !d.hasLabel())) throw new UserException("the data has unlabelled documents");
        if (!hierarchical) CutNotice.forDocuments(spec.commandLine().getErr(), m, docs);
        long t0 = System.nanoTime();
        ClassificationMetrics metrics = hierarchical ? Trainer.evaluate(h, docs) : Trainer.evaluate(m, docs);
        double seconds = (System.nanoTime() - t0) / 1e9;
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", name);
            root.put("data", data);
            root.put("documents", docs.size());
            root.put("skipped", ds.skipped());
            root.put("accuracy", metrics.accuracy());
            root.put("macro_f1", metrics.macroF1());
            root.put("labels", labels);
            root.put("confusion", metrics.confusion());
            List<Map<String, Object>> perClass = new ArrayList<>();
            for (int c = 0; c < labels.size(); c++) {
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("label", labels.get(c));
                row.put("precision", finiteOrNull(metrics.precision(c)));
                row.put("recall", finiteOrNull(metrics.recall(c)));
                row.put("f1", metrics.f1(c));
                row.put("support", metrics.support(c));
                perClass.add(row);
            }
            root.put("per_class", perClass);
            root.put("seconds", seconds);
            JsonOutput.print(out, root);
        } else {
            out.printf("model %s on %s: %,d documents%s in %.1f s%n", name, data, docs.size(),
                    ds.skipped() > 0 ? " (" + ds.skipped() + (ds.skipped() == 1 ? " malformed line" : " malformed lines") + " skipped)" : "", seconds);
            out.printf("accuracy  %.4f%nmacro-F1  %.4f%n%nconfusion (rows: true, columns: predicted)%n",
                    metrics.accuracy(), metrics.macroF1());
            printConfusion(out, labels, metrics.confusion());
            out.println();
            printPerClass(out, labels, metrics);
        }
        out.flush();
        return 0;
    }

    /** The documents, or a seeded random sample of {@code limit} of them. */
    static List<Document> sample(List<Document> all, Integer limit, long seed) {
        if (limit == null || limit >= all.size()) return all;
        List<Document> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, limit);
    }

    /** A JSON number, or null where a ratio has no examples to be taken over. */
    private static Object finiteOrNull(double v) {
        return Double.isFinite(v) ? v : null;
    }

    /** Wider than this, the confusion matrix heads its columns with class numbers instead of names. */
    static final int MAX_CONFUSION_WIDTH = 100;

    static void printConfusion(PrintWriter out, List<String> labels, int[][] cm) {
        int w = 8;
        for (String l : labels) w = Math.max(w, l.length() + 2);
        if (w * (labels.size() + 1) > MAX_CONFUSION_WIDTH) {
            printNumberedConfusion(out, labels, cm);
            return;
        }
        out.printf("%" + w + "s", "");
        for (String l : labels) out.printf("%" + w + "s", l);
        out.println();
        for (int g = 0; g < cm.length; g++) {
            out.printf("%" + w + "s", labels.get(g));
            for (int p = 0; p < cm[g].length; p++) out.printf("%" + w + "d", cm[g][p]);
            out.println();
        }
    }

    /**
     * Many or long class names (20 Newsgroups: 21 columns of 25 characters): rows named "N name",
     * columns headed by the class number alone, so that a row stays one terminal line.
     */
    private static void printNumberedConfusion(PrintWriter out, List<String> labels, int[][] cm) {
        int cell = 2;
        for (int[] row : cm) for (int v : row) cell = Math.max(cell, String.valueOf(v).length());
        cell = Math.max(cell, String.valueOf(labels.size() - 1).length()) + 1;
        int name = 0;
        for (String l : labels) name = Math.max(name, l.length());
        String rowHead = "%" + String.valueOf(labels.size() - 1).length() + "d %-" + name + "s";
        out.print(" ".repeat(String.format(rowHead, 0, "").length()));
        for (int p = 0; p < labels.size(); p++) out.printf("%" + cell + "d", p);
        out.println();
        for (int g = 0; g < cm.length; g++) {
            out.printf(rowHead, g, labels.get(g));
            for (int p = 0; p < cm[g].length; p++) out.printf("%" + cell + "d", cm[g][p]);
            out.println();
        }
    }

    /** Precision, recall, F1 and support of each class ("-" where a ratio has no examples). */
    static void printPerClass(PrintWriter out, List<String> labels, ClassificationMetrics metrics) {
        int name = 5;
        for (String l : labels) name = Math.max(name, l.length());
        out.printf(java.util.Locale.ROOT, "%-" + name + "s  %9s  %6s  %6s  %7s%n", "class", "precision", "recall", "F1",
                "support");
        for (int c = 0; c < labels.size(); c++) {
            out.printf(java.util.Locale.ROOT, "%-" + name + "s  %9s  %6s  %6s  %7d%n", labels.get(c),
                    ratio(metrics.precision(c)), ratio(metrics.recall(c)), ratio(metrics.f1(c)), metrics.support(c));
        }
    }

    private static String ratio(double v) {
        return Double.isFinite(v) ? String.format(java.util.Locale.ROOT, "%.4f", v) : "-";
    }
}
