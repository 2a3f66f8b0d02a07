package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.model.EncodedDocument;

/**
 * The published adversarial-attention search (METHODS.md section 5, Jain &amp; Wallace 2019): K
 * distributions a_k = softmax(theta_k) that are far from alpha yet keep the prediction, found by
 * Adam on
 * <pre>
 *   J = sum_k [ -JSD(a_k, alpha) + lambda * relu(TVD(y(a_k), y) - tau) ]
 *       - (1 / (K(K-1))) sum_{k != l} JSD(a_k, a_l)
 * </pre>
 * with lambda = 500, tau = 0.01; the diversity term is the mean over all K(K-1) ORDERED pairs
 * (equal to the mean over unordered pairs, JSD being symmetric; 0 when K = 1). Any number of
 * classes C &gt;= 2.
 *
 * <p>Gradients are analytic. With m = (p+q)/2, dJSD(p,q)/dp_i = 0.5 log(p_i/m_i) (the other terms
 * cancel); dTVD/dy_c = 0.5 sign(y_c(a) - y_c) (subgradient 0 at 0); relu' = [x &gt; 0]; through
 * the decoder's softmax dL/dL_d = y_d (g_d - sum_c g_c y_c) and dL_d/da_i = z_id; through the
 * softmax of the free logits g_theta_i = a_i (g_a_i - sum_j a_j g_a_j).
 *
 * <p>All randomness (the N(0, sd^2) noise of the initial logits) comes from
 * {@code new SplittableRandom(seed)}, once per {@link #search} call.
 */
public final class AdversarialSearch {

    private static final double BETA1 = 0.9;
    private static final double BETA2 = 0.999;
    private static final double ADAM_EPS = 1e-8;
    /** Floor for zero weights of given starting distributions: log(0) is no logit. */
    private static final double START_FLOOR = 1e-12;

    /**
     * @param candidates   K
     * @param steps        Adam steps
     * @param learningRate Adam learning rate
     * @param initNoiseSd  sd of the Gaussian noise added to the log-uniform initial logits
     * @param tvdThreshold tau inside the relu
     * @param penalty      lambda
     * @param epsilon      the epsilon of the epsilon-max JSD report
     * @param seed         seed of the initial noise
     */
    public record Settings(int candidates, int steps, double learningRate, double initNoiseSd,
                           double tvdThreshold, double penalty, double epsilon, long seed) {
        public Settings {
            if (candidates < 1 || steps < 0) throw new IllegalArgumentException("candidates " + candidates + ", steps " + steps);
        }

        /** The published settings: K = 5, 500 steps, lr 0.01, sd 3, tau 0.01, lambda 500, epsilon 0.05. */
        public static Settings defaults(long seed) {
            return new Settings(5, 500, 0.01, 3, 0.01, 500, 0.05, seed);
        }

        public Settings withSteps(int newSteps) {
            return new Settings(candidates, newSteps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed);
        }

        public Settings withCandidates(int k) {
            return new Settings(k, steps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed);
        }
    }

    /** One final candidate with its distance to alpha and the change of output it causes. */
    public record Candidate(double[] attention, double jsdToAlpha, double tvd) {
        public Candidate {
            attention = attention.clone();
        }

        @Override
        public double[] attention() {
            return attention.clone();
        }
    }

    /**
     * @param candidates          the K final candidates
     * @param epsilonMaxJsd       the largest JSD(a, alpha) over the candidates and alpha itself with
     *                            TVD(y(a), y) &lt;= epsilon (at least 0: alpha always qualifies)
     * @param epsilonMaxAttention the attention vector attaining it
     * @param epsilonMaxIndex     its index in candidates, or -1 when it is alpha itself
     * @param objective           J at the final candidates
     */
    public record Result(List<Candidate> candidates, double epsilonMaxJsd, double[] epsilonMaxAttention,
                         int epsilonMaxIndex, double objective) {
        public Result {
            candidates = List.copyOf(candidates);
            epsilonMaxAttention = epsilonMaxAttention.clone();
        }

        @Override
        public double[] epsilonMaxAttention() {
            return epsilonMaxAttention.clone();
        }
    }

