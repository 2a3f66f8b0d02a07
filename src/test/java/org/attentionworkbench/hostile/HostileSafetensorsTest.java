package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.function.Consumer;
import org.attentionworkbench.data.Json;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A safetensors file is untrusted input (issue 14): whatever it holds, {@code workbench import}
 * refuses a malformed one with one line naming the file and the problem, writes no archive, and
 * allocates nothing from a size it has not checked. Each hostile file is the real fixture of
 * src/test/resources/import rewritten.
 */
class HostileSafetensorsTest {

    @TempDir
    Path dir;

    private static Path resource(String name) {
        try {
            return Path.of(HostileSafetensorsTest.class.getResource("/import/" + name).toURI());
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] fixture() throws IOException {
        return Files.readAllBytes(resource("jw-tiny.safetensors"));
    }

    @Test
    void theFixtureItselfImports() throws IOException {
        Path out = dir.resolve("ok.zip");
        HostileCli r = HostileCli.run("import", "--weights", resource("jw-tiny.safetensors").toString(),
                "--vocab", resource("jw-tiny.vocab.txt").toString(), "--config", resource("jw-tiny.config.json").toString(),
                "--out", out.toString());
        assertEquals(0, r.exit(), r.all());
        assertTrue(Files.isRegularFile(out));
        assertTrue(r.out().contains("jain-wallace layout"), r.out());
        // The archive is a model like any other: predict reads it.
        HostileCli p = HostileCli.run("predict", "-m", out.toString(), "--text", "the movie was great", "--json");
        assertEquals(0, p.exit(), p.all());
        assertTrue(p.out().contains("\"positive\""), p.out());
    }

    @Test
    void aTruncatedFileIsRefused() throws IOException {
        byte[] b = fixture();
        assertRefused(write("cut-data.safetensors", Arrays.copyOf(b, b.length - 100)),
                "reach past the", "truncated");
        assertRefused(write("cut-header.safetensors", Arrays.copyOf(b, 40)), "header length is", "truncated");
        assertRefused(write("five-bytes.safetensors", Arrays.copyOf(b, 5)), "it is truncated (5 bytes");
        assertRefused(write("empty.safetensors", new byte[0]), "it is truncated (0 bytes");
    }

    @Test
    void aHugeHeaderLengthIsRefusedBeforeAnythingIsRead() throws IOException {
        byte[] b = fixture();
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(-1L); // 2^64 - 1, unsigned
        assertRefused(write("huge.safetensors", b), "header length is 18446744073709551615 bytes, more than the 100000000");
        ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).putLong(200_000_000L);
        assertRefused(write("200mb.safetensors", b), "more than the 100000000");
    }

    @Test
    void aHeaderThatLiesAboutSizesIsRefused() throws IOException {
        // Shape and byte range disagree.
        assertRefused(rewrite("shape-lie.safetensors", h -> shape(h, "embedding.weight", 31, 6)),
                "tensor 'embedding.weight' has shape [31, 6] of F32, 744 bytes, but its data_offsets");
        // A range past the data.
        assertRefused(rewrite("offset-lie.safetensors", h -> {
            ArrayNode o = (ArrayNode) ((ObjectNode) h.get("linear_1.weight")).get("data_offsets");
            long begin = o.get(0).asLong();
            o.removeAll();
            o.add(begin + 1_000_000).add(begin + 1_000_032);
        }), "reach past the");
        // Two tensors on the same bytes.
        assertRefused(rewrite("overlap.safetensors", h -> {
            long begin = h.get("attention.attn1.bias").get("data_offsets").get(0).asLong();
            ((ObjectNode) h.get("linear_1.bias")).putArray("data_offsets").add(begin).add(begin + 4);
        }), "overlaps the tensor before it");
        // Bytes after the last tensor.
        byte[] b = fixture();
        byte[] longer = Arrays.copyOf(b, b.length + 64);
        assertRefused(write("tail.safetensors", longer), "belong to no tensor");
        // Dimensions: negative, and a product past 2^63.
        assertRefused(rewrite("negative.safetensors", h -> shape(h, "linear_1.bias", -1)),
                "has a dimension of -1, not a non-negative whole number");
        assertRefused(rewrite("overflow.safetensors", h -> shape(h, "linear_1.bias", 1L << 40, 1L << 40)),
                "more values than any file holds");
    }

