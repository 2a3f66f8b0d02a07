package org.attentionworkbench.model;

import java.io.IOException;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.explain.TwinComparison;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The models a counterfactual run trains against (docs/methods.md section 8) and what its objective
 * does with them: the base it is a twin of (vocabulary, card), the network whose attention is
 * imposed, the adversary's target; the loss of a batch, the dev score that picks the checkpoint,
 * and the card's record of the twin measured against its base after training.
 */
final class TwinRun {

    private final TrainingObjective objective;
    private final AttentionModel base;
    private final Path basePath;
    private final AttentionModel attentionFrom;
    private final AttentionModel adversarialTo;
    private final Set<String> impermissible;
    private Set<Integer> impermissibleIds = Set.of();

    private TwinRun(TrainingObjective objective, AttentionModel base, AttentionModel attentionFrom,
                    AttentionModel adversarialTo) {
        this.objective = objective;
        this.base = base;
        this.basePath = objective.twinOf();
        this.attentionFrom = attentionFrom;
        this.adversarialTo = adversarialTo;
        Set<String> words = new LinkedHashSet<>();
        for (String w : objective.impermissible()) words.add(w.strip().toLowerCase(Locale.ROOT));
        this.impermissible = Set.copyOf(words);
    }

    /**
     * Loads the models an objective names (each archive once), checks that they classify the
     * training data's classes and read one vocabulary.
     *
     * @throws IllegalArgumentException naming the model that does not fit
     */
    static TwinRun open(TrainingObjective objective, List<String> labels, Consumer<String> log) {
        Map<Path, AttentionModel> loaded = new HashMap<>();
        java.util.function.Function<Path, AttentionModel> load = p -> p == null ? null
                : loaded.computeIfAbsent(p.toAbsolutePath().normalize(), ModelArchive::load);
        AttentionModel base = load.apply(objective.twinOf());
        AttentionModel from = load.apply(objective.attentionFrom());
        AttentionModel adversary = load.apply(objective.adversarialTo());
        for (AttentionModel m : new AttentionModel[] {base, from, adversary}) {
            if (m != null && !m.labels().equals(labels)) {
                throw new IllegalArgumentException("the model " + m.name() + " classifies " + m.labels()
                        + ", not the training data's " + labels + ": a twin is trained on its base's task");
            }
            if (m != null && !m.vocabulary().tokens().equals(base.vocabulary().tokens())) {
                throw new IllegalArgumentException("the models " + base.name() + " and " + m.name()
                        + " read with different vocabularies; a twin's models must share one");
            }
        }
        if (from != null && from.config().attention() != AttentionSource.LEARNED) {
            throw new IllegalArgumentException("the model " + from.name() + " does not learn its own attention ("
                    + from.config().attention().id() + "): impose a learned attention");
        }
        if (base != null) {
            log.accept(objective.name() + " twin of " + base.name() + " (" + objective.twinOf()
                    + "), reading with its vocabulary of " + base.vocabulary().size() + " words");
        }
        if (adversary != null) {
            log.accept("adversarial to " + adversary.name() + ", lambda " + objective.lambda()
                    + "; the dev score is the objective's negative, -(TVD - lambda KL)");
        }
        return new TwinRun(objective, base, from, adversary);
    }

    TrainingObjective objective() {
        return objective;
    }

    /** The model this run is a twin of, or null. */
    AttentionModel base() {
        return base;
    }

    /** The network whose attention a frozen run imposes, or null. */
    AttentionNetwork attentionSource() {
        return attentionFrom == null ? null : attentionFrom.network();
    }

    /** The network's shape with this objective's attention source. */
    ModelConfig config(ModelConfig plain) throws IOException {
        if (objective.attention() == AttentionSource.FROZEN) {
            Path from = objective.attentionFrom();
            return plain.withAttention(AttentionSource.FROZEN, from.getFileName().toString(),
                    ModelArchive.fileSha256(from));
        }
        return plain.withAttention(objective.attention(), null, null);
    }

    /**
     * Starts an adversarial network from its target's weights where the two have one shape: the
     * run then begins with equal predictions and attention (TVD = KL = 0) and moves the attention
     * away while the TVD term holds the predictions (from scratch, the KL term dominated the first
     * epochs and the predictions were left at chance).
     */
    void initialise(AttentionNetwork net, Consumer<String> log) {
        if (adversarialTo == null) return;
        AttentionNetwork target = adversarialTo.network();
        if (!target.config().equals(net.config())) return;
        for (Map.Entry<String, org.nd4j.linalg.api.ndarray.INDArray> e : target.parameters().asMap().entrySet()) {
            net.parameters().get(e.getKey()).assign(e.getValue());
        }
        net.parameters().changed();
        log.accept("initialised from " + adversarialTo.name() + "'s weights");
    }

