package org.attentionworkbench.model;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.EncoderReach;
import org.attentionworkbench.explain.InputGradients;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.Readout;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;

/**
 * The top of a HAN as a flat attention classifier of its own (docs/methods.md section 10): its
 * "tokens" are one document's sentences, its "embeddings" their sentence vectors c_j (computed once
 * by the word level and held fixed), its encoder, attention and decoder the HAN's sentence level.
 * Its vocabulary is {@code <pad>} and {@code <unk>} (both the zero vector: no sentence at all) and
 * the document's sentence texts (id j + 2 for sentence j; equal texts have equal vectors, since the
 * word level reads each sentence alone). So every analysis of the explanation engine runs on it
 * exactly as on a flat model: erasure and permutation of beta, the adversaries, the flip oracle,
 * gradients and integrated gradients with respect to c_j, leave-one-sentence-out and occlusion
 * (the sentence replaced by the zero vector, PAD's and UNK's alike).
 */
class SentenceLevelClassifier implements AttentionClassifier {

    static final int FIRST = 2;

    /**
     * Where the sentence "vocabulary" comes from: one document's sentences (fixed), or every
     * sentence a window has read ({@link HanClassifier}'s open table).
     */
    interface SentenceTable {
        /** The id of a sentence text ({@code <unk>}'s for a text the table does not hold). */
        int id(String sentence);

        /** The sentence vector c of an id of the table, or null for none (then the zero vector). */
        double[] vector(int id);
    }

    final HanModel model;
    private final List<String> sentences;
    private final SentenceTable table;
    private final double[] zero;

    SentenceLevelClassifier(HanModel model, List<String> sentences, double[][] vectors) {
        this(model, sentences, fixed(sentences, vectors));
    }

    SentenceLevelClassifier(HanModel model, List<String> sentences, SentenceTable table) {
        this.model = model;
        this.sentences = List.copyOf(sentences);
        this.table = table;
        this.zero = new double[model.config().wordEncodedSize()];
    }

    private static SentenceTable fixed(List<String> sentences, double[][] vectors) {
        Map<String, Integer> idOf = new HashMap<>();
        for (int j = 0; j < sentences.size(); j++) idOf.putIfAbsent(sentences.get(j), j + FIRST);
        return new SentenceTable() {
            @Override
            public int id(String sentence) {
                return idOf.getOrDefault(sentence, Vocabulary.UNK_ID);
            }

            @Override
            public double[] vector(int id) {
                return id >= FIRST && id - FIRST < vectors.length ? vectors[id - FIRST] : null;
            }
        };
    }

    @Override
    public String name() {
        return model.name();
    }

    @Override
    public List<String> labels() {
        return model.labels();
    }

    @Override
    public Tokenizer tokenizer() {
        return model.tokenizer();
    }

    @Override
    public TokenLimit tokenLimit() {
        return model.tokenLimit();
    }

    @Override
    public AttentionClassifier withTokenLimit(TokenLimit limit) {
        return this;
    }

    /** The sentences of this document: the only text this classifier reads is its own. */
    @Override
    public List<String> tokens(String text) {
        return sentences;
    }

    @Override
    public EncodedDocument encode(List<String> tokens) {
        if (tokens.isEmpty()) throw new IllegalArgumentException("the text has no sentences to classify");
        int[] ids = ids(tokens);
        HanNetwork.SentenceResult r = run(List.of(ids), -1, false).get(0);
        HanNetwork net = model.network();
        double[][] states = new double[ids.length][];
        // The EncodedDocument's h_i are the inputs' sentence vectors: what the engine's analyses hold fixed.
        for (int i = 0; i < ids.length; i++) states[i] = vector(ids[i]).clone();
        return new EncodedDocument(tokens, ids, states, r.attention(), r.contributions(), net.bias(), labels());
    }

    @Override
    public List<double[]> classify(List<String> texts) {
        return model.classify(texts);
    }

    @Override
    public InputGradients inputGradients(EncodedDocument doc, int target, boolean detachAttention) {
        int[] ids = doc.ids();
        HanNetwork.SentenceResult r = run(List.of(ids), target, detachAttention).get(0);
        return new InputGradients(r.gradient(), inputs(ids), r.probabilities()[target]);
    }