    @Test
    void aWrongDtypeIsRefused() throws IOException {
        assertRefused(rewrite("i64.safetensors", h -> ((ObjectNode) h.get("linear_1.bias")).put("dtype", "I64")),
                "tensor 'linear_1.bias' has dtype I64, which the workbench does not read (it reads F32, F64, F16 and BF16)");
        assertRefused(rewrite("f17.safetensors", h -> ((ObjectNode) h.get("linear_1.bias")).put("dtype", "F17")),
                "has dtype F17, which is not a safetensors dtype");
    }

    @Test
    void aHeaderThatIsNotAJsonObjectIsRefused() throws IOException {
        byte[] b = fixture();
        long n = ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        byte[] junk = b.clone();
        Arrays.fill(junk, 8, 8 + (int) n, (byte) '#');
        assertRefused(write("junk.safetensors", junk), "its header is not valid JSON");
        byte[] list = b.clone();
        Arrays.fill(list, 8, 8 + (int) n, (byte) ' ');
        list[8] = '[';
        list[9] = ']';
        assertRefused(write("list.safetensors", list), "its header is not a JSON object");
        byte[] binary = b.clone();
        binary[9] = (byte) 0xff;
        assertRefused(write("binary.safetensors", binary), "its header is not UTF-8 text");
    }

    @Test
    void aStateDictOfAnotherModelIsRefusedByTensorName() throws IOException {
        assertRefused(rewrite("extra.safetensors", h -> {
            // Rename a tensor: the layout misses one and would not know the other.
            ObjectNode t = (ObjectNode) h.remove("linear_1.bias");
            h.set("linear_2.bias", t);
        }), "no tensor linear_1.bias, which the jain-wallace layout needs");
    }

    /** Runs the import and checks the one-line refusal naming the file, with nothing written. */
    private void assertRefused(Path weights, String... fragments) {
        Path out = dir.resolve(weights.getFileName() + ".zip");
        HostileCli r = HostileCli.run("import", "--weights", weights.toString(), "--vocab",
                resource("jw-tiny.vocab.txt").toString(), "--config", resource("jw-tiny.config.json").toString(),
                "--out", out.toString());
        assertEquals(1, r.exit(), r.all());
        assertEquals("", r.out(), "nothing printed on stdout");
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.contains(weights.toString()), "names the file: " + e);
        for (String f : fragments) assertTrue(e.contains(f), "says '" + f + "': " + e);
        HostileOutput.assertClean(r.all());
        assertFalse(Files.exists(out), "no archive written");
    }

    private Path write(String name, byte[] bytes) throws IOException {
        return Files.write(dir.resolve(name), bytes);
    }

    /** The fixture with its JSON header edited (the data unchanged, the header length recomputed). */
    private Path rewrite(String name, Consumer<ObjectNode> edit) throws IOException {
        byte[] b = fixture();
        int n = (int) ByteBuffer.wrap(b).order(ByteOrder.LITTLE_ENDIAN).getLong();
        ObjectNode header = (ObjectNode) Json.mapper().readTree(new String(b, 8, n, StandardCharsets.UTF_8));
        edit.accept(header);
        byte[] h = Json.compactWriter().writeValueAsBytes(header);
        ByteBuffer out = ByteBuffer.allocate(8 + h.length + b.length - 8 - n).order(ByteOrder.LITTLE_ENDIAN);
        out.putLong(h.length).put(h).put(b, 8 + n, b.length - 8 - n);
        return write(name, out.array());
    }

    private static void shape(ObjectNode header, String tensor, long... dims) {
        ArrayNode s = ((ObjectNode) header.get(tensor)).putArray("shape");
        for (long d : dims) s.add(d);
    }
}
