package org.attentionworkbench.model;

/**
 * A model gave an output that is not a finite number (NaN or infinite) for some input, so it has
 * no prediction to show. Weights are checked to be finite when an archive is loaded, but finite
 * weights can still overflow (a weight near the largest float makes a sum infinite, and softmax
 * then gives NaN): the model is then unusable for that input, which is a problem of the model file,
 * hence a {@link ModelArchiveException}. The message says so in one line; no label is ever taken
 * from such an output (a NaN probability would otherwise print as {@code neg (NaN%)}).
 */
public final class NonFiniteOutputException extends ModelArchiveException {

    /** @param message what gave the non-finite output, and what to do about it */
    public NonFiniteOutputException(String message) {
        super(message);
    }
}
