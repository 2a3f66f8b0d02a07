package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Model archives are what users share and what the catalogue lists, so: saving then loading must
 * give exactly the same model (bit for bit), and every kind of bad file must give one clear,
 * user-facing {@link ModelArchiveException} that names the file and the problem — never an
 * ND4J, zip or Jackson exception, and never Java deserialisation.
 */
class ModelArchiveTest {

    @TempDir
    static Path dir;

    /** A valid FLOAT archive, the starting point of the damaged-file tests. */
    private static Path good;
    private static byte[] goodBytes;

    @BeforeAll
    static void writeGoodArchive() throws IOException {
        AttentionModel m = TestModels.model(EncoderType.BILSTM, DataType.FLOAT, 5);
        good = dir.resolve("good.zip");
        m.save(good);
        goodBytes = Files.readAllBytes(good);
    }

    static Stream<Arguments> encodersAndPrecisions() {
        return Stream.of(EncoderType.values())
                .flatMap(t -> Stream.of(Arguments.of(t, DataType.FLOAT), Arguments.of(t, DataType.DOUBLE)));
    }

    // ------------------------------------------------------------------ round trip

    @ParameterizedTest(name = "{0} {1}")
    @MethodSource("encodersAndPrecisions")
    void saveThenLoadIsBitIdentical(EncoderType type, DataType dt) {
        AttentionModel original = TestModels.model(type, dt, 11);
        // Non-default weights (and a signed zero) so that nothing can be "recovered" by re-initialising.
        TestModels.randomise(original.network(), 99, 0.7);
        original.network().parameters().get("out.b").putScalar(0, -0.0);
        Path file = dir.resolve("roundtrip-" + type + "-" + dt + ".zip");
        original.save(file);

        AttentionModel loaded = AttentionModel.load(file);

        assertEquals(original.config(), loaded.config());
        assertEquals(original.card(), loaded.card()); // NaN fields included (record equality uses Double.compare)
        assertEquals(original.vocabulary().tokens(), loaded.vocabulary().tokens());
        assertEquals(dt, loaded.network().dataType());
        Map<String, INDArray> a = original.network().parameters().asMap();
        Map<String, INDArray> b = loaded.network().parameters().asMap();
        assertEquals(a.keySet().stream().toList(), b.keySet().stream().toList(), "same names, same order");
        for (String name : a.keySet()) {
            INDArray x = a.get(name);
            INDArray y = b.get(name);
            assertArrayEquals(x.shape(), y.shape(), name);
            assertEquals(x.dataType(), y.dataType(), name);
            // Compare the raw bit patterns: exact, and -0.0 != 0.0.
            long[] xb = bits(x);
            long[] yb = bits(y);
            assertArrayEquals(xb, yb, type + " " + dt + " " + name);
        }
        // And, as a consequence, identical outputs.
        String text = "The well-made film isn't 7.5 ! café";
        assertArrayEquals(original.encode(text).probabilities(), loaded.encode(text).probabilities(), 0.0);
    }

    private static long[] bits(INDArray a) {
        INDArray c = a.dup('c');
        if (a.dataType() == DataType.DOUBLE) {
            return Arrays.stream(c.data().asDouble()).mapToLong(Double::doubleToRawLongBits).toArray();
        }
        float[] f = c.data().asFloat();
        long[] out = new long[f.length];
        for (int i = 0; i < f.length; i++) out[i] = Float.floatToRawIntBits(f[i]);
        return out;
    }

    @Test
    void savingTwiceGivesIdenticalBytes() throws IOException {
        // Reproducible archives: entry times are fixed, so the same model gives the same file.
        Path again = dir.resolve("good-again.zip");
        AttentionModel.load(good).save(again);
        assertArrayEquals(goodBytes, Files.readAllBytes(again));
    }

