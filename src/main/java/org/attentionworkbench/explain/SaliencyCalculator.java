package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.text.Vocabulary;

/**
 * Computes the saliency methods of docs/methods.md section 3 for an encoded document, going back to the
 * model once per method with batched passes. Scores are for the predicted class c unless a target
 * class is given (every method takes one; -1 means the predicted class).
 */
public final class SaliencyCalculator {

    /** How occlusion replaces a token. */
    public enum Occluder { UNK, ZERO }

    private final AttentionClassifier model;

    public SaliencyCalculator(AttentionClassifier model) {
        this.model = model;
    }

    /** Gradient (|grad . e|), its L2 variant and gradient x input from one backward pass, attention detached. */
    public List<Saliency> gradients(EncodedDocument doc) {
        return gradients(doc, -1);
    }

    /** The gradients of class {@code target}'s probability (-1: the predicted class). */
    public List<Saliency> gradients(EncodedDocument doc, int target) {
        GradientSummary g = model.gradientSummary(doc, resolve(doc, target), true);
        double[] signed = g.gradientTimesInput();
        double[] abs = new double[signed.length];
        for (int i = 0; i < abs.length; i++) abs[i] = Math.abs(signed[i]);
        return List.of(new Saliency(SaliencyMethod.GRADIENT, abs),
                new Saliency(SaliencyMethod.GRADIENT_L2, g.gradientNorm()),
                new Saliency(SaliencyMethod.GRAD_X_INPUT, signed));
    }

    /** Integrated gradients with the given baseline and number of steps. */
    public IntegratedGradients integratedGradients(EncodedDocument doc, IntegratedGradients.Baseline baseline, int steps) {
        return model.integratedGradients(doc, doc.predicted(), baseline, steps);
    }

