package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;

/**
 * The removal baseline of the perturbation methods (LIME, KernelSHAP): a token is removed by
 * deleting it, the sequence really becoming shorter and the model re-run, exactly as leave-one-out
 * and ERASER faithfulness remove tokens (docs/methods.md sections 3 and 6); removing every token
 * leaves the empty text, whose output is softmax(b). Batched through
 * {@link AttentionClassifier#subsequenceOutputs}; for a context-free encoder (h_i a function of token
 * i alone) deleting tokens changes no other h_i or score, so the re-run's output is the
 * attention-layer erasure of the deleted tokens, O(nC) and exact (as in {@link Faithfulness}).
 */
final class Removal {

    private final AttentionClassifier model;
    private final CopyShare share;

    Removal(AttentionClassifier model) {
        this(model, null);
    }

    /** @param share shares the copies' passes with another thread (the parallel engine's), or null */
    Removal(AttentionClassifier model, CopyShare share) {
        this.model = model;
        this.share = share;
    }

    /**
     * y_t of the document reduced to each entry of {@code kept} (ascending positions).
     *
     * @param target the class t
     */
    double[] probabilities(EncodedDocument doc, List<int[]> kept, int target) {
        double[] out = new double[kept.size()];
        if (model.reach().contextFree()) {
            double[] alpha = doc.attention();
            for (int s = 0; s < out.length; s++) {
                boolean[] erased = new boolean[doc.size()];
                java.util.Arrays.fill(erased, true);
                for (int i : kept.get(s)) erased[i] = false;
                out[s] = doc.decode(Erasure.erasedAttention(alpha, erased))[target];
            }
            return out;
        }
        List<double[]> outputs = share == null ? model.subsequenceOutputs(doc, kept) : share.outputs(model, doc, kept);
        for (int s = 0; s < out.length; s++) out[s] = outputs.get(s)[target];
        return out;
    }

    /** The positions where {@code keep} is true, ascending. */
    static int[] positions(boolean[] keep) {
        int k = 0;
        for (boolean b : keep) if (b) k++;
        int[] out = new int[k];
        int j = 0;
        for (int i = 0; i < keep.length; i++) if (keep[i]) out[j++] = i;
        return out;
    }

    /** The positions of each mask. */
    static List<int[]> positions(List<boolean[]> masks) {
        List<int[]> out = new ArrayList<>(masks.size());
        for (boolean[] m : masks) out.add(positions(m));
        return out;
    }
}
