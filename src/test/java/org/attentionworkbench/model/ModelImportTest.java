package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.data.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;

/**
 * Import of safetensors bundles: Jain &amp; Wallace's layout against the outputs of an independent
 * numpy forward pass (src/test/resources/import/make_jain_wallace_fixture.py), and export then
 * import of the workbench's own layout, bit for bit.
 */
class ModelImportTest {

    @TempDir
    Path dir;

    static Path resource(String name) {
        try {
            return Path.of(ModelImportTest.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    static ModelImport.Imported jainWallace() {
        return ModelImport.read(resource("jw-tiny.safetensors"), resource("jw-tiny.vocab.txt"),
                resource("jw-tiny.config.json"), "jw-tiny");
    }

    @Test
    void jainWallaceModelGivesTheNumpyForwardPassOutputsAndAttention() throws IOException {
        ModelImport.Imported imp = jainWallace();
        AttentionModel m = imp.model();
        assertEquals("jain-wallace", imp.layout());
        ModelConfig c = m.config();
        assertEquals(List.of(30, 6, 4, 2, 2), List.of(c.vocabSize(), c.embeddingDim(), c.hiddenSize(),
                c.attentionSize(), c.numClasses()), "sizes read from the shapes; the binary decoder is two classes");
        assertEquals(List.of("negative", "positive"), m.labels());
        assertEquals(DataType.FLOAT, m.network().dataType(), "F32 weights compute in FLOAT, as PyTorch does");
        JsonNode expected = Json.mapper().readTree(resource("expected.json").toFile());
        double tol = expected.get("tolerance").asDouble();
        List<int[]> docs = new ArrayList<>();
        for (JsonNode s : expected.get("sequences")) {
            int[] ids = ids(s.get("ids"));
            docs.add(ids);
            AttentionNetwork.Pass pass = m.network().forward(m.network().batch(List.of(ids)));
            assertClose(doubles(s.get("probabilities")), pass.probs().castTo(DataType.DOUBLE).toDoubleVector(), tol,
                    "probabilities of " + s.get("ids"));
            assertClose(doubles(s.get("attention")), pass.alpha().castTo(DataType.DOUBLE).toDoubleVector(), tol,
                    "attention of " + s.get("ids"));
        }
        // The three at once: a padded batch (the backward direction must start at each row's own end).
        List<double[]> batched = m.network().classify(docs, 3);
        int k = 0;
        for (JsonNode s : expected.get("sequences")) {
            assertClose(doubles(s.get("probabilities")), batched.get(k++), tol, "batched probabilities of " + s.get("ids"));
        }
    }

    static ModelImport.Imported fixture(String name) {
        return ModelImport.read(resource("jw-" + name + ".safetensors"), resource("jw-" + name + ".vocab.txt"),
                resource("jw-" + name + ".config.json"), "jw-" + name);
    }

    /**
     * Their other encoders (CNN, average) and dot attention, read with their preprocessing's
     * <SOS>/<EOS> around each text: the model's outputs and attention over the real tokens equal the
     * numpy forward pass's to 1e-5, one document at a time and batched; the markers get no attention.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lstm-dot", "cnn-tanh", "cnn-dot", "avg-tanh", "avg-dot"})
    void everyEncoderAndAttentionOfTheirsGivesTheNumpyOutputs(String name) throws IOException {
        AttentionModel m = fixture(name).model();
        JsonNode expected = Json.mapper().readTree(resource("jw-" + name + ".expected.json").toFile());
        double tol = expected.get("tolerance").asDouble();
        ModelConfig c = m.config();
        assertEquals(switch (expected.get("encoder").asText()) {
            case "lstm" -> EncoderType.BILSTM;
            case "cnn" -> EncoderType.CNN;
            default -> EncoderType.AVERAGE;
        }, c.encoder());
        assertEquals(AttentionScore.parse(expected.get("attention").asText()), c.attentionScore());
        assertEquals(org.attentionworkbench.text.Tokenization.JAIN_WALLACE, c.tokenization());
        if (c.encoder() == EncoderType.CNN) assertEquals(List.of(5, 1, 3), c.kernelWidths(), "their keys' order");
        assertEquals(c.encoder().id() + (c.attentionScore() == AttentionScore.DOT ? "+dot" : ""), m.card().encoderLabel(),
                "listings name a dot model's attention");
        List<int[]> docs = new ArrayList<>();
        for (JsonNode s : expected.get("sequences")) {
            int[] ids = ids(s.get("ids"));
            docs.add(ids);
            List<String> tokens = java.util.Arrays.stream(ids).mapToObj(i -> m.vocabulary().token(i)).toList();
            org.attentionworkbench.explain.EncodedDocument doc = m.encode(tokens);
            assertArrayEquals(ids, doc.ids(), "the document holds the real tokens only");
            assertClose(doubles(s.get("probabilities")), doc.probabilities(), tol, name + " probabilities of " + s.get("ids"));
            assertClose(doubles(s.get("attention")), doc.attention(), tol, name + " attention of " + s.get("ids"));
            // In the network: <SOS> and <EOS> were read and got exactly zero attention; the rest sums to 1.
            int[] wrapped = new int[ids.length + 2];
            wrapped[0] = 2;
            System.arraycopy(ids, 0, wrapped, 1, ids.length);
            wrapped[ids.length + 1] = 3;
            double[] alpha = m.network().forward(m.network().batch(List.of(wrapped))).alpha()
                    .castTo(DataType.DOUBLE).toDoubleVector();
            assertEquals(0.0, alpha[0], 0.0, "<SOS> is never attended to");
            assertEquals(0.0, alpha[alpha.length - 1], 0.0, "<EOS> is never attended to");
            assertEquals(1.0, java.util.Arrays.stream(alpha).sum(), 1e-6);
        }
        List<double[]> batched = m.outputs(docs, 3);
        int k = 0;
        for (JsonNode s : expected.get("sequences")) {
            assertClose(doubles(s.get("probabilities")), batched.get(k++), tol, name + " batched " + s.get("ids"));
        }
    }

    /**
     * With markers, the variants of leave-one-out and occlusion (the BiLSTM's shortcut and the
     * others' re-runs) are those of the real tokens, each read between <SOS> and <EOS>; readouts and
     * input gradients are the real tokens' too.
     */
    @ParameterizedTest
    @org.junit.jupiter.params.provider.ValueSource(strings = {"lstm-dot", "cnn-tanh", "avg-tanh"})
    void variantsReadoutsAndGradientsOfAMarkedModelAreTheRealTokens(String name) {
        AttentionModel m = fixture(name).model();
        int[] ids = {28, 9, 10, 11, 12, 13, 14, 1, 17};
        List<String> tokens = java.util.Arrays.stream(ids).mapToObj(i -> m.vocabulary().token(i)).toList();
        org.attentionworkbench.explain.EncodedDocument doc = m.encode(tokens);
        List<int[]> deleted = new ArrayList<>();
        List<int[]> occluded = new ArrayList<>();
        for (int j = 0; j < ids.length; j++) {
            int[] d = new int[ids.length - 1];
            System.arraycopy(ids, 0, d, 0, j);
            System.arraycopy(ids, j + 1, d, j, ids.length - j - 1);
            deleted.add(d);
            int[] o = ids.clone();
            o[j] = 1;
            occluded.add(o);
        }
        List<double[]> loo = m.leaveOneOutOutputs(doc);
        List<double[]> occ = m.occlusionOutputs(doc, 1);
        List<double[]> looLiteral = m.outputs(deleted, 4);
        List<double[]> occLiteral = m.outputs(occluded, 4);
        assertEquals(ids.length, loo.size());
        for (int j = 0; j < ids.length; j++) {
            assertArrayEquals(looLiteral.get(j), loo.get(j), 1e-5, name + " leave-one-out " + j);
            assertArrayEquals(occLiteral.get(j), occ.get(j), 1e-5, name + " occlusion " + j);
        }
        org.attentionworkbench.explain.Readout r = m.readouts(List.of(ids)).get(0);
        assertArrayEquals(doc.attention(), r.attention(), 1e-6);
        assertEquals(ids.length, r.contributions().length);
        assertEquals(ids.length, m.inputGradients(doc, 1, true).gradient().length);
        org.attentionworkbench.explain.IntegratedGradients ig = m.integratedGradients(doc, 1,
                org.attentionworkbench.explain.IntegratedGradients.Baseline.ZERO, 64);
        assertEquals(ids.length, ig.attributions().length);
        double sum = java.util.Arrays.stream(ig.attributions()).sum();
        assertEquals(ig.output() - ig.baselineOutput(), sum, 0.05 * Math.abs(ig.output() - ig.baselineOutput()) + 0.01,
                "completeness over the real tokens (the markers stay at their own embeddings)");
    }

    /**
     * The tokenization is part of the imported model's config: a text gives the ids of their
     * preprocessing (lower case, their splitting, numbers as qqq), the network reads them between
     * <SOS> and <EOS>, and all of it survives the archive.
     */
    @Test
    void aTextGivesTheIdsOfTheirPreprocessingAndTheArchiveKeepsIt() {
        AttentionModel m = fixture("cnn-tanh").model();
        String text = "The movie was GREAT, not awful! 10/10";
        List<String> tokens = m.tokens(text);
        assertEquals(List.of("the", "movie", "was", "great", ",", "not", "awful", "!", "qqq"), tokens);
        assertArrayEquals(new int[] {4, 5, 6, 7, 1, 9, 8, 1, 12}, m.ids(tokens), "',' and '!' are not in the vocabulary");
        org.attentionworkbench.explain.EncodedDocument doc = m.encode(text);
        assertEquals(tokens, doc.tokens());
        assertEquals(1.0, java.util.Arrays.stream(doc.attention()).sum(), 1e-12);
        assertEquals(List.of("film", "qqq"), m.tokenizer().tokenize("Film 2019"));
        Path zip = dir.resolve("jw-cnn-tanh.zip");
        m.save(zip);
        AttentionModel back = AttentionModel.load(zip);
        assertEquals(org.attentionworkbench.text.Tokenization.JAIN_WALLACE, back.config().tokenization());
        assertEquals(List.of(5, 1, 3), back.config().kernelWidths());
        assertArrayEquals(doc.probabilities(), back.encode(text).probabilities(), 0.0);
        assertArrayEquals(doc.attention(), back.encode(text).attention(), 0.0);
        // The workbench's own tokenization keeps "10/10" apart and reads no markers.
        assertEquals(List.of("10", "/", "10"), jainWallace().model().tokens("10/10"));
    }

    @Test
    void whatTheirModelsCannotBeReadAsIsRefusedInOneLine() throws IOException {
        Path vocab = dir.resolve("v.vocab.txt");
        Files.write(vocab, Files.readAllLines(resource("jw-cnn-tanh.vocab.txt")).stream()
                .map(t -> t.equals("<EOS>") ? "eos" : t).toList());
        Path cfg = dir.resolve("c.config.json");
        Files.writeString(cfg, "{\"layout\":\"jain-wallace\",\"labels\":[\"n\",\"p\"]}");
        ModelArchiveException e = assertThrows(ModelArchiveException.class,
                () -> ModelImport.read(resource("jw-cnn-tanh.safetensors"), vocab, cfg, "x"));
        assertTrue(e.getMessage().contains("has no <EOS>") && e.getMessage().contains("\"tokenizer\": \"workbench\""),
                e.getMessage());
        Files.writeString(cfg, "{\"layout\":\"jain-wallace\",\"labels\":[\"n\",\"p\"],\"activation\":\"tanh\"}");
        e = assertThrows(ModelArchiveException.class, () -> ModelImport.read(resource("jw-cnn-tanh.safetensors"),
                resource("jw-cnn-tanh.vocab.txt"), cfg, "x"));
        assertTrue(e.getMessage().contains("activation 'tanh' is not the workbench's CNN activation (relu)"), e.getMessage());
        Files.writeString(cfg, "{\"layout\":\"jain-wallace\",\"labels\":[\"n\",\"p\"],\"tokenizer\":\"nltk\"}");
        e = assertThrows(ModelArchiveException.class, () -> ModelImport.read(resource("jw-cnn-tanh.safetensors"),
                resource("jw-cnn-tanh.vocab.txt"), cfg, "x"));
        assertTrue(e.getMessage().contains("tokenizer 'nltk' is not jain-wallace or workbench"), e.getMessage());
        // An even kernel width: their own padding makes it one position short.
        Map<String, SafetensorsWriter.Tensor> t = new java.util.TreeMap<>();
        SafetensorsFile f = SafetensorsFile.read(resource("jw-cnn-tanh.safetensors"));
        for (String name : f.entries().keySet()) {
            t.put(name, new SafetensorsWriter.Tensor(SafetensorsDType.F32, f.entries().get(name).shape(), f.values(name)));
        }
        t.put("convolutions.1.weight", new SafetensorsWriter.Tensor(SafetensorsDType.F32, new long[] {3, 6, 2},
                new double[3 * 6 * 2]));
        Path even = dir.resolve("even.safetensors");
        Files.write(even, SafetensorsWriter.bytes(t, Map.of("format", "pt")));
        Files.writeString(cfg, "{\"layout\":\"jain-wallace\",\"labels\":[\"n\",\"p\"]}");
        e = assertThrows(ModelArchiveException.class, () -> ModelImport.read(even, resource("jw-cnn-tanh.vocab.txt"), cfg, "x"));
        assertTrue(e.getMessage().contains("even kernel width 2"), e.getMessage());
    }

    /**
     * A dot-attention model keeps its attention through an archive and through export/import (the
     * same weights bit for bit, the same outputs), and a config.json written before dot attention
     * and tokenizations existed reads as tanh with the workbench's tokenizer.
     */
    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void aDotAttentionModelSurvivesTheArchiveAndTheExport(EncoderType type) throws IOException {
        org.attentionworkbench.text.Vocabulary v = TestModels.vocabulary(40);
        ModelConfig cfg = TestModels.config(type, v.size(), 8, 6, 3).withAttentionScore(AttentionScore.DOT);
        AttentionNetwork net = AttentionNetwork.create(cfg, 4, DataType.FLOAT);
        TestModels.randomise(net, 5, 0.8);
        AttentionModel m = new AttentionModel(v, net, TestModels.card(type, cfg, List.of("neg", "neutral", "pos")));
        String text = v.tokens().subList(2, 12).stream().collect(java.util.stream.Collectors.joining(" "));
        double[] probs = m.encode(text).probabilities();
        Path zip = dir.resolve(type.id() + "-dot.zip");
        m.save(zip);
        AttentionModel back = AttentionModel.load(zip);
        assertEquals(AttentionScore.DOT, back.config().attentionScore());
        assertArrayEquals(probs, back.encode(text).probabilities(), 0.0);
        ModelExport.Bundle b = ModelExport.write(m, dir.resolve(type.id() + "-dot.safetensors"));
        assertTrue(SafetensorsFile.read(b.weights()).entries().containsKey("att.w"));
        AttentionModel imported = ModelImport.read(b.weights(), b.vocab(), b.config(), "x").model();
        assertEquals(m.config(), imported.config());
        assertArrayEquals(probs, imported.encode(text).probabilities(), 0.0);
        // An old config.json: no attentionScore, no tokenization.
        com.fasterxml.jackson.databind.node.ObjectNode old = ModelArchive.JSON.valueToTree(TestModels.config(type, 40, 8, 6, 3));
        old.remove("attentionScore");
        old.remove("tokenization");
        ModelConfig read = ModelArchive.readConfig(dir, old);
        assertEquals(AttentionScore.TANH, read.attentionScore());
        assertEquals(org.attentionworkbench.text.Tokenization.WORKBENCH, read.tokenization());
    }

    @Test
    void theBinaryDecoderBecomesTwoClassesWithAZeroLogit() {
        ParameterSet p = jainWallace().model().network().parameters();
        INDArray w = p.get("out.W");
        assertArrayEquals(new long[] {8, 2}, w.shape());
        for (int i = 0; i < 8; i++) assertEquals(0.0, w.getDouble(i, 0), "class 0's weights are zero");
        assertEquals(0.0, p.get("out.b").getDouble(0, 0));
    }

    @Test
    void theCardSaysWhereTheModelCameFrom() throws IOException {
        AttentionModel m = jainWallace().model();
        Map<String, Object> imported = m.card().imported();
        assertNotNull(imported);
        assertEquals("jain-wallace", imported.get("layout"));
        Map<?, ?> weights = (Map<?, ?>) imported.get("weights");
        assertEquals("jw-tiny.safetensors", weights.get("file"));
        assertEquals(ModelArchive.fileSha256(resource("jw-tiny.safetensors")), weights.get("sha256"));
        assertEquals(ModelArchive.fileSha256(resource("jw-tiny.vocab.txt")), ((Map<?, ?>) imported.get("vocab")).get("sha256"));
        assertEquals(ModelArchive.fileSha256(resource("jw-tiny.config.json")), ((Map<?, ?>) imported.get("config")).get("sha256"));
        // ... and keeps saying it once saved and loaded as an archive.
        Path zip = dir.resolve("jw-tiny.zip");
        m.save(zip);
        AttentionModel back = AttentionModel.load(zip);
        assertEquals(imported.get("layout"), back.card().imported().get("layout"));
        assertEquals(weights.get("sha256"), ((Map<?, ?>) back.card().imported().get("weights")).get("sha256"));
        assertEquals("<pad>", back.vocabulary().tokens().get(0), "their <PAD> is ours");
        assertEquals("<SOS>", back.vocabulary().tokens().get(2));
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void exportThenImportIsBitIdentical(EncoderType type) throws IOException {
        for (DataType dt : List.of(DataType.FLOAT, DataType.DOUBLE)) {
            AttentionModel m = TestModels.model(type, dt, 5);
            TestModels.randomise(m.network(), 6, 0.8);
            ModelExport.Bundle b = ModelExport.write(m, dir.resolve(type.id() + "-" + dt + ".safetensors"));
            assertTrue(Files.isRegularFile(b.vocab()) && Files.isRegularFile(b.config()));
            AttentionModel back = ModelImport.read(b.weights(), b.vocab(), b.config(), "back").model();
            assertEquals(dt, back.network().dataType());
            assertEquals(m.config(), back.config());
            assertEquals(m.vocabulary().tokens(), back.vocabulary().tokens());
            assertEquals(m.labels(), back.labels());
            for (Map.Entry<String, INDArray> e : m.network().parameters().asMap().entrySet()) {
                INDArray a = e.getValue();
                INDArray r = back.network().parameters().get(e.getKey());
                assertArrayEquals(a.shape(), r.shape(), e.getKey());
                if (dt == DataType.DOUBLE) {
                    assertArrayEquals(a.dup('c').data().asDouble(), r.dup('c').data().asDouble(), 0.0, e.getKey());
                } else {
                    assertArrayEquals(a.dup('c').data().asFloat(), r.dup('c').data().asFloat(), 0.0f, e.getKey());
                }
            }
            List<int[]> docs = List.of(new int[] {2, 3, 4, 5}, new int[] {7, 1, 9, 12, 30, 8, 2});
            List<double[]> out = m.network().classify(docs);
            List<double[]> outBack = back.network().classify(docs);
            for (int i = 0; i < docs.size(); i++) assertArrayEquals(out.get(i), outBack.get(i), 0.0, "identical outputs");
        }
    }

    @Test
    void theSafetensorsFileOfAnExportIsSortedAndCarriesItsFormat() throws IOException {
        AttentionModel m = TestModels.model(EncoderType.BILSTM, DataType.FLOAT, 3);
        ModelExport.Bundle b = ModelExport.write(m, dir.resolve("m.safetensors"));
        SafetensorsFile f = SafetensorsFile.read(b.weights());
        assertEquals(AttentionNetwork.parameterShapes(m.config()).keySet().stream().sorted().toList(),
                List.copyOf(f.entries().keySet()), "names sorted, byte ranges in name order");
        assertEquals("workbench", f.metadata().get("layout"));
        assertEquals("pt", f.metadata().get("format"));
        assertTrue(f.entries().values().stream().allMatch(e -> e.dtype() == SafetensorsDType.F32));
        assertEquals(0, (Files.size(b.weights()) - f.entries().get("out.b").end()) % 8, "header padded to 8 bytes");
    }

    @Test
    void aFrozenAttentionTwinIsNotExported() {
        AttentionModel base = TestModels.model(EncoderType.AVERAGE, DataType.FLOAT, 1);
        ModelConfig cfg = base.config().withAttention(AttentionSource.FROZEN, "base.zip", "ab".repeat(32));
        AttentionNetwork net = AttentionNetwork.create(cfg, 2, DataType.FLOAT, base.network());
        AttentionModel twin = new AttentionModel(base.vocabulary(), net, base.card());
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> ModelExport.write(twin, dir.resolve("t.safetensors")));
        assertTrue(e.getMessage().contains("base.zip"), e.getMessage());
    }

    @Test
    void aTensorOfAnotherShapeOrAStrayTensorIsRefusedByName() throws IOException {
        AttentionModel m = TestModels.model(EncoderType.AVERAGE, DataType.FLOAT, 3);
        ModelExport.Bundle b = ModelExport.write(m, dir.resolve("m.safetensors"));
        // The jain-wallace layout on the workbench's names: no embedding.weight.
        Path jw = dir.resolve("jw.config.json");
        Files.writeString(jw, "{\"layout\":\"jain-wallace\",\"labels\":[\"a\",\"b\",\"c\"]}");
        ModelArchiveException e = assertThrows(ModelArchiveException.class,
                () -> ModelImport.read(b.weights(), b.vocab(), jw, "x"));
        assertTrue(e.getMessage().contains("no tensor embedding.weight, which the jain-wallace layout needs"), e.getMessage());
        Path unknown = dir.resolve("u.config.json");
        Files.writeString(unknown, "{\"layout\":\"keras\"}");
        e = assertThrows(ModelArchiveException.class, () -> ModelImport.read(b.weights(), b.vocab(), unknown, "x"));
        assertTrue(e.getMessage().contains("layout 'keras' is not one the workbench reads (workbench, jain-wallace"),
                e.getMessage());
    }

    static int[] ids(JsonNode a) {
        int[] out = new int[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asInt();
        return out;
    }

    static double[] doubles(JsonNode a) {
        double[] out = new double[a.size()];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i).asDouble();
        return out;
    }

    static void assertClose(double[] want, double[] got, double tol, String what) {
        assertEquals(want.length, got.length, what);
        for (int i = 0; i < want.length; i++) {
            assertEquals(want[i], got[i], tol, what + " [" + i + "]: want " + java.util.Arrays.toString(want)
                    + ", got " + java.util.Arrays.toString(got));
        }
    }

    /**
     * "Open model..." in the window takes a safetensors bundle: the loader imports it on the fly with
     * the same outputs as the import command, the catalog names it by its stem with its card, and a
     * bundle without its config is refused with the missing file named.
     */
    @Test
    void theWindowsLoaderOpensABundleAndNamesAMissingPart() throws Exception {
        org.attentionworkbench.explain.AttentionClassifier opened = ModelLoader.open(resource("jw-tiny.safetensors"));
        AttentionModel imported = ModelImport.read(resource("jw-tiny.safetensors"), resource("jw-tiny.vocab.txt"),
                resource("jw-tiny.config.json"), "jw-tiny").model();
        java.util.List<String> tokens = imported.vocabulary().tokens().subList(2, 7);
        org.junit.jupiter.api.Assertions.assertArrayEquals(imported.encode(tokens).probabilities(),
                opened.encode(tokens).probabilities(), 0.0);
        ModelCatalog.Entry entry = ModelCatalog.empty().entryFor(resource("jw-tiny.safetensors"));
        org.junit.jupiter.api.Assertions.assertEquals("jw-tiny", entry.name());
        org.junit.jupiter.api.Assertions.assertEquals(imported.labels(), entry.card().labels());
        Path alone = java.nio.file.Files.copy(resource("jw-tiny.safetensors"), dir.resolve("alone.safetensors"));
        java.nio.file.Files.copy(resource("jw-tiny.vocab.txt"), dir.resolve("alone.vocab.txt"));
        ModelArchiveException e = org.junit.jupiter.api.Assertions.assertThrows(ModelArchiveException.class,
                () -> ModelLoader.open(alone));
        org.junit.jupiter.api.Assertions.assertTrue(e.getMessage().contains("alone.config.json"), e.getMessage());
    }
}
