package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.junit.jupiter.api.Test;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * The window's view of a HAN: the sentence-level document of {@link HanModel#read}, the word level
 * beside it, and ids that mean the same sentence in every document (so outputs of id sequences
 * taken from one document are the model reading those sentences as a text).
 */
class HanClassifierTest {

    private static final List<String> SENTENCES = List.of("the w9 w10 .", "w11 !", "w12 w13 w14 !", "café w20 well-made .");
    private static final String TEXT = String.join(" ", SENTENCES);

    private static HanModel model(long seed) {
        HanModel m = HanNetworkTest.tinyModel(LevelEncoder.BILSTM, LevelEncoder.BILSTM, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(seed);
        for (INDArray p : m.network().parameters().asMap().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-1.5, 1.5);
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
        }
        m.network().parameters().get("emb").getRow(0).assign(0);
        return m;
    }

    @Test
    void encodeIsTheSentenceLevelAndHierarchyTheWordLevelOfRead() {
        HanModel m = model(5);
        HierarchicalDocument expected = m.read(TEXT).document();
        HanClassifier c = new HanClassifier(m);
        EncodedDocument doc = c.encode(TEXT);
        assertEquals(SENTENCES, doc.tokens());
        assertArrayEquals(expected.sentenceAttention(), doc.attention(), 1e-12);
        assertArrayEquals(expected.probabilities(), doc.probabilities(), 1e-12);
        HierarchicalDocument h = c.hierarchy(doc);
        assertNotNull(h);
        assertEquals(expected.sentences(), h.sentences());
        for (int j = 0; j < SENTENCES.size(); j++) {
            assertArrayEquals(expected.wordAttention()[j], h.wordAttention()[j], 1e-12, "sentence " + j);
        }
        assertArrayEquals(m.classify(List.of(TEXT)).get(0), c.classify(List.of(TEXT)).get(0), 1e-12);
    }

    @Test
    void idsMeanTheSameSentenceAcrossDocuments() {
        HanModel m = model(6);
        HanClassifier c = new HanClassifier(m);
        EncodedDocument first = c.encode(TEXT);
        // Another document read after it: the first one's ids still name its sentences.
        EncodedDocument second = c.encode("w12 w13 w14 ! the w9 w10 .");
        assertEquals(first.ids()[2], second.ids()[0]);
        assertEquals(first.ids()[0], second.ids()[1]);
        int[] lastTwo = {first.ids()[2], first.ids()[3]};
        double[] direct = m.classify(List.of(SENTENCES.get(2) + " " + SENTENCES.get(3))).get(0);
        assertArrayEquals(direct, c.outputs(List.of(lastTwo), 4).get(0), 1e-9);
        // A sentence the classifier has not read before (an edited one) is read by the word level.
        EncodedDocument edited = c.encode(List.of("w11 w12 !", "the w9 w10 ."));
        assertArrayEquals(m.classify(List.of("w11 w12 ! the w9 w10 .")).get(0), edited.probabilities(), 1e-9);
    }

    @Test
    void onlyTheWindowsViewHasAHierarchy() {
        HanModel m = model(7);
        HanModel.Reading r = m.read(TEXT);
        // The per-document sentence level explain uses is flat as far as views can tell: the default.
        assertNull(r.sentenceLevel().hierarchy(r.document().sentenceLevel()));
        // A document encoded by another HanClassifier: this one has not read its sentences, so no word level.
        EncodedDocument foreign = new HanClassifier(m).encode(TEXT);
        assertNull(new HanClassifier(m).hierarchy(foreign));
    }
}
