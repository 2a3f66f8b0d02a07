package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelArchiveException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A model file is untrusted input (issue 17): whatever an archive holds, loading it gives one
 * line naming the archive, the entry and the field, and the refusal comes before anything large is
 * read or allocated. Every hostile archive is a real shipped one rewritten in a temporary folder,
 * with its checksums recomputed where the point is that they cannot help.
 */
class HostileModelArchiveTest {

    @TempDir
    Path dir;

    /**
     * Most bytes a refused load may allocate on the heap: the shipped archive itself unpacks to
     * 6 MB, so anything near gigabytes means the refusal came after the allocation.
     */
    private static final long ALLOCATION_BOUND = 64L << 20;

    // ------------------------------------------------------------------ the zip itself

    @Test
    void sixEntriesOf1000MiBOfZerosAreRefusedUnread() throws IOException {
        // The archive: six 1000 MiB entries of zeros, 6 MB on disk. Alone, and inside an
        // otherwise valid model: the entries are not part of the format, so they are never inflated.
        List<ZipForge.Entry> zeros = new ArrayList<>();
        for (int i = 1; i <= 6; i++) zeros.add(ZipForge.zeros1000MiB("zeros-" + i + ".bin"));
        Path bare = ZipForge.write(dir.resolve("six-zeros.zip"), zeros);
        assertTrue(Files.size(bare) < 16L << 20, "small on disk: " + Files.size(bare));
        assertRefused(bare, "not an Attention Workbench model archive");

        List<ZipForge.Entry> entries = new ArrayList<>(zeros);
        entries.addAll(0, ShippedArchive.read().zipEntries());
        Path inside = ZipForge.write(dir.resolve("model-and-zeros.zip"), entries);
        String m = assertRefused(inside, "zeros-1.bin");
        assertTrue(m.contains("no part of a model archive"), m);
        assertCliRefuses(inside, "zeros-1.bin");
    }

    @Test
    void formatJsonIsReadFirstWhereverItIsInTheZip() throws IOException {
        // A 1000 MiB weights.bin (under its own limit) first, a foreign format.json last: the
        // archive is refused for its format.json without weights.bin ever being inflated.
        ShippedArchive a = ShippedArchive.read();
        a.entries.put("format.json", "{\"format\":\"keras-model\",\"version\":1}".getBytes(StandardCharsets.UTF_8));
        List<ZipForge.Entry> entries = new ArrayList<>();
        entries.add(ZipForge.zeros1000MiB("weights.bin"));
        for (ZipForge.Entry e : a.zipEntries()) if (!e.name().equals("weights.bin")) entries.add(e);
        entries.add(entries.remove(1)); // format.json last
        assertEquals("format.json", entries.get(entries.size() - 1).name());
        Path f = ZipForge.write(dir.resolve("format-last.zip"), entries);
        assertRefused(f, "not an Attention Workbench model archive");
    }

    @Test
    void anEntryOverItsLimitIsRefusedUnread() throws IOException {
        // config.json of 1000 MiB: under the old 1 GiB per-entry cap, far over what a config needs.
        Path f = withEntry("huge-config.zip", ZipForge.zeros1000MiB("config.json"));
        String m = assertRefused(f, "config.json unpacks to 1048576000 bytes");
        assertTrue(m.contains("1048576 a model archive's config.json may have"), m);
        assertCliRefuses(f, "config.json");
    }

    @Test
    void theEntriesTogetherAreBounded() throws IOException {
        // weights.bin 1000 MiB and vocab.txt 100 MiB: each within its own limit, 1100 MiB together.
        Path f = withEntries("too-much.zip", List.of(ZipForge.zeros1000MiB("weights.bin"),
                new ZipForge.Entry("vocab.txt", ZipForge.deflate(new byte[0]), 0, 100L << 20)));
        String m = assertRefused(f, "its entries unpack to 11534"); // 1100 MiB and the small entries
        assertTrue(m.contains("more than the 1073741824 a model archive may hold"), m);
    }

    @Test
    void aZipDirectoryThatUnderstatesAnEntryIsReadNoFurtherThanItSays() throws IOException {
        // The directory says weights.bin is 6 MB (as the real one), the data inflates to 1000 MiB.
        long real = ShippedArchive.read().entries.get("weights.bin").length;
        Path f = withEntry("understated.zip", ZipForge.zeros1000MiB("weights.bin").declaring(real));
        assertRefused(f, "weights.bin is corrupt (longer than the zip says)");
    }

    // ------------------------------------------------------------------ config.json

