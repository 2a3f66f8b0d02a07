package org.attentionworkbench.roar;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.Trainer;
import org.attentionworkbench.model.TrainingData;
import org.attentionworkbench.model.TrainingObjective;
import org.attentionworkbench.model.TrainingOptions;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.Tokenizer;

/**
 * RemOve And Retrain (Hooker et al. 2019; docs/methods.md section 9): each ranking method's top
 * k% tokens are removed from every training, dev and test document, a model is retrained on what is
 * left with the original model's settings, and its test accuracy is compared with the original
 * model's on the same degraded test split (in-place erasure, no retraining). A method whose
 * removal hurts the retrained model more than random removal found tokens the task needs; in-place
 * erasure alone cannot tell that from the degraded inputs being off the training distribution.
 *
 * <p>Rankings come from the original model: |scores| in decreasing order (ties by position), as
 * everywhere else in the workbench; {@code random} is a seeded shuffle per document.
 */
public final class Roar {

    /** The ranking that is not a saliency method: a seeded random order. */
    public static final String RANDOM = "random";
    /** The ranking by the model's own attention weights. */
    public static final String ATTENTION = "attention";

    /** The labelled splits a ROAR run degrades. */
    public record Splits(List<String> labels, List<Document> train, List<Document> dev, List<Document> test) {
        public Splits {
            labels = List.copyOf(labels);
            train = List.copyOf(train);
            dev = List.copyOf(dev);
            test = List.copyOf(test);
        }
    }

    private final AttentionModel model;
    private final TrainingOptions base;
    private final Splits data;
    private final List<String> methods;
    private final long seed;
    private final Path workDir;
    private final Consumer<String> log;
    private final Tokenizer tokenizer = new Tokenizer();
    /** Per split: tokens of each document and, per method, its token indices in removal order. */
    private final Map<String, List<List<String>>> tokens = new HashMap<>();
    private final Map<String, Map<String, List<int[]>>> orders = new HashMap<>();

    /**
     * @param base    the retraining settings (the original model's); each run renames them
     * @param methods rankings: saliency method ids, {@link #ATTENTION} or {@link #RANDOM}
     * @param seed    seed of the random ranking
     * @param workDir where retrained archives are written (and deleted once measured)
     */
    public Roar(AttentionModel model, TrainingOptions base, Splits data, List<String> methods, long seed, Path workDir,
                Consumer<String> log) {
        for (String m : methods) {
            if (!m.equals(RANDOM) && !m.equals(ATTENTION) && SaliencyMethod.fromId(m).isEmpty()) {
                throw new IllegalArgumentException("no ranking method '" + m + "': give attention, random or one of "
                        + String.join(", ", java.util.Arrays.stream(SaliencyMethod.values()).map(SaliencyMethod::id)
                        .toList()));
            }
        }
        this.model = model;
        this.base = base;
        this.data = data;
        this.methods = List.copyOf(methods);
        this.seed = seed;
        this.workDir = workDir;
        this.log = log;
    }

