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
final class CnnEncoder implements Encoder {

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

    @Override
    public int outputSize() {
        return filters * widths.size();
    }

    @Override
    public State forward(INDArray x, INDArray mask, int steps, int batch) {
        List<INDArray> outs = new ArrayList<>();
        for (int k : widths) {
            INDArray w = params.get("cnn.W" + k);
            INDArray y = Nd4j.create(x.dataType(), (long) steps * batch, filters);
            for (int j = 0; j < k; j++) {
                Shift sh = Shift.of(j - (k - 1) / 2, steps, batch);
                if (sh.isEmpty()) continue;
                Nd4j.gemm(x.get(sh.inputRows(), all()), w.get(interval((long) j * inSize, (long) (j + 1) * inSize), all()),
                        y.get(sh.outputRows(), all()), false, false, 1.0, 1.0);
            }
            y.addiRowVector(params.get("cnn.b" + k));
            Transforms.relu(y, false);
            y.muliColumnVector(mask);
            outs.add(y);
        }
        INDArray out = outs.size() == 1 ? outs.get(0) : Nd4j.hstack(outs.toArray(new INDArray[0]));
        return new CnnState(x, steps, batch, outs, out);
    }

    @Override
    public INDArray backward(State state, INDArray dH, ParameterSet grads) {
        CnnState st = (CnnState) state;
        INDArray dx = Nd4j.create(st.x.dataType(), st.x.shape());
        for (int wi = 0; wi < widths.size(); wi++) {
            int k = widths.get(wi);
            INDArray w = params.get("cnn.W" + k);
            INDArray y = st.outputs.get(wi);
            // ReLU derivative; masked positions have y = 0 and so no gradient.
            INDArray dy = dH.get(all(), interval((long) wi * filters, (long) (wi + 1) * filters))
                    .mul(y.gt(0).castTo(y.dataType()));
            INDArray dw = grads == null ? null : Nd4j.create(y.dataType(), (long) k * inSize, filters);
            for (int j = 0; j < k; j++) {
                Shift sh = Shift.of(j - (k - 1) / 2, st.steps, st.batch);
                if (sh.isEmpty()) continue;
                INDArray xin = st.x.get(sh.inputRows(), all());
                INDArray dyOut = dy.get(sh.outputRows(), all());
                INDArray wj = w.get(interval((long) j * inSize, (long) (j + 1) * inSize), all());
                if (dw != null) {
                    Nd4j.gemm(xin, dyOut, dw.get(interval((long) j * inSize, (long) (j + 1) * inSize), all()),
                            true, false, 1.0, 0.0);
                }
                Nd4j.gemm(dyOut, wj, dx.get(sh.inputRows(), all()), false, true, 1.0, 1.0);
            }
            if (grads != null) {
                grads.accumulate("cnn.W" + k, dw);
                grads.accumulate("cnn.b" + k, dy.sum(true, 0));
            }
        }
        return dx;
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