    private final Settings settings;

    public AdversarialSearch(Settings settings) {
        this.settings = settings;
    }

    /** K candidates from log-uniform logits plus seeded N(0, sd^2) noise. */
    public Result search(EncodedDocument doc) {
        return search(doc, List.of());
    }

    /**
     * Starts from the given distributions (e.g. {@link ExactAdversary#bestVertices}; logits =
     * log(max(a_i, 1e-12)), no noise), then fills up to K with random starts. With more starting
     * distributions than K, all of them are used (K grows).
     */
    public Result search(EncodedDocument doc, List<double[]> initial) {
        int n = doc.size();
        if (n == 0) throw new IllegalArgumentException("no tokens");
        if (doc.numClasses() < 2) throw new IllegalArgumentException("needs at least two classes");
        for (double[] a : initial) {
            if (a.length != n) throw new IllegalArgumentException("starting distribution of " + a.length + " weights for " + n + " tokens");
        }
        int k = Math.max(settings.candidates(), initial.size());
        SplittableRandom random = new SplittableRandom(settings.seed());
        double[][] theta = new double[k][n];
        for (int c = 0; c < k; c++) {
            for (int i = 0; i < n; i++) {
                theta[c][i] = c < initial.size()
                        ? Math.log(Math.max(initial.get(c)[i], START_FLOOR))
                        : Math.log(1.0 / n) + settings.initNoiseSd() * random.nextGaussian();
            }
        }
        double[] alpha = doc.attention();
        double[] y = doc.probabilities();
        double[][] grad = new double[k][n];
        double[][] m1 = new double[k][n];
        double[][] m2 = new double[k][n];
        Scratch scratch = new Scratch(k, n);
        for (int t = 1; t <= settings.steps(); t++) {
            objective(doc, alpha, y, theta, settings, grad, scratch);
            double c1 = 1 - Math.pow(BETA1, t);
            double c2 = 1 - Math.pow(BETA2, t);
            for (int c = 0; c < k; c++) {
                for (int i = 0; i < n; i++) {
                    double g = grad[c][i];
                    m1[c][i] = BETA1 * m1[c][i] + (1 - BETA1) * g;
                    m2[c][i] = BETA2 * m2[c][i] + (1 - BETA2) * g * g;
                    theta[c][i] -= settings.learningRate() * (m1[c][i] / c1) / (Math.sqrt(m2[c][i] / c2) + ADAM_EPS);
                }
            }
        }
        double finalObjective = objective(doc, alpha, y, theta, settings, null);
        List<Candidate> candidates = new ArrayList<>();
        double bestJsd = 0;
        double[] bestAttention = alpha;
        int bestIndex = -1;
        for (int c = 0; c < k; c++) {
            double[] a = EncodedDocument.softmax(theta[c]);
            Candidate cand = new Candidate(a, Divergences.jsd(a, alpha), Divergences.tvd(doc.decode(a), y));
            candidates.add(cand);
            if (cand.tvd() <= settings.epsilon() && cand.jsdToAlpha() > bestJsd) {
                bestJsd = cand.jsdToAlpha();
                bestAttention = a;
                bestIndex = c;
            }
        }
        return new Result(candidates, bestJsd, bestAttention, bestIndex, finalObjective);
    }

    /**
     * J at the free logits {@code theta} (K x n); when {@code grad} is not null it receives dJ/dtheta.
     * Package-visible for the finite-difference test.
     */
    static double objective(EncodedDocument doc, double[] alpha, double[] y, double[][] theta, Settings s,
                            double[][] grad) {
        return objective(doc, alpha, y, theta, s, grad, new Scratch(theta.length, alpha.length));
    }

    /** The objective's K x n work arrays, allocated once per search instead of once per step. */
    private record Scratch(double[][] a, double[][] logA, double[][] ga, double[] logAlpha) {
        Scratch(int k, int n) {
            this(new double[k][n], new double[k][n], new double[k][n], new double[n]);
        }
    }

