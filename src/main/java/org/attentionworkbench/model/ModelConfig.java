package org.attentionworkbench.model;

import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The shape of an attention classifier: everything needed to rebuild its parameters.
 *
 * @param encoder       which encoder
 * @param vocabSize     number of embedding rows (PAD and UNK included)
 * @param embeddingDim  embedding width D
 * @param hiddenSize    BiLSTM: units per direction; CNN: filters per kernel width; average: width
 * @param kernelWidths  CNN kernel widths (ignored by the other encoders)
 * @param attentionSize width of the additive attention's tanh layer
 * @param numClasses    C >= 2
 * @param maxLength     training truncation length (inspection handles much longer documents)
 */
public record ModelConfig(EncoderType encoder, int vocabSize, int embeddingDim, int hiddenSize,
                          List<Integer> kernelWidths, int attentionSize, int numClasses, int maxLength) {

    public ModelConfig {
        Objects.requireNonNull(encoder, "encoder");
        kernelWidths = List.copyOf(kernelWidths);
        if (vocabSize < 2) throw new IllegalArgumentException("vocabSize must be >= 2");
        if (embeddingDim < 1 || hiddenSize < 1 || attentionSize < 1) {
            throw new IllegalArgumentException("sizes must be positive");
        }
        if (numClasses < 2) throw new IllegalArgumentException("need at least 2 classes");
        if (maxLength < 1) throw new IllegalArgumentException("maxLength must be positive");
        if (encoder == EncoderType.CNN && kernelWidths.isEmpty()) {
            throw new IllegalArgumentException("a CNN needs kernel widths");
        }
        for (int k : kernelWidths) {
            if (k < 1) throw new IllegalArgumentException("kernel widths must be positive");
        }
    }

    /** Default CNN kernel widths, as in Jain &amp; Wallace (2019). */
    public static final List<Integer> DEFAULT_KERNELS = Arrays.asList(1, 3, 5, 7);

    /** Width of the encoded vectors h_i. */
    public int encodedSize() {
        return switch (encoder) {
            case BILSTM -> 2 * hiddenSize;
            case CNN -> hiddenSize * kernelWidths.size();
            case AVERAGE -> hiddenSize;
        };
    }
}
