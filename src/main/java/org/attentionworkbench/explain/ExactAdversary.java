package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * The exact adversary for two classes (docs/methods.md section 5, "beyond the literature"): the
 * certified largest JSD(a, alpha) over all attention vectors a whose output stays within epsilon
 * of the original, TVD(y(a), y) &lt;= epsilon.
 *
 * <p><b>Why it is exact.</b> With s_i = z_i1 - z_i0 and b = b_1 - b_0, the output for attention a is
 * p_1(a) = sigmoid(t(a)), t(a) = sum_i a_i s_i + b, and TVD(y(a), y) = |p_1(a) - p_1(alpha)|. As
 * sigmoid is increasing, "within epsilon" is the slab l &lt;= t(a) &lt;= u with l = logit(p_1 - eps)
 * and u = logit(p_1 + eps); a side whose p_1 -+ eps leaves (0, 1) is unbounded. The feasible set,
 * the simplex cut by the slab, is a polytope containing alpha. JSD(., alpha) is convex, so its
 * maximum over the polytope is attained at a vertex. A vertex needs n linearly independent active
 * constraints; sum a = 1 and at most one slab side are available (l = u is one hyperplane), so at
 * least n - 2 coordinates are zero: every vertex is a simplex vertex e_i inside the slab, or a
 * point of a simplex edge [e_i, e_j] where t crosses l or u. There are O(n^2) of them.
 *
 * <p><b>O(1) JSD per vertex.</b> Write JSD(a, alpha) = sum_k f(a_k, alpha_k) with f(p, q) =
 * 0.5 p log(2p/(p+q)) + 0.5 q log(2q/(p+q)). For a_k = 0, f(0, alpha_k) = 0.5 alpha_k ln 2. So for a
 * with support {i, j}: JSD = 0.5 ln2 * sum_k alpha_k - 0.5 ln2 (alpha_i + alpha_j) + f(a_i,
 * alpha_i) + f(a_j, alpha_j); the first sum is computed once (not assumed to be exactly 1).
 */
public final class ExactAdversary {

    /** The epsilon of docs/methods.md section 5. */
    public static final double DEFAULT_EPSILON = 0.05;

    /** Relative slack for "inside the slab": absorbs the rounding of t(e_i) = s_i + b. */
    private static final double SLAB_TOLERANCE = 1e-12;

    /**
     * @param jsd               the certified maximum of JSD(a, alpha) over the feasible set
     * @param attention         a maximiser (at most two non-zero weights)
     * @param tvd               TVD(y(a), y) of that maximiser (&lt;= epsilon up to rounding)
     * @param verticesExamined  how many feasible vertices were evaluated
     * @param lower             l, the lower slab bound on t (-infinity if unbounded)
     * @param upper             u, the upper slab bound on t (+infinity if unbounded)
     */
    public record Result(double jsd, double[] attention, double tvd, long verticesExamined, double lower,
                         double upper) {
        public Result {
            attention = attention.clone();
        }

        @Override
        public double[] attention() {
            return attention.clone();
        }
    }

    /** A feasible vertex: weight w on token i, 1 - w on token j (j = i for a simplex vertex). */
    private record Vertex(int i, int j, double w, double jsd) {
        double[] dense(int n) {
            double[] a = new double[n];
            a[i] += w;
            a[j] += 1 - w;
            return a;
        }
    }

    private ExactAdversary() {
    }

    /**
     * Whether the exact adversary applies to a document: it needs two classes (the output's
     * constraint is then one slab in attention space). Every caller asks here, so the rule is
     * stated once.
     */
    public static boolean applies(EncodedDocument doc) {
        return doc.numClasses() == 2 && doc.size() > 0;
    }

    /** The certified epsilon-max JSD of a two-class document. */
    public static Result maximise(EncodedDocument doc, double epsilon) {
        Slab slab = Slab.of(doc, epsilon);
        Vertex[] best = {null};
        long count = enumerate(doc, slab, v -> {
            if (best[0] == null || v.jsd > best[0].jsd) best[0] = v;
        });
        double[] a = best[0].dense(doc.size());
        return new Result(best[0].jsd, a, Divergences.tvd(doc.decode(a), doc.probabilities()), count,
                slab.lower, slab.upper);
    }

