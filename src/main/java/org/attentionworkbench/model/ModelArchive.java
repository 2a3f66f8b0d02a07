package org.attentionworkbench.model;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;
import org.attentionworkbench.data.Json;

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

    /** Most bytes of format.json, config.json and card.json, each (the shipped ones are under 1 KB). */
    public static final long MAX_JSON_BYTES = 1L << 20;
    /** Most bytes of vocab.txt: {@link ModelConfig#MAX_VOCAB_SIZE} tokens of about 25 bytes. */
    public static final long MAX_VOCAB_BYTES = 128L << 20;
    /** Most bytes of weights.bin (about 268 million FLOAT parameters). */
    public static final long MAX_WEIGHTS_BYTES = 1L << 30;
    /**
     * Most bytes of all entries together, unpacked. Smaller than the sum of the per-entry limits:
     * every entry is buffered before the model is built, so this is what bounds the heap a load
     * needs (the launcher's is 4 GB; the largest shipped model unpacks to 8 MB).
     */
    public static final long MAX_ARCHIVE_BYTES = 1L << 30;

    private static final byte[] WEIGHTS_MAGIC = "AWBW".getBytes(StandardCharsets.US_ASCII);
    private static final List<String> PAYLOAD = List.of("config.json", "card.json", "vocab.txt", "weights.bin");
    /** Every entry a model archive may hold, with its size limit; anything else is refused unread. */
    private static final Map<String, Long> ENTRY_LIMITS = Map.of(
            "format.json", MAX_JSON_BYTES, "config.json", MAX_JSON_BYTES, "card.json", MAX_JSON_BYTES,
            "vocab.txt", MAX_VOCAB_BYTES, "weights.bin", MAX_WEIGHTS_BYTES);
    /** The end of every message about a damaged or hostile archive: what the user can do. */
    private static final String NOT_USABLE =
            "the archive is damaged or was not written by the workbench; get it again or retrain the model";

    static final ObjectMapper JSON = Json.mapper();

    private ModelArchive() {
    }

    /** Writes {@code model} to {@code path} atomically (a temporary file beside it, then a move). */
    public static void save(AttentionModel model, Path path) {
        try {
            write(path, JSON.writeValueAsBytes(model.config()), model.card(), model.vocabulary(),
                    model.network().parameters(), model.network().dataType());
        } catch (IOException e) {
            throw new ModelArchiveException("could not write model archive " + path + ": " + e.getMessage(), e);
        }
    }

    /** Writes a hierarchical model to {@code path} atomically: the same entries, its {@link HanConfig} as config.json. */
    static void save(HanModel model, Path path) {
        try {
            write(path, JSON.writeValueAsBytes(model.config()), model.card(), model.vocabulary(),
                    model.network().parameters(), model.network().dataType());
        } catch (IOException e) {
            throw new ModelArchiveException("could not write model archive " + path + ": " + e.getMessage(), e);
        }
    }

    private static void write(Path path, byte[] config, ModelCard card, Vocabulary vocabulary, ParameterSet params,
                              DataType dataType) throws IOException {
        Map<String, byte[]> entries = new LinkedHashMap<>();
        entries.put("config.json", config);
        entries.put("card.json", JSON.writeValueAsBytes(card));
        entries.put("vocab.txt", vocabBytes(vocabulary));
        entries.put("weights.bin", weightBytes(params));
        Map<String, Object> format = new LinkedHashMap<>();
        format.put("format", FORMAT_NAME);
        format.put("version", FORMAT_VERSION);
        format.put("data_type", dataType.name());
        Map<String, String> sums = new LinkedHashMap<>();
        for (Map.Entry<String, byte[]> e : entries.entrySet()) sums.put(e.getKey(), sha256(e.getValue()));
        format.put("sha256", sums);
        ByteArrayOutputStream zipped = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(zipped)) {
            put(zip, "format.json", JSON.writeValueAsBytes(format));
            for (Map.Entry<String, byte[]> e : entries.entrySet()) put(zip, e.getKey(), e.getValue());
        }
        writeAtomically(path, zipped.toByteArray());
    }

    /**
     * Writes a file of the model package (archive, checkpoint state) so that a crash leaves either
     * the old file or the new one: a temporary file of its own beside the target
     * ({@code name.<random>.tmp}), forced to disk, then moved over the target; on failure the
     * temporary file is removed. Its own, not a fixed {@code name.tmp}: two saves of one model at
     * once truncated each other's bytes and the later move found no file (as session.AtomicFiles
     * found for sessions), and a failed save left the fixed file behind. Created here rather than
     * with {@code Files.createTempFile}, whose owner-only permissions the archive would keep after
     * the move: archives are shared files.
     */
    static void writeAtomically(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = null;
        for (int attempt = 0; tmp == null; attempt++) {
            Path candidate = absolute.resolveSibling(absolute.getFileName() + "."
                    + Long.toUnsignedString(TEMP_NAMES.nextLong(), 36) + ".tmp");
            try {
                tmp = Files.createFile(candidate);
            } catch (java.nio.file.FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
        boolean moved = false;
        try {
            try (java.nio.channels.FileChannel ch = java.nio.channels.FileChannel.open(tmp,
                    java.nio.file.StandardOpenOption.WRITE)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true); // a power cut after the move must not leave an empty archive behind
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** Names of temporary files: unpredictable, so that concurrent saves never share one. */
    private static final java.security.SecureRandom TEMP_NAMES = new java.security.SecureRandom();

    /**
     * Loads a model archive, checking format, version and checksums, then every size of
     * config.json against {@link ModelConfig}'s limits, vocab.txt and weights.bin, all before the
     * network is allocated; weights must be finite.
     *
     * <p>The order matters because the archive may come from anyone: entry names and sizes are
     * checked from the zip's directory before any entry is read, format.json is read first, and the
     * arrays allocated are only those whose names and shapes the checked config asks for and whose
     * values weights.bin really holds.
     *
     * @throws ModelArchiveException naming the file, the entry and what is wrong with it
     */
    public static AttentionModel load(Path path) {
        return load(path, null);
    }

    /**
     * Loads a model archive; a frozen-attention model reads with {@code attentionSource} when given
     * (a training checkpoint, whose base is not beside it) instead of the archive its config names.
     */
    static AttentionModel load(Path path, AttentionNetwork attentionSource) {
        try (Entries zip = Entries.open(path)) {
            JsonNode format = checkFormat(path, zip.read("format.json"));
            DataType dt = dataType(path, format);
            Map<String, byte[]> entries = payload(path, zip, format);
            if (hierarchical(entries.get("config.json"))) {
                throw bad(path, "it holds a hierarchical attention network (HAN), which the window and workbench"
                        + " explain, predict, evaluate and audit read; this part of the workbench reads flat attention"
                        + " models only");
            }
            ModelConfig config = readConfig(path, entries.get("config.json"));
            ModelCard card = readCardJson(path, entries.get("card.json"));
            if (card.labels().size() != config.numClasses()) {
                throw bad(path, "card.json names " + card.labels().size() + " classes but config.json's numClasses is "
                        + config.numClasses() + "; " + NOT_USABLE);
            }
            List<String> tokens = vocabLines(entries.get("vocab.txt"));
            if (tokens.size() != config.vocabSize()) {
                throw bad(path, "vocab.txt has " + tokens.size() + " tokens but config.json's vocabSize is "
                        + config.vocabSize() + ": the vocabulary and the config do not belong together; " + NOT_USABLE);
            }
            Vocabulary vocab = Vocabulary.of(tokens);
            Map<String, long[]> shapes;
            try {
                shapes = AttentionNetwork.parameterShapes(config);
            } catch (ArithmeticException e) {
                throw bad(path, "config.json's sizes overflow; " + NOT_USABLE);
            }
            ParameterSet stored = readWeights(path, entries.get("weights.bin"), shapes);
            ParameterSet ordered = new ParameterSet();
            for (String name : shapes.keySet()) ordered.put(name, stored.get(name).castTo(dt));
            AttentionNetwork source = config.attention() != AttentionSource.FROZEN ? null
                    : attentionSource != null ? attentionSource : attentionSource(path, config, tokens, dt);
            return new AttentionModel(vocab, new AttentionNetwork(config, ordered, dt, source), card);
        } catch (IOException | IllegalArgumentException e) {
            throw bad(path, e.getMessage());
        }
    }

    /** Every payload entry, each checked against format.json's SHA-256. */
    private static Map<String, byte[]> payload(Path path, Entries zip, JsonNode format) {
        for (String name : PAYLOAD) {
            if (!zip.has(name)) throw bad(path, "it has no " + name);
        }
        Map<String, byte[]> entries = new HashMap<>();
        for (String name : PAYLOAD) {
            byte[] data = zip.read(name);
            String want = format.path("sha256").path(name).asText("");
            if (!want.equals(sha256(data))) throw bad(path, name + " is corrupt (checksum mismatch)");
            entries.put(name, data);
        }
        return entries;
    }

    /** Whether a config.json is a HAN's ({@code "architecture": "HAN"}); false for anything unreadable. */
    private static boolean hierarchical(byte[] config) {
        try {
            JsonNode n = JSON.readTree(config);
            return n != null && HanConfig.ARCHITECTURE.equals(n.path("architecture").asText(null));
        } catch (IOException e) {
            return false;
        }
    }

    /**
     * Whether an archive holds a hierarchical model (reads format.json and config.json only).
     *
     * @throws ModelArchiveException as {@link #load(Path)} for a missing, damaged or foreign archive
     */
    public static boolean isHierarchical(Path path) {
        try (Entries zip = Entries.open(path)) {
            checkFormat(path, zip.read("format.json"));
            return zip.has("config.json") && hierarchical(zip.read("config.json"));
        }
    }

    /**
     * Loads a hierarchical model's archive with every check of {@link #load(Path)}: format, version,
     * checksums, each size of config.json within {@link HanConfig}'s limits, the vocabulary's
     * length, every array's name and shape before its values are read, finite weights.
     */
    static HanModel loadHierarchical(Path path) {
        try (Entries zip = Entries.open(path)) {
            JsonNode format = checkFormat(path, zip.read("format.json"));
            DataType dt = dataType(path, format);
            Map<String, byte[]> entries = payload(path, zip, format);
            if (!hierarchical(entries.get("config.json"))) {
                throw bad(path, "it holds a flat attention model, not a hierarchical one (HAN)");
            }
            HanConfig config = readHanConfig(path, entries.get("config.json"));
            ModelCard card = readCardJson(path, entries.get("card.json"));
            if (card.labels().size() != config.numClasses()) {
                throw bad(path, "card.json names " + card.labels().size() + " classes but config.json's numClasses is "
                        + config.numClasses() + "; " + NOT_USABLE);
            }
            List<String> tokens = vocabLines(entries.get("vocab.txt"));
            if (tokens.size() != config.vocabSize()) {
                throw bad(path, "vocab.txt has " + tokens.size() + " tokens but config.json's vocabSize is "
                        + config.vocabSize() + ": the vocabulary and the config do not belong together; " + NOT_USABLE);
            }
            Map<String, long[]> shapes = HanNetwork.parameterShapes(config);
            ParameterSet stored = readWeights(path, entries.get("weights.bin"), shapes);
            ParameterSet ordered = new ParameterSet();
            for (String name : shapes.keySet()) ordered.put(name, stored.get(name).castTo(dt));
            return new HanModel(Vocabulary.of(tokens), new HanNetwork(config, ordered, dt), card);
        } catch (IOException | IllegalArgumentException | ArithmeticException e) {
            throw bad(path, e.getMessage());
        }
    }

    /** The whole-number fields of a HAN's config.json, each checked before the record is built. */
    private static final List<String> HAN_SIZES = List.of("vocabSize", "embeddingDim", "hiddenSize", "attentionSize",
            "numClasses", "maxLength", "maxSentences", "maxSentenceLength");

    /** Reads a HAN's config.json, naming the field of a size out of range or of the wrong type. */
    private static HanConfig readHanConfig(Path path, byte[] bytes) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw bad(path, "its config.json is invalid (" + jsonProblem(e) + ")");
        }
        for (String field : List.of("wordEncoder", "sentenceEncoder")) {
            String v = n.path(field).asText("");
            if (java.util.Arrays.stream(LevelEncoder.values()).noneMatch(t -> t.name().equals(v))) {
                throw bad(path, "config.json's " + field + " is '" + printable(v) + "', not BILSTM, CNN or NONE; "
                        + NOT_USABLE);
            }
        }
        for (String field : HAN_SIZES) {
            JsonNode v = n.get(field);
            if (v == null || !v.isIntegralNumber() || !v.canConvertToInt()) {
                throw bad(path, "config.json's " + field + " is missing, not a whole number or far too large; " + NOT_USABLE);
            }
        }
        JsonNode widths = n.get("kernelWidths");
        if (widths == null || !widths.isArray() || widths.size() > ModelConfig.MAX_KERNELS) {
            throw bad(path, "config.json's kernelWidths is missing, not a list or longer than "
                    + ModelConfig.MAX_KERNELS + "; " + NOT_USABLE);
        }
        for (JsonNode w : widths) {
            if (!w.isIntegralNumber() || !w.canConvertToInt()) {
                throw bad(path, "config.json's kernelWidths holds '" + printable(w.asText()) + "', not a whole number; "
                        + NOT_USABLE);
            }
        }
        try {
            return JSON.treeToValue(n, HanConfig.class);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
            throw bad(path, "config.json's " + (cause != null ? cause.getMessage() : e.getOriginalMessage()) + "; "
                    + NOT_USABLE);
        }
    }

    /**
     * The network whose attention a frozen-attention model reads with: the archive config.json names,
     * beside this one, byte for byte the one it was trained with (its SHA-256), with the same
     * vocabulary and its own learned attention (no chains of imposed attention).
     */
    private static AttentionNetwork attentionSource(Path path, ModelConfig config, List<String> tokens, DataType dt)
            throws IOException {
        Path dir = path.toAbsolutePath().getParent();
        Path base = dir.resolve(config.attentionFrom());
        if (!Files.isRegularFile(base)) {
            throw bad(path, "its attention is imposed by the model " + config.attentionFrom()
                    + ", which is not beside it in " + dir + "; put that archive there");
        }
        if (!config.attentionFromSha256().equals(sha256(Files.readAllBytes(base)))) {
            throw bad(path, "its attention is imposed by " + config.attentionFrom() + ", but " + base
                    + " is not the archive it was trained with (another SHA-256): retrained or replaced");
        }
        AttentionModel source = load(base);
        if (source.config().attention() != AttentionSource.LEARNED) {
            throw bad(path, "its attention is imposed by " + config.attentionFrom()
                    + ", which does not learn its own attention; " + NOT_USABLE);
        }
        if (!source.vocabulary().tokens().equals(tokens)) {
            throw bad(path, "its attention is imposed by " + config.attentionFrom()
                    + ", whose vocabulary is not its own; " + NOT_USABLE);
        }
        return source.network();
    }

    /** The SHA-256 of a file's bytes, hex: how a twin names the exact archive of its base. */
    public static String fileSha256(Path file) throws IOException {
        return sha256(Files.readAllBytes(file));
    }

    /** Reads only the card (fast: only format.json and card.json are read, no weights are decoded). */
    public static ModelCard readCard(Path path) {
        try (Entries zip = Entries.open(path)) {
            checkFormat(path, zip.read("format.json"));
            if (!zip.has("card.json")) throw bad(path, "it has no card.json");
            return readCardJson(path, zip.read("card.json"));
        }
    }

    private static ModelCard readCardJson(Path path, byte[] card) {
        try {
            return JSON.readValue(card, ModelCard.class);
        } catch (IOException | RuntimeException e) {
            throw bad(path, "its card.json is invalid (" + jsonProblem(e) + ")");
        }
    }

    private static String jsonProblem(Exception e) {
        if (e instanceof JsonProcessingException j) return j.getOriginalMessage();
        return e.getMessage();
    }

    /** The archive's value type: FLOAT or DOUBLE (the only ones the network computes in). */
    private static DataType dataType(Path path, JsonNode format) {
        String t = format.path("data_type").asText("FLOAT");
        if (t.equals("FLOAT")) return DataType.FLOAT;
        if (t.equals("DOUBLE")) return DataType.DOUBLE;
        throw bad(path, "format.json's data_type is '" + printable(t) + "', not FLOAT or DOUBLE; " + NOT_USABLE);
    }

    /** The integer fields of config.json, each checked against its limits before anything is built from them. */
    private static final List<String> CONFIG_SIZES =
            List.of("vocabSize", "embeddingDim", "hiddenSize", "attentionSize", "numClasses", "maxLength");

    /**
     * Reads config.json field by field, so that a size out of range is reported with its field's
     * name (Jackson would report a value over 2^31-1 as a parse error and hide ModelConfig's
     * message inside its own), then builds the record.
     */
    private static ModelConfig readConfig(Path path, byte[] bytes) {
        JsonNode n;
        try {
            n = JSON.readTree(bytes);
        } catch (IOException e) {
            throw bad(path, "its config.json is invalid (" + jsonProblem(e) + ")");
        }
        if (n == null || !n.isObject()) throw bad(path, "its config.json is not a JSON object; " + NOT_USABLE);
        return readConfig(path, n);
    }

    /** Checks and builds a config from its JSON object (an archive's config.json, or an import's). */
    static ModelConfig readConfig(Path path, JsonNode n) {
        if (n == null || !n.isObject()) throw bad(path, "its config.json is not a JSON object; " + NOT_USABLE);
        String enc = n.path("encoder").asText("");
        if (java.util.Arrays.stream(EncoderType.values()).noneMatch(t -> t.name().equals(enc))) {
            throw bad(path, "config.json's encoder is '" + printable(enc) + "', not BILSTM, CNN or AVERAGE; " + NOT_USABLE);
        }
        for (String field : CONFIG_SIZES) {
            JsonNode v = n.get(field);
            if (v == null || !v.isIntegralNumber()) {
                throw bad(path, "config.json's " + field + " is missing or not a whole number; " + NOT_USABLE);
            }
            if (!v.canConvertToLong()) throw bad(path, "config.json's " + field + " is " + v.asText() + ", far too large; " + NOT_USABLE);
        }
        JsonNode widths = n.get("kernelWidths");
        if (widths == null || !widths.isArray()) {
            throw bad(path, "config.json's kernelWidths is missing or not a list; " + NOT_USABLE);
        }
        if (widths.size() > ModelConfig.MAX_KERNELS) {
            throw bad(path, "config.json's kernelWidths has " + widths.size() + " widths, more than the "
                    + ModelConfig.MAX_KERNELS + " allowed; " + NOT_USABLE);
        }
        for (JsonNode w : widths) {
            if (!w.isIntegralNumber() || !w.canConvertToLong()) {
                throw bad(path, "config.json's kernelWidths holds '" + printable(w.asText()) + "', not a whole number; " + NOT_USABLE);
            }
        }
        try {
            ModelConfig.within("vocabSize", n.get("vocabSize").asLong(), 2, ModelConfig.MAX_VOCAB_SIZE);
            ModelConfig.within("embeddingDim", n.get("embeddingDim").asLong(), 1, ModelConfig.MAX_WIDTH);
            ModelConfig.within("hiddenSize", n.get("hiddenSize").asLong(), 1, ModelConfig.MAX_WIDTH);
            ModelConfig.within("attentionSize", n.get("attentionSize").asLong(), 1, ModelConfig.MAX_WIDTH);
            ModelConfig.within("numClasses", n.get("numClasses").asLong(), 2, ModelConfig.MAX_CLASSES);
            ModelConfig.within("maxLength", n.get("maxLength").asLong(), 1, ModelConfig.MAX_LENGTH);
            for (JsonNode w : widths) ModelConfig.within("a kernel width", w.asLong(), 1, ModelConfig.MAX_KERNEL_WIDTH);
            return JSON.treeToValue(n, ModelConfig.class);
        } catch (IllegalArgumentException e) {
            throw bad(path, "config.json's " + e.getMessage() + "; " + NOT_USABLE);
        } catch (JsonProcessingException e) {
            Throwable cause = e.getCause() instanceof IllegalArgumentException ? e.getCause() : null;
            throw bad(path, "its config.json is invalid (" + (cause != null ? cause.getMessage() : e.getOriginalMessage())
                    + "); " + NOT_USABLE);
        }
    }

    private static JsonNode checkFormat(Path path, byte[] f) {
        JsonNode format;
        try {
            format = JSON.readTree(f);
        } catch (IOException e) {
            throw bad(path, "its format.json is invalid");
        }
        if (format == null || !FORMAT_NAME.equals(format.path("format").asText())) {
            throw bad(path, "it is not an Attention Workbench model archive (format '"
                    + (format == null ? "" : printable(format.path("format").asText())) + "')");
        }
        int version = format.path("version").asInt(-1);
        if (version != FORMAT_VERSION) {
            throw bad(path, "it has archive format version " + version + " but this workbench reads version "
                    + FORMAT_VERSION + (version > FORMAT_VERSION ? " (update the workbench)" : " (retrain or convert it)"));
        }
        return format;
    }

    /**
     * An open model archive whose directory has been checked: it holds format.json, no entry the
     * format does not name (refused unread: a zip of six 1000 MiB entries of zeros is 6 MB on disk),
     * each entry within its size limit and all together within {@link #MAX_ARCHIVE_BYTES}. Entries
     * are read by name, so format.json is read first whatever the zip's order. Read through
     * {@link ZipFile} (the central directory), not a {@link ZipInputStream}, for exactly this: the
     * names and sizes are known before any entry's data is inflated.
     */
    private static final class Entries implements AutoCloseable {

        private final Path path;
        private final ZipFile zip;
        private final Map<String, ZipEntry> byName;

        private Entries(Path path, ZipFile zip, Map<String, ZipEntry> byName) {
            this.path = path;
            this.zip = zip;
            this.byName = byName;
        }

        static Entries open(Path path) {
            if (!Files.exists(path)) throw new ModelArchiveException("model archive not found: " + path);
            if (!Files.isRegularFile(path)) throw new ModelArchiveException("not a file: " + path);
            boolean zipHead;
            try {
                if (lacksZipEnd(path)) throw bad(path, "it is truncated (the zip has no end record)");
                zipHead = startsLikeZip(path);
            } catch (IOException e) {
                throw new ModelArchiveException("could not read model archive " + path + ": " + e.getMessage(), e);
            }
            ZipFile zip;
            try {
                zip = new ZipFile(path.toFile());
            } catch (ZipException e) {
                if (!zipHead) throw bad(path, "it is not a zip archive, or an empty one");
                throw bad(path, "it is corrupt or truncated (" + e.getMessage() + ")");
            } catch (IOException e) {
                throw new ModelArchiveException("could not read model archive " + path + ": " + e.getMessage(), e);
            }
            try {
                return new Entries(path, zip, checkedDirectory(path, zip));
            } catch (RuntimeException e) {
                closeQuietly(zip);
                throw e;
            }
        }

        private static Map<String, ZipEntry> checkedDirectory(Path path, ZipFile zip) {
            Map<String, ZipEntry> byName = new HashMap<>();
            String unknown = null;
            int count = 0;
            try {
                java.util.Enumeration<? extends ZipEntry> all = zip.entries();
                while (all.hasMoreElements()) {
                    ZipEntry e = all.nextElement();
                    count++;
                    if (!ENTRY_LIMITS.containsKey(e.getName())) {
                        if (unknown == null) unknown = e.getName();
                    } else if (byName.putIfAbsent(e.getName(), e) != null) {
                        throw bad(path, "it holds " + e.getName() + " twice; " + NOT_USABLE);
                    }
                }
            } catch (IllegalArgumentException | IllegalStateException e) {
                // ZipFile reports an undecodable entry name this way.
                throw bad(path, "it is corrupt (" + e.getMessage() + ")");
            }
            if (count == 0) throw bad(path, "it is not a zip archive, or an empty one");
            if (!byName.containsKey("format.json")) {
                throw bad(path, "it is not an Attention Workbench model archive (no format.json)");
            }
            if (unknown != null) {
                throw bad(path, "it holds an entry '" + printable(unknown) + "' that is no part of a model archive"
                        + " (only format.json, config.json, card.json, vocab.txt and weights.bin are); " + NOT_USABLE);
            }
            long total = 0;
            for (ZipEntry e : byName.values()) {
                long limit = ENTRY_LIMITS.get(e.getName());
                long size = e.getSize();
                if (size < 0 || size > limit) {
                    throw bad(path, e.getName() + " unpacks to " + (size < 0 ? "an unknown size" : size + " bytes")
                            + ", more than the " + limit + " a model archive's " + e.getName() + " may have; " + NOT_USABLE);
                }
                total += size; // at most 5 entries within their limits: no overflow
            }
            if (total > MAX_ARCHIVE_BYTES) {
                throw bad(path, "its entries unpack to " + total + " bytes, more than the " + MAX_ARCHIVE_BYTES
                        + " a model archive may hold; " + NOT_USABLE);
            }
            return byName;
        }

        boolean has(String name) {
            return byName.containsKey(name);
        }

        /**
         * The bytes of entry {@code name}: exactly as many as the directory declares (checked
         * against the limits), and the archive is refused if the data inflates to more or fewer,
         * so that a lying directory cannot make this read more than was checked.
         */
        byte[] read(String name) {
            ZipEntry e = byName.get(name);
            if (e == null) throw bad(path, "it has no " + name);
            byte[] data = new byte[(int) e.getSize()];
            try (InputStream in = zip.getInputStream(e)) {
                int off = 0;
                while (off < data.length) {
                    int n = in.read(data, off, data.length - off);
                    if (n < 0) throw bad(path, name + " is corrupt or truncated (shorter than the zip says)");
                    off += n;
                }
                if (in.read() >= 0) {
                    throw bad(path, name + " is corrupt (longer than the zip says); " + NOT_USABLE);
                }
            } catch (EOFException ex) {
                throw bad(path, name + " is corrupt or truncated");
            } catch (ZipException ex) {
                throw bad(path, "it is corrupt or truncated (" + name + ": " + ex.getMessage() + ")");
            } catch (IOException ex) {
                throw new ModelArchiveException("could not read model archive " + path + ": " + ex.getMessage(), ex);
            }
            return data;
        }

        @Override
        public void close() {
            closeQuietly(zip);
        }

        private static void closeQuietly(ZipFile zip) {
            try {
                zip.close();
            } catch (IOException ignored) {
                // read-only: nothing is lost by a failed close
            }
        }
    }

    /** Text from an archive made fit for a one-line message: control characters replaced, at most 60 characters. */
    private static String printable(String s) {
        StringBuilder b = new StringBuilder();
        s.codePoints().limit(60).forEach(c -> b.appendCodePoint(Character.isISOControl(c) ? '?' : c));
        return s.codePointCount(0, s.length()) > 60 ? b + "..." : b.toString();
    }

    private static boolean startsLikeZip(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            byte[] h = in.readNBytes(2);
            return h.length == 2 && h[0] == 'P' && h[1] == 'K';
        }
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

    /** The tokens of vocab.txt, one a line, in id order. */
    private static List<String> vocabLines(byte[] data) {
        String s = new String(data, StandardCharsets.UTF_8);
        List<String> tokens = new ArrayList<>(List.of(s.split("\n", -1)));
        if (!tokens.isEmpty() && tokens.get(tokens.size() - 1).isEmpty()) tokens.remove(tokens.size() - 1);
        return tokens;
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

    /** Reads a weights file of the training checkpoint (its own file, checked by its reader). */
    static ParameterSet readWeights(Path path, byte[] data) throws IOException {
        return readWeights(path, data, null);
    }

    /**
     * Reads weights.bin. With {@code expected} (an archive's, from its checked config), each
     * array's name and shape are compared with what the config needs before its values are
     * allocated, every value must be finite, and every expected array must be there. Sizes are
     * overflow-checked products, and an array is allocated only after the bytes it needs are
     * known to be present, so the allocation never exceeds what the file holds.
     *
     * @param expected names and shapes the archive's config needs, or null for a checkpoint file
     */
    static ParameterSet readWeights(Path path, byte[] data, Map<String, long[]> expected) throws IOException {
        ParameterSet p = new ParameterSet();
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(data))) {
            byte[] magic = in.readNBytes(4);
            if (!java.util.Arrays.equals(magic, WEIGHTS_MAGIC)) throw bad(path, "weights.bin has a foreign layout");
            int count = in.readInt();
            if (count < 0 || count > 10_000) throw bad(path, "weights.bin is corrupt (it says it holds " + count + " arrays)");
            for (int k = 0; k < count; k++) {
                String name;
                try {
                    name = in.readUTF();
                } catch (java.io.UTFDataFormatException e) {
                    throw bad(path, "weights.bin is corrupt (array " + (k + 1) + " has a name that is not text)");
                }
                String shown = "array " + printable(name);
                if (expected != null && !expected.containsKey(name)) {
                    throw bad(path, "weights.bin holds an array '" + printable(name) + "' that config.json's "
                            + "network has no use for; " + NOT_USABLE);
                }
                if (p.contains(name)) throw bad(path, "weights.bin holds " + shown + " twice; " + NOT_USABLE);
                int type = in.readByte();
                int rank = in.readByte();
                if (rank < 1 || rank > 4 || (type != 1 && type != 2)) {
                    throw bad(path, "weights.bin is corrupt (" + shown + " has type " + type + " and rank " + rank + ")");
                }
                long[] shape = new long[rank];
                for (int i = 0; i < rank; i++) {
                    shape[i] = in.readLong();
                    if (shape[i] < 0 || shape[i] > Integer.MAX_VALUE) {
                        throw bad(path, "weights.bin is corrupt (" + shown + " has a dimension of " + shape[i] + ")");
                    }
                }
                if (expected != null && !java.util.Arrays.equals(shape, expected.get(name))) {
                    throw bad(path, "weight " + printable(name) + " in weights.bin has shape " + java.util.Arrays.toString(shape)
                            + " but config.json needs " + java.util.Arrays.toString(expected.get(name)) + "; " + NOT_USABLE);
                }
                long n;
                long bytes;
                try {
                    n = 1;
                    for (long d : shape) n = Math.multiplyExact(n, d);
                    bytes = Math.multiplyExact(n, type == 2 ? 8 : 4);
                } catch (ArithmeticException e) {
                    throw bad(path, "weights.bin is corrupt (" + shown + " has shape " + java.util.Arrays.toString(shape)
                            + ", more values than any file can hold)");
                }
                if (bytes > in.available()) throw bad(path, "weights.bin is truncated (" + shown + " is cut short)");
                INDArray a;
                if (type == 2) {
                    double[] v = new double[(int) n];
                    for (int i = 0; i < n; i++) v[i] = in.readDouble();
                    if (expected != null) requireFinite(path, name, v);
                    a = Nd4j.createFromArray(v).reshape(shape);
                } else {
                    float[] v = new float[(int) n];
                    for (int i = 0; i < n; i++) v[i] = in.readFloat();
                    if (expected != null) requireFinite(path, name, v);
                    a = Nd4j.createFromArray(v).reshape(shape);
                }
                p.put(name, a);
            }
        } catch (EOFException e) {
            throw bad(path, "weights.bin is truncated");
        }
        if (expected != null) {
            for (String name : expected.keySet()) {
                if (!p.contains(name)) throw bad(path, "weights.bin lacks " + name + "; " + NOT_USABLE);
            }
        }
        return p;
    }

    /**
     * A NaN or infinite weight makes every output NaN (or a confident-looking answer from
     * overflowed sums), and a checksum cannot catch it: anyone can recompute the sums. So a model
     * with one is refused at load, naming the array.
     */
    private static void requireFinite(Path path, String name, double[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Double.isFinite(v[i])) throw nonFinite(path, name, i, v.length, v[i]);
        }
    }

    private static void requireFinite(Path path, String name, float[] v) {
        for (int i = 0; i < v.length; i++) {
            if (!Float.isFinite(v[i])) throw nonFinite(path, name, i, v.length, v[i]);
        }
    }

    private static ModelArchiveException nonFinite(Path path, String name, int i, int n, double value) {
        return bad(path, "weight " + printable(name) + " in weights.bin holds " + (Double.isNaN(value) ? "NaN" : value > 0
                ? "+Infinity" : "-Infinity") + " (value " + (i + 1) + " of " + n + "), and a model with a weight that is not"
                + " a finite number gives no usable output; retrain the model or get the archive again");
    }

    static String sha256(byte[] data) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
