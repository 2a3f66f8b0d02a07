package org.attentionworkbench.ui.eraser;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.explain.EncodedDocument;

/** Random encoded documents built directly, so that the eraser's logic is tested without a network. */
public final class EraserTestDocs {

    private EraserTestDocs() {
    }

    /** n tokens, C classes, z ~ N(0, 2^2), b ~ N(0, 0.5^2), alpha = softmax of N(0, 1.5^2). */
    public static EncodedDocument random(int n, int classes, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] z = new double[n][classes];
        for (double[] row : z) for (int c = 0; c < classes; c++) row[c] = 2 * r.nextGaussian();
        double[] b = new double[classes];
        for (int c = 0; c < classes; c++) b[c] = 0.5 * r.nextGaussian();
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) logits[i] = 1.5 * r.nextGaussian();
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) tokens.add("w" + i);
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < classes; c++) labels.add("c" + c);
        return new EncodedDocument(tokens, new int[n], new double[n][1], EncodedDocument.softmax(logits), z, b, labels);
    }
}
