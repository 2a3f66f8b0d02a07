package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;

/**
 * A small attention classifier in plain Java, for tests that need a model but not ND4J (the
 * window's view models, the engine's invariants on a second implementation). Context-free, like
 * the average encoder:
 *
 * <pre>
 *   h_i = tanh(A e_i),  s_i = v . tanh(U h_i),  alpha = softmax(s),
 *   z_i = W h_i,        y = softmax(sum_i alpha_i z_i + b)
 * </pre>
 *
 * Gradients are computed analytically (checked against finite differences in its test).
 * {@link #sentiment()} gives a model whose first embedding coordinate is a word's polarity, so
 * "great" pushes towards {@code pos}, and its second, the polarity's size, which the attention
 * reads, so polar words draw attention as in a trained model.
 */
public final class PlainJavaClassifier implements AttentionClassifier {

    private final String name;
    private final Vocabulary vocabulary;
    private final List<String> labels;
    private final double[][] embeddings; // [V][D]
    private final double[][] a;          // [H][D]
    private final double[][] u;          // [K][H]
    private final double[] v;            // [K]
    private final double[][] w;          // [C][H]
    private final double[] b;            // [C]
    private final TokenLimit tokenLimit;
    private final Tokenizer tokenizer = new Tokenizer();

    private PlainJavaClassifier(String name, Vocabulary vocabulary, List<String> labels, double[][] embeddings,
                                double[][] a, double[][] u, double[] v, double[][] w, double[] b, TokenLimit limit) {
        this.name = name;
        this.vocabulary = vocabulary;
        this.labels = List.copyOf(labels);
        this.embeddings = embeddings;
        this.a = a;
        this.u = u;
        this.v = v;
        this.w = w;
        this.b = b;
        this.tokenLimit = limit;
    }

    /** Random parameters (seeded) over a vocabulary of PAD, UNK and {@code words}. */
    public static PlainJavaClassifier random(List<String> words, List<String> labels, long seed) {
        return build("plain-java", words, Map.of(), labels, seed);
    }

    /**
     * Two classes (neg, pos) over a small review vocabulary; a word's polarity is its first
     * embedding coordinate (read by the decoder) and its size the second (read by the attention).
     */
    public static PlainJavaClassifier sentiment() {
        Map<String, Double> polarity = Map.of("great", 1.0, "wonderful", 1.0, "good", 0.6, "fun", 0.5,
                "bad", -1.0, "boring", -1.0, "dull", -0.8, "awful", -1.0, "not", -0.3);
        List<String> words = new ArrayList<>(polarity.keySet());
        words.addAll(List.of("the", "a", "film", "movie", "was", "is", "and", "plot", "acting", "it", "but", "."));
        words.sort(null);
        return build("plain-sentiment", words, polarity, List.of("neg", "pos"), 11);
    }