    @Test
    void readCardWorksWithoutDecodingWeights() throws IOException {
        // weights.bin replaced by garbage (checksum updated, so only decoding it can fail): load must
        // refuse the file, readCard must not even notice.
        Path f = rewrite("garbage-weights.zip", e -> {
            e.put("weights.bin", "not weights at all".getBytes(StandardCharsets.US_ASCII));
            return e;
        }, true);
        ModelCard card = ModelArchive.readCard(f);
        assertEquals(AttentionModel.load(good).card(), card);
        ModelArchiveException ex = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(ex, f, "weights.bin");
    }

    // ------------------------------------------------------------------ bad files

    @Test
    void missingFile() {
        Path f = dir.resolve("does-not-exist.zip");
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "not found");
        assertMessage(assertThrows(ModelArchiveException.class, () -> ModelArchive.readCard(f)), f, "not found");
    }

    @Test
    void directoryInsteadOfFile() {
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(dir));
        assertMessage(e, dir, "not a file");
    }

    @Test
    void zeroByteFile() throws IOException {
        Path f = Files.write(dir.resolve("empty.zip"), new byte[0]);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "not a zip");
    }

    @Test
    void textFileIsNotAZip() throws IOException {
        Path f = Files.writeString(dir.resolve("notes.zip"), "This is just a text file.\nNothing to see.\n");
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "not a zip");
    }

    @Test
    void truncatedArchive() throws IOException {
        Path f = Files.write(dir.resolve("half.zip"), Arrays.copyOf(goodBytes, goodBytes.length / 2));
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "truncated");
    }

    @Test
    void truncatedAnywhereIsRefusedAsTruncated() throws IOException {
        // Cuts inside every entry (not only the big weights.bin) must say "truncated", not e.g.
        // "it has no weights.bin" or "not a workbench model".
        for (int cut : new int[] {40, 200, 400, goodBytes.length / 4, goodBytes.length * 3 / 4,
                goodBytes.length - 200}) {
            Path f = Files.write(dir.resolve("cut-" + cut + ".zip"), Arrays.copyOf(goodBytes, cut));
            ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f),
                    "cut at " + cut);
            assertMessage(e, f, "truncated");
        }
    }

    @Test
    void flippedBytesInStoredWeightsAreCaughtByTheZipCrc() throws IOException {
        // Flip bytes in the middle of weights.bin's DEFLATEd data: either inflating fails or the CRC
        // does not match; both are reported as a corrupt archive.
        byte[] bad = goodBytes.clone();
        int start = indexOf(bad, "weights.bin".getBytes(StandardCharsets.US_ASCII)) + 100;
        for (int i = 0; i < 16; i++) bad[start + 200 + i * 7] ^= (byte) 0x5A;
        Path f = Files.write(dir.resolve("flipped.zip"), bad);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "corrupt");
    }

    @Test
    void modifiedWeightsWithTheOldChecksumAreCorrupt() throws IOException {
        // A well-formed zip whose weights.bin differs by one value from what format.json's sha256 says.
        Path f = rewrite("tampered.zip", e -> {
            byte[] w = e.get("weights.bin").clone();
            w[w.length - 1] ^= 1;
            e.put("weights.bin", w);
            return e;
        }, false);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "weights.bin is corrupt");
    }

    @Test
    void foreignZip() throws IOException {
        Path f = dir.resolve("photos.zip");
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            zip.putNextEntry(new ZipEntry("readme.txt"));
            zip.write("holiday pictures".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
            zip.putNextEntry(new ZipEntry("img/001.jpg"));
            zip.write(new byte[] {(byte) 0xFF, (byte) 0xD8, (byte) 0xFF});
            zip.closeEntry();
        }
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "not an Attention Workbench model");
        assertMessage(assertThrows(ModelArchiveException.class, () -> ModelArchive.readCard(f)), f,
                "not an Attention Workbench model");
    }

    @Test
    void zipWithAnotherFormatName() throws IOException {
        Path f = rewrite("other-format.zip", e -> {
            e.put("format.json", "{\"format\":\"keras-model\",\"version\":1}".getBytes(StandardCharsets.UTF_8));
            return e;
        }, false);
        assertMessage(assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f)), f,
                "not an Attention Workbench model");
    }

    @Test
    void futureFormatVersion() throws IOException {
        Path f = rewrite("v99.zip", e -> {
            ObjectNode fmt = json(e.get("format.json"));
            fmt.put("version", 99);
            e.put("format.json", bytes(fmt));
            return e;
        }, false);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "version 99");
        assertMessage(e, f, "update the workbench");
        assertMessage(assertThrows(ModelArchiveException.class, () -> ModelArchive.readCard(f)), f, "version 99");
    }

    @Test
    void weightShapeThatDoesNotMatchTheConfigIsRefused() throws IOException {
        // Valid checksums everywhere, but out.W is stored with one column too many.
        Path f = rewrite("wrong-shape.zip", e -> {
            try {
                ParameterSet p = ModelArchive.readWeights(good, e.get("weights.bin"));
                INDArray w = p.get("out.W");
                p.put("out.W", Nd4j.concat(1, w, w.getColumn(0).reshape(w.rows(), 1)));
                e.put("weights.bin", ModelArchive.weightBytes(p));
            } catch (IOException ex) {
                throw new RuntimeException(ex);
            }
            return e;
        }, true);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "out.W");
        assertMessage(e, f, "shape");
    }

    @Test
    void configThatDoesNotMatchTheWeightsIsRefused() throws IOException {
        // The other way round: config.json claims a larger hidden size than the stored weights have.
        Path f = rewrite("wrong-config.zip", e -> {
            ObjectNode cfg = json(e.get("config.json"));
            cfg.put("hiddenSize", cfg.get("hiddenSize").asInt() + 1);
            e.put("config.json", bytes(cfg));
            return e;
        }, true);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "shape");
    }

    @Test
    void vocabularyThatDoesNotMatchTheConfigIsRefused() throws IOException {
        Path f = rewrite("short-vocab.zip", e -> {
            e.put("vocab.txt", "<pad>\n<unk>\nthe\n".getBytes(StandardCharsets.UTF_8));
            return e;
        }, true);
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        assertMessage(e, f, "vocabulary");
    }

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void theShapesCheckedAtLoadAreTheShapesCreateMakes(EncoderType type) {
        // Loading checks stored arrays against parameterShapes before allocating anything, so it
        // must name exactly the arrays, shapes and order that create() (and so save) produce.
        ModelConfig cfg = new ModelConfig(type, 9, 4, 3, List.of(1, 3, 5), 2, 3, 10);
        Map<String, long[]> shapes = AttentionNetwork.parameterShapes(cfg);
        Map<String, INDArray> made = AttentionNetwork.create(cfg, 1, DataType.FLOAT).parameters().asMap();
        assertEquals(made.keySet().stream().toList(), shapes.keySet().stream().toList());
        for (String name : made.keySet()) assertArrayEquals(made.get(name).shape(), shapes.get(name), name);
    }

    @Test
    void aCheckpointWeightFileWhoseShapeProductWrapsIsCorrupt() throws IOException {
        // Trainer's adam.bin has no config to check shapes against: the product itself must be
        // overflow-checked. [2^30, 2^30, 8] is 2^63 values, a negative long whose 4-byte size is 0.
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (java.io.DataOutputStream out = new java.io.DataOutputStream(b)) {
            out.writeBytes("AWBW");
            out.writeInt(1);
            out.writeUTF("m.out.b");
            out.writeByte(1);
            out.writeByte(3);
            for (long d : new long[] {1L << 30, 1L << 30, 8}) out.writeLong(d);
            out.writeFloat(1f);
        }
        Path f = dir.resolve("adam.bin");
        ModelArchiveException e = assertThrows(ModelArchiveException.class,
                () -> ModelArchive.readWeights(f, b.toByteArray()));
        assertMessage(e, f, "more values than any file can hold");
    }

    @Test
    void loadingNeverDeserialisesJavaObjects() throws IOException {
        // Source level: the archive code never mentions ObjectInputStream / readObject.
        Path src = Path.of("src/main/java/org/attentionworkbench/model/ModelArchive.java");
        String text = Files.readString(src);
        assertFalse(text.contains("ObjectInputStream"), "ModelArchive.java uses ObjectInputStream");
        assertFalse(text.contains("readObject"), "ModelArchive.java uses readObject");
        // Byte-code level, for every class of the model package (checkpoints are read by Trainer):
        // a class that used ObjectInputStream would have its name in the constant pool.
        byte[] needle = "java/io/ObjectInputStream".getBytes(StandardCharsets.US_ASCII);
        int checked = 0;
        for (Class<?> c : new Class<?>[] {ModelArchive.class, AttentionModel.class, Trainer.class, ModelCatalog.class,
                AttentionNetwork.class}) {
            try (InputStream in = c.getResourceAsStream(c.getSimpleName() + ".class")) {
                assertTrue(in != null, c + " class file");
                assertEquals(-1, indexOf(in.readAllBytes(), needle), c + " references ObjectInputStream");
                checked++;
            }
        }
        assertEquals(5, checked);
        // The check itself works: a class that does use it is detected.
        try (InputStream in = ObjectUser.class.getResourceAsStream("ModelArchiveTest$ObjectUser.class")) {
            assertNotEquals(-1, indexOf(in.readAllBytes(), needle));
        }
    }

    /** Exists only to prove the constant-pool scan above can fail. */
    static final class ObjectUser {
        static Object read(InputStream in) throws IOException, ClassNotFoundException {
            return new java.io.ObjectInputStream(in).readObject();
        }
    }

    // ------------------------------------------------------------------ helpers

    private static void assertMessage(ModelArchiveException e, Path file, String reason) {
        String m = e.getMessage();
        assertTrue(m.contains(file.toString()), "message should name the file: " + m);
        assertTrue(m.toLowerCase().contains(reason.toLowerCase()), "message should say '" + reason + "': " + m);
    }

    /**
     * Copies the good archive's entries into a new zip after {@code change}; with
     * {@code fixChecksums} format.json's sha256 values are recomputed so only the change is wrong.
     */
    private static Path rewrite(String name, UnaryOperator<Map<String, byte[]>> change, boolean fixChecksums)
            throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        try (ZipInputStream zip = new ZipInputStream(Files.newInputStream(good))) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) entries.put(e.getName(), zip.readAllBytes());
        }
        entries = change.apply(entries);
        if (fixChecksums) {
            ObjectNode fmt = json(entries.get("format.json"));
            ObjectNode sums = (ObjectNode) fmt.get("sha256");
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                if (!e.getKey().equals("format.json")) sums.put(e.getKey(), ModelArchive.sha256(e.getValue()));
            }
            entries.put("format.json", bytes(fmt));
        }
        Path f = dir.resolve(name);
        try (OutputStream out = Files.newOutputStream(f); ZipOutputStream zip = new ZipOutputStream(out)) {
            for (Map.Entry<String, byte[]> e : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(e.getKey()));
                zip.write(e.getValue());
                zip.closeEntry();
            }
        }
        return f;
    }

    private static ObjectNode json(byte[] b) {
        try {
            return (ObjectNode) ModelArchive.JSON.readTree(b);
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static byte[] bytes(ObjectNode n) {
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            ModelArchive.JSON.writeValue(out, n);
            return out.toByteArray();
        } catch (IOException e) {
            throw new RuntimeException(e);
        }
    }

    private static int indexOf(byte[] hay, byte[] needle) {
        outer:
        for (int i = 0; i + needle.length <= hay.length; i++) {
            for (int j = 0; j < needle.length; j++) if (hay[i + j] != needle[j]) continue outer;
            return i;
        }
        return -1;
    }
}