    /** Every baseline is the zero vector: PAD's and UNK's sentence vectors are zero. */
    @Override
    public IntegratedGradients integratedGradients(EncodedDocument doc, int target, IntegratedGradients.Baseline baseline,
                                                   int steps) {
        int[] ids = doc.ids();
        double[][] x = inputs(ids);
        int n = ids.length;
        int f = zero.length;
        List<double[][]> scaled = new ArrayList<>(steps);
        for (int k = 1; k <= steps; k++) {
            double a = (double) k / steps;
            double[][] s = new double[n][f];
            for (int i = 0; i < n; i++) for (int q = 0; q < f; q++) s[i][q] = a * x[i][q];
            scaled.add(s);
        }
        double[][] sum = new double[n][f];
        for (HanNetwork.SentenceResult r : runInputs(scaled, target, false)) {
            for (int i = 0; i < n; i++) for (int q = 0; q < f; q++) sum[i][q] += r.gradient()[i][q];
        }
        double[] attributions = new double[n];
        for (int i = 0; i < n; i++) {
            double s = 0;
            for (int q = 0; q < f; q++) s += x[i][q] * sum[i][q] / steps;
            attributions[i] = s;
        }
        double fx = runInputs(java.util.Collections.singletonList(x), -1, false).get(0).probabilities()[target];
        double fb = runInputs(java.util.Collections.singletonList(new double[n][f]), -1, false).get(0).probabilities()[target];
        return new IntegratedGradients(attributions, fx, fb, steps);
    }

    @Override
    public List<double[]> outputs(List<int[]> idSequences, int batchSize) {
        List<double[]> out = new ArrayList<>(idSequences.size());
        List<int[]> nonEmpty = new ArrayList<>();
        for (int[] ids : idSequences) if (ids.length > 0) nonEmpty.add(ids);
        List<HanNetwork.SentenceResult> results = run(nonEmpty, -1, false);
        int k = 0;
        double[] bias = null;
        for (int[] ids : idSequences) {
            if (ids.length > 0) {
                out.add(results.get(k++).probabilities());
            } else {
                if (bias == null) bias = model.network().biasOnly();
                out.add(bias.clone());
            }
        }
        return out;
    }

    @Override
    public List<Readout> readouts(List<int[]> idSequences) {
        return run(idSequences, -1, false).stream().map(r -> new Readout(r.attention(), r.contributions())).toList();
    }

    @Override
    public int[] ids(List<String> tokens) {
        int[] ids = new int[tokens.size()];
        for (int i = 0; i < ids.length; i++) {
            String t = tokens.get(i);
            ids[i] = t.equals(Vocabulary.PAD) ? Vocabulary.PAD_ID : table.id(t);
        }
        return ids;
    }

    /** How far a sentence state s_j sees along the sentences: the sentence encoder's reach. */
    @Override
    public EncoderReach reach() {
        HanConfig c = model.config();
        return switch (c.sentenceEncoder()) {
            case NONE -> EncoderReach.CONTEXT_FREE;
            case BILSTM -> EncoderReach.WHOLE_SEQUENCE;
            case CNN -> {
                int r = 0;
                for (int k : c.kernelWidths()) r = Math.max(r, Math.max((k - 1) / 2, k - 1 - (k - 1) / 2));
                yield EncoderReach.local(r);
            }
        };
    }

    private double[] vector(int id) {
        double[] v = id >= FIRST ? table.vector(id) : null;
        return v != null ? v : zero;
    }

    private double[][] inputs(int[] ids) {
        double[][] x = new double[ids.length][];
        for (int i = 0; i < ids.length; i++) x[i] = vector(ids[i]).clone();
        return x;
    }

    private List<HanNetwork.SentenceResult> run(List<int[]> idSequences, int target, boolean detach) {
        List<double[][]> in = new ArrayList<>(idSequences.size());
        for (int[] ids : idSequences) in.add(inputs(ids));
        return runInputs(in, target, detach);
    }

    /** The sentence level on many inputs, in batches within its row-step budget (at most 512 rows). */
    private List<HanNetwork.SentenceResult> runInputs(List<double[][]> inputs, int target, boolean detach) {
        HanNetwork net = model.network();
        List<HanNetwork.SentenceResult> out = new ArrayList<>(inputs.size());
        List<double[][]> chunk = new ArrayList<>();
        int longest = 0;
        for (double[][] x : inputs) {
            int len = Math.max(longest, x.length);
            if (!chunk.isEmpty() && (chunk.size() == 512 || (long) (chunk.size() + 1) * len > net.sentenceRowStepBudget())) {
                out.addAll(runChunk(net, chunk, target, detach));
                chunk.clear();
                len = x.length;
            }
            chunk.add(x);
            longest = len;
        }
        if (!chunk.isEmpty()) out.addAll(runChunk(net, chunk, target, detach));
        return out;
    }

    private List<HanNetwork.SentenceResult> runChunk(HanNetwork net, List<double[][]> chunk, int target, boolean detach) {
        org.attentionworkbench.task.Cancellation.checkCurrent();
        List<HanNetwork.SentenceResult> r;
        synchronized (net) {
            r = net.sentenceLevel(chunk, target, detach);
        }
        return r;
    }
}
