package org.attentionworkbench.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.RandomisationStage;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.figures.ChartExporter;
import org.attentionworkbench.figures.SanityChart;
import org.attentionworkbench.text.Document;

/**
 * The audit's sanity check (Adebayo et al. 2018; docs/methods.md section 3, "Sanity checks"): the
 * cascading randomisation of {@link SanityCheck} over the first documents of the audit's sample,
 * per model, with the audit's explanation settings and seed. Written beside the rows as
 * {@value #CSV} (one line per model, explanation and stage: mean Kendall tau against the trained
 * model's, the documents it averages, whether the explanation is flagged), {@value #TABLE} and one
 * chart per model ({@code fig_sanity_MODEL.png/.svg}).
 *
 * <p>It runs on the machine that writes the report, after the rows (a cascade is four more
 * explanations of each of its documents, so it takes a sample of its own rather than every row),
 * and is computed afresh each time it is asked for: its documents are few.
 */
public final class AuditSanity {

    /** The numbers. */
    public static final String CSV = "sanity.csv";
    /** The LaTeX table. */
    public static final String TABLE = "table_sanity.tex";

    private AuditSanity() {
    }

    /**
     * What a check wrote.
     *
     * @param files   the CSV, the table and the figures
     * @param results each model's check, by the plan's model name (in plan order)
     */
    public record Written(List<Path> files, java.util.Map<String, SanityCheck.Result> results) {
        public Written {
            files = List.copyOf(files);
            results = java.util.Collections.unmodifiableMap(new java.util.LinkedHashMap<>(results));
        }
    }

    /**
     * Runs the cascade for each model and writes the files.
     *
     * @param dir       the audit folder
     * @param plan      the audit's plan (models, explanation settings, seed)
     * @param documents the documents checked (the head of the sample)
     * @param loader    loads a model by the plan's name
     * @param progress  receives one line per model and stage
     * @return the files written and the results
     */
    public static Written write(Path dir, AuditPlan plan, List<Document> documents,
                                   Function<String, ? extends AttentionClassifier> loader, Consumer<String> progress) {
        StringBuilder csv = new StringBuilder("model,method,stage,mean_tau,documents,flagged\n");
        StringBuilder tex = new StringBuilder();
        RandomisationStage[] stages = RandomisationStage.values();
        tex.append("\\begin{table}[t]\n\\centering\n\\small\n\\begin{tabular}{ll")
                .append("r".repeat(stages.length)).append("}\n\\toprule\nModel & Explanation");
        for (RandomisationStage s : stages) tex.append(" & ").append(s.ordinal() == 0 ? "" : "+").append(s.id());
        tex.append(" \\\\\n\\midrule\n");
        List<Path> files = new ArrayList<>();
        java.util.Map<String, SanityCheck.Result> results = new java.util.LinkedHashMap<>();
        for (String name : plan.models()) {
            AttentionClassifier m = loader.apply(name);
            List<List<String>> tokens = new ArrayList<>();
            for (Document d : documents) {
                List<String> t = m.tokens(d.text());
                if (!t.isEmpty()) tokens.add(t);
            }
            if (tokens.isEmpty()) continue;
            progress.accept(String.format(Locale.ROOT, "sanity check of %s on %d documents", name, tokens.size()));
            SanityCheck.Result r = new SanityCheck(m, plan.explainSettings(), plan.seed())
                    .run(tokens, line -> progress.accept("  " + line));
            results.put(name, r);
            for (String method : r.methods()) {
                tex.append(AuditTables.tex(name)).append(" & ").append(AuditTables.tex(method.replace('_', ' ')))
                        .append(r.flagged(method) ? " (flagged)" : "");
                for (int s = 0; s < stages.length; s++) {
                    double tau = r.meanTau(method, s);
                    csv.append(String.format(Locale.ROOT, "%s,%s,%s,%s,%d,%b%n", name, method, stages[s].id(),
                            Double.isFinite(tau) ? String.format(Locale.ROOT, "%.6f", tau) : "",
                            r.documents(), r.flagged(method)));
                    tex.append(Double.isFinite(tau) ? String.format(Locale.ROOT, " & %.2f", tau) : " & --");
                }
                tex.append(" \\\\\n");
            }
            String stem = "fig_sanity_" + name.replaceAll("[^A-Za-z0-9._-]", "_");
            for (String ext : List.of("png", "svg")) {
                Path f = dir.resolve(stem + "." + ext);
                try {
                    ChartExporter.write(SanityChart.chart(r, "Sanity check: " + name + ", " + r.documents()
                            + " documents"), f, 860, 480);
                } catch (java.io.UncheckedIOException x) {
                    throw new AuditException(ReportFile.problem(f, -1, x.getCause()), x);
                }
                files.add(f);
            }
        }
        tex.append("\\bottomrule\n\\end{tabular}\n\\caption{Sanity check (Adebayo et al. 2018): mean Kendall $\\tau$ of")
                .append(" each explanation against the trained model's as the decoder, attention, encoder and embeddings")
                .append(" are re-initialised in turn (cascading). Flagged: $\\tau \\geq ").append(SanityCheck.FLAG_TAU)
                .append("$ with only the embeddings trained.}\n\\label{tab:sanity}\n\\end{table}\n");
        Path c = dir.resolve(CSV);
        ReportFile.write(c, csv.toString().getBytes(StandardCharsets.UTF_8));
        Path t = dir.resolve(TABLE);
        ReportFile.write(t, tex.toString().getBytes(StandardCharsets.UTF_8));
        files.add(0, t);
        files.add(0, c);
        return new Written(files, results);
    }
}