    /** Integrated gradients of class {@code target} (-1: predicted) by {@code rule} at {@code steps} points. */
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline,
                                                   IntegratedGradients.Rule rule, int steps) {
        return model.integratedGradients(doc, resolve(doc, target), baseline, rule, steps);
    }

    /** {@code target}, or the predicted class for -1. */
    static int resolve(EncodedDocument doc, int target) {
        if (target >= doc.numClasses()) throw new IllegalArgumentException("no class " + target);
        return target >= 0 ? target : doc.predicted();
    }

    /**
     * Layer-wise relevance propagation of class {@code target}'s logit (docs/methods.md section 3,
     * "LRP"), with stabiliser {@code epsilon}; one forward and one backward sweep, linear in n.
     */
    public Lrp lrp(EncodedDocument doc, int target, double epsilon) {
        return model.lrp(doc, target, epsilon);
    }

    /**
     * Leave-one-out: token i really deleted (the sequence becomes one shorter), the whole model
     * re-run, all n variants in batches. Deleting the only token gives the bias-only output.
     */
    public Saliency leaveOneOut(EncodedDocument doc) {
        return leaveOneOut(doc, -1);
    }

    /** Leave-one-out for class {@code target}: |y_t(x) - y_t(x without i)| (-1: the default rule). */
    public Saliency leaveOneOut(EncodedDocument doc, int target) {
        if (contextFree() && doc.size() > 1) {
            // h_i depends on token i alone, so deleting token j changes no other h_i nor any other
            // attention score: the re-run model's output IS the erasure of j with renormalisation.
            // Exact (tested against literal re-runs), and O(n^2 C) arithmetic instead of n passes.
            List<double[]> outputs = new ArrayList<>(doc.size());
            for (int j = 0; j < doc.size(); j++) outputs.add(Erasure.erase(doc, j).probabilities());
            return new Saliency(SaliencyMethod.LEAVE_ONE_OUT, importance(doc, outputs, target));
        }
        if (localReceptiveField() && doc.size() > 2 * receptiveRadius() + 2) {
            return new Saliency(SaliencyMethod.LEAVE_ONE_OUT,
                    importance(doc, localOutputs(doc, true, Vocabulary.UNK_ID), target));
        }
        // The model family computes the re-runs (the BiLSTM from the document's own states, exact).
        return new Saliency(SaliencyMethod.LEAVE_ONE_OUT, importance(doc, model.leaveOneOutOutputs(doc), target));
    }

    /** Occlusion: token i replaced by UNK (or the zero vector, PAD's embedding) instead of deleted. */
    public Saliency occlusion(EncodedDocument doc, Occluder occluder) {
        return occlusion(doc, occluder, -1);
    }

    /** Occlusion for class {@code target}: |y_t(x) - y_t(x with i replaced)| (-1: the default rule). */
    public Saliency occlusion(EncodedDocument doc, Occluder occluder, int target) {
        if (contextFree()) return contextFreeOcclusion(doc, occluder, target);
        int replacement = occluder == Occluder.UNK ? Vocabulary.UNK_ID : Vocabulary.PAD_ID;
        if (localReceptiveField() && doc.size() > 2 * receptiveRadius() + 2) {
            return new Saliency(SaliencyMethod.OCCLUSION, importance(doc, localOutputs(doc, false, replacement), target));
        }
        return new Saliency(SaliencyMethod.OCCLUSION, importance(doc, model.occlusionOutputs(doc, replacement), target));
    }

    /** Whether the encoder is context-free (h_i a function of token i alone): the average encoder. */
    private boolean contextFree() {
        return model.reach().contextFree();
    }

    /**
     * Occlusion for a context-free encoder, exactly, from one extra two-token pass: replacing token
     * j by the occluder changes only h_j and the score s_j. Encoding [t_k, occluder] (k the most
     * attended token) gives the occluder's contribution z and exp(s' - s_k) as the ratio of its two
     * attention weights; then with S = sum_i alpha_i z_i and w_j = alpha_k exp(s' - s_k), the output
     * is softmax((S - alpha_j z_j + w_j z') / (1 - alpha_j + w_j) + b), O(nC) in all.
     */
    private Saliency contextFreeOcclusion(EncodedDocument doc, Occluder occluder, int target) {
        int n = doc.size();
        int c = doc.numClasses();
        double[] alpha = doc.attention();
        int k = TopK.descending(alpha)[0];
        String replacement = occluder == Occluder.UNK ? Vocabulary.UNK : Vocabulary.PAD;
        EncodedDocument pair = model.encode(List.of(doc.tokens().get(k), replacement));
        double ratio = pair.attention(1) / pair.attention(0);
        double[] zOcc = new double[c];
        for (int q = 0; q < c; q++) zOcc[q] = pair.contribution(1, q);
        double[] total = new double[c];
        for (int i = 0; i < n; i++) for (int q = 0; q < c; q++) total[q] += alpha[i] * doc.contribution(i, q);
        double[] bias = doc.bias();
        double w = alpha[k] * ratio;
        List<double[]> outputs = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            double norm = 1 - alpha[j] + w;
            double[] logits = new double[c];
            for (int q = 0; q < c; q++) {
                logits[q] = (total[q] - alpha[j] * doc.contribution(j, q) + w * zOcc[q]) / norm + bias[q];
            }
            outputs.add(EncodedDocument.softmax(logits));
        }
        return new Saliency(SaliencyMethod.OCCLUSION, importance(doc, outputs, target));
    }

    /** Whether h_i depends only on tokens within a fixed radius of i (the CNN encoder). */
    private boolean localReceptiveField() {
        return model.reach().local();
    }

    /** The radius of that window: the widest kernel reaches this many tokens to either side. */
    private int receptiveRadius() {
        return model.reach().radius();
    }

    /**
     * Leave-one-out (delete) or occlusion (replace) outputs for an encoder whose h_i sees only
     * tokens within radius r: changing token j changes h_p only for |p - j| <= r. For each j the
     * model re-reads a window of 2(2r+1)+1 tokens around the change (all windows in one batch);
     * the changed positions' attention weights are put on the document's scale through a reference
     * token at distance r+1, whose h (and so whose score) the change leaves alone:
     * exp(s'_p)/Z = alpha_ref * alpha'_p / alpha'_ref. Exact (tested against literal re-runs).
     */
    private List<double[]> localOutputs(EncodedDocument doc, boolean delete, int replacement) {
        int n = doc.size();
        int c = doc.numClasses();
        int r = receptiveRadius();
        int radius = 2 * r + 1;
        int[] ids = doc.ids();
        double[] alpha = doc.attention();
        double[] total = new double[c];
        for (int i = 0; i < n; i++) for (int q = 0; q < c; q++) total[q] += alpha[i] * doc.contribution(i, q);
        List<int[]> windows = new ArrayList<>(n);
        int[] lo = new int[n];
        int[] ref = new int[n];
        for (int j = 0; j < n; j++) {
            lo[j] = Math.max(0, j - radius);
            int hi = Math.min(n - 1, j + radius);
            ref[j] = j - r - 1 >= 0 ? j - r - 1 : j + r + 1; // exists: n > 2r + 2
            int[] w = new int[hi - lo[j] + 1 - (delete ? 1 : 0)];
            int k = 0;
            for (int p = lo[j]; p <= hi; p++) {
                if (p == j) {
                    if (!delete) w[k++] = replacement;
                } else {
                    w[k++] = ids[p];
                }
            }
            windows.add(w);
        }
        List<org.attentionworkbench.explain.Readout> readouts = model.readouts(windows);
        double[] bias = doc.bias();
        List<double[]> outputs = new ArrayList<>(n);
        for (int j = 0; j < n; j++) {
            org.attentionworkbench.explain.Readout rd = readouts.get(j);
            double scale = alpha[ref[j]] / rd.attention()[windowIndex(ref[j], j, lo[j], delete)];
            double[] s = total.clone();
            double norm = 1;
            for (int p = Math.max(0, j - r); p <= Math.min(n - 1, j + r); p++) {
                for (int q = 0; q < c; q++) s[q] -= alpha[p] * doc.contribution(p, q);
                norm -= alpha[p];
                if (delete && p == j) continue;
                int wi = windowIndex(p, j, lo[j], delete);
                double wp = scale * rd.attention()[wi];
                for (int q = 0; q < c; q++) s[q] += wp * rd.contributions()[wi][q];
                norm += wp;
            }
            double[] logits = new double[c];
            for (int q = 0; q < c; q++) logits[q] = s[q] / norm + bias[q];
            outputs.add(EncodedDocument.softmax(logits));
        }
        return outputs;
    }

    /** Index in j's window of original position p (p != j when deleting). */
    private static int windowIndex(int p, int j, int lo, boolean delete) {
        return p - lo - (delete && p > j ? 1 : 0);
    }

    /** Batches of about 160k token positions: few LSTM steps to pay for (each costs the same at any batch size), bounded memory. */
    public static int batchSize(int length) {
        return Math.max(1, Math.min(512, 160_000 / Math.max(1, length)));
    }

    /**
     * |y_c(x) - y_c(x')| for the predicted class c with two classes; with more, the mean over
     * classes of |y_k(x) - y_k(x')| (docs/methods.md section 3).
     */
    static double[] importance(EncodedDocument doc, List<double[]> variantOutputs) {
        return importance(doc, variantOutputs, -1);
    }

    /**
     * The importance above for {@code target} = -1; for a requested class t, |y_t(x) - y_t(x')|
     * (with two classes the same number for either class).
     */
    static double[] importance(EncodedDocument doc, List<double[]> variantOutputs, int target) {
        double[] y = doc.probabilities();
        int c = resolve(doc, target);
        double[] s = new double[variantOutputs.size()];
        for (int i = 0; i < s.length; i++) {
            double[] yi = variantOutputs.get(i);
            if (y.length == 2 || target >= 0) {
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
