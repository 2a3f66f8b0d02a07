package org.attentionworkbench.model;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/** Small, real-shaped models built in code for the model-package tests. */
final class TestModels {

    private TestModels() {
    }

    /** PAD, UNK and {@code n - 2} words, including some that stress UTF-8 and PTB-style tokens. */
    static Vocabulary vocabulary(int n) {
        List<String> t = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "n't", "'s", "café", "well-made",
                "7.5", "!"));
        for (int i = t.size(); i < n; i++) t.add("w" + i);
        return Vocabulary.of(t.subList(0, n));
    }

    static ModelConfig config(EncoderType type, int vocab, int emb, int hidden, int classes) {
        return new ModelConfig(type, vocab, emb, hidden, List.of(1, 3), 5, classes, 50);
    }

    static ModelCard card(EncoderType type, ModelConfig cfg, List<String> labels) {
        return new ModelCard("tiny-" + type.id(), "unit test data", labels, type.id(), cfg.embeddingDim(),
                cfg.hiddenSize(), cfg.maxLength(), cfg.vocabSize(), 600, 200, 0, 0.8125, Double.NaN, Double.NaN, 2,
                1.5, 17, "ab".repeat(32), "2024-01-01T00:00:00Z", "random", "notes with \"quotes\" and ünïcödé");
    }

    /** A freshly initialised model of the given precision. */
    static AttentionModel model(EncoderType type, DataType dt, long seed) {
        Vocabulary v = vocabulary(40);
        ModelConfig cfg = config(type, v.size(), 8, 6, 3);
        AttentionNetwork net = AttentionNetwork.create(cfg, seed, dt);
        return new AttentionModel(v, net, card(type, cfg, List.of("neg", "neutral", "pos")));
    }

    /**
     * Replaces every parameter by U(-scale, scale) (PAD embedding row kept at zero): larger weights
     * than the default initialisation give peaked attention and outputs far from uniform, which
     * makes equality and gradient checks sensitive.
     */
    static void randomise(AttentionNetwork net, long seed, double scale) {
        SplittableRandom r = new SplittableRandom(seed);
        for (INDArray p : net.parameters().asMap().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-scale, scale);
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()).castTo(p.dataType()));
        }
        net.parameters().get("emb").getRow(0).assign(0);
        net.parameters().changed();
    }

    /** A network in the given precision with random weights of the given scale. */
    static AttentionNetwork network(EncoderType type, DataType dt, int vocab, int emb, int hidden, int classes,
                                    long seed, double scale) {
        AttentionNetwork net = AttentionNetwork.create(config(type, vocab, emb, hidden, classes), seed, dt);
        randomise(net, seed + 1, scale);
        return net;
    }
}
