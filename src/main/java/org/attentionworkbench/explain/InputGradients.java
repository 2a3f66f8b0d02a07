package org.attentionworkbench.explain;

/**
 * The gradient of one class probability with respect to a document's input embeddings.
 *
 * @param gradient    [n][D]: d y_c / d e_i
 * @param embeddings  [n][D]: the embeddings e_i themselves
 * @param probability y_c at the input
 */
public record InputGradients(double[][] gradient, double[][] embeddings, double probability) {

    /** Per-token saliency |grad_i . e_i| (equal to the gradient with respect to the one-hot input). */
    public double[] gradientTimesInputAbs() {
        double[] s = gradientTimesInput();
        for (int i = 0; i < s.length; i++) s[i] = Math.abs(s[i]);
        return s;
    }

    /** Per-token signed grad_i . e_i. */
    public double[] gradientTimesInput() {
        double[] s = new double[gradient.length];
        for (int i = 0; i < s.length; i++) s[i] = dot(gradient[i], embeddings[i]);
        return s;
    }

    /** Per-token L2 norm of grad_i. */
    public double[] gradientNorm() {
        double[] s = new double[gradient.length];
        for (int i = 0; i < s.length; i++) s[i] = Math.sqrt(dot(gradient[i], gradient[i]));
        return s;
    }

    /**
     * x . y in eight running sums: a single sum waits on each addition in turn (a 400 x 100
     * gradient's dots were a tenth of the average model's gradient section), eight overlap.
     */
    private static double dot(double[] x, double[] y) {
        int n = Math.min(x.length, y.length);
        double s0 = 0;
        double s1 = 0;
        double s2 = 0;
        double s3 = 0;
        double s4 = 0;
        double s5 = 0;
        double s6 = 0;
        double s7 = 0;
        int k = 0;
        for (; k + 7 < n; k += 8) {
            s0 += x[k] * y[k];
            s1 += x[k + 1] * y[k + 1];
            s2 += x[k + 2] * y[k + 2];
            s3 += x[k + 3] * y[k + 3];
            s4 += x[k + 4] * y[k + 4];
            s5 += x[k + 5] * y[k + 5];
            s6 += x[k + 6] * y[k + 6];
            s7 += x[k + 7] * y[k + 7];
        }
        for (; k < n; k++) s0 += x[k] * y[k];
        return ((s0 + s1) + (s2 + s3)) + ((s4 + s5) + (s6 + s7));
    }
}
