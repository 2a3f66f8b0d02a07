package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/** Random encoded documents built directly: no network is needed for the attention-layer math. */
final class TestDocs {

    private TestDocs() {
    }

    /**
     * n tokens, C classes, z_ic ~ N(0, zScale^2), b_c ~ N(0, 0.5^2), alpha = softmax of
     * N(0, alphaSpread^2) logits (strictly positive, sums to 1; larger spread = more peaked).
     */
    static EncodedDocument random(int n, int classes, long seed, double zScale, double alphaSpread) {
        SplittableRandom r = new SplittableRandom(seed);
        double[][] z = new double[n][classes];
        for (double[] row : z) for (int c = 0; c < classes; c++) row[c] = zScale * r.nextGaussian();
        double[] b = new double[classes];
        for (int c = 0; c < classes; c++) b[c] = 0.5 * r.nextGaussian();
        double[] logits = new double[n];
        for (int i = 0; i < n; i++) logits[i] = alphaSpread * r.nextGaussian();
        return of(EncodedDocument.softmax(logits), z, b);
    }

    static EncodedDocument random(int n, int classes, long seed) {
        return random(n, classes, seed, 2, 1.5);
    }

    static EncodedDocument of(double[] alpha, double[][] z, double[] b) {
        int n = alpha.length;
        List<String> tokens = new ArrayList<>();
        for (int i = 0; i < n; i++) tokens.add("w" + i);
        List<String> labels = new ArrayList<>();
        for (int c = 0; c < b.length; c++) labels.add("c" + c);
        return new EncodedDocument(tokens, new int[n], new double[n][1], alpha, z, b, labels);
    }

    /** A uniform point of the simplex (Dirichlet(1,...,1)). */
    static double[] dirichlet(int n, SplittableRandom r) {
        double[] a = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) {
            a[i] = -Math.log(1 - r.nextDouble());
            s += a[i];
        }
        for (int i = 0; i < n; i++) a[i] /= s;
        return a;
    }

    /** Reference argmax, written out again so that tests do not share the code they check. */
    static int argmaxLowestIndex(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }
}
