package org.attentionworkbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Additive (tanh) attention over a masked, time-major batch and its hand-written backward pass:
 * {@code alpha = masked_softmax(v . tanh(W h_i + b))}, {@code context = sum_i alpha_i h_i}.
 * The parameters are {@code PREFIXW}, {@code PREFIXb} and {@code PREFIXv} of a {@link ParameterSet},
 * so that one network can have several (a HAN's word and sentence attention). The same arithmetic
 * as {@link AttentionNetwork}'s learned attention (kept there as it is while the dot-product
 * attention is added beside it; the two can share this class afterwards).
 */
final class AdditiveAttention {

    private static final double MASKED_SCORE = -1e9;

    private final ParameterSet params;
    private final String prefix;

    AdditiveAttention(ParameterSet params, String prefix) {
        this.params = params;
        this.prefix = prefix;
    }

    /** Creates W [in, size], b [1, size] and v [size, 1] under {@code prefix}. */
    static void initialise(ParameterSet p, String prefix, int in, int size, Initialiser init) {
        p.put(prefix + "W", init.xavier(in, size));
        p.put(prefix + "b", init.zeros(1, size));
        p.put(prefix + "v", init.xavier(size, 1));
    }

    /** The parameter shapes {@link #initialise} creates, in its order. */
    static void shapes(java.util.Map<String, long[]> s, String prefix, long in, long size) {
        s.put(prefix + "W", new long[] {in, size});
        s.put(prefix + "b", new long[] {1, size});
        s.put(prefix + "v", new long[] {size, 1});
    }

    /**
     * Attention and context of h ([T*B, F], time-major).
     *
     * @param maskBT [B, T] of 0/1
     */
    State forward(INDArray h, INDArray maskBT, int steps, int batch) {
        INDArray u = Transforms.tanh(h.mmul(params.get(prefix + "W")).addi(params.get(prefix + "b")), false);
        INDArray scores = u.mmul(params.get(prefix + "v")).reshape(steps, batch).transpose().dup('c');
        scores.addi(maskBT.rsub(1.0).muli(MASKED_SCORE));
        INDArray alpha = TadFree.softmaxRows(scores).muli(maskBT);
        INDArray alphaCol = alpha.transpose().dup('c').reshape((long) steps * batch, 1);
        long f = h.size(1);
        INDArray context = TadFree.columnSums(h.mul(alphaCol).reshape(steps, batch * f)).reshape(batch, f);
        return new State(u, alpha, alphaCol, context, steps, batch);
    }

    /**
     * Back-propagates {@code dContext} ([B, F]) to h, through the weighted sum and through the
     * scores; adds the attention's parameter gradients into {@code grads} when it is not null.
     *
     * @param detach hold alpha fixed: only the weighted sum is differentiated (the "attention is
     *               not explanation" gradient)
     */
    INDArray backward(State st, INDArray h, INDArray dContext, ParameterSet grads, boolean detach) {
        int t = st.steps();
        int b = st.batch();
        INDArray dContextTiled = TadFree.tileRows(dContext, t);        // row s*B+j = dContext[j]
        INDArray dH = dContextTiled.mul(st.alphaCol());
        if (detach) return dH;
        INDArray dAlpha = TadFree.rowSums(h.mul(dContextTiled)).reshape(t, b).transpose().dup('c');   // [B, T]
        INDArray alpha = st.alpha();
        INDArray inner = TadFree.rowSums(alpha.mul(dAlpha));
        INDArray dScores = alpha.mul(dAlpha.sub(inner));               // softmax backward
        INDArray dScoreCol = dScores.transpose().dup('c').reshape((long) t * b, 1);
        INDArray u = st.u();
        INDArray dUPre = dScoreCol.mmul(params.get(prefix + "v").transpose()).muli(u.mul(u).rsubi(1));
        if (grads != null) {
            grads.accumulate(prefix + "v", u.transpose().mmul(dScoreCol));
            grads.accumulate(prefix + "W", h.transpose().mmul(dUPre));
            grads.accumulate(prefix + "b", TadFree.columnSums(dUPre));
        }
        return dH.addi(dUPre.mmul(params.get(prefix + "W").transpose()));
    }

    /** A forward pass: the tanh layer u [T*B, A], alpha [B, T] and as a column [T*B, 1], context [B, F]. */
    record State(INDArray u, INDArray alpha, INDArray alphaCol, INDArray context, int steps, int batch) { }
}
