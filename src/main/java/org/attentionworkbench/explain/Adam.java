package org.attentionworkbench.explain;

/**
 * Adam (Kingma &amp; Ba 2015) on a K x n block of parameters, in PyTorch's form (betas 0.9 and
 * 0.999, eps 1e-8, no weight decay), optionally with AMSGrad (Reddi et al. 2018).
 *
 * <p>Step t with gradient g: m = b1 m + (1 - b1) g, v = b2 v + (1 - b2) g^2; with AMSGrad
 * v_max = max(v_max, v) replaces v in the denominator, so a coordinate's step size never grows
 * back after a large gradient. The update is theta -= lr (m / (1 - b1^t)) / (sqrt(v' / (1 - b2^t)) + eps)
 * with v' = v_max (AMSGrad) or v (plain Adam): {@code torch.optim.Adam}'s arithmetic, so that
 * the published search ({@code amsgrad=True}) is followed step by step.
 */
final class Adam {

    static final double BETA1 = 0.9;
    static final double BETA2 = 0.999;
    static final double EPS = 1e-8;

    private final double learningRate;
    private final boolean amsgrad;
    private final double[][] m;
    private final double[][] v;
    private final double[][] vMax;
    private int t;

    Adam(int rows, int cols, double learningRate, boolean amsgrad) {
        this.learningRate = learningRate;
        this.amsgrad = amsgrad;
        this.m = new double[rows][cols];
        this.v = new double[rows][cols];
        this.vMax = amsgrad ? new double[rows][cols] : null;
    }

    /** One step: moves {@code theta} against {@code grad} (same shape as given to the constructor). */
    void step(double[][] theta, double[][] grad) {
        t++;
        double c1 = 1 - Math.pow(BETA1, t);
        double c2 = 1 - Math.pow(BETA2, t);
        for (int c = 0; c < theta.length; c++) {
            double[] th = theta[c];
            double[] g = grad[c];
            double[] mc = m[c];
            double[] vc = v[c];
            // One loop per form, each over whole rows from index 0: the JIT vectorises these
            // (the square root and divisions of a step were a sixth of the adversarial search).
            for (int i = 0; i < th.length; i++) {
                mc[i] = BETA1 * mc[i] + (1 - BETA1) * g[i];
                vc[i] = BETA2 * vc[i] + (1 - BETA2) * g[i] * g[i];
            }
            double[] second = vc;
            if (amsgrad) {
                double[] vm = vMax[c];
                for (int i = 0; i < th.length; i++) vm[i] = Math.max(vm[i], vc[i]);
                second = vm;
            }
            for (int i = 0; i < th.length; i++) {
                th[i] -= learningRate * (mc[i] / c1) / (Math.sqrt(second[i] / c2) + EPS);
            }
        }
    }
}
