package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.RandomisationStage;
import org.attentionworkbench.explain.SanityCheck;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/** Cascading randomisation (Adebayo et al. 2018): what each stage changes, and what it does to saliency. */
class SanityCheckTest {

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void eachStageReinitialisesExactlyItsOwnParametersAndThoseBefore(EncoderType type) {
        AttentionModel m = TestModels.model(type, DataType.FLOAT, 3);
        var before = m.network().parameters().asMap();
        AttentionNetwork fresh = AttentionNetwork.create(m.config(), 77, DataType.FLOAT);
        for (int stages = 0; stages <= 4; stages++) {
            AttentionModel r = m.randomised(stages, 77);
            for (var e : r.network().parameters().asMap().entrySet()) {
                String name = e.getKey();
                boolean reset = AttentionModel.stageOf(name).ordinal() < stages;
                INDArray expected = reset ? fresh.parameters().get(name) : before.get(name);
                assertEquals(expected, e.getValue(), type + " " + name + " after " + stages + " stages");
                if (reset && !name.endsWith(".b") && !name.startsWith("cnn.b")) {
                    assertFalse(before.get(name).equals(e.getValue()), name + " really changed");
                }
            }
            assertEquals(before.keySet(), r.network().parameters().asMap().keySet());
        }
        // The trained model is untouched.
        assertEquals(before, m.network().parameters().asMap());
        assertEquals(RandomisationStage.DECODER, AttentionModel.stageOf("out.W"));
        assertEquals(RandomisationStage.ATTENTION, AttentionModel.stageOf("att.v"));
        assertEquals(RandomisationStage.EMBEDDINGS, AttentionModel.stageOf("emb"));
        assertEquals(RandomisationStage.ENCODER, AttentionModel.stageOf(type == EncoderType.CNN ? "cnn.W3"
                : type == EncoderType.BILSTM ? "lstm.bw.Wh" : "avg.W"));
    }

    /** On the shipped sst2-average, the gradient's ranking drifts away once the model is random. */
    @Test
    void gradientTauDropsOnARealModelAndAttentionIgnoresTheDecoder() {
        AttentionModel m = AttentionModel.load(Path.of("models/sst2-average.zip"));
        List<List<String>> docs = new ArrayList<>();
        for (String t : List.of("a gorgeous , witty , seductive movie .",
                "the acting is bad and the plot is even worse , a dull and tedious mess",
                "it 's a charming and often affecting journey .",
                "an utterly incompetent , boring and pointless film that wastes its talented cast")) {
            docs.add(m.tokens(t));
        }
        SanityCheck.Result r = new SanityCheck(m, ExplainSettings.defaults(), 5).run(docs, l -> { });
        // Attention does not read the decoder: the same weights, tau 1.
        assertEquals(1.0, r.meanTau(SanityCheck.ATTENTION, 0), 1e-12);
        double last = r.meanTau("gradient", RandomisationStage.EMBEDDINGS.ordinal());
        assertTrue(last < 0.5, "gradient tau with everything random: " + last);
        assertTrue(r.meanTau("gradient", RandomisationStage.ENCODER.ordinal()) < 0.9);
        assertTrue(r.methods().contains("lrp"));
    }
}
