package org.attentionworkbench.audit;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Writes a twins audit ({@link TwinAudit.Report}) into a folder: {@code twins.md} (the tables),
 * {@code twins-models.csv}, {@code twins-documents.csv} (one row per document, every twin's TVD
 * and JSD to the base) and the figures of {@link TwinFigures}.
 */
public final class TwinReport {

    private TwinReport() { }

    /** Writes everything; returns the files. */
    public static List<Path> write(TwinAudit.Report r, Path dir, String command) {
        try {
            java.nio.file.Files.createDirectories(dir);
        } catch (java.io.IOException e) {
            throw new AuditException(ReportFile.problem(dir, -1, e), e);
        }
        List<Path> files = new ArrayList<>();
        files.add(write(dir.resolve("twins.md"), markdown(r, command)));
        files.add(write(dir.resolve("twins-models.csv"), modelsCsv(r)));
        files.add(write(dir.resolve("twins-documents.csv"), documentsCsv(r)));
        files.addAll(new TwinFigures(r).write(dir));
        return files;
    }

    private static Path write(Path f, String text) {
        ReportFile.write(f, text.getBytes(StandardCharsets.UTF_8));
        return f;
    }

    /** The tables as Markdown, with the figures linked. */
    public static String markdown(TwinAudit.Report r, String command) {
        StringBuilder b = new StringBuilder();
        b.append("# ").append(r.base()).append(" and its twins on ").append(r.dataset()).append("\n\n");
        if (command != null) b.append("```\n").append(command).append("\n```\n\n");
        b.append("Wiegreffe & Pinter (2019), Table 3 style: each model's accuracy on these ")
                .append(r.models().get(0).documents()).append(" documents, how often it predicts what ")
                .append(r.base()).append(" predicts, and the mean TVD of its outputs and JSD of its attention to the")
                .append(" base's (JSD in nats, at most ln 2 = 0.693).\n\n");
        b.append("| model | objective | settings | accuracy | agreement with base | mean TVD to base | mean JSD to base |\n");
        b.append("| --- | --- | --- | --- | --- | --- | --- |\n");
        for (TwinAudit.ModelRow m : r.models()) {
            b.append(String.format(Locale.ROOT, "| %s | %s | %s | %.1f%% | %.1f%% | %.3f | %.3f |%n", m.name(),
                    m.objective(), m.settings().isEmpty() ? "" : m.settings(), 100 * m.accuracy(), 100 * m.agreement(),
                    m.meanTvd(), m.meanJsd()));
        }
        b.append("\n![JSD of each twin's attention to the base](twins-jsd.png)\n\n");
        if (!r.seeds().isEmpty()) {
            double[] v = r.documents().stream().mapToDouble(TwinAudit.DocumentRow::seedJsd).filter(Double::isFinite)
                    .sorted().toArray();
            b.append("## Seeds: the variance calibration\n\n");
            b.append(String.format(Locale.ROOT, "Runs with other seeds (%s): their attention's JSD to the base's, averaged"
                    + " over the seeds, has median %.3f (90th percentile %.3f) per document.", String.join(", ", r.seeds()),
                    quantile(v, 0.5), quantile(v, 0.9)));
            if (r.adversarial() != null) {
                int adv = r.twins().indexOf(r.adversarial());
                long beyond = r.documents().stream().filter(d -> Double.isFinite(d.seedJsd()) && d.jsd()[adv] > d.seedJsd())
                        .count();
                b.append(String.format(Locale.ROOT, " The adversarial twin %s is further from the base than the seeds on"
                        + " %.1f%% of the documents: above the diagonal in the figure, its attention differs by more than"
                        + " training noise.", r.adversarial(), 100.0 * beyond / r.documents().size()));
            }
            b.append("\n\n![Seed JSD histogram](twins-seed-jsd.png)\n\n");
            if (r.adversarial() != null) b.append("![Seeds vs adversarial twin](twins-seeds-vs-adversarial.png)\n\n");
        }
        if (r.models().stream().anyMatch(m -> m.objective().equals("adversarial"))) {
            b.append("## Adversarial twins: the trade-off\n\nEach point is a model trained with loss TVD(y, y_base) -"
                    + " lambda KL(alpha || alpha_base): how far its attention went (x) for how far its predictions moved (y)."
                    + "\n\n![Trade-off](twins-tradeoff.png)\n\n");
        }
        for (Map.Entry<String, List<TwinAudit.RelianceRow>> e : r.reliance().entrySet()) {
            b.append("## Deceptive attention: ").append(e.getKey()).append("\n\n");
            b.append("Pruthi et al. (2020): on the documents that contain an impermissible word, the attention mass on"
                    + " those words, the share of gradient x input saliency on them, and what happens when they are"
                    + " deleted. Low attention with high saliency, and an accuracy that falls as much when the words are"
                    + " deleted, mean the model still relies on words its attention hides.\n\n");
            b.append("| model | documents | attention mass | saliency share | accuracy | accuracy without the words |"
                    + " mean TVD when deleted |\n| --- | --- | --- | --- | --- | --- | --- |\n");
            for (TwinAudit.RelianceRow x : e.getValue()) {
                b.append(String.format(Locale.ROOT, "| %s | %d | %.3f | %.3f | %.1f%% | %.1f%% | %.3f |%n", x.name(),
                        x.documents(), x.attentionMass(), x.saliencyMass(), 100 * x.accuracy(),
                        100 * x.accuracyErased(), x.tvdErased()));
            }
            b.append("\n");
        }
        b.append("Per-document figures: `twins-documents.csv`.\n");
        return b.toString();
    }

    private static String modelsCsv(TwinAudit.Report r) {
        StringBuilder b = new StringBuilder("model,objective,settings,documents,accuracy,agreement,mean_tvd,mean_jsd\n");
        for (TwinAudit.ModelRow m : r.models()) {
            b.append(String.join(",", csv(m.name()), csv(m.objective()), csv(m.settings()), String.valueOf(m.documents()),
                    num(m.accuracy()), num(m.agreement()), num(m.meanTvd()), num(m.meanJsd()))).append('\n');
        }
        return b.toString();
    }

    private static String documentsCsv(TwinAudit.Report r) {
        StringBuilder b = new StringBuilder("id,label,base_predicted");
        for (String t : r.twins()) b.append(',').append(csv("tvd " + t)).append(',').append(csv("jsd " + t));
        b.append(",seed_jsd,seed_spread\n");
        for (TwinAudit.DocumentRow d : r.documents()) {
            b.append(csv(d.id())).append(',').append(d.label()).append(',').append(d.basePredicted());
            for (int k = 0; k < r.twins().size(); k++) b.append(',').append(num(d.tvd()[k])).append(',').append(num(d.jsd()[k]));
            b.append(',').append(num(d.seedJsd())).append(',').append(num(d.seedSpread())).append('\n');
        }
        return b.toString();
    }

    private static String num(double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, "%.6f", v) : "";
    }

    private static String csv(String s) {
        return s.contains(",") || s.contains("\"") || s.contains("\n") ? "\"" + s.replace("\"", "\"\"") + "\"" : s;
    }

    private static double quantile(double[] sorted, double q) {
        if (sorted.length == 0) return Double.NaN;
        return sorted[(int) Math.min(sorted.length - 1, Math.floor(q * sorted.length))];
    }
}
