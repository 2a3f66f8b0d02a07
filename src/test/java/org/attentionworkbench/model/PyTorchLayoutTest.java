package org.attentionworkbench.model;

import static org.attentionworkbench.model.ModelImportTest.assertClose;
import static org.attentionworkbench.model.ModelImportTest.doubles;
import static org.attentionworkbench.model.ModelImportTest.ids;
import static org.attentionworkbench.model.ModelImportTest.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.attentionworkbench.data.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The {@code pytorch} import layout: plain nn.Embedding / nn.LSTM / nn.Conv1d / nn.Linear modules
 * named by CONFIG.json's map. Each encoder family's fixture must give the outputs and attention of
 * the independent numpy forward pass of src/test/resources/import/make_jain_wallace_fixture.py (PyTorch's
 * equations: gate order i, f, g, o and two LSTM biases, Conv1d's [out, in, k] with "same" padding,
 * Linear's [out, in]) to 1e-5; every missing, stray, mis-shaped or mis-typed tensor and every bad
 * map is refused naming what is wrong.
 */
class PyTorchLayoutTest {

    @TempDir
    Path dir;

    static ModelImport.Imported imported(String name) {
        return ModelImport.read(resource(name + ".safetensors"), resource(name + ".vocab.txt"),
                resource(name + ".config.json"), name);
    }

    @ParameterizedTest
    @ValueSource(strings = {"pt-bilstm", "pt-cnn", "pt-average"})
    void eachEncoderGivesTheNumpyForwardPassOutputsAndAttention(String name) throws IOException {
        ModelImport.Imported imp = imported(name);
        assertEquals("pytorch", imp.layout());
        AttentionModel m = imp.model();
        assertEquals(DataType.FLOAT, m.network().dataType());
        JsonNode expected = Json.mapper().readTree(resource("expected-pytorch.json").toFile());
        double tol = expected.get("tolerance").asDouble();
        List<int[]> docs = new ArrayList<>();
        for (JsonNode s : expected.get("models").get(name).get("sequences")) {
            int[] ids = ids(s.get("ids"));
            docs.add(ids);
            AttentionNetwork.Pass pass = m.network().forward(m.network().batch(List.of(ids)));
            assertClose(doubles(s.get("probabilities")), pass.probs().castTo(DataType.DOUBLE).toDoubleVector(), tol,
                    name + " probabilities of " + s.get("ids"));
            assertClose(doubles(s.get("attention")), pass.alpha().castTo(DataType.DOUBLE).toDoubleVector(), tol,
                    name + " attention of " + s.get("ids"));
        }
        List<double[]> batched = m.network().classify(docs, 3); // padded: each row as if alone
        int k = 0;
        for (JsonNode s : expected.get("models").get(name).get("sequences")) {
            assertClose(doubles(s.get("probabilities")), batched.get(k++), tol, name + " batched " + s.get("ids"));
        }
    }

    @Test
    void sizesAndClassesComeFromTheShapes() {
        ModelConfig lstm = imported("pt-bilstm").model().config();
        assertEquals(List.of(EncoderType.BILSTM, 30, 5, 3, 4, 2, 400), List.of(lstm.encoder(), lstm.vocabSize(),
                lstm.embeddingDim(), lstm.hiddenSize(), lstm.attentionSize(), lstm.numClasses(), lstm.maxLength()),
                "a single logit is two classes");
        AttentionModel cnn = imported("pt-cnn").model();
        assertEquals(EncoderType.CNN, cnn.config().encoder());
        assertEquals(List.of(3, 1, 4), cnn.config().kernelWidths(), "the widths in the map's order, as concatenated");
        assertEquals(2, cnn.config().hiddenSize());
        assertEquals(List.of("world", "sports", "science"), cnn.labels());
        ModelConfig avg = imported("pt-average").model().config();
        assertEquals(List.of(EncoderType.AVERAGE, 6, 5, 2, 2), List.of(avg.encoder(), avg.embeddingDim(),
                avg.hiddenSize(), avg.attentionSize(), avg.numClasses()));
        assertEquals("pytorch", imported("pt-average").model().card().imported().get("layout"));
    }

    // --- refusals -----------------------------------------------------------------------------------

    @Test
    void aMissingTensorIsRefusedByName() throws IOException {
        assertRefused("pt-bilstm", t -> t.remove("encoder.rnn.bias_hh_l0_reverse"), null,
                "no tensor encoder.rnn.bias_hh_l0_reverse, which the pytorch layout needs");
        assertRefused("pt-cnn", t -> t.remove("convs.1.bias"), null, "no tensor convs.1.bias");
        assertRefused("pt-average", t -> t.remove("model.classifier.weight"), null, "no tensor model.classifier.weight");
    }

    @Test
    void aTensorOfAnotherShapeIsRefusedWithTheExpectedAndFoundShapes() throws IOException {
        // The attention's first layer must read the encoder's 6 columns (2 x 3), not 5.
        assertRefused("pt-bilstm", t -> t.put("att.proj.weight", tensor(4, 5)), null,
                "tensor att.proj.weight has shape [4, 5] but the pytorch layout needs [4, 6] here");
        // A convolution of other filters than the first.
        assertRefused("pt-cnn", t -> t.put("convs.2.weight", tensor(3, 4, 4)), null,
                "tensor convs.2.weight has shape [3, 4, 4] but the pytorch layout needs [2, 4, 4] here");
        assertRefused("pt-cnn", t -> t.put("convs.0.weight", tensor(2, 12)), null,
                "tensor convs.0.weight has shape [2, 12] but the pytorch layout needs [H, 4, k] here");
        // An LSTM input weight for another embedding width.
        assertRefused("pt-bilstm", t -> t.put("encoder.rnn.weight_ih_l0", tensor(12, 4)), null,
                "tensor encoder.rnn.weight_ih_l0 has shape [12, 4] but the pytorch layout needs [12, 5] here");
        assertRefused("pt-average", t -> t.put("model.attn.2.bias", tensor(2)), null,
                "tensor model.attn.2.bias has shape [2] but the pytorch layout needs [1] here");
        assertRefused("pt-average", t -> t.put("model.embedding.weight", tensor(30 * 6)), null,
                "tensor model.embedding.weight has shape [180] but the pytorch layout needs [V, D]");
    }

    @Test
    void aTensorNoModuleUsesIsRefusedByName() throws IOException {
        assertRefused("pt-average", t -> t.put("model.dropout.p", tensor(1)), null,
                "a tensor 'model.dropout.p' that no module of the config's \"map\" uses");
        assertRefused("pt-bilstm", t -> t.put("encoder.rnn.weight_ih_l1", tensor(12, 6)), null,
                "encoder.rnn.weight_ih_l1: an LSTM of several layers");
        assertRefused("pt-bilstm", t -> {
            t.keySet().removeIf(k -> k.endsWith("_reverse"));
        }, null, "no tensor encoder.rnn.weight_hh_l0_reverse", "bidirectional=True");
    }

    @Test
    void aTensorOfAnIntegerTypeIsRefusedByName() throws IOException {
        Map<String, SafetensorsWriter.Tensor> t = tensors("pt-bilstm");
        String header = new String(SafetensorsWriter.bytes(t, Map.of()), StandardCharsets.ISO_8859_1);
        // I32 has F32's 4 bytes a value: only the type is wrong.
        String hostile = header.replace("\"fc.bias\":{\"dtype\":\"F32\"", "\"fc.bias\":{\"dtype\":\"I32\"");
        assertTrue(!hostile.equals(header));
        Path w = dir.resolve("typed.safetensors");
        Files.write(w, hostile.getBytes(StandardCharsets.ISO_8859_1));
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> ModelImport.read(w,
                resource("pt-bilstm.vocab.txt"), resource("pt-bilstm.config.json"), "x"));
        assertTrue(e.getMessage().contains("tensor 'fc.bias' has dtype I32, which the workbench does not read"),
                e.getMessage());
    }

    @Test
    void aBadMapIsRefusedNamingTheRole() throws IOException {
        assertRefused("pt-bilstm", null, c -> c.remove("map"), "the pytorch layout needs \"map\"");
        assertRefused("pt-bilstm", null, c -> map(c).remove("decoder"), "its map has no \"decoder\"");
        assertRefused("pt-bilstm", null, c -> map(c).put("lsmt", "encoder.rnn"), "a role 'lsmt' the pytorch layout does not know");
        assertRefused("pt-bilstm", null, c -> map(c).put("average", "x"),
                "exactly one encoder, \"lstm\", \"conv\" or \"average\", not lstm and average");
        assertRefused("pt-bilstm", null, c -> map(c).remove("lstm"), "exactly one encoder");
        assertRefused("pt-bilstm", null, c -> map(c).put("decoder", 3), "its map's \"decoder\" must be a module name");
        assertRefused("pt-cnn", null, c -> map(c).set("conv", Json.mapper().createArrayNode()),
                "its map's \"conv\" must be a non-empty list of module names");
        assertRefused("pt-bilstm", null, c -> map(c).put("embedding", "emb.weight"),
                "its map's \"embedding\" names the tensor 'emb.weight' of ", "it must name the module, 'emb'");
        assertRefused("pt-bilstm", null, c -> map(c).put("decoder", "head"), "no tensor head.weight");
        assertRefused("pt-bilstm", null, c -> c.remove("labels"), "it needs \"labels\", a list of 2 class names");
    }

    @Test
    void aSecondConvolutionOfTheSameWidthIsRefused() throws IOException {
        assertRefused("pt-cnn", t -> {
            t.put("convs.3.weight", tensor(2, 4, 3));
            t.put("convs.3.bias", tensor(2));
        }, c -> ((ArrayNode) map(c).get("conv")).add("convs.3"), "convs.3.weight is a second convolution of width 3");
    }

    /**
     * Dot-product attention and the tokenizer key: Jain &amp; Wallace's lstm-dot fixture, its tensors
     * renamed into plain module names with "attention.dot" and "tokenizer": "jain-wallace" in the map's
     * config, gives the numpy forward pass's outputs and attention to 1e-5 over the real tokens.
     */
    @Test
    void dotAttentionAndTheirTokenizerComeThroughTheMap() throws IOException {
        Map<String, SafetensorsWriter.Tensor> renamed = new LinkedHashMap<>();
        tensors("jw-lstm-dot").forEach((k, v) -> renamed.put(k.replace("attention.attn1", "att")
                .replace("linear_1", "fc").replace("embedding", "emb"), v));
        Path w = dir.resolve("dot.safetensors");
        Files.write(w, SafetensorsWriter.bytes(renamed, Map.of()));
        Path c = dir.resolve("dot.config.json");
        Files.writeString(c, "{\"layout\":\"pytorch\",\"labels\":[\"negative\",\"positive\"],"
                + "\"tokenizer\":\"jain-wallace\",\"map\":{\"embedding\":\"emb\",\"lstm\":\"rnn\","
                + "\"attention.dot\":\"att\",\"decoder\":\"fc\"}}");
        AttentionModel m = ModelImport.read(w, resource("jw-lstm-dot.vocab.txt"), c, "dot").model();
        assertEquals(AttentionScore.DOT, m.config().attentionScore());
        assertEquals(org.attentionworkbench.text.Tokenization.JAIN_WALLACE, m.config().tokenization());
        JsonNode expected = Json.mapper().readTree(resource("jw-lstm-dot.expected.json").toFile());
        double tol = expected.get("tolerance").asDouble();
        for (JsonNode s : expected.get("sequences")) {
            int[] ids = ids(s.get("ids"));
            List<String> tokens = java.util.Arrays.stream(ids).mapToObj(i -> m.vocabulary().token(i)).toList();
            org.attentionworkbench.explain.EncodedDocument doc = m.encode(tokens);
            assertClose(doubles(s.get("probabilities")), doc.probabilities(), tol, "probabilities of " + s.get("ids"));
            assertClose(doubles(s.get("attention")), doc.attention(), tol, "attention of " + s.get("ids"));
        }
        // Both kinds of attention named at once is refused.
        ObjectNode both = (ObjectNode) Json.mapper().readTree(c.toFile());
        map(both).put("attention.W", "att").put("attention.v", "att2");
        Files.writeString(c, both.toString());
        ModelArchiveException e = assertThrows(ModelArchiveException.class,
                () -> ModelImport.read(w, resource("jw-lstm-dot.vocab.txt"), c, "x"));
        assertTrue(e.getMessage().contains("a model has one of them"), e.getMessage());
    }

    /** The fixture's tensors, as a mutable map. */
    private static Map<String, SafetensorsWriter.Tensor> tensors(String name) {
        SafetensorsFile f = SafetensorsFile.read(resource(name + ".safetensors"));
        Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
        for (SafetensorsFile.Entry e : f.entries().values()) {
            t.put(e.name(), new SafetensorsWriter.Tensor(SafetensorsDType.F32, e.shape(), f.values(e.name())));
        }
        return t;
    }

    private static SafetensorsWriter.Tensor tensor(long... shape) {
        long n = 1;
        for (long d : shape) n *= d;
        double[] v = new double[(int) n];
        java.util.Arrays.fill(v, 0.25);
        return new SafetensorsWriter.Tensor(SafetensorsDType.F32, shape, v);
    }

    private static ObjectNode map(ObjectNode config) {
        return (ObjectNode) config.get("map");
    }

    /** The fixture with its tensors and config changed must be refused, the message holding each of {@code want}. */
    private void assertRefused(String name, Consumer<Map<String, SafetensorsWriter.Tensor>> tensors,
                               Consumer<ObjectNode> config, String... want) throws IOException {
        Path w = resource(name + ".safetensors");
        if (tensors != null) {
            Map<String, SafetensorsWriter.Tensor> t = tensors(name);
            tensors.accept(t);
            w = dir.resolve("changed.safetensors");
            Files.write(w, SafetensorsWriter.bytes(t, Map.of()));
        }
        Path c = resource(name + ".config.json");
        if (config != null) {
            ObjectNode json = (ObjectNode) Json.mapper().readTree(c.toFile());
            config.accept(json);
            c = dir.resolve("changed.config.json");
            Files.writeString(c, json.toString());
        }
        Path weights = w;
        Path cfg = c;
        ModelArchiveException e = assertThrows(ModelArchiveException.class,
                () -> ModelImport.read(weights, resource(name + ".vocab.txt"), cfg, "x"));
        for (String s : want) assertTrue(e.getMessage().contains(s), "want '" + s + "' in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), "one line: " + e.getMessage());
    }
}
