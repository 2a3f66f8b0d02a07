package org.attentionworkbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * No encoder (Serrano &amp; Smith's "noenc"): h_i is the level's input x_i itself, so the attention
 * reads the (masked) embeddings or sentence vectors directly. No parameters.
 */
final class IdentityEncoder implements Encoder {

    private final int size;

    IdentityEncoder(int size) {
        this.size = size;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        INDArray out = x.mul(mask);
        return () -> out;
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        return dH;
    }
}
