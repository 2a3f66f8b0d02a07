package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

/**
 * The entries of a real shipped archive (models/sst2-average.zip), to be rewritten into hostile
 * ones the way anyone could: edit an entry, recompute format.json's sha256 values, zip again.
 * The weights.bin layout is read and written here from its description in ModelArchive (magic
 * "AWBW", count, then per array: name, type 1 float / 2 double, rank, shape, big-endian values).
 */
final class ShippedArchive {

    static final ObjectMapper JSON = new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

    /** The entries, in the archive's order. */
    final Map<String, byte[]> entries = new LinkedHashMap<>();

    private ShippedArchive() {
    }

    /** The shipped SST-2 average model's file (the test is skipped without it). */
    static Path path() {
        Path p = Path.of(System.getProperty("workbench.models.dir", "models"), "sst2-average.zip");
        assumeTrue(Files.isRegularFile(p), "shipped model missing: " + p);
        return p.toAbsolutePath();
    }

    static ShippedArchive read() throws IOException {
        ShippedArchive a = new ShippedArchive();
        try (InputStream in = Files.newInputStream(path()); ZipInputStream zip = new ZipInputStream(in)) {
            ZipEntry e;
            while ((e = zip.getNextEntry()) != null) a.entries.put(e.getName(), zip.readAllBytes());
        }
        return a;
    }

    ObjectNode json(String entry) throws IOException {
        return (ObjectNode) JSON.readTree(entries.get(entry));
    }

    void put(String entry, ObjectNode node) throws IOException {
        entries.put(entry, JSON.writeValueAsBytes(node));
    }

    /** Recomputes format.json's checksums, as anyone who edits an archive can. */
    ShippedArchive fixChecksums() throws IOException {
        ObjectNode format = json("format.json");
        ObjectNode sums = (ObjectNode) format.get("sha256");
        for (Map.Entry<String, byte[]> e : entries.entrySet()) {
            if (!e.getKey().equals("format.json")) sums.put(e.getKey(), sha256(e.getValue()));
        }
        put("format.json", format);
        return this;
    }

    /** The entries as honest zip entries, in order. */
    List<ZipForge.Entry> zipEntries() {
        List<ZipForge.Entry> out = new ArrayList<>();
        entries.forEach((name, data) -> out.add(ZipForge.Entry.of(name, data)));
        return out;
    }

    Path write(Path file) throws IOException {
        return ZipForge.write(file, zipEntries());
    }

    // ------------------------------------------------------------------ weights.bin

    /** One stored array: its shape as written and its values' raw big-endian bytes. */
    static final class Array {
        final String name;
        final int type;
        long[] shape;
        final byte[] values;

        Array(String name, int type, long[] shape, byte[] values) {
            this.name = name;
            this.type = type;
            this.shape = shape;
            this.values = values;
        }

        /** Sets value {@code i} of a FLOAT array. */
        void setFloat(int i, float v) {
            ByteBuffer.wrap(values).putFloat(4 * i, v);
        }

        int length() {
            return values.length / (type == 2 ? 8 : 4);
        }
    }

    List<Array> weights() throws IOException {
        List<Array> out = new ArrayList<>();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(entries.get("weights.bin")))) {
            in.readNBytes(4);
            int count = in.readInt();
            for (int k = 0; k < count; k++) {
                String name = in.readUTF();
                int type = in.readByte();
                int rank = in.readByte();
                long[] shape = new long[rank];
                long n = 1;
                for (int i = 0; i < rank; i++) {
                    shape[i] = in.readLong();
                    n *= shape[i];
                }
                out.add(new Array(name, type, shape, in.readNBytes((int) n * (type == 2 ? 8 : 4))));
            }
        }
        return out;
    }

    void putWeights(List<Array> arrays) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeBytes("AWBW");
            out.writeInt(arrays.size());
            for (Array a : arrays) {
                out.writeUTF(a.name);
                out.writeByte(a.type);
                out.writeByte(a.shape.length);
                for (long d : a.shape) out.writeLong(d);
                out.write(a.values);
            }
        }
        entries.put("weights.bin", bytes.toByteArray());
    }

    static Array named(List<Array> arrays, String name) {
        return arrays.stream().filter(a -> a.name.equals(name)).findFirst().orElseThrow();
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
