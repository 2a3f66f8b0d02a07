package org.attentionworkbench.model;

import static org.nd4j.linalg.indexing.NDArrayIndex.all;
import static org.nd4j.linalg.indexing.NDArrayIndex.interval;

import java.util.ArrayList;
import java.util.List;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * 1-D convolutions of several kernel widths with "same" padding, ReLU and masking; the outputs of
 * the widths are concatenated. A width-k convolution is a sum of k shifted matrix products: with
 * time-major rows, "x shifted by o steps" is a contiguous block of rows, so each product is one
 * gemm into a block of the output. Padded positions have zero input (masked embeddings), which is
 * the same zero padding a lone document gets at its end.
 */
final class CnnEncoder implements Encoder.LinearInput {

    private final ParameterSet params;
    private final List<Integer> widths;
    private final int filters;
    private final int inSize;

    CnnEncoder(ParameterSet params, int inSize, int filters, List<Integer> widths) {
        this.params = params;
        this.inSize = inSize;
        this.filters = filters;
        this.widths = List.copyOf(widths);
    }

    static void initialise(ParameterSet p, int inSize, int filters, List<Integer> widths, Initialiser init) {
        for (int k : widths) {
            p.put("cnn.W" + k, init.xavier(k * inSize, filters));
            p.put("cnn.b" + k, init.zeros(1, filters));
        }
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
        return filters * widths.size();
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        CnnState st = (CnnState) forwardFromProjection(project(x, steps, batch), mask, steps, batch);
        return new CnnState(x, steps, batch, st.outputs, st.output);
    }

    /** The convolutions without bias, the widths side by side: [T*B, filters * widths]. */
    @Override
    public INDArray project(INDArray x, int steps, int batch) {
        // Each width into its own contiguous block (gemm's output must not be a strided view), then side by side.
        List<INDArray> blocks = new ArrayList<>();
        for (int wi = 0; wi < widths.size(); wi++) {
            int k = widths.get(wi);
            INDArray w = params.get("cnn.W" + k);
            INDArray y = Nd4j.create(x.dataType(), (long) steps * batch, filters);
            blocks.add(y);
            for (int j = 0; j < k; j++) {
                Shift sh = Shift.of(j - (k - 1) / 2, steps, batch);
                if (sh.isEmpty()) continue;
                Nd4j.gemm(x.get(sh.inputRows(), all()), w.get(interval((long) j * inSize, (long) (j + 1) * inSize), all()),
                        y.get(sh.outputRows(), all()), false, false, 1.0, 1.0);
            }
        }
        return blocks.size() == 1 ? blocks.get(0) : Nd4j.hstack(blocks.toArray(new INDArray[0]));
    }

    @Override
    public State forwardFromProjection(INDArray projected, INDArray mask, int steps, int batch) {
        List<INDArray> outs = new ArrayList<>();
        for (int wi = 0; wi < widths.size(); wi++) {
            INDArray y = projected.get(all(), block(wi)).dup();
            y.addi(params.get("cnn.b" + widths.get(wi)));
            Transforms.relu(y, false);
            y.muli(mask);
            outs.add(y);
        }
        INDArray out = outs.size() == 1 ? outs.get(0) : Nd4j.hstack(outs.toArray(new INDArray[0]));
        return new CnnState(null, steps, batch, outs, out);
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        CnnState st = (CnnState) state;
        INDArray dPre = backwardToProjection(state, dH);
        if (grads != null) {
            for (int wi = 0; wi < widths.size(); wi++) {
                int k = widths.get(wi);
                INDArray dy = dPre.get(all(), block(wi)).dup();
                INDArray dw = Nd4j.create(dy.dataType(), (long) k * inSize, filters);
                for (int j = 0; j < k; j++) {
                    Shift sh = Shift.of(j - (k - 1) / 2, st.steps, st.batch);
                    if (sh.isEmpty()) continue;
                    Nd4j.gemm(st.x.get(sh.inputRows(), all()), dy.get(sh.outputRows(), all()),
                            dw.get(interval((long) j * inSize, (long) (j + 1) * inSize), all()), true, false, 1.0, 0.0);
                }
                grads.accumulate("cnn.W" + k, dw);
                grads.accumulate("cnn.b" + k, TadFree.columnSums(dy));
            }
        }
        return projectTranspose(dPre, st.steps, st.batch);
    }

    /** The ReLU derivative applied to dH; masked positions have y = 0 and so no gradient. */
    @Override
    public INDArray backwardToProjection(State state, INDArray dH) {
        CnnState st = (CnnState) state;
        List<INDArray> blocks = new ArrayList<>();
        for (int wi = 0; wi < widths.size(); wi++) {
            INDArray y = st.outputs.get(wi);
            blocks.add(dH.get(all(), block(wi)).mul(y.gt(0).castTo(y.dataType())));
        }
        return blocks.size() == 1 ? blocks.get(0) : Nd4j.hstack(blocks.toArray(new INDArray[0]));
    }

    @Override
    public INDArray projectTranspose(INDArray dProjected, int steps, int batch) {
        INDArray dx = Nd4j.create(dProjected.dataType(), dProjected.size(0), inSize);
        for (int wi = 0; wi < widths.size(); wi++) {
            int k = widths.get(wi);
            INDArray w = params.get("cnn.W" + k);
            INDArray dy = dProjected.get(all(), block(wi)).dup();
            for (int j = 0; j < k; j++) {
                Shift sh = Shift.of(j - (k - 1) / 2, steps, batch);
                if (sh.isEmpty()) continue;
                INDArray wj = w.get(interval((long) j * inSize, (long) (j + 1) * inSize), all());
                Nd4j.gemm(dy.get(sh.outputRows(), all()), wj, dx.get(sh.inputRows(), all()), false, true, 1.0, 1.0);
            }
        }
        return dx;
    }

    /** The columns of width number {@code wi} in the concatenated output. */
    private org.nd4j.linalg.indexing.INDArrayIndex block(int wi) {
        return interval((long) wi * filters, (long) (wi + 1) * filters);
    }

    /** Output step t reads input step t + offset; the rows where both exist. */
    private record Shift(long outFrom, long outTo, long inFrom, long inTo) {
        static Shift of(int offset, int steps, int batch) {
            int tLo = Math.max(0, -offset);
            int tHi = Math.min(steps, steps - offset);
            if (tHi <= tLo) return new Shift(0, 0, 0, 0);
            return new Shift((long) tLo * batch, (long) tHi * batch,
                    (long) (tLo + offset) * batch, (long) (tHi + offset) * batch);
        }

        boolean isEmpty() {
            return outTo <= outFrom;
        }

        org.nd4j.linalg.indexing.INDArrayIndex outputRows() {
            return interval(outFrom, outTo);
        }

        org.nd4j.linalg.indexing.INDArrayIndex inputRows() {
            return interval(inFrom, inTo);
        }
    }

    private record CnnState(INDArray x, int steps, int batch, List<INDArray> outputs, INDArray output)
            implements State { }
}
