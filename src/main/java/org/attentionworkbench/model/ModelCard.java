package org.attentionworkbench.model;

import java.util.List;

/**
 * What a shipped model is and how good it is; stored as {@code card.json} in every model archive.
 * Accuracy fields are NaN and sizes 0 where a model was never evaluated on that split.
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
        String notes) {

    public ModelCard {
        labels = List.copyOf(labels);
    }

    /** A copy with test-set results filled in. */
    public ModelCard withTest(int testSize, double testAccuracy, double testMacroF1) {
        return new ModelCard(name, dataset, labels, encoder, embedding_dim, hidden_size, max_length, vocab_size,
                train_size, dev_size, testSize, dev_accuracy, testAccuracy, testMacroF1, epochs, train_seconds,
                seed, data_sha256, created, embeddings, notes);
    }
}
