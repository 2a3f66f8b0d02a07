package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * A HAN archive whose config.json lies (sizes out of range, unknown encoders, missing fields, sizes
 * that disagree with the weights), with checksums made to match, is refused before anything is
 * allocated from it, in one line naming the field.
 */
class HanArchiveHostileTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TempDir
    Path dir;

    private Path forged(String name, Consumer<ObjectNode> edit) throws Exception {
        Path good = dir.resolve("good.zip");
        HanNetworkTest.tinyModel(LevelEncoder.BILSTM, LevelEncoder.CNN, DataType.FLOAT).save(good);
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream in = new ZipInputStream(Files.newInputStream(good))) {
            for (ZipEntry e; (e = in.getNextEntry()) != null; ) entries.put(e.getName(), in.readAllBytes());
        }
        ObjectNode config = (ObjectNode) JSON.readTree(entries.get("config.json"));
        edit.accept(config);
        entries.put("config.json", JSON.writeValueAsBytes(config));
        ObjectNode format = (ObjectNode) JSON.readTree(entries.get("format.json"));
        ((ObjectNode) format.get("sha256")).put("config.json",
                HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(entries.get("config.json"))));
        entries.put("format.json", JSON.writeValueAsBytes(format));
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream out = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                out.putNextEntry(new ZipEntry(e.getKey()));
                out.write(e.getValue());
                out.closeEntry();
            }
        }
        return Files.write(dir.resolve(name), bytes.toByteArray());
    }

    private void refused(Path archive, String... words) {
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> HanModel.load(archive));
        for (String w : words) assertTrue(e.getMessage().contains(w), "'" + w + "' not in: " + e.getMessage());
        assertTrue(!e.getMessage().contains("\n"), e.getMessage());
    }

    @Test
    void sizesOutOfRangeAreRefusedNamingTheField() throws Exception {
        refused(forged("sentences.zip", c -> c.put("maxSentences", 999_999_999)), "maxSentences", "999999999",
                "between 1 and 5000");
        refused(forged("length.zip", c -> c.put("maxSentenceLength", 0)), "maxSentenceLength");
        refused(forged("hidden.zip", c -> c.put("hiddenSize", 1_000_000_000_000L)), "hiddenSize");
        refused(forged("vocab.zip", c -> c.put("vocabSize", -3)), "vocabSize");
        refused(forged("kernels.zip", c -> c.putArray("kernelWidths").add(1).add(1_000)), "kernel width");
    }

    @Test
    void unknownOrMissingEncodersAndFieldsAreRefused() throws Exception {
        refused(forged("gru.zip", c -> c.put("wordEncoder", "GRU")), "wordEncoder", "GRU", "BILSTM, CNN or NONE");
        refused(forged("missing.zip", c -> c.remove("sentenceEncoder")), "sentenceEncoder");
        refused(forged("text.zip", c -> c.put("attentionSize", "many")), "attentionSize");
    }

    @Test
    void aConfigThatDisagreesWithTheWeightsIsRefusedBeforeTheyAreRead() throws Exception {
        refused(forged("wider.zip", c -> c.put("hiddenSize", 9)), "shape", "config.json needs");
        refused(forged("noenc.zip", c -> c.put("sentenceEncoder", "NONE")), "config.json's network has no use for");
    }

    @Test
    void aFlatLoaderSeesTheMarkOnlyAndAHanLoaderRefusesAFlatConfigWithTheMark() throws Exception {
        Path marked = forged("flat-marked.zip", c -> c.put("architecture", "FLAT"));
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> HanModel.load(marked));
        assertTrue(e.getMessage().contains("flat attention model"), e.getMessage());
    }
}
