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

    /**
     * Most rows x time steps one batched forward pass should hold, so that the workspace it needs
     * (per row-step: the input, its projection and the saved activations) stays bounded whatever
     * the document length. Unbounded by default.
     */
    default long rowStepBudget() {
        return Long.MAX_VALUE;
    }

    /** The encoder's saved forward pass. */
    interface State {
        /** The encoded vectors, [T*B, outputSize]. */
        INDArray output();
    }

    /**
     * An encoder whose input enters only through one linear map P (no bias): the CNN (the
     * convolutions), the average encoder (W e_i) and the BiLSTM (x Wx of both directions; the
     * recurrence sees x only through it). Integrated gradients uses this: P(b + a (e - b)) =
     * P(b) + a P(e - b), so the m interpolated inputs need two projections of the document instead
     * of m, and the sum over steps of the input gradients is P transposed applied once to the
     * summed gradient of P.
     * {@code forward(x) == forwardFromProjection(project(x))} and
     * {@code backward(s, dH) == projectTranspose(backwardToProjection(s, dH))} (without parameter gradients).
     */
    interface LinearInput extends Encoder {
        /** P(x), [T*B, K]. */
        INDArray project(INDArray x, int steps, int batch);

        /** The encoder run from P(x) (the masked input's projection); the state has no input x. */
        State forwardFromProjection(INDArray projected, INDArray mask, int steps, int batch);

        /** The gradient with respect to P(x). */
        INDArray backwardToProjection(State state, INDArray dH);

        /** P transposed: the gradient with respect to x of a gradient with respect to P(x). */
        INDArray projectTranspose(INDArray dProjected, int steps, int batch);
    }
}
