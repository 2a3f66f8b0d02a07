package org.attentionworkbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Maps embedded tokens to encoded vectors h_i. Arrays are time-major and flattened: row
 * {@code t * B + b} holds time step t of batch row b, so one time step is a contiguous block of
 * rows (what the LSTM's per-step matrix products need). The mask is a [T*B, 1] column of 0/1.
 */
interface Encoder {

    /** Width of h_i. */
    int outputSize();

    /** Runs the encoder; the returned state is what {@link #backward} needs. */
    State forward(INDArray x, INDArray mask, int steps, int batch);

    /**
     * Back-propagates {@code dH} ([T*B, outputSize]); adds parameter gradients into {@code grads}
     * when it is not null and returns the gradient with respect to the input x.
     */
    INDArray backward(State state, INDArray dH, ParameterSet grads);

    /** The encoder's saved forward pass. */
    interface State {
        /** The encoded vectors, [T*B, outputSize]. */
        INDArray output();
    }
}