    static Stream<Arguments> hostileSizes() {
        List<Arguments> out = new ArrayList<>();
        for (String field : List.of("hiddenSize", "embeddingDim", "vocabSize")) {
            for (long v : new long[] {2_000_000_000L, 30_000_000L, Integer.MAX_VALUE, 20_000_000L}) {
                out.add(Arguments.of(field, v));
            }
        }
        return out.stream();
    }

    @ParameterizedTest(name = "{0} = {1}")
    @MethodSource("hostileSizes")
    void aConfigSizeOverItsLimitIsRefusedBeforeAnythingIsAllocated(String field, long value) throws IOException {
        // Checksums recomputed: only the size is wrong. Before the fix these gave
        // NegativeArraySizeException, ArrayIndexOutOfBoundsException or (20,000,000) an
        // OutOfMemoryError after 19 s and 4.4 GB.
        Path f = withConfig(field + "-" + value + ".zip", c -> c.put(field, value));
        String m = assertRefused(f, "config.json's " + field + " is " + value + " but must be between");
        assertCliRefuses(f, field);
        assertTrue(m.contains("retrain"), "says what to do: " + m);
    }

    @Test
    void aConfigSizePastTheIntegerRangeNamesItsField() throws IOException {
        Path f = withConfig("huge-hidden.zip", c -> c.put("hiddenSize", 3_000_000_000_000L));
        assertRefused(f, "config.json's hiddenSize is 3000000000000 but must be between 1 and 8192");
        Path g = withConfig("text-hidden.zip", c -> c.put("hiddenSize", "128"));
        assertRefused(g, "config.json's hiddenSize is missing or not a whole number");
    }

    /**
     * A frozen-attention config names the archive whose attention it reads: only a plain file name
     * beside it, never a path out of the folder, and only with its SHA-256; a base that is not there
     * is named in the message.
     */
    @Test
    void aFrozenAttentionConfigReadsOnlyTheExactArchiveBesideIt() throws IOException {
        for (String from : List.of("../../etc/passwd", "/etc/passwd", "sub/dir.zip", "..\\x.zip", ".hidden.zip")) {
            Path f = withConfig("frozen-" + Math.abs(from.hashCode()) + ".zip", c -> {
                c.put("attention", "FROZEN");
                c.put("attentionFrom", from);
                c.put("attentionFromSha256", "0".repeat(64));
            });
            assertRefused(f, "attentionFrom must be a plain file name beside the archive");
        }
        assertRefused(withConfig("frozen-nobase.zip", c -> c.put("attention", "FROZEN")),
                "attentionFrom and attentionFromSha256 are given exactly when the attention is frozen");
        assertRefused(withConfig("attention-odd.zip", c -> c.put("attention", "SIDEWAYS")), "config.json");
        Path missing = withConfig("frozen-missing.zip", c -> {
            c.put("attention", "FROZEN");
            c.put("attentionFrom", "no-such-base.zip");
            c.put("attentionFromSha256", "0".repeat(64));
        });
        String m = assertRefused(missing, "its attention is imposed by the model no-such-base.zip, which is not beside it");
        assertCliRefuses(missing, "no-such-base.zip");
        assertTrue(m.contains("put that archive there"), m);
    }

    @Test
    void aConfigWithinTheLimitsThatDisagreesWithTheFilesIsRefusedBeforeAllocation() throws IOException {
        // vocabSize is the number of lines of vocab.txt.
        assertRefused(withConfig("vocab-3m.zip", c -> c.put("vocabSize", 3_000_000)),
                "vocab.txt has 14749 tokens but config.json's vocabSize is 3000000");
        // Widths at the limit: the stored arrays' shapes do not match, and nothing of the
        // config's size is made (8192 x 14749 floats would be 480 MB).
        assertRefused(withConfig("dim-8192.zip", c -> c.put("embeddingDim", 8192)),
                "weight emb in weights.bin has shape [14749, 100] but config.json needs [14749, 8192]");
        assertRefused(withConfig("hidden-8192.zip", c -> c.put("hiddenSize", 8192)),
                "weight avg.W in weights.bin has shape [100, 128] but config.json needs [100, 8192]");
        assertRefused(withConfig("classes.zip", c -> c.put("numClasses", 3)), "card.json names 2 classes");
    }

    // ------------------------------------------------------------------ weights.bin

