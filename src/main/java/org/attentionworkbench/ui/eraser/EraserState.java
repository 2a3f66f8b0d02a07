package org.attentionworkbench.ui.eraser;

import java.util.Arrays;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * One immutable snapshot of the eraser: which tokens are erased and what the model says then.
 * Views redraw from a whole snapshot, so the heatmap, the bars, the divergences and the flip
 * badge can never disagree about which edit they show.
 *
 * @param document the encoded document
 * @param erased   erased token indices, sorted and distinct
 * @param result   {@link Erasure#erase} of exactly those indices
 * @param canUndo  whether an edit can be undone
 * @param canRedo  whether an undone edit can be redone
 */
public record EraserState(EncodedDocument document, int[] erased, Erasure.Result result, boolean canUndo,
                          boolean canRedo) {

    public EraserState {
        erased = erased.clone();
    }

    @Override
    public int[] erased() {
        return erased.clone();
    }

    /** Number of tokens n. */
    public int size() {
        return document.size();
    }

    /** Number of erased tokens. */
    public int erasedCount() {
        return erased.length;
    }

    /** Whether token {@code i} is erased. */
    public boolean isErased(int i) {
        return Arrays.binarySearch(erased, i) >= 0;
    }

    /** y, the model's output before any erasure. */
    public double[] originalProbabilities() {
        return document.probabilities();
    }

    /** y_S, the output with the erased tokens' attention zeroed and the rest renormalised. */
    public double[] currentProbabilities() {
        return result.probabilities();
    }

    /** JSD(y, y_S) in nats. */
    public double jsd() {
        return result.jsd();
    }

    /** TVD(y, y_S). */
    public double tvd() {
        return result.tvd();
    }

    /** Whether the decision differs from the original one. */
    public boolean flipped() {
        return result.flipped();
    }

    /** The original decision c. */
    public int originalPredicted() {
        return document.predicted();
    }

    /** The decision now. */
    public int currentPredicted() {
        return result.predicted();
    }

    /** y_S[c], the current probability of the ORIGINAL class: the y value of the flip curves. */
    public double originalClassProbability() {
        return result.probabilities()[document.predicted()];
    }
}
