package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionworkbench.model.AttentionSource;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.model.TrainingObjective;
import org.attentionworkbench.model.TrainingOptions;

/**
 * The runs one {@code workbench train} makes for the counterfactual options (docs/methods.md
 * section 8): one per seed of {@code --seeds} and per weight of {@code --lambda}, each with its own
 * archive name, objective and seed.
 */
final class TwinRuns {

    /** One model to train: its settings and its archive. */
    record Run(TrainingOptions options, Path out) { }

    private TwinRuns() { }

    static List<Run> plan(TrainingOptions opt, Path out, String attention, Path twinOf, int seeds, Path adversarialTo,
                          List<Double> lambdas, String impermissible, double penalty) throws IOException {
        AttentionSource source;
        Path from = null;
        String a = attention == null ? "learned" : attention.strip();
        if (a.equalsIgnoreCase("learned")) {
            source = AttentionSource.LEARNED;
        } else if (a.equalsIgnoreCase("uniform")) {
            source = AttentionSource.UNIFORM;
        } else if (a.toLowerCase(Locale.ROOT).startsWith("frozen:") && a.length() > "frozen:".length()) {
            source = AttentionSource.FROZEN;
            from = existing("--attention frozen:", Path.of(a.substring("frozen:".length())));
        } else {
            throw new UserException("--attention is '" + attention + "'; give learned, uniform or frozen:MODEL"
                    + " (e.g. frozen:models/sst2-bilstm.zip)");
        }
        if (twinOf != null) existing("--twin-of", twinOf);
        if (adversarialTo != null) existing("--adversarial-to", adversarialTo);
        List<String> words = impermissible == null ? List.of() : words(impermissible);
        if (impermissible != null && words.isEmpty()) throw new UserException("--impermissible names no words");
        List<Double> ls = adversarialTo == null ? List.of(0.0) : lambdas == null ? List.of(1.0) : lambdas;
        String stem = out.getFileName().toString().replaceFirst("\\.zip$", "");
        List<Run> runs = new ArrayList<>();
        for (double lambda : ls) {
            for (int k = 0; k < seeds; k++) {
                long s = opt.seed() + k;
                String name = stem + (ls.size() > 1 ? "-lambda" + number(lambda) : "") + (seeds > 1 ? "-seed" + s : "");
                TrainingObjective objective;
                try {
                    objective = new TrainingObjective(source, from, adversarialTo, lambda, words, penalty, twinOf);
                } catch (IllegalArgumentException e) {
                    throw new UserException(e.getMessage());
                }
                String modelName = ls.size() > 1 || seeds > 1 ? name : opt.name();
                runs.add(new Run(opt.with(modelName, objective, s), out.resolveSibling(name + ".zip")));
            }
        }
        return runs;
    }

    /** Words given inline (comma-separated) or as a file of one word per line (# comments, blank lines skipped). */
    static List<String> words(String spec) throws IOException {
        Path file = Path.of(spec);
        List<String> raw = Files.isRegularFile(file)
                ? Files.readAllLines(file, StandardCharsets.UTF_8)
                : Arrays.asList(spec.split(","));
        return raw.stream().map(String::strip).filter(w -> !w.isEmpty() && !w.startsWith("#"))
                .map(w -> w.toLowerCase(Locale.ROOT)).distinct().toList();
    }

    /** W&amp;P's trade-off of the adversarial runs: how far the attention went for how much the prediction moved. */
    static void printTradeOff(PrintWriter err, List<ModelCard> cards) {
        err.println("lambda   accuracy   mean TVD to base   mean JSD to base");
        for (ModelCard c : cards) {
            Map<String, Object> t = c.twin();
            if (t == null) continue;
            err.printf(Locale.ROOT, "%-8s %-10s %-18s %s%n", t.get("lambda"), t.get("accuracy"), t.get("mean_tvd_to_base"),
                    t.get("mean_jsd_to_base"));
        }
        err.flush();
    }

    private static Path existing(String option, Path p) {
        if (!Files.isRegularFile(p)) {
            throw new UserException(option + (option.endsWith(":") ? "" : " ") + p + (Files.exists(p) ? " is not a file" : " does not exist")
                    + "; give a model archive, e.g. models/sst2-bilstm.zip");
        }
        return p;
    }

    private static String number(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }
}
