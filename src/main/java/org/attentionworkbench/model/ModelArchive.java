package org.attentionworkbench.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipException;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Reads and writes model archives: one zip holding {@code format.json} (format name, version and
 * the sha256 of every other entry), {@code config.json}, {@code card.json}, {@code vocab.txt} (one
 * token per line, in id order) and {@code weights.bin} (named arrays in a plain binary layout:
 * name, data type, shape, big-endian values).
 *
 * <p>Nothing is ever deserialised as a Java object: JSON goes through Jackson into records, weights
 * are read number by number. Saving then loading gives bit-identical weights.
 */
public final class ModelArchive {

    /** Written in format.json; anything else is a foreign zip. */
    public static final String FORMAT_NAME = "attention-workbench-model";
    /** The archive layout version this code reads and writes. */
    public static final int FORMAT_VERSION = 1;

    private static final byte[] WEIGHTS_MAGIC = "AWBW".getBytes(StandardCharsets.US_ASCII);
    private static final long MAX_ENTRY_BYTES = 1L << 30;
    private static final List<String> PAYLOAD = List.of("config.json", "card.json", "vocab.txt", "weights.bin");

    static final ObjectMapper JSON = new ObjectMapper()
            .enable(SerializationFeature.INDENT_OUTPUT)
            .disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);

    private ModelArchive() {
    }

    /** Writes {@code model} to {@code path} atomically (a temporary file beside it, then a move). */
    public static void save(AttentionModel model, Path path) {
        try {
            Map<String, byte[]> entries = new LinkedHashMap<>();
            entries.put("config.json", JSON.writeValueAsBytes(model.config()));
            entries.put("card.json", JSON.writeValueAsBytes(model.card()));
            entries.put("vocab.txt", vocabBytes(model.vocabulary()));
            entries.put("weights.bin", weightBytes(model.network().parameters()));
            Map<String, Object> format = new LinkedHashMap<>();
            format.put("format", FORMAT_NAME);
            format.put("version", FORMAT_VERSION);
            format.put("data_type", model.network().dataType().name());
            Map<String, String> sums = new LinkedHashMap<>();
            for (Map.Entry<String, byte[]> e : entries.entrySet()) sums.put(e.getKey(), sha256(e.getValue()));
            format.put("sha256", sums);
            ByteArrayOutputStream zipped = new ByteArrayOutputStream();
            try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
                put(zip, "format.json", JSON.writeValueAsBytes(format));
                for (Map.Entry<String, byte[]> e : entries.entrySet()) put(zip, e.getKey(), e.getValue());
            }
            writeAtomically(path, zipped.toByteArray());
        } catch (IOException e) {
            throw new ModelArchiveException("could not write model archive " + path + ": " + e.getMessage(), e);
        }
    }

    /**
     * Writes a file of the model package (archive, checkpoint state) so that a crash leaves either
     * the old file or the new one: a sibling temporary file (created with the default permissions,
     * unlike {@code Files.createTempFile}'s owner-only ones), then a move over the target.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = target.resolveSibling(target.getFileName() + ".tmp");
        Files.write(tmp, bytes);
        try {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (AtomicMoveNotSupportedException e) {
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }

    /**
     * Loads a model archive, checking format, version and checksums.
     *
     * @throws ModelArchiveException naming the file and what is wrong with it
     */
    public static AttentionModel load(Path path) {
        Map<String, byte[]> entries = readEntries(path);
        JsonNode format = checkFormat(path, entries);
        for (String name : PAYLOAD) {
            byte[] data = entries.get(name);
            if (data == null) throw bad(path, "it has no " + name);
            String want = format.path("sha256").path(name).asText("");
            if (!want.equals(sha256(data))) throw bad(path, name + " is corrupt (checksum mismatch)");
        }
        try {
            ModelConfig config = JSON.readValue(entries.get("config.json"), ModelConfig.class);
            ModelCard card = JSON.readValue(entries.get("card.json"), ModelCard.class);
            Vocabulary vocab = readVocab(entries.get("vocab.txt"));
            DataType dt = DataType.valueOf(format.path("data_type").asText("FLOAT"));
            AttentionNetwork reference = AttentionNetwork.create(config, 0, dt);
            ParameterSet stored = readWeights(path, entries.get("weights.bin"));
            for (Map.Entry<String, INDArray> e : reference.parameters().asMap().entrySet()) {
                if (!stored.contains(e.getKey())) throw bad(path, "weights.bin lacks " + e.getKey());
                INDArray w = stored.get(e.getKey());
                if (!java.util.Arrays.equals(w.shape(), e.getValue().shape())) {
                    throw bad(path, "weight " + e.getKey() + " has shape " + java.util.Arrays.toString(w.shape())
                            + " but the config needs " + java.util.Arrays.toString(e.getValue().shape()));
                }
            }
            if (stored.asMap().size() != reference.parameters().asMap().size()) {
                throw bad(path, "weights.bin holds unexpected arrays");
            }
            ParameterSet ordered = new ParameterSet();
            for (String name : reference.parameters().asMap().keySet()) ordered.put(name, stored.get(name).castTo(dt));
            return new AttentionModel(vocab, new AttentionNetwork(config, ordered, dt), card);
        } catch (JsonProcessingException e) {
            throw bad(path, "its JSON is invalid (" + e.getOriginalMessage() + ")");
        } catch (IOException | IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
    }

    /** Reads only the card (fast: no weights are decoded). */
    public static ModelCard readCard(Path path) {
        Map<String, byte[]> entries = readEntries(path);
        checkFormat(path, entries);
        byte[] card = entries.get("card.json");
        if (card == null) throw bad(path, "it has no card.json");
        try {
            return JSON.readValue(card, ModelCard.class);
        } catch (IOException e) {
            throw bad(path, "its card.json is invalid (" + e.getMessage() + ")");
        }
    }

    private static JsonNode checkFormat(Path path, Map<String, byte[]> entries) {
        byte[] f = entries.get("format.json");
        if (f == null) {
            throw bad(path, "it is not an Attention Workbench model archive (no format.json)");
        }
        JsonNode format;
        try {
            format = JSON.readTree(f);
        } catch (IOException e) {
            throw bad(path, "its format.json is invalid");
        }
        if (!FORMAT_NAME.equals(format.path("format").asText())) {
            throw bad(path, "it is not an Attention Workbench model archive (format '"
                    + format.path("format").asText() + "')");
        }
        int version = format.path("version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw bad(path, "it has archive format version " + version + " but this workbench reads version "
                    + FORMAT_VERSION + (version > FORMAT_VERSION ? " (update the workbench)" : " (retrain or convert it)"));
        }
        return format;
    }

    private static Map<String, byte[]> readEntries(Path path) {
        if (!Files.exists(path)) throw new ModelArchiveException("model archive not found: " + path);
        if (!Files.isRegularFile(path)) throw new ModelArchiveException("not a file: " + path);
        Map<String, byte[]> entries = new HashMap<>();
        try {
            if (lacksZipEnd(path)) throw bad(path, "it is truncated (the zip has no end record)");
        } catch (IOException e) {
            throw new ModelArchiveException("could not read model archive " + path + ": " + e.getMessage(), e);
        }
        try (InputStream in = Files.newInputStream(path); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) {
                if (e.isDirectory()) continue;
                entries.put(e.getName(), readBounded(zip, path));
            }
        } catch (NoSuchFileException e) {
            throw new ModelArchiveException("model archive not found: " + path);
        } catch (EOFException e) {
            throw bad(path, "it is truncated");
        } catch (ZipException e) {
            throw bad(path, "it is corrupt or truncated (" + e.getMessage() + ")");
        } catch (IOException e) {
            throw new ModelArchiveException("could not read model archive " + path + ": " + e.getMessage(), e);
        }
        if (entries.isEmpty()) {
            throw bad(path, "it is not a zip archive, or an empty one");
        }
        return entries;
    }

    /**
     * Whether a file that starts like a zip lacks the end-of-central-directory record, i.e. was cut
     * short. Needed because {@link ZipInputStream} treats a file that ends inside or right before a
     * local entry header as a complete archive: a truncated model would otherwise be reported as
     * "it has no config.json". Files that do not start like a zip are left to the caller.
     */
    private static boolean lacksZipEnd(Path path) throws IOException {
        try (SeekableByteChannel ch = Files.newByteChannel(path)) {
            long size = ch.size();
            ByteBuffer head = ByteBuffer.allocate(4);
            while (head.hasRemaining() && ch.read(head) >= 0) { }
            byte[] h = head.array();
            if (head.position() < 4 || h[0] != 'P' || h[1] != 'K' || h[2] != 3 || h[3] != 4) return false;
            int tail = (int) Math.min(size, 22 + 65535); // end record + the longest zip comment
            ByteBuffer buf = ByteBuffer.allocate(tail);
            ch.position(size - tail);
            while (buf.hasRemaining() && ch.read(buf) >= 0) { }
            byte[] b = buf.array();
            for (int i = tail - 22; i >= 0; i--) {
                if (b[i] == 'P' && b[i + 1] == 'K' && b[i + 2] == 5 && b[i + 3] == 6) return false;
            }
            return true;
        }
    }

    private static byte[] readBounded(InputStream in, Path path) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        long total = 0;
        int n;
        while ((n = in.read(buf)) > 0) {
            total += n;
            if (total > MAX_ENTRY_BYTES) throw bad(path, "an entry is larger than 1 GiB");
            out.write(buf, 0, n);
        }
        return out.toByteArray();
    }

    private static ModelArchiveException bad(Path path, String why) {
        return new ModelArchiveException("cannot load model " + path + ": " + why);
    }

    private static void put(ZipOutputStream zip, String name, byte[] data) throws IOException {
        ZipEntry e = new ZipEntry(name);
        e.setTime(0); // reproducible archives
        zip.putNextEntry(e);
        zip.write(data);
        zip.closeEntry();
    }

    private static byte[] vocabBytes(Vocabulary vocab) {
        StringBuilder sb = new StringBuilder();
        for (String t : vocab.tokens()) {
            if (t.indexOf('\n') >= 0 || t.indexOf('\r') >= 0) {
                throw new IllegalArgumentException("vocabulary token contains a line break");
            }
            sb.append(t).append('\n');
        }
        return sb.toString().getBytes(StandardCharsets.UTF_8);
    }

    private static Vocabulary readVocab(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        List<String> tokens = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) tokens.remove(tokens.size() - 1);
        return Vocabulary.of(tokens);
    }

    static byte[] weightBytes(ParameterSet params) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.write(WEIGHTS_MAGIC);
            out.writeInt(params.asMap().size());
            for (Map.Entry<String, INDArray> e : params.asMap().entrySet()) {
                INDArray a = e.getValue();
                out.writeUTF(e.getKey());
                boolean dbl = a.dataType() == DataType.DOUBLE;
                out.writeByte(dbl ? 2 : 1);
                out.writeByte(a.rank());
                for (long d : a.shape()) out.writeLong(d);
                INDArray c = a.dup('c');
                if (dbl) {
                    for (double v : c.data().asDouble()) out.writeDouble(v);
                } else {
                    for (float v : c.castTo(DataType.FLOAT).data().asFloat()) out.writeFloat(v);
                }
            }
        }
        return bytes.toByteArray();
    }

    static ParameterSet readWeights(Path path, byte[] data) throws IOException {
        ParameterSet p = new ParameterSet();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = in.readNBytes(4);
            if (!java.util.Arrays.equals(magic, WEIGHTS_MAGIC)) throw bad(path, "weights.bin has a foreign layout");
            int count = in.readInt();
            if (count < 0 || count > 10_000) throw bad(path, "weights.bin is corrupt");
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                int type = in.readByte();
                int rank = in.readByte();
                if (rank < 1 || rank > 4 || (type != 1 && type != 2)) throw bad(path, "weights.bin is corrupt");
                long[] shape = new long[rank];
                long n = 1;
                for (int i = 0; i < rank; i++) {
                    shape[i] = in.readLong();
                    if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) throw bad(path, "weights.bin is corrupt");
                    n *= shape[i];
                }
                if (n * (type == 2 ? 8 : 4) > in.available()) throw bad(path, "weights.bin is truncated");
                INDArray a;
                if (type == 2) {
                    double[] v = new double[(int) n];
                    for (int i = 0; i < n; i++) v[i] = in.readDouble();
                    a = Nd4j.createFromArray(v).reshape(shape);
                } else {
                    float[] v = new float[(int) n];
                    for (int i = 0; i < n; i++) v[i] = in.readFloat();
                    a = Nd4j.createFromArray(v).reshape(shape);
                }
                p.put(name, a);
            }
        } catch (EOFException e) {
            throw bad(path, "weights.bin is truncated");
        }
        return p;
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