    private static double objective(EncodedDocument doc, double[] alpha, double[] y, double[][] theta, Settings s,
                                    double[][] grad, Scratch scratch) {
        int k = theta.length;
        int n = alpha.length;
        int classes = y.length;
        // Logs are the cost here (the search evaluates this 500 times): log a comes free from the
        // logits (theta - logsumexp), so each JSD and its gradient need one log per coordinate,
        // that of the mixture m = (p + q) / 2. dJSD(p, q)/dp_i = 0.5 (log p_i - log m_i).
        double[][] a = scratch.a();
        double[][] logA = scratch.logA();
        for (int c = 0; c < k; c++) {
            double max = Double.NEGATIVE_INFINITY;
            for (double t : theta[c]) max = Math.max(max, t);
            double[] e = a[c];
            double sum = 0;
            for (int i = 0; i < n; i++) {
                e[i] = Math.exp(theta[c][i] - max);
                sum += e[i];
            }
            double lse = max + Math.log(sum);
            for (int i = 0; i < n; i++) {
                e[i] /= sum;
                logA[c][i] = theta[c][i] - lse;
            }
        }
        double[] logAlpha = scratch.logAlpha();
        for (int i = 0; i < n; i++) logAlpha[i] = alpha[i] > 0 ? Math.log(alpha[i]) : Double.NEGATIVE_INFINITY;
        double[][] ga = scratch.ga(); // dJ/da
        for (double[] row : ga) java.util.Arrays.fill(row, 0);
        double value = 0;
        for (int c = 0; c < k; c++) {
            value -= jsdAndGradient(a[c], logA[c], alpha, logAlpha, 1, ga[c], null);
            double[] yk = doc.decode(a[c]);
            double excess = Divergences.tvd(yk, y) - s.tvdThreshold();
            if (excess > 0) {
                value += s.penalty() * excess;
                double[] gy = new double[classes];
                double mean = 0;
                for (int j = 0; j < classes; j++) {
                    gy[j] = s.penalty() * 0.5 * Math.signum(yk[j] - y[j]);
                    mean += gy[j] * yk[j];
                }
                for (int d = 0; d < classes; d++) {
                    double gl = yk[d] * (gy[d] - mean); // through the decoder's softmax
                    if (gl == 0) continue;
                    for (int i = 0; i < n; i++) ga[c][i] += gl * doc.contribution(i, d);
                }
            }
        }
        if (k > 1) {
            double w = 1.0 / (k * (k - 1.0));
            for (int c = 0; c < k; c++) {
                for (int l = c + 1; l < k; l++) {
                    // the (c,l) and (l,c) ordered pairs
                    value -= jsdAndGradient(a[c], logA[c], a[l], logA[l], 2 * w, ga[c], ga[l]);
                }
            }
        }
        if (grad != null) {
            for (int c = 0; c < k; c++) {
                double mean = 0;
                for (int i = 0; i < n; i++) mean += a[c][i] * ga[c][i];
                for (int i = 0; i < n; i++) grad[c][i] = a[c][i] * (ga[c][i] - mean);
            }
        }
        return value;
    }

    /**
     * weight * JSD(p, q), subtracting weight * dJSD/dp from {@code gp} and weight * dJSD/dq from
     * {@code gq} (when not null). Zero weights contribute nothing (0 log 0 = 0), and an underflowed
     * p_i gets no gradient: it is multiplied by p_i = 0 in the softmax chain rule anyway.
     */
    private static double jsdAndGradient(double[] p, double[] logP, double[] q, double[] logQ, double weight,
                                         double[] gp, double[] gq) {
        double jsd = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double qi = q[i];
            if (pi <= 0 && qi <= 0) continue;
            double logM = Math.log(0.5 * (pi + qi));
            if (pi > 0) {
                double r = logP[i] - logM;
                jsd += 0.5 * pi * r;
                gp[i] -= weight * 0.5 * r;
            }
            if (qi > 0) {
                double r = logQ[i] - logM;
                jsd += 0.5 * qi * r;
                if (gq != null) gq[i] -= weight * 0.5 * r;
            }
        }
        return weight * Math.max(0, jsd);
    }
}