    /** The ids of the impermissible words in the run's vocabulary; says which words it does not know. */
    void useVocabulary(Vocabulary vocabulary, Consumer<String> log) {
        if (impermissible.isEmpty()) return;
        Set<Integer> ids = new java.util.HashSet<>();
        List<String> unknown = new java.util.ArrayList<>();
        for (String w : impermissible) {
            int id = vocabulary.id(w);
            if (id == Vocabulary.UNK_ID) unknown.add(w); else ids.add(id);
        }
        if (ids.isEmpty()) {
            throw new IllegalArgumentException("none of the " + impermissible.size()
                    + " impermissible words is in the vocabulary, so no attention can be moved off them");
        }
        impermissibleIds = Set.copyOf(ids);
        log.accept("deceptive: " + ids.size() + " impermissible words in the vocabulary, penalty " + objective.penalty()
                + (unknown.isEmpty() ? "" : "; not in it (never penalised): " + unknown));
    }

    /** The objective's loss and gradients for one batch of the network being trained. */
    TwinLosses.LossGradient loss(AttentionNetwork.Batch batch, AttentionNetwork.Pass pass, List<int[]> docs,
                                 int[] labels) {
        double[][] probs = HostCopy.rows(pass.probs());
        if (adversarialTo != null) {
            AttentionNetwork.Pass target = adversarialTo.network().forward(batch);
            int[] lengths = docs.stream().mapToInt(d -> d.length).toArray();
            return TwinLosses.adversarial(probs, HostCopy.rows(pass.alpha()),
                    HostCopy.rows(target.probs()),
                    HostCopy.rows(target.alpha()), lengths, objective.lambda());
        }
        if (!impermissibleIds.isEmpty()) {
            boolean[][] flags = new boolean[docs.size()][batch.steps()];
            for (int j = 0; j < docs.size(); j++) {
                for (int t = 0; t < docs.get(j).length; t++) flags[j][t] = impermissibleIds.contains(docs.get(j)[t]);
            }
            return TwinLosses.deceptive(probs, HostCopy.rows(pass.alpha()), labels, flags,
                    objective.penalty());
        }
        return TwinLosses.crossEntropy(probs, labels);
    }

    /**
     * The score that picks the best epoch: dev accuracy, except for the adversarial objective,
     * whose model is not trained on the labels: minus its objective on dev (TVD - lambda KL).
     */
    double devScore(AttentionModel current, List<Document> dev) {
        if (adversarialTo == null) return Trainer.evaluate(current, dev).accuracy();
        List<TwinComparison.Document> c = TwinComparison.compare(current, adversarialTo, tokens(current, dev), Set.of());
        return -(TwinComparison.mean(c, TwinComparison.Document::tvd)
                - objective.lambda() * TwinComparison.mean(c, TwinComparison.Document::kl));
    }

    /** What {@link #devScore} measures, in words, for the progress lines. */
    String devMeasure() {
        return adversarialTo == null ? "dev accuracy" : "dev -(TVD - lambda KL)";
    }

    /** The card's twin record: base, objective, settings, and the twin against its base on {@code docs}. */
    Map<String, Object> record(AttentionModel twin, List<Document> docs, String split) throws IOException {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("base_model", base == null ? null : base.name());
        r.put("base_file", basePath == null ? null : basePath.getFileName().toString());
        r.put("base_sha256", basePath == null ? null : ModelArchive.fileSha256(basePath));
        r.put("objective", objective.name());
        r.putAll(objective.toMap());
        r.put("measured_on", split);
        r.put("documents", docs.size());
        List<List<String>> tokens = tokens(twin, docs);
        AttentionModel against = base != null ? base : twin;
        List<TwinComparison.Document> c = TwinComparison.compare(twin, against, tokens, impermissible);
        int right = 0;
        int baseRight = 0;
        int agree = 0;
        for (int k = 0; k < c.size(); k++) {
            if (c.get(k).twinLabel() == docs.get(k).label()) right++;
            if (c.get(k).baseLabel() == docs.get(k).label()) baseRight++;
            if (c.get(k).twinLabel() == c.get(k).baseLabel()) agree++;
        }
        r.put("accuracy", round((double) right / docs.size()));
        if (base != null) {
            r.put("base_accuracy", round((double) baseRight / docs.size()));
            r.put("agreement_with_base", round((double) agree / docs.size()));
            r.put("mean_tvd_to_base", round(TwinComparison.mean(c, TwinComparison.Document::tvd)));
            r.put("mean_jsd_to_base", round(TwinComparison.mean(c, TwinComparison.Document::jsd)));
        }
        if (!impermissible.isEmpty()) {
            r.put("impermissible_mass", round(TwinComparison.mean(c, TwinComparison.Document::twinMass)));
            if (base != null) r.put("base_impermissible_mass", round(TwinComparison.mean(c, TwinComparison.Document::baseMass)));
        }
        return r;
    }

    private static List<List<String>> tokens(AttentionModel model, List<Document> docs) {
        List<List<String>> out = new java.util.ArrayList<>(docs.size());
        for (Document d : docs) {
            List<String> t = model.tokens(d.text());
            out.add(t.isEmpty() ? List.of(Vocabulary.UNK) : t);
        }
        return out;
    }

    private static double round(double v) {
        return Math.round(v * 1e6) / 1e6;
    }
}
