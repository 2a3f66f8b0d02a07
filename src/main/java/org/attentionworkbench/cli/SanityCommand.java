package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.RandomisationStage;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.SanityChart;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench sanity}: Adebayo et al. 2018's cascading model-parameter randomisation on a text
 * or a sample of a dataset (docs/methods.md section 3, "Sanity checks"): Kendall tau of every
 * explanation against the trained model's at each stage, flagged methods, optionally a figure.
 */
@Command(name = "sanity", mixinStandardHelpOptions = true,
        description = "Sanity checks (Adebayo et al. 2018): re-initialise the decoder, then attention, encoder and "
                + "embeddings; Kendall tau of every explanation against the trained model's at each stage.")
final class SanityCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "A shipped model's name or a path to a .zip archive.")
    String model;

    @ArgGroup(multiplicity = "1")
    Input input;

    static final class Input {
        @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "One text to check on.")
        String text;

        @Option(names = "--data", paramLabel = "DATA", description = "A dataset (e.g. sst2:test); the first --limit documents.")
        String data;
    }

    @Option(names = "--limit", defaultValue = "20", paramLabel = "N",
            description = "Documents of --data checked (default ${DEFAULT-VALUE}).")
    int limit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the re-initialisations (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--json", description = "Print JSON instead of a table.")
    boolean json;

    @Option(names = "--figure", paramLabel = "FILE",
            description = "Also write the chart, .png or .svg by the file's extension (default: no figure).")
    Path figure;

    @Override
    public Integer call() throws Exception {
        OptionCheck.range("--limit", limit, 1, 100_000, "documents of --data");
        if (figure != null && !figure.toString().matches("(?i).+\\.(png|svg)")) {
            throw new UserException("--figure " + figure + ": give a .png or .svg file");
        }
        AttentionClassifier m = AttentionModel.load(ModelCatalog.fromEnvironment().resolve(model));
        List<List<String>> docs = new ArrayList<>();
        if (input.text != null) {
            docs.add(m.tokens(input.text));
        } else {
            for (Document d : DatasetLoader.load(input.data).documents()) {
                if (docs.size() == limit) break;
                List<String> t = m.tokens(d.text());
                if (!t.isEmpty()) docs.add(t);
            }
        }
        if (docs.isEmpty() || docs.get(0).isEmpty()) throw new UserException("no tokens to check");
        PrintWriter err = spec.commandLine().getErr();
        err.printf("sanity check of %s on %d document%s, seed %d%n", m.name(), docs.size(), docs.size() == 1 ? "" : "s",
                seed);
        SanityCheck.Result r = new SanityCheck(m, ExplainSettings.defaults(), seed).run(docs, line -> {
            err.println(line);
            err.flush();
        });
        PrintWriter out = spec.commandLine().getOut();
        RandomisationStage[] stages = RandomisationStage.values();
        if (json) {
            Map<String, Object> root = new LinkedHashMap<>();
            root.put("model", m.name());
            root.put("documents", r.documents());
            root.put("seed", seed);
            root.put("stages", java.util.Arrays.stream(stages).map(RandomisationStage::id).toList());
            root.put("flag_tau", SanityCheck.FLAG_TAU);
            Map<String, Object> methods = new LinkedHashMap<>();
            for (String name : r.methods()) {
                Map<String, Object> e = new LinkedHashMap<>();
                List<Object> means = new ArrayList<>();
                for (int s = 0; s < stages.length; s++) means.add(Double.isFinite(r.meanTau(name, s)) ? r.meanTau(name, s) : null);
                e.put("mean_tau", means);
                e.put("flagged", r.flagged(name));
                methods.put(name, e);
            }
            root.put("methods", methods);
            JsonOutput.print(out, root);
        } else {
            out.printf(Locale.ROOT, "%-22s", "mean tau vs trained");
            for (RandomisationStage s : stages) out.printf(Locale.ROOT, " %12s", (s.ordinal() == 0 ? "" : "+") + s.id());
            out.println();
            for (String name : r.methods()) {
                out.printf(Locale.ROOT, "%-22s", name);
                for (int s = 0; s < stages.length; s++) out.printf(Locale.ROOT, " %12.3f", r.meanTau(name, s));
                out.println(r.flagged(name) ? "   FLAGGED" : "");
            }
            out.printf(Locale.ROOT, "flagged: mean tau >= %.1f with decoder, attention and encoder re-initialised%n",
                    SanityCheck.FLAG_TAU);
        }
        if (figure != null) {
            ChartExporter.write(SanityChart.chart(r, "Sanity check: " + m.name()), figure, 900, 540);
            err.println("wrote " + figure);
        }
        out.flush();
        return 0;
    }
}
