package org.attentionworkbench.model;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.data.Json;

/**
 * A checked safetensors file (the format of Hugging Face's {@code safetensors}): an 8-byte
 * little-endian header length N, N bytes of UTF-8 JSON naming each tensor's dtype, shape and byte
 * range, then the data. Read by plain byte parsing and Jackson's tree model: nothing in the file is
 * ever executed or deserialised as a Java object (which is why the format exists: PyTorch's pickles
 * run code).
 *
 * <p>The file may come from anyone, so everything is checked before a value is decoded: the header
 * length against {@link #MAX_HEADER_BYTES} and the file's size, the JSON, each dtype, each shape
 * (dimensions non-negative, their product in {@code long} by {@link Math#multiplyExact}) against its
 * byte range, and the ranges together: inside the data, not overlapping, and covering it with no
 * gap (as the reference implementation requires). Every refusal is a {@link ModelArchiveException}
 * whose one-line message names the file and the problem.
 */
public final class SafetensorsFile {

    /** Most bytes of the JSON header: the reference implementation's own limit (100 MB). */
    public static final long MAX_HEADER_BYTES = 100_000_000L;
    /** Most bytes of a whole file: the same bound as a model archive's weights. */
    public static final long MAX_FILE_BYTES = ModelArchive.MAX_WEIGHTS_BYTES;
    /** Most tensors in one file (a state dict of the models here has about 15). */
    public static final int MAX_TENSORS = 100_000;

    private final Path path;
    private final Map<String, Entry> entries;
    private final Map<String, String> metadata;
    private final ByteBuffer data;

    private SafetensorsFile(Path path, Map<String, Entry> entries, Map<String, String> metadata, ByteBuffer data) {
        this.path = path;
        this.entries = entries;
        this.metadata = metadata;
        this.data = data;
    }

    /**
     * One tensor of the header.
     *
     * @param name  its name (a state-dict key such as {@code rnn.weight_ih_l0})
     * @param dtype its value type
     * @param shape its dimensions (empty for a scalar)
     * @param begin first byte, relative to the start of the data
     * @param end   one past its last byte
     */
    public record Entry(String name, SafetensorsDType dtype, long[] shape, long begin, long end) {

        public Entry {
            shape = shape.clone();
        }

        @Override
        public long[] shape() {
            return shape.clone();
        }

        /** Number of values: the product of the dimensions. */
        public long count() {
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            return n;
        }
    }

    /** The file this was read from. */
    public Path path() {
        return path;
    }

    /** The tensors, in the order of their byte ranges. */
    public Map<String, Entry> entries() {
        return entries;
    }

    /** The header's {@code __metadata__} (string to string; empty when it has none). */
    public Map<String, String> metadata() {
        return metadata;
    }

    /** The values of tensor {@code name}, row-major, converted to double (exactly). */
    public double[] values(String name) {
        Entry e = entries.get(name);
        if (e == null) throw refused(path, "it has no tensor " + printable(name));
        ByteBuffer b = data.duplicate().order(ByteOrder.LITTLE_ENDIAN);
        b.position((int) e.begin());
        double[] out = new double[(int) e.count()];
        e.dtype().decode(b, out);
        return out;
    }

