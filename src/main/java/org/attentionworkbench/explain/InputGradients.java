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
        for (int i = 0; i < s.length; i++) {
            double dot = 0;
            for (int k = 0; k < gradient[i].length; k++) dot += gradient[i][k] * embeddings[i][k];
            s[i] = dot;
        }
        return s;
    }

    /** Per-token L2 norm of grad_i. */
    public double[] gradientNorm() {
        double[] s = new double[gradient.length];
        for (int i = 0; i < s.length; i++) {
            double sq = 0;
            for (double g : gradient[i]) sq += g * g;
            s[i] = Math.sqrt(sq);
        }
        return s;
    }
}
