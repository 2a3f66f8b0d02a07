package org.attentionworkbench.model;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a shipped model is and how good it is; stored as {@code card.json} in every model archive.
 * Accuracy fields are NaN and sizes 0 where a model was never evaluated on that split.
 *
 * <p>Provenance: {@code training} holds every training option by name ({@link TrainingOptions#toMap()}),
 * {@code app_version} and {@code nd4j_version} the versions that trained the model. They are null in
 * cards written before they were recorded.
 *
 * <p>Counterfactual twins (docs/methods.md section 8): {@code twin} names the base model
 * ({@code base_model}, the SHA-256 of its archive {@code base_sha256}), the {@code objective}
 * ({@code uniform}, {@code frozen}, {@code seed}, {@code adversarial}, {@code deceptive}), its settings
 * and what was measured against the base on the test split after training. Null for other models.
 *
 * <p>Imported models ({@code workbench import}, {@link ModelImport}): {@code imported} names the
 * layout and each input file with its SHA-256, so that the archive says where its weights came
 * from. Null for models the workbench trained.
 */
public record ModelCard(
        String name,
        String dataset,
        List<String> labels,
        String encoder,
        int embedding_dim,
        int hidden_size,
        int max_length,
        int vocab_size,
        int train_size,
        int dev_size,
        int test_size,
        double dev_accuracy,
        double test_accuracy,
        double test_macro_f1,
        int epochs,
        double train_seconds,
        long seed,
        String data_sha256,
        String created,
        String embeddings,
        String notes,
        Map<String, Object> training,
        String app_version,
        String nd4j_version,
        Map<String, Object> twin,
        Map<String, Object> imported) {

    public ModelCard {
        labels = List.copyOf(labels);
        // Insertion order kept (a readable card.json); unmodifiable, as the record is immutable.
        training = training == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(training));
        twin = twin == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(twin));
        imported = imported == null ? null : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(imported));
    }

    /** A card of a model the workbench trained (not imported). */
    public ModelCard(String name, String dataset, List<String> labels, String encoder, int embedding_dim,
                     int hidden_size, int max_length, int vocab_size, int train_size, int dev_size, int test_size,
                     double dev_accuracy, double test_accuracy, double test_macro_f1, int epochs,
                     double train_seconds, long seed, String data_sha256, String created, String embeddings,
                     String notes, Map<String, Object> training, String app_version, String nd4j_version,
                     Map<String, Object> twin) {
        this(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size, train_size,
                dev_size, test_size, dev_accuracy, test_accuracy, test_macro_f1, epochs, train_seconds, seed,
                data_sha256, created, embeddings, notes, training, app_version, nd4j_version, twin, null);
    }

    /** A card of a model that is nobody's twin. */
    public ModelCard(String name, String dataset, List<String> labels, String encoder, int embedding_dim,
                     int hidden_size, int max_length, int vocab_size, int train_size, int dev_size, int test_size,
                     double dev_accuracy, double test_accuracy, double test_macro_f1, int epochs,
                     double train_seconds, long seed, String data_sha256, String created, String embeddings,
                     String notes, Map<String, Object> training, String app_version, String nd4j_version) {
        this(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size, train_size,
                dev_size, test_size, dev_accuracy, test_accuracy, test_macro_f1, epochs, train_seconds, seed,
                data_sha256, created, embeddings, notes, training, app_version, nd4j_version, null);
    }

    /** Whether the card is a hierarchical attention network's (encoder {@code han(word/sentence)}). */
    public boolean hierarchical() {
        return encoder != null && encoder.startsWith("han(");
    }

    /** The name of the model this one is a twin of, or null. */
    public String baseModel() {
        return twin == null ? null : (String) twin.get("base_model");
    }

    /** The twin's objective ({@code uniform}, {@code frozen}, {@code seed}, ...), or null. */
    public String objective() {
        return twin == null ? null : (String) twin.get("objective");
    }

    /** A deceptive twin's impermissible words, lower case, in the card's order; empty for other models. */
    public java.util.Set<String> impermissibleWords() {
        java.util.Set<String> out = new java.util.LinkedHashSet<>();
        if (twin != null && twin.get("impermissible") instanceof List<?> words) {
            for (Object w : words) out.add(String.valueOf(w).toLowerCase(java.util.Locale.ROOT));
        }
        return out;
    }

    /**
     * The settings that tell twins of one objective apart, in words: "lambda 0.1", "penalty 1",
     * "attention from sst2-bilstm.zip", "seed 3"; empty for other models.
     */
    public String twinSettings() {
        if (twin == null) return "";
        List<String> parts = new java.util.ArrayList<>();
        if (twin.get("lambda") instanceof Number l) parts.add("lambda " + compact(l.doubleValue()));
        if (twin.get("penalty") instanceof Number p) parts.add("penalty " + compact(p.doubleValue()));
        if (twin.get("attention_from") != null) parts.add("attention from " + twin.get("attention_from"));
        if ("seed".equals(twin.get("objective"))) parts.add("seed " + seed);
        return String.join(", ", parts);
    }

    private static String compact(double v) {
        return v == Math.rint(v) ? String.valueOf((long) v) : String.valueOf(v);
    }

    /**
     * How the model's attention scores tokens, {@code tanh} or {@code dot} ({@link AttentionScore}), as
     * its training options or import record say; {@code tanh} for cards that say nothing (every
     * model before dot attention).
     */
    public String attentionScore() {
        Object s = training() == null ? null : training().get("attention_score");
        if (s == null && imported() != null) s = imported().get("attention_score");
        return s == null ? AttentionScore.TANH.id() : s.toString();
    }

    /** The encoder as listings show it: {@code bilstm}, or {@code bilstm+dot} for dot-product attention. */
    public String encoderLabel() {
        String score = attentionScore();
        return encoder() + (AttentionScore.TANH.id().equals(score) ? "" : "+" + score);
    }

    /** A copy with the twin record replaced. */
    public ModelCard withTwin(Map<String, Object> newTwin) {
        return new ModelCard(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size,
                train_size, dev_size, test_size, dev_accuracy, test_accuracy, test_macro_f1, epochs, train_seconds,
                seed, data_sha256, created, embeddings, notes, training, app_version, nd4j_version, newTwin, imported);
    }

    /** A card without provenance (as written before training options and versions were recorded). */
    public ModelCard(String name, String dataset, List<String> labels, String encoder, int embedding_dim,
                     int hidden_size, int max_length, int vocab_size, int train_size, int dev_size, int test_size,
                     double dev_accuracy, double test_accuracy, double test_macro_f1, int epochs,
                     double train_seconds, long seed, String data_sha256, String created, String embeddings,
                     String notes) {
        this(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size, train_size,
                dev_size, test_size, dev_accuracy, test_accuracy, test_macro_f1, epochs, train_seconds, seed,
                data_sha256, created, embeddings, notes, null, null, null);
    }

    /** A copy with test-set results filled in. */
    public ModelCard withTest(int testSize, double testAccuracy, double testMacroF1) {
        return new ModelCard(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size,
                train_size, dev_size, testSize, dev_accuracy, testAccuracy, testMacroF1, epochs, train_seconds,
                seed, data_sha256, created, embeddings, notes, training, app_version, nd4j_version, twin, imported);
    }

    /** A copy with the import record replaced (see the class comment). */
    public ModelCard withImported(Map<String, Object> newImported) {
        return new ModelCard(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size,
                train_size, dev_size, test_size, dev_accuracy, test_accuracy, test_macro_f1, epochs, train_seconds,
                seed, data_sha256, created, embeddings, notes, training, app_version, nd4j_version, twin, newImported);
    }
}
