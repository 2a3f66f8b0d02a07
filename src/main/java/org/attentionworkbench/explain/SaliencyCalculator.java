package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.EncodedDocument;
import org.attentionworkbench.model.InputGradients;
import org.attentionworkbench.model.IntegratedGradients;
import org.attentionworkbench.text.Vocabulary;

/**
 * Computes the saliency methods of METHODS.md section 3 for an encoded document, going back to the
 * model once per method with batched passes. Scores are for the predicted class c.
 */
public final class SaliencyCalculator {

    /** How occlusion replaces a token. */
    public enum Occluder { UNK, ZERO }

    private final AttentionModel model;

    public SaliencyCalculator(AttentionModel model) {
        this.model = model;
    }

    /** Gradient (|grad . e|), its L2 variant and gradient x input from one backward pass, attention detached. */
    public List<Saliency> gradients(EncodedDocument doc) {
        InputGradients g = model.inputGradients(doc, doc.predicted(), true);
        return List.of(new Saliency(SaliencyMethod.GRADIENT, g.gradientTimesInputAbs()),
                new Saliency(SaliencyMethod.GRADIENT_L2, g.gradientNorm()),
                new Saliency(SaliencyMethod.GRAD_X_INPUT, g.gradientTimesInput()));
    }

    /** Integrated gradients with the given baseline and number of steps. */
    public IntegratedGradients integratedGradients(EncodedDocument doc, AttentionModel.Baseline baseline, int steps) {
        return model.integratedGradients(doc, doc.predicted(), baseline, steps);
    }

    /**
     * Leave-one-out: token i really deleted (the sequence becomes one shorter), the whole model
     * re-run, all n variants in batches. Deleting the only token gives the bias-only output.
     */
    public Saliency leaveOneOut(EncodedDocument doc) {
        int[] ids = doc.ids();
        List<int[]> variants = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int[] v = new int[ids.length - 1];
            System.arraycopy(ids, 0, v, 0, i);
            System.arraycopy(ids, i + 1, v, i, ids.length - i - 1);
            variants.add(v);
        }
        return new Saliency(SaliencyMethod.LEAVE_ONE_OUT, importance(doc, model.outputs(variants, batchSize(ids.length))));
    }

    /** Occlusion: token i replaced by UNK (or the zero vector, PAD's embedding) instead of deleted. */
    public Saliency occlusion(EncodedDocument doc, Occluder occluder) {
        int[] ids = doc.ids();
        int replacement = occluder == Occluder.UNK ? Vocabulary.UNK_ID : Vocabulary.PAD_ID;
        List<int[]> variants = new ArrayList<>(ids.length);
        for (int i = 0; i < ids.length; i++) {
            int[] v = ids.clone();
            v[i] = replacement;
            variants.add(v);
        }
        return new Saliency(SaliencyMethod.OCCLUSION, importance(doc, model.outputs(variants, batchSize(ids.length))));
    }

    /** Batches of about 160k token positions: few LSTM steps to pay for (each costs the same at any batch size), bounded memory. */
    static int batchSize(int length) {
        return Math.max(1, Math.min(512, 160_000 / Math.max(1, length)));
    }

    /**
     * |y_c(x) - y_c(x')| for the predicted class c with two classes; with more, the mean over
     * classes of |y_k(x) - y_k(x')| (METHODS.md section 3).
     */
    static double[] importance(EncodedDocument doc, List<double[]> variantOutputs) {
        double[] y = doc.probabilities();
        int c = doc.predicted();
        double[] s = new double[variantOutputs.size()];
        for (int i = 0; i < s.length; i++) {
            double[] yi = variantOutputs.get(i);
            if (y.length == 2) {
                s[i] = Math.abs(y[c] - yi[c]);
            } else {
                double sum = 0;
                for (int k = 0; k < y.length; k++) sum += Math.abs(y[k] - yi[k]);
                s[i] = sum / y.length;
            }
        }
        return s;
    }
}
