package org.attentionworkbench.model;

import java.nio.file.Path;
import java.util.List;

/**
 * Settings of a training run. Defaults follow the literature (docs/methods.md section 1): Adam with
 * learning rate 1e-3 and weight decay 1e-5 (none on attention), batch 32, best dev checkpoint kept.
 *
 * @param name              model name written in the card
 * @param dataset           dataset description written in the card
 * @param encoder           which encoder
 * @param embeddingDim      D (must match the GloVe file when one is given)
 * @param hiddenSize        see {@link ModelConfig#hiddenSize()}
 * @param kernelWidths      CNN kernel widths
 * @param attentionSize     additive attention width
 * @param maxLength         training documents are truncated to this many tokens
 * @param minCount          vocabulary minimum count
 * @param maxVocab          vocabulary maximum size (PAD and UNK included)
 * @param batchSize         examples per update
 * @param epochs            passes over the training data
 * @param learningRate      Adam learning rate
 * @param weightDecay       L2 weight decay (not on attention parameters)
 * @param clipNorm          global gradient-norm clip (0 = none)
 * @param seed              seed of initialisation and data order
 * @param embeddings        GloVe text file to initialise embeddings from, or null
 * @param checkpointMinutes minutes between mid-epoch checkpoints
 * @param objective         a counterfactual twin's objective, or {@link TrainingObjective#STANDARD}
 * @param attentionScore    how learned attention scores h_i: tanh (additive, the default) or dot
 */
public record TrainingOptions(String name, String dataset, EncoderType encoder, int embeddingDim, int hiddenSize,
                              List<Integer> kernelWidths, int attentionSize, int maxLength, int minCount,
                              int maxVocab, int batchSize, int epochs, double learningRate, double weightDecay,
                              double clipNorm, long seed, Path embeddings, double checkpointMinutes,
                              TrainingObjective objective, AttentionScore attentionScore) {

    public TrainingOptions {
        kernelWidths = List.copyOf(kernelWidths);
        if (objective == null) objective = TrainingObjective.STANDARD;
        if (attentionScore == null) attentionScore = AttentionScore.TANH;
        if (batchSize < 1 || epochs < 1) throw new IllegalArgumentException("batch size and epochs must be positive");
    }

    /** Settings with additive (tanh) attention. */
    public TrainingOptions(String name, String dataset, EncoderType encoder, int embeddingDim, int hiddenSize,
                           List<Integer> kernelWidths, int attentionSize, int maxLength, int minCount, int maxVocab,
                           int batchSize, int epochs, double learningRate, double weightDecay, double clipNorm,
                           long seed, Path embeddings, double checkpointMinutes, TrainingObjective objective) {
        this(name, dataset, encoder, embeddingDim, hiddenSize, kernelWidths, attentionSize, maxLength, minCount,
                maxVocab, batchSize, epochs, learningRate, weightDecay, clipNorm, seed, embeddings, checkpointMinutes,
                objective, AttentionScore.TANH);
    }

    /** Settings of a plain cross-entropy run (nobody's twin). */
    public TrainingOptions(String name, String dataset, EncoderType encoder, int embeddingDim, int hiddenSize,
                           List<Integer> kernelWidths, int attentionSize, int maxLength, int minCount, int maxVocab,
                           int batchSize, int epochs, double learningRate, double weightDecay, double clipNorm,
                           long seed, Path embeddings, double checkpointMinutes) {
        this(name, dataset, encoder, embeddingDim, hiddenSize, kernelWidths, attentionSize, maxLength, minCount,
                maxVocab, batchSize, epochs, learningRate, weightDecay, clipNorm, seed, embeddings, checkpointMinutes,
                TrainingObjective.STANDARD);
    }

    /** These settings with another objective and seed (a twin, or one run of several seeds). */
    public TrainingOptions with(String newName, TrainingObjective newObjective, long newSeed) {
        return new TrainingOptions(newName, dataset, encoder, embeddingDim, hiddenSize, kernelWidths, attentionSize,
                maxLength, minCount, maxVocab, batchSize, epochs, learningRate, weightDecay, clipNorm, newSeed,
                embeddings, checkpointMinutes, newObjective, attentionScore);
    }

    /** These settings with another attention score (tanh or dot). */
    public TrainingOptions withAttentionScore(AttentionScore score) {
        return new TrainingOptions(name, dataset, encoder, embeddingDim, hiddenSize, kernelWidths, attentionSize,
                maxLength, minCount, maxVocab, batchSize, epochs, learningRate, weightDecay, clipNorm, seed,
                embeddings, checkpointMinutes, objective, score);
    }

    /** Defaults for an encoder: 100-d embeddings, 128-wide encodings, 400-token training maximum. */
    public static TrainingOptions defaults(String name, String dataset, EncoderType encoder) {
        int hidden = switch (encoder) {
            case BILSTM -> 64;
            case CNN -> 32;
            case AVERAGE -> 128;
        };
        return new TrainingOptions(name, dataset, encoder, 100, hidden, ModelConfig.DEFAULT_KERNELS, 64, 400, 2,
                20000, 32, 8, 1e-3, 1e-5, 5.0, 1, null, 10);
    }

    /**
     * Every option by its snake_case name, for the model card's provenance. The embeddings file is
     * named by its file name only: the card travels with the model, the folder it was read from
     * does not.
     */
    public java.util.Map<String, Object> toMap() {
        java.util.Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("encoder", encoder.id());
        m.put("embedding_dim", embeddingDim);
        m.put("hidden_size", hiddenSize);
        m.put("kernel_widths", kernelWidths);
        // Only where it is not the default, so that the cards of tanh models read as before.
        if (attentionScore != AttentionScore.TANH) m.put("attention_score", attentionScore.id());
        m.put("attention_size", attentionSize);
        m.put("max_length", maxLength);
        m.put("min_count", minCount);
        m.put("max_vocab", maxVocab);
        m.put("batch_size", batchSize);
        m.put("epochs", epochs);
        m.put("learning_rate", learningRate);
        m.put("weight_decay", weightDecay);
        m.put("clip_norm", clipNorm);
        // As JSON reads it back (an int where it fits), so that a card read from its archive equals
        // the card that was written.
        m.put("seed", seed == (int) seed ? (Object) (int) seed : (Object) seed);
        m.put("embeddings", embeddings == null ? null : embeddings.getFileName().toString());
        m.put("checkpoint_minutes", checkpointMinutes);
        if (!objective.equals(TrainingObjective.STANDARD)) m.putAll(objective.toMap());
        return m;
    }
}