    /** Computes every method's ranking of every document with the original model (the slow first step). */
    public void rank() {
        String[] names = {"train", "dev", "test"};
        List<List<Document>> splits = List.of(data.train(), data.dev(), data.test());
        ExplainSettings settings = ExplainSettings.defaults().withSections(Set.of(Section.SALIENCY));
        ExplanationEngine engine = new ExplanationEngine(model);
        SaliencyCalculator calc = new SaliencyCalculator(model);
        Map<String, Double> seconds = new java.util.LinkedHashMap<>();
        for (int s = 0; s < 3; s++) {
            List<Document> docs = splits.get(s);
            List<List<String>> toks = new ArrayList<>(docs.size());
            Map<String, List<int[]>> byMethod = new HashMap<>();
            for (String m : methods) byMethod.put(m, new ArrayList<>(docs.size()));
            long t0 = System.nanoTime();
            for (int d = 0; d < docs.size(); d++) {
                List<String> t = tokens(docs.get(d).text());
                toks.add(t);
                if (t.isEmpty()) {
                    for (String m : methods) byMethod.get(m).add(new int[0]);
                    continue;
                }
                EncodedDocument doc = model.encode(t);
                Random random = new Random(seed * 1_000_003L + d * 31L + s);
                Explanation[] full = new Explanation[1]; // the whole saliency section, only if a method needs it
                for (String m : methods) {
                    long tm = System.nanoTime();
                    double[] scores = switch (m) {
                        case ATTENTION -> doc.attention();
                        case RANDOM -> random.doubles(t.size()).toArray();
                        default -> {
                            SaliencyMethod sm = SaliencyMethod.fromId(m).orElseThrow();
                            double[] direct = direct(calc, doc, sm, settings);
                            if (direct != null) yield direct;
                            if (full[0] == null) full[0] = engine.explain(doc, -1, settings, p -> { }, Cancellation.NEVER);
                            yield full[0].saliency(sm).orElseThrow(() -> new IllegalStateException(m
                                    + " was not computed for a document of " + t.size() + " tokens")).scores();
                        }
                    };
                    byMethod.get(m).add(order(scores));
                    seconds.merge(m, (System.nanoTime() - tm) / 1e9, Double::sum);
                }
                if ((d + 1) % 1000 == 0) {
                    log.accept(String.format(java.util.Locale.ROOT, "ranked %,d of %,d %s documents (%.0f s)", d + 1,
                            docs.size(), names[s], (System.nanoTime() - t0) / 1e9));
                }
            }
            tokens.put(names[s], toks);
            orders.put(names[s], byMethod);
        }
        StringBuilder b = new StringBuilder("ranking seconds per method:");
        seconds.forEach((m, v) -> b.append(String.format(java.util.Locale.ROOT, " %s %.1f", m, v)));
        log.accept(b.toString());
    }

    /**
     * One method's scores from the calculator with the explanation defaults, or null for a method
     * computed only by the engine's whole saliency section (a slower way to the same scores).
     */
    private static double[] direct(SaliencyCalculator calc, EncodedDocument doc, SaliencyMethod m, ExplainSettings s) {
        return switch (m) {
            case GRADIENT -> calc.gradients(doc).get(0).scores();
            case GRADIENT_L2 -> calc.gradients(doc).get(1).scores();
            case GRAD_X_INPUT -> calc.gradients(doc).get(2).scores();
            case INTEGRATED_GRADIENTS -> calc.integratedGradients(doc, s.igBaseline(), s.igSteps()).attributions();
            case LEAVE_ONE_OUT -> calc.leaveOneOut(doc).scores();
            case OCCLUSION -> calc.occlusion(doc, s.occluder()).scores();
            case LRP -> calc.lrp(doc, doc.predicted(), s.lrpEpsilon()).relevance();
            default -> null;
        };
    }

    /** The tokens a model trained with {@link #base} reads of a text: tokenised, cut to the training length. */
    private List<String> tokens(String text) {
        List<String> t = tokenizer.tokenize(text);
        return t.size() > base.maxLength() ? List.copyOf(t.subList(0, base.maxLength())) : t;
    }

