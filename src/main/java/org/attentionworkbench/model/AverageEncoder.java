package org.attentionworkbench.model;

import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * The context-free encoder of Jain &amp; Wallace: {@code h_i = tanh(W e_i + b)}, so h_i depends on
 * token i alone.
 */
final class AverageEncoder implements Encoder.LinearInput {

    private final ParameterSet params;
    private final int size;

    AverageEncoder(ParameterSet params, int size) {
        this.params = params;
        this.size = size;
    }

    static void initialise(ParameterSet p, int inSize, int size, Initialiser init) {
        p.put("avg.W", init.xavier(inSize, size));
        p.put("avg.b", init.zeros(1, size));
    }

    /**
     * 65,536 row-steps: a batch of variants (512 of a 128-token review, or 26 of a 2,500-token one)
     * then needs a workspace of a fixed largest size, which an audit reserves up front.
     */
    @Override
    public long rowStepBudget() {
        return 65_536;
    }

    @Override
    public int outputSize() {
        return size;
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        AvgState st = (AvgState) forwardFromProjection(project(x, steps, batch), mask, steps, batch);
        return new AvgState(x, mask, st.output());
    }

    @Override
    public INDArray project(INDArray x, int steps, int batch) {
        return x.mmul(params.get("avg.W"));
    }

    @Override
    public State forwardFromProjection(INDArray projected, INDArray mask, int steps, int batch) {
        INDArray h = Transforms.tanh(projected.addi(params.get("avg.b")), false);
        h.muli(mask);
        return new AvgState(null, mask, h);
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        AvgState st = (AvgState) state;
        INDArray dPre = backwardToProjection(state, dH);
        if (grads != null) {
            grads.accumulate("avg.W", st.x.transpose().mmul(dPre));
            grads.accumulate("avg.b", TadFree.columnSums(dPre));
        }
        return projectTranspose(dPre, 0, 0);
    }

    @Override
    public INDArray backwardToProjection(State state, INDArray dH) {
        AvgState st = (AvgState) state;
        return dH.mul(st.output.mul(st.output).rsubi(1)).muli(st.mask);
    }

    @Override
    public INDArray projectTranspose(INDArray dProjected, int steps, int batch) {
        return dProjected.mmul(params.get("avg.W").transpose());
    }

    private record AvgState(INDArray x, INDArray mask, INDArray output) implements State { }
}