    private static PlainJavaClassifier build(String name, List<String> words, Map<String, Double> polarity,
                                             List<String> labels, long seed) {
        int d = 6;
        int h = 5;
        int k = 4;
        int c = labels.size();
        List<String> vocab = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK));
        vocab.addAll(words);
        Random r = new Random(seed);
        double[][] e = new double[vocab.size()][d];
        for (int i = 1; i < e.length; i++) { // PAD's row stays zero, as in the trained models
            for (int j = 0; j < d; j++) e[i][j] = 0.3 * r.nextGaussian();
            Double p = polarity.get(vocab.get(i));
            e[i][0] = p == null ? 0.05 * r.nextGaussian() : p;
            e[i][1] = p == null ? 0 : Math.abs(p); // salience: what the attention reads
        }
        double[][] a = gaussian(r, h, d, 0.4);
        a[0][0] = 2.0;
        a[1][1] = 2.0;
        double[][] u = gaussian(r, k, h, 0.4);
        u[0][1] = 2.0;
        double[] v = new double[k];
        for (int i = 0; i < k; i++) v[i] = 0.5 * r.nextGaussian();
        v[0] = 3.0;
        double[][] w = gaussian(r, c, h, 0.3);
        if (c == 2) {
            w[0][0] = -3.0;
            w[1][0] = 3.0;
        }
        double[] b = new double[c];
        return new PlainJavaClassifier(name, Vocabulary.of(vocab), labels, e, a, u, v, w, b, TokenLimit.DEFAULT);
    }

    private static double[][] gaussian(Random r, int rows, int cols, double scale) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) for (int j = 0; j < cols; j++) row[j] = scale * r.nextGaussian();
        return m;
    }

    @Override
    public PlainJavaClassifier withTokenLimit(TokenLimit limit) {
        return new PlainJavaClassifier(name, vocabulary, labels, embeddings, a, u, v, w, b, limit);
    }

    /** The vocabulary ids of tokens (UNK for unknown ones). */
    public int[] ids(List<String> tokens) {
        return vocabulary.ids(tokens);
    }

    @Override
    public String name() {
        return name;
    }

    @Override
    public List<String> labels() {
        return labels;
    }

    @Override
    public Tokenizer tokenizer() {
        return tokenizer;
    }

    @Override
    public TokenLimit tokenLimit() {
        return tokenLimit;
    }

    @Override
    public EncoderReach reach() {
        return EncoderReach.CONTEXT_FREE;
    }

    @Override
    public EncodedDocument encode(List<String> tokens) {
        if (tokens.isEmpty()) throw new IllegalArgumentException("the text has no tokens to classify");
        int[] ids = vocabulary.ids(tokens);
        Forward f = forward(embed(ids), null);
        return new EncodedDocument(tokens, ids, f.h, f.alpha, f.z, b, labels);
    }

    /**
     * LRP with the rules of docs/methods.md section 3 for this model's layers: epsilon rule on the
     * decoder (bias b), attention as a gate, tanh passing relevance, epsilon rule on A e_i (no bias).
     */
    @Override
    public Lrp lrp(EncodedDocument doc, int target, double epsilon) {
        double[][] e = embed(doc.ids());
        double[] alpha = doc.attention();
        int n = e.length;
        int hs = a.length;
        double[][] pre = new double[n][];
        double[][] h = new double[n][];
        double[] ctx = new double[hs];
        for (int i = 0; i < n; i++) {
            pre[i] = times(a, e[i]);
            h[i] = tanh(pre[i]);
            for (int k = 0; k < hs; k++) ctx[k] += alpha[i] * h[i][k];
        }
        double logit = b[target] + dot(w[target], ctx);
        double[] absorbed = new double[2]; // bias, stabiliser
        double sOut = epsShare(logit, b[target], logit, epsilon, absorbed);
        double[] rel = new double[n];
        for (int k = 0; k < hs; k++) {
            double rCtx = ctx[k] * w[target][k] * sOut;
            double sk = epsShare(ctx[k], 0, rCtx, epsilon, absorbed);
            for (int i = 0; i < n; i++) {
                double rh = alpha[i] * h[i][k] * sk;
                double sp = epsShare(pre[i][k], 0, rh, epsilon, absorbed);
                for (int q = 0; q < e[i].length; q++) rel[i] += e[i][q] * a[k][q] * sp;
            }
        }
        return new Lrp(rel, target, logit, absorbed[0], absorbed[1], epsilon);
    }

    private static double epsShare(double z, double bias, double r, double eps, double[] absorbed) {
        if (r == 0) return 0;
        double stab = eps * (z >= 0 ? 1 : -1);
        double factor = r / (z + stab);
        absorbed[0] += bias * factor;
        absorbed[1] += stab * factor;
        return factor;
    }

    @Override
    public List<double[]> classify(List<String> texts) {
        List<double[]> out = new ArrayList<>(texts.size());
        for (String t : texts) out.add(output(vocabulary.ids(tokens(t))));
        return out;
    }

    @Override
    public List<double[]> outputs(List<int[]> idSequences, int batchSize) {
        List<double[]> out = new ArrayList<>(idSequences.size());
        for (int[] ids : idSequences) out.add(output(ids));
        return out;
    }

    @Override
    public List<Readout> readouts(List<int[]> idSequences) {
        List<Readout> out = new ArrayList<>(idSequences.size());
        for (int[] ids : idSequences) {
            Forward f = forward(embed(ids), null);
            out.add(new Readout(f.alpha, f.z));
        }
        return out;
    }

    @Override
    public InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention) {
        double[][] e = embed(doc.ids());
        double[][] g = gradient(e, target, detachAttention ? doc.attention() : null);
        return new InputGradients(g, e, forward(e, null).y[target]);
    }

    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target,
                                                   IntegratedGradients.Baseline baseline, int steps) {
        if (steps < 1) throw new IllegalArgumentException("integrated gradients needs at least one step");
        double[][] e = embed(doc.ids());
        int n = e.length;
        int d = e[0].length;
        double[][] base = new double[n][d];
        if (baseline == IntegratedGradients.Baseline.UNK) {
            for (double[] row : base) System.arraycopy(embeddings[Vocabulary.UNK_ID], 0, row, 0, d);
        }
        double[] attributions = new double[n];
        for (int k = 1; k <= steps; k++) {
            double[][] x = new double[n][d];
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) x[i][j] = base[i][j] + (double) k / steps * (e[i][j] - base[i][j]);
            double[][] g = gradient(x, target, null);
            for (int i = 0; i < n; i++) for (int j = 0; j < d; j++) attributions[i] += (e[i][j] - base[i][j]) * g[i][j] / steps;
        }
        return new IntegratedGradients(attributions, forward(e, null).y[target], forward(base, null).y[target], steps);
    }

    /** The output distribution at given embeddings, attention held at {@code fixedAlpha} if not null. */
    double[] probabilityAt(double[][] e, double[] fixedAlpha) {
        return forward(e, fixedAlpha).y;
    }

    /** The output distribution of an id sequence; the empty one gets softmax(b). */
    private double[] output(int[] ids) {
        return ids.length == 0 ? EncodedDocument.softmax(b) : forward(embed(ids), null).y;
    }

    private double[][] embed(int[] ids) {
        double[][] e = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) e[i] = embeddings[ids[i]].clone();
        return e;
    }

    /** The forward pass's values: h, t = tanh(U h), alpha, z and y. */
    private record Forward(double[][] h, double[][] t, double[] alpha, double[][] z, double[] y) { }

    /** @param fixedAlpha attention to use instead of the model's own (null: the model's) */
    private Forward forward(double[][] e, double[] fixedAlpha) {
        int n = e.length;
        double[][] h = new double[n][];
        double[][] t = new double[n][];
        double[][] z = new double[n][];
        double[] s = new double[n];
        for (int i = 0; i < n; i++) {
            h[i] = tanh(times(a, e[i]));
            t[i] = tanh(times(u, h[i]));
            s[i] = dot(v, t[i]);
            z[i] = times(w, h[i]);
        }
        double[] alpha = fixedAlpha != null ? fixedAlpha.clone() : EncodedDocument.softmax(s);
        double[] logits = b.clone();
        for (int i = 0; i < n; i++) for (int c = 0; c < logits.length; c++) logits[c] += alpha[i] * z[i][c];
        return new Forward(h, t, alpha, z, EncodedDocument.softmax(logits));
    }

    /** d y_target / d e_i by back-propagation; attention held at {@code fixedAlpha} when given. */
    private double[][] gradient(double[][] e, int target, double[] fixedAlpha) {
        Forward f = forward(e, fixedAlpha);
        int n = e.length;
        int c = b.length;
        double[] gLogits = new double[c];
        for (int k = 0; k < c; k++) gLogits[k] = f.y[target] * ((k == target ? 1 : 0) - f.y[k]);
        double[] gAlpha = new double[n];
        double mean = 0;
        for (int i = 0; i < n; i++) {
            gAlpha[i] = dot(gLogits, f.z[i]);
            mean += f.alpha[i] * gAlpha[i];
        }
        double[][] out = new double[n][];
        for (int i = 0; i < n; i++) {
            double[] gh = new double[a.length];
            for (int k = 0; k < c; k++) for (int j = 0; j < gh.length; j++) gh[j] += f.alpha[i] * gLogits[k] * w[k][j];
            if (fixedAlpha == null) {
                double gs = f.alpha[i] * (gAlpha[i] - mean);
                for (int q = 0; q < u.length; q++) {
                    double gt = gs * v[q] * (1 - f.t[i][q] * f.t[i][q]);
                    for (int j = 0; j < gh.length; j++) gh[j] += gt * u[q][j];
                }
            }
            double[] ge = new double[e[i].length];
            for (int j = 0; j < gh.length; j++) {
                double gPre = gh[j] * (1 - f.h[i][j] * f.h[i][j]);
                for (int q = 0; q < ge.length; q++) ge[q] += gPre * a[j][q];
            }
            out[i] = ge;
        }
        return out;
    }

    private static double[] times(double[][] m, double[] x) {
        double[] out = new double[m.length];
        for (int i = 0; i < m.length; i++) out[i] = dot(m[i], x);
        return out;
    }

    private static double dot(double[] p, double[] q) {
        double s = 0;
        for (int i = 0; i < p.length; i++) s += p[i] * q[i];
        return s;
    }

    private static double[] tanh(double[] x) {
        double[] out = new double[x.length];
        for (int i = 0; i < x.length; i++) out[i] = Math.tanh(x[i]);
        return out;
    }
}
