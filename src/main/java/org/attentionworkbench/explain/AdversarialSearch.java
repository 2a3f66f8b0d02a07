package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The published adversarial-attention search (docs/methods.md section 5, Jain &amp; Wallace 2019): K
 * distributions a_k = softmax(theta_k) that are far from alpha yet keep the prediction, found by
 * Adam on
 * <pre>
 *   J = sum_k [ -JSD(a_k, alpha) + lambda * relu(TVD(y(a_k), y) - tau) ]
 *       - w sum_{k, l} JSD(a_k, a_l)
 * </pre>
 * with lambda = 500, tau = 0.01. Two {@linkplain Variant variants} differ in the optimiser and in
 * the weight w of the diversity term:
 * <ul>
 *   <li>{@link Variant#PUBLISHED} (the default): what the authors' code does. Adam with AMSGrad
 *   ({@code torch.optim.Adam(..., amsgrad=True)}), and the diversity term
 *   {@code cross_jsd.sum(0).mean()}, the mean over all K^2 ordered pairs, the diagonal k = l
 *   included: w = 1/K^2. The diagonal terms JSD(a_k, a_k) are 0 with zero gradient, so they only
 *   change the weight of the others.</li>
 *   <li>{@link Variant#OURS}: plain Adam, and the mean over the K(K-1) pairs k != l,
 *   w = 1/(K(K-1)) (the same as the mean over unordered pairs, JSD being symmetric; 0 when K = 1),
 *   which is how docs/methods.md's "mean_{k,l}" reads without the code.</li>
 * </ul>
 * Any number of classes C &gt;= 2.
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

    /** Which optimiser and diversity weight the search uses (see the class comment). */
    public enum Variant {
        /** The authors' code: Adam with AMSGrad, diversity averaged over all K^2 pairs. */
        PUBLISHED("published"),
        /** Plain Adam, diversity averaged over the K(K-1) pairs of distinct candidates. */
        OURS("ours");

        private final String id;

        Variant(String id) {
            this.id = id;
        }

        /** The name used on the command line and in files. */
        public String id() {
            return id;
        }

        /** The variant named {@code s} ({@code published} or {@code ours}, any case). */
        public static Variant parse(String s) {
            for (Variant v : values()) if (v.id.equalsIgnoreCase(s.trim())) return v;
            throw new IllegalArgumentException("unknown adversarial variant '" + s + "': use published or ours");
        }

        /** Whether the optimiser is AMSGrad. */
        public boolean amsgrad() {
            return this == PUBLISHED;
        }

        /** The weight w of the diversity term for K candidates. */
        public double diversityWeight(int k) {
            if (k < 2) return 0; // one candidate: no pair of distinct candidates, the term is 0
            return this == PUBLISHED ? 1.0 / ((double) k * k) : 1.0 / (k * (k - 1.0));
        }
    }

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
     * @param variant      optimiser and diversity weight
     */
    public record Settings(int candidates, int steps, double learningRate, double initNoiseSd,
                           double tvdThreshold, double penalty, double epsilon, long seed, Variant variant) {
        public Settings {
            if (candidates < 1 || steps < 0) throw new IllegalArgumentException("candidates " + candidates + ", steps " + steps);
            if (variant == null) throw new IllegalArgumentException("no adversarial variant");
        }

        /** Settings of the {@linkplain Variant#PUBLISHED published} variant. */
        public Settings(int candidates, int steps, double learningRate, double initNoiseSd, double tvdThreshold,
                        double penalty, double epsilon, long seed) {
            this(candidates, steps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed, Variant.PUBLISHED);
        }

        /** The published settings: K = 5, 500 steps, lr 0.01, sd 3, tau 0.01, lambda 500, epsilon 0.05. */
        public static Settings defaults(long seed) {
            return new Settings(5, 500, 0.01, 3, 0.01, 500, 0.05, seed);
        }

        public Settings withSteps(int newSteps) {
            return new Settings(candidates, newSteps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed,
                    variant);
        }

        public Settings withCandidates(int k) {
            return new Settings(k, steps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed, variant);
        }

        public Settings withEpsilon(double e) {
            return new Settings(candidates, steps, learningRate, initNoiseSd, tvdThreshold, penalty, e, seed, variant);
        }

        public Settings withVariant(Variant v) {
            return new Settings(candidates, steps, learningRate, initNoiseSd, tvdThreshold, penalty, epsilon, seed, v);
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
        Adam adam = new Adam(k, n, settings.learningRate(), settings.variant().amsgrad());
        Scratch scratch = new Scratch(k, alpha);
        for (int t = 1; t <= settings.steps(); t++) {
            objective(doc, alpha, y, theta, settings, grad, scratch);
            adam.step(theta, grad);
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
        return objective(doc, alpha, y, theta, s, grad, new Scratch(theta.length, alpha));
    }

    /**
     * The objective's K x n work arrays, allocated once per search instead of once per step, and
     * log alpha, the same at every step.
     */
    private record Scratch(double[][] a, double[][] logA, double[][] ga, double[] logAlpha, double[] logM) {
        Scratch(int k, double[] alpha) {
            this(new double[k][alpha.length], new double[k][alpha.length], new double[k][alpha.length], logs(alpha),
                    new double[alpha.length]);
        }

        private static double[] logs(double[] alpha) {
            double[] out = new double[alpha.length];
            for (int i = 0; i < out.length; i++) out[i] = alpha[i] > 0 ? Math.log(alpha[i]) : Double.NEGATIVE_INFINITY;
            return out;
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
        double[][] ga = scratch.ga(); // dJ/da
        for (double[] row : ga) java.util.Arrays.fill(row, 0);
        double value = 0;
        for (int c = 0; c < k; c++) {
            value -= jsdAndGradient(a[c], logA[c], alpha, logAlpha, 1, ga[c], null, scratch.logM());
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
            // The diagonal pairs (c, c) of the published K^2 mean add 0 and no gradient: only their
            // share of the weight is kept (in w), they are not computed.
            double w = s.variant().diversityWeight(k);
            for (int c = 0; c < k; c++) {
                for (int l = c + 1; l < k; l++) {
                    // the (c,l) and (l,c) ordered pairs
                    value -= jsdAndGradient(a[c], logA[c], a[l], logA[l], 2 * w, ga[c], ga[l], scratch.logM());
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
     * {@code logMixture} is scratch for log((p + q) / 2).
     */
    private static double jsdAndGradient(double[] p, double[] logP, double[] q, double[] logQ, double weight,
                                         double[] gp, double[] gq, double[] logMixture) {
        FastLog.logOfMean(p, q, logMixture);
        double jsd = 0;
        for (int i = 0; i < p.length; i++) {
            double pi = p[i];
            double qi = q[i];
            if (pi <= 0 && qi <= 0) continue;
            double logM = logMixture[i];
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