    /** Token indices by decreasing |score|, ties by position. */
    static int[] order(double[] scores) {
        Integer[] idx = new Integer[scores.length];
        for (int i = 0; i < idx.length; i++) idx[i] = i;
        java.util.Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(Math.abs(scores[b]), Math.abs(scores[a]));
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] out = new int[idx.length];
        for (int i = 0; i < out.length; i++) out[i] = idx[i];
        return out;
    }

    /** How many of n tokens k percent removes: k/100 n rounded half up. */
    static int removed(int n, int k) {
        return (int) Math.min(n, Math.floor(k / 100.0 * n + 0.5));
    }

    /** A split with each document's top k% tokens (in its order for {@code method}) removed; counts re-tokenisations. */
    private Degraded degrade(String split, List<Document> docs, String method, int k) {
        List<List<String>> toks = tokens.get(split);
        List<int[]> ord = orders.get(split).get(method);
        List<Document> out = new ArrayList<>(docs.size());
        long total = 0;
        long gone = 0;
        int retokenised = 0;
        for (int d = 0; d < docs.size(); d++) {
            List<String> t = toks.get(d);
            int r = removed(t.size(), k);
            boolean[] drop = new boolean[t.size()];
            for (int j = 0; j < r; j++) drop[ord.get(d)[j]] = true;
            List<String> kept = new ArrayList<>(t.size() - r);
            for (int i = 0; i < t.size(); i++) if (!drop[i]) kept.add(t.get(i));
            String text = String.join(" ", kept);
            if (!tokenizer.tokenize(text).equals(kept)) retokenised++;
            total += t.size();
            gone += r;
            Document doc = docs.get(d);
            out.add(new Document(doc.id(), text, doc.label()));
        }
        return new Degraded(out, total == 0 ? 0 : (double) gone / total, retokenised);
    }

    private record Degraded(List<Document> docs, double removedFraction, int retokenised) { }

    /** The original model's accuracy on the whole test split. */
    public double baselineAccuracy() {
        return accuracy(model, data.test());
    }

    /**
     * One point: the method's top k% removed from all three splits, a model retrained on them, and
     * the original model on the degraded test split.
     */
    public RoarRow point(String method, int k) throws IOException {
        if (tokens.isEmpty()) throw new IllegalStateException("rank() first");
        Degraded train = degrade("train", data.train(), method, k);
        Degraded dev = degrade("dev", data.dev(), method, k);
        Degraded test = degrade("test", data.test(), method, k);
        double inPlace = accuracy(model, test.docs());
        String name = "roar-" + method + "-k" + k;
        TrainingOptions opt = base.with(name, TrainingObjective.STANDARD, base.seed());
        Files.createDirectories(workDir);
        Path out = workDir.resolve(name + ".zip");
        if (dev.docs().stream().allMatch(d -> d.text().isEmpty())) {
            throw new IllegalArgumentException("removing " + k + "% leaves every dev document empty");
        }
        TrainingData td = new TrainingData(data.labels(), train.docs(), dev.docs(), test.docs(), "roar");
        long t0 = System.nanoTime();
        AttentionModel retrained = new Trainer(m -> { }, p -> { }).train(td, opt, out, false);
        double seconds = (System.nanoTime() - t0) / 1e9;
        Files.deleteIfExists(out); // only its accuracy is kept: 30 archives would be ~200 MB
        int bestEpoch = bestEpoch(retrained.card().notes());
        return new RoarRow(method, k, test.removedFraction(), retrained.card().test_accuracy(), inPlace, bestEpoch,
                seconds, train.retokenised() + dev.retokenised() + test.retokenised());
    }

    /** "best dev epoch B of E" in a trained card's notes, or -1. */
    private static int bestEpoch(String notes) {
        var m = java.util.regex.Pattern.compile("best dev epoch (\\d+)").matcher(notes == null ? "" : notes);
        return m.find() ? Integer.parseInt(m.group(1)) : -1;
    }

    private static double accuracy(AttentionModel m, List<Document> docs) {
        return Trainer.evaluate(m, docs).accuracy();
    }

    /**
     * The original model's training settings, for its retrained copies: the card's training record
     * where it has one; else the network's sizes, the card's epochs and seed and the defaults of
     * {@code workbench train} for the rest (what cards written before that record were trained with).
     *
     * @param embeddings the GloVe file the card names (by file name), or null for random embeddings
     * @param epochs     passes over the data, or null for the card's
     */
    public static TrainingOptions trainingOptions(AttentionModel m, Path embeddings, Integer epochs) {
        var c = m.card();
        var cfg = m.config();
        Map<String, Object> t = c.training() == null ? Map.of() : c.training();
        return new TrainingOptions(c.name(), c.dataset(), cfg.encoder(), cfg.embeddingDim(), cfg.hiddenSize(),
                cfg.kernelWidths(), cfg.attentionSize(), cfg.maxLength(), intOf(t, "min_count", 2),
                intOf(t, "max_vocab", 20000), intOf(t, "batch_size", 32), epochs != null ? epochs : c.epochs(),
                doubleOf(t, "learning_rate", 1e-3), doubleOf(t, "weight_decay", 1e-5), doubleOf(t, "clip_norm", 5.0),
                c.seed(), embeddings, 1e6);
    }

    private static int intOf(Map<String, Object> t, String key, int fallback) {
        return t.get(key) instanceof Number n ? n.intValue() : fallback;
    }

    private static double doubleOf(Map<String, Object> t, String key, double fallback) {
        return t.get(key) instanceof Number n ? n.doubleValue() : fallback;
    }

    /** The rankings, in the order given. */
    public List<String> methods() {
        return methods;
    }
}
