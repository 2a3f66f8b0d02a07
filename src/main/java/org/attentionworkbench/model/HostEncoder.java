package org.attentionworkbench.model;

/**
 * An encoder's per-document pass in plain Java (see {@link HostNetwork}): the same arithmetic as
 * the ND4J {@link Encoder.LinearInput} it is made from, on one document held as rows (one array per
 * token, no padding; see {@link Dense} for why rows). Every encoder here reads its input through one linear map P, so the
 * pass is split as the ND4J one is: P(x), the rest of the encoder from P(x), the gradient back to
 * P(x), and P transposed.
 */
interface HostEncoder {

    /** Width of P(x) per token. */
    int projectedSize();

    /** Width of h_i. */
    int outputSize();

    /** P(x) of an [n][D] input, [n][projectedSize]. */
    double[][] project(double[][] x);

    /** The encoder run from P(x); the state keeps what {@link #backward} needs. */
    State run(double[][] projected);

    /**
     * The encoded vectors h alone, [n][outputSize]: what a pass that will not go backwards needs
     * (classification). An encoder that saves more for the backward pass overrides this to save
     * nothing else (the BiLSTM's gates and cell states were most of a LIME run's garbage).
     */
    default double[][] encode(double[][] projected) {
        return run(projected).output();
    }

    /** The gradient with respect to P(x), given the gradient {@code dH} with respect to h ([n][outputSize]). */
    default double[][] backward(State state, double[][] dH) {
        double[][] into = new double[dH.length][projectedSize()];
        backward(state, dH, into);
        return into;
    }

    /**
     * Adds the gradient with respect to P(x) into {@code into} ([n][projectedSize]): integrated
     * gradients sums it over its points without a new n x K array per point. May overwrite dH.
     */
    void backward(State state, double[][] dH, double[][] into);

    /** P transposed: the gradient with respect to x, [n][D]. */
    double[][] projectTranspose(double[][] dProjected);

    /**
     * The token-wise products Q(x)_t = x_t W of which P(x) is made ({@link #mix}): what a token
     * itself puts into P. Default: P(x) itself (an encoder whose P maps each token on its own).
     */
    default double[][] tokenProducts(double[][] x) {
        return project(x);
    }

    /** P(x) from the token-wise products Q(x). Default: Q(x) itself. */
    default double[][] mix(double[][] tokenProducts) {
        return tokenProducts;
    }

    /** {@link #mix} transposed: the gradient with respect to Q(x) from that with respect to P(x). Default: itself. */
    default double[][] mixTranspose(double[][] dProjected) {
        return dProjected;
    }

    /**
     * Per token t, x_t . (P^T dP)_t, the input gradient's dot with the input, without the transposed
     * product: P is linear, so it is the dot of Q(x)_t ({@code tokenProducts}, token t's own products)
     * with the gradient with respect to Q(x) at t. n x K work instead of n x K x D.
     */
    default double[] inputDots(double[][] tokenProducts, double[][] dProjected) {
        double[][] dq = mixTranspose(dProjected);
        double[] dots = new double[dq.length];
        for (int t = 0; t < dots.length; t++) dots[t] = Dense.dot(tokenProducts[t], dq[t]);
        return dots;
    }

    /** A saved forward pass. */
    interface State {
        /** The encoded vectors h, [n][outputSize]. */
        double[][] output();
    }
}