    @Test
    void aShapeWhoseProductWrapsIsRefused() throws IOException {
        // out.b's shape [2^30, 2^30, 8]: the product is 2^63, a negative long, and 4 * it is 0, so
        // the old truncation check passed and ND4J failed ("New shape length doesn't match").
        ShippedArchive a = ShippedArchive.read();
        List<ShippedArchive.Array> w = a.weights();
        ShippedArchive.named(w, "out.b").shape = new long[] {1L << 30, 1L << 30, 8};
        a.putWeights(w);
        Path f = a.fixChecksums().write(dir.resolve("wrapped-shape.zip"));
        assertRefused(f, "weight out.b in weights.bin has shape [1073741824, 1073741824, 8] but config.json needs [1, 2]");
        assertCliRefuses(f, "out.b");
    }

    @Test
    void aNonFiniteWeightIsRefusedNamingTheArray() throws IOException {
        for (float bad : new float[] {Float.NaN, Float.POSITIVE_INFINITY, Float.NEGATIVE_INFINITY}) {
            ShippedArchive a = ShippedArchive.read();
            List<ShippedArchive.Array> w = a.weights();
            ShippedArchive.named(w, "out.b").setFloat(1, bad);
            a.putWeights(w);
            Path f = a.fixChecksums().write(dir.resolve("weight-" + bad + ".zip"));
            String shown = Float.isNaN(bad) ? "NaN" : bad > 0 ? "+Infinity" : "-Infinity";
            assertRefused(f, "weight out.b in weights.bin holds " + shown + " (value 2 of 2)");
            HostileCli r = assertCliRefuses(f, "out.b");
            assertFalse(r.all().contains("label"), r.all());
        }
        // One in the middle of the embedding, as well.
        ShippedArchive a = ShippedArchive.read();
        List<ShippedArchive.Array> w = a.weights();
        ShippedArchive.named(w, "emb").setFloat(700_001, Float.NaN);
        a.putWeights(w);
        assertRefused(a.fixChecksums().write(dir.resolve("emb-nan.zip")), "weight emb in weights.bin holds NaN (value 700002 of 1474900)");
    }

    // ------------------------------------------------------------------ helpers

    /** The shipped archive with {@code change} made to its config.json, checksums recomputed. */
    private Path withConfig(String name, java.util.function.Consumer<ObjectNode> change) throws IOException {
        ShippedArchive a = ShippedArchive.read();
        ObjectNode c = a.json("config.json");
        change.accept(c);
        a.put("config.json", c);
        return a.fixChecksums().write(dir.resolve(name));
    }

    /** The shipped archive with one entry replaced by {@code replacement}. */
    private Path withEntry(String name, ZipForge.Entry replacement) throws IOException {
        return withEntries(name, List.of(replacement));
    }

    private Path withEntries(String name, List<ZipForge.Entry> replacements) throws IOException {
        List<ZipForge.Entry> entries = new ArrayList<>();
        for (ZipForge.Entry e : ShippedArchive.read().zipEntries()) {
            entries.add(replacements.stream().filter(r -> r.name().equals(e.name())).findFirst().orElse(e));
        }
        return ZipForge.write(dir.resolve(name), entries);
    }

    /**
     * Loading {@code f} is refused with one line naming the file and saying {@code reason}, in
     * seconds, having allocated at most {@link #ALLOCATION_BOUND} bytes on this thread.
     */
    static String assertRefused(Path f, String reason) {
        long before = allocated();
        long t0 = System.nanoTime();
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> AttentionModel.load(f));
        long seconds = (System.nanoTime() - t0) / 1_000_000_000L;
        long bytes = allocated() - before;
        String m = e.getMessage();
        assertTrue(m.contains(f.toString()), "names the archive: " + m);
        assertTrue(m.contains(reason), "says '" + reason + "': " + m);
        assertEquals(1, m.lines().count(), "one line: " + m);
        HostileOutput.assertClean(m);
        assertTrue(bytes < ALLOCATION_BOUND, "refused after allocating " + bytes + " bytes: " + m);
        assertTrue(seconds < 10, "refused after " + seconds + " s");
        return m;
    }

    /** {@code workbench predict -m f} says one line naming the archive and {@code fragment}, exit 1. */
    static HostileCli assertCliRefuses(Path f, String fragment) {
        HostileCli r = HostileCli.run("predict", "-m", f.toString(), "--text", "a gorgeous , witty , seductive movie .");
        assertEquals(1, r.exit(), r.all());
        assertEquals("", r.out(), "no prediction printed");
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.contains(f.toString()) && e.contains(fragment), "names the archive and '" + fragment + "': " + e);
        HostileOutput.assertClean(r.all());
        return r;
    }

    private static long allocated() {
        return ((com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean())
                .getThreadAllocatedBytes(Thread.currentThread().getId());
    }
}