    /**
     * Reads and checks a safetensors file.
     *
     * @throws ModelArchiveException naming the file and what is wrong with it
     */
    public static SafetensorsFile read(Path path) {
        if (!Files.exists(path)) throw new ModelArchiveException("safetensors file not found: " + path);
        if (!Files.isRegularFile(path)) throw new ModelArchiveException("not a file: " + path);
        try (FileChannel ch = FileChannel.open(path)) {
            long size = ch.size();
            if (size < 8) throw refused(path, "it is truncated (" + size + " bytes; a safetensors file starts with an 8-byte header length)");
            if (size > MAX_FILE_BYTES) {
                throw refused(path, "it is " + size + " bytes, more than the " + MAX_FILE_BYTES + " the workbench reads");
            }
            ByteBuffer lenBuf = readFully(ch, 0, 8).order(ByteOrder.LITTLE_ENDIAN);
            long n = lenBuf.getLong();
            // An unsigned 64-bit number: negative here means over 2^63.
            if (n < 0 || n > MAX_HEADER_BYTES) {
                throw refused(path, "its header length is " + Long.toUnsignedString(n) + " bytes, more than the "
                        + MAX_HEADER_BYTES + " a safetensors header may have (not a safetensors file, or a hostile one)");
            }
            if (n > size - 8) {
                throw refused(path, "its header length is " + n + " bytes but only " + (size - 8)
                        + " follow: the file is truncated or not a safetensors file");
            }
            if (n < 2) throw refused(path, "its header is " + n + " bytes long, too short for a JSON object");
            String header = utf8(path, readFully(ch, 8, (int) n));
            ByteBuffer data = readFully(ch, 8 + n, (int) (size - 8 - n));
            return parse(path, header, data);
        } catch (NoSuchFileException e) {
            throw new ModelArchiveException("safetensors file not found: " + path);
        } catch (IOException e) {
            throw new ModelArchiveException("could not read safetensors file " + path + ": " + e.getMessage(), e);
        }
    }

    private static ByteBuffer readFully(FileChannel ch, long position, int length) throws IOException {
        ByteBuffer b = ByteBuffer.allocate(length);
        while (b.hasRemaining()) {
            if (ch.read(b, position + b.position()) < 0) throw new IOException("the file ended early");
        }
        return b.flip();
    }

    private static String utf8(Path path, ByteBuffer bytes) {
        try {
            return StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(bytes).toString();
        } catch (CharacterCodingException e) {
            throw refused(path, "its header is not UTF-8 text");
        }
    }

