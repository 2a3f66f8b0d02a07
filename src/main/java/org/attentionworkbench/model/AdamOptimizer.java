package org.attentionworkbench.model;

import java.util.Map;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.ops.transforms.Transforms;

/**
 * Adam as in the literature's training recipe (docs/methods.md section 1): L2 weight decay added to the
 * gradient (PyTorch's {@code weight_decay}), none on the attention parameters, and clipping of the
 * global gradient norm for the LSTM's sake. State (moments and step) is saved with checkpoints so
 * an interrupted run resumes exactly.
 */
final class AdamOptimizer {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double EPS = 1e-8;

    private final double learningRate;
    private final double weightDecay;
    private final double clipNorm;
    private final ParameterSet first;
    private final ParameterSet second;
    private long step;

    AdamOptimizer(double learningRate, double weightDecay, double clipNorm) {
        this(learningRate, weightDecay, clipNorm, new ParameterSet(), new ParameterSet(), 0);
    }

    AdamOptimizer(double learningRate, double weightDecay, double clipNorm,
                  ParameterSet first, ParameterSet second, long step) {
        this.learningRate = learningRate;
        this.weightDecay = weightDecay;
        this.clipNorm = clipNorm;
        this.first = first;
        this.second = second;
        this.step = step;
    }

    /** Applies one update to {@code params} in place; returns the gradient norm before clipping. */
    double update(ParameterSet params, ParameterSet grads) {
        double sq = 0;
        for (INDArray g : grads.asMap().values()) {
            double n = g.norm2Number().doubleValue();
            sq += n * n;
        }
        double norm = Math.sqrt(sq);
        double scale = clipNorm > 0 && norm > clipNorm ? clipNorm / norm : 1.0;
        step++;
        double c1 = 1 - Math.pow(BETA1, step);
        double c2 = 1 - Math.pow(BETA2, step);
        params.changed();
        for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
            String name = e.getKey();
            INDArray p = e.getValue();
            // A parameter the loss does not reach has no gradient and stays as it is: the attention
            // layer of a network whose attention is uniform or imposed (a counterfactual twin).
            if (!grads.contains(name)) continue;
            INDArray g = grads.get(name);
            if (scale != 1.0) g.muli(scale);
            if (weightDecay > 0 && AttentionNetwork.decays(name)) g.addi(p.mul(weightDecay));
            if (!first.contains(name)) {
                try (var out = Workspaces.outside()) { // moments live across steps
                    first.put(name, org.nd4j.linalg.factory.Nd4j.zerosLike(p));
                    second.put(name, org.nd4j.linalg.factory.Nd4j.zerosLike(p));
                }
            }
            INDArray m = first.get(name).muli(BETA1).addi(g.mul(1 - BETA1));
            INDArray v = second.get(name).muli(BETA2).addi(g.mul(g).muli(1 - BETA2));
            INDArray denom = Transforms.sqrt(v.div(c2), false).addi(EPS);
            p.subi(m.div(denom).muli(learningRate / c1));
        }
        return norm;
    }

    ParameterSet firstMoments() {
        return first;
    }

    ParameterSet secondMoments() {
        return second;
    }

    long step() {
        return step;
    }
}