    /**
     * The {@code count} feasible vertices with the largest JSD to alpha, best first: starting points
     * for {@link AdversarialSearch#search(EncodedDocument, List)}.
     */
    public static List<double[]> bestVertices(EncodedDocument doc, double epsilon, int count) {
        Slab slab = Slab.of(doc, epsilon);
        PriorityQueue<Vertex> top = new PriorityQueue<>(Comparator.comparingDouble(Vertex::jsd));
        enumerate(doc, slab, v -> {
            top.add(v);
            if (top.size() > count) top.poll();
        });
        List<Vertex> sorted = new ArrayList<>(top);
        sorted.sort(Comparator.comparingDouble(Vertex::jsd).reversed());
        return sorted.stream().map(v -> v.dense(doc.size())).toList();
    }

    /** Slab bounds on t and the per-token s_i. */
    private record Slab(double[] s, double b, double lower, double upper) {
        static Slab of(EncodedDocument doc, double epsilon) {
            if (doc.numClasses() != 2) {
                throw new IllegalArgumentException("the exact adversary needs two classes, not " + doc.numClasses());
            }
            if (doc.size() == 0) throw new IllegalArgumentException("no tokens");
            if (!(epsilon >= 0)) throw new IllegalArgumentException("epsilon " + epsilon);
            double[] s = new double[doc.size()];
            for (int i = 0; i < s.length; i++) s[i] = doc.contribution(i, 1) - doc.contribution(i, 0);
            double[] bias = doc.bias();
            double p1 = doc.probabilities()[1];
            double lo = p1 - epsilon <= 0 ? Double.NEGATIVE_INFINITY : logit(p1 - epsilon);
            double hi = p1 + epsilon >= 1 ? Double.POSITIVE_INFINITY : logit(p1 + epsilon);
            return new Slab(s, bias[1] - bias[0], lo, hi);
        }

        boolean contains(double t) {
            return t >= lower - SLAB_TOLERANCE * Math.max(1, Math.abs(lower))
                    && t <= upper + SLAB_TOLERANCE * Math.max(1, Math.abs(upper));
        }
    }

    private static double logit(double p) {
        return Math.log(p) - Math.log1p(-p);
    }

    /** Calls {@code sink} for every feasible vertex; returns how many there were. */
    private static long enumerate(EncodedDocument doc, Slab slab, java.util.function.Consumer<Vertex> sink) {
        double[] alpha = doc.attention();
        int n = alpha.length;
        double half = 0.5 * Divergences.LN2;
        double base = half * Vectors.sum(alpha); // every coordinate at a_k = 0
        // epsilon = 0 makes the slab one hyperplane: count each crossing once.
        double[] levels = slab.lower == slab.upper ? new double[] {slab.lower} : new double[] {slab.lower, slab.upper};
        long count = 0;
        for (int i = 0; i < n; i++) {
            if (slab.contains(slab.s[i] + slab.b)) {
                sink.accept(new Vertex(i, i, 1, base - half * alpha[i] + Divergences.jsdTerm(1, alpha[i])));
                count++;
            }
        }
        for (int i = 0; i < n; i++) {
            for (int j = i + 1; j < n; j++) {
                double ds = slab.s[i] - slab.s[j];
                if (ds == 0) continue; // t constant on the edge: only its end points can be vertices
                for (double level : levels) {
                    if (Double.isInfinite(level)) continue;
                    double w = (level - slab.b - slab.s[j]) / ds; // weight on i where t = level
                    if (w > 0 && w < 1) {
                        double jsd = base - half * (alpha[i] + alpha[j])
                                + Divergences.jsdTerm(w, alpha[i]) + Divergences.jsdTerm(1 - w, alpha[j]);
                        sink.accept(new Vertex(i, j, w, jsd));
                        count++;
                    }
                }
            }
        }
        return count;
    }
}