    private static SafetensorsFile parse(Path path, String header, ByteBuffer data) {
        JsonNode root;
        try {
            root = Json.mapper().reader()
                    .with(DeserializationFeature.FAIL_ON_TRAILING_TOKENS)
                    .with(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                    .readTree(header);
        } catch (JsonProcessingException e) {
            throw refused(path, "its header is not valid JSON (" + printable(e.getOriginalMessage()) + ")");
        }
        if (root == null || !root.isObject()) throw refused(path, "its header is not a JSON object");
        Map<String, String> metadata = new LinkedHashMap<>();
        List<Entry> list = new ArrayList<>();
        Iterator<Map.Entry<String, JsonNode>> fields = root.fields();
        while (fields.hasNext()) {
            Map.Entry<String, JsonNode> f = fields.next();
            if (f.getKey().equals("__metadata__")) {
                metadata(path, f.getValue(), metadata);
                continue;
            }
            if (list.size() == MAX_TENSORS) throw refused(path, "it holds more than " + MAX_TENSORS + " tensors");
            list.add(entry(path, f.getKey(), f.getValue()));
        }
        checkRanges(path, list, data.remaining());
        Map<String, Entry> entries = new LinkedHashMap<>();
        for (Entry e : list) entries.put(e.name(), e);
        return new SafetensorsFile(path, Collections.unmodifiableMap(entries), Collections.unmodifiableMap(metadata),
                data.asReadOnlyBuffer());
    }

    private static void metadata(Path path, JsonNode node, Map<String, String> out) {
        if (!node.isObject()) throw refused(path, "its __metadata__ is not a JSON object");
        node.fields().forEachRemaining(m -> {
            if (!m.getValue().isTextual()) {
                throw refused(path, "its __metadata__ value '" + printable(m.getKey()) + "' is not a string");
            }
            out.put(m.getKey(), m.getValue().asText());
        });
    }

    private static Entry entry(Path path, String name, JsonNode node) {
        String shown = "tensor '" + printable(name) + "'";
        if (!node.isObject()) throw refused(path, shown + " is not described by a JSON object");
        JsonNode dt = node.get("dtype");
        if (dt == null || !dt.isTextual()) throw refused(path, shown + " has no dtype");
        SafetensorsDType dtype = SafetensorsDType.of(dt.asText());
        if (dtype == null) {
            throw refused(path, shown + " has dtype " + printable(dt.asText()) + ", which "
                    + (SafetensorsDType.KNOWN_UNSUPPORTED.contains(dt.asText()) ? "the workbench does not read"
                    : "is not a safetensors dtype") + " (it reads F32, F64, F16 and BF16)");
        }
        JsonNode sh = node.get("shape");
        if (sh == null || !sh.isArray()) throw refused(path, shown + " has no shape list");
        if (sh.size() > 8) throw refused(path, shown + " has " + sh.size() + " dimensions; at most 8 are read");
        long[] shape = new long[sh.size()];
        for (int i = 0; i < shape.length; i++) {
            JsonNode d = sh.get(i);
            if (!d.isIntegralNumber() || !d.canConvertToLong() || d.asLong() < 0) {
                throw refused(path, shown + " has a dimension of " + printable(d.toString())
                        + ", not a non-negative whole number");
            }
            shape[i] = d.asLong();
        }
        JsonNode off = node.get("data_offsets");
        if (off == null || !off.isArray() || off.size() != 2) {
            throw refused(path, shown + " has no data_offsets pair [begin, end]");
        }
        for (JsonNode o : off) {
            if (!o.isIntegralNumber() || !o.canConvertToLong() || o.asLong() < 0) {
                throw refused(path, shown + " has an offset of " + printable(o.toString())
                        + ", not a non-negative whole number");
            }
        }
        long begin = off.get(0).asLong();
        long end = off.get(1).asLong();
        if (end < begin) throw refused(path, shown + " ends (" + end + ") before it begins (" + begin + ")");
        long bytes;
        try {
            long count = 1;
            for (long d : shape) count = Math.multiplyExact(count, d);
            bytes = Math.multiplyExact(count, dtype.bytes());
        } catch (ArithmeticException e) {
            throw refused(path, shown + " has shape " + Arrays.toString(shape) + ", more values than any file holds");
        }
        if (bytes != end - begin) {
            throw refused(path, shown + " has shape " + Arrays.toString(shape) + " of " + dtype + ", " + bytes
                    + " bytes, but its data_offsets [" + begin + ", " + end + "] hold " + (end - begin));
        }
        return new Entry(name, dtype, shape, begin, end);
    }

    /** The ranges, in order, must tile [0, dataBytes) exactly: no tensor outside, no overlap, no gap. */
    private static void checkRanges(Path path, List<Entry> list, long dataBytes) {
        // Past the end first: a cut file leaves gaps too, but "truncated" is what the user must hear.
        for (Entry e : list) {
            if (e.end() > dataBytes) {
                throw refused(path, "tensor '" + printable(e.name()) + "'s data_offsets [" + e.begin() + ", " + e.end()
                        + "] reach past the " + dataBytes + " bytes of data: the file is truncated or its header lies"
                        + " about sizes");
            }
        }
        list.sort(Comparator.comparingLong(Entry::begin).thenComparingLong(Entry::end));
        long next = 0;
        for (Entry e : list) {
            String shown = "tensor '" + printable(e.name()) + "'";
            if (e.begin() < next) throw refused(path, shown + " overlaps the tensor before it (bytes " + e.begin() + " to " + next + ")");
            if (e.begin() > next) throw refused(path, "bytes " + next + " to " + e.begin() + " of its data belong to no tensor");
            next = e.end();
        }
        if (next != dataBytes) {
            throw refused(path, "its last " + (dataBytes - next) + " bytes of data belong to no tensor (the header lies about sizes)");
        }
    }

    private static ModelArchiveException refused(Path path, String why) {
        return new ModelArchiveException("cannot read safetensors file " + path + ": " + why);
    }

    /** Text from the file made fit for a one-line message: control characters replaced, at most 60 characters. */
    static String printable(String s) {
        if (s == null) return "";
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 60 ? b + "..." : b.toString();
    }
}
