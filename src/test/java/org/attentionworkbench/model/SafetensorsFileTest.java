package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The safetensors reader and writer on files written here and by hand. */
class SafetensorsFileTest {

    @TempDir
    Path dir;

    @Test
    void writtenTensorsReadBackExactlyWithTheirMetadata() throws IOException {
        Map<String, SafetensorsWriter.Tensor> t = new LinkedHashMap<>();
        t.put("z", new SafetensorsWriter.Tensor(SafetensorsDType.F64, new long[] {2, 2}, new double[] {1e-300, -2, Math.PI, 4}));
        t.put("a", new SafetensorsWriter.Tensor(SafetensorsDType.F32, new long[] {3}, new double[] {0.1f, -7.5f, Float.MIN_VALUE}));
        t.put("empty", new SafetensorsWriter.Tensor(SafetensorsDType.F32, new long[] {0, 5}, new double[0]));
        t.put("scalar", new SafetensorsWriter.Tensor(SafetensorsDType.F32, new long[] {}, new double[] {3}));
        Path f = Files.write(dir.resolve("t.safetensors"), SafetensorsWriter.bytes(t, Map.of("k", "v")));
        SafetensorsFile s = SafetensorsFile.read(f);
        assertEquals(Map.of("k", "v"), s.metadata());
        assertArrayEquals(new double[] {1e-300, -2, Math.PI, 4}, s.values("z"), 0.0);
        assertArrayEquals(new double[] {0.1f, -7.5f, Float.MIN_VALUE}, s.values("a"), 0.0);
        assertArrayEquals(new long[] {0, 5}, s.entries().get("empty").shape());
        assertEquals(0, s.values("empty").length);
        assertArrayEquals(new double[] {3}, s.values("scalar"), 0.0);
        long n = ByteBuffer.wrap(Files.readAllBytes(f)).order(ByteOrder.LITTLE_ENDIAN).getLong();
        assertEquals(0, n % 8, "header padded to 8 bytes");
    }

    @Test
    void halfAndBfloat16AreConvertedExactly() throws IOException {
        // F16: 1.0 = 0x3c00, -2.0 = 0xc000, 65504 = 0x7bff, smallest subnormal 2^-24 = 0x0001.
        // BF16: 1.0 = 0x3f80, -0.5 = 0xbf00, 3.140625 = 0x4049.
        ByteBuffer data = ByteBuffer.allocate(14).order(ByteOrder.LITTLE_ENDIAN);
        for (int h : new int[] {0x3c00, 0xc000, 0x7bff, 0x0001}) data.putShort((short) h);
        for (int h : new int[] {0x3f80, 0xbf00, 0x4049}) data.putShort((short) h);
        String header = "{\"h\":{\"dtype\":\"F16\",\"shape\":[4],\"data_offsets\":[0,8]},"
                + "\"b\":{\"dtype\":\"BF16\",\"shape\":[3],\"data_offsets\":[8,14]}}";
        SafetensorsFile s = SafetensorsFile.read(file("half.safetensors", header, data.array()));
        assertArrayEquals(new double[] {1, -2, 65504, Math.scalb(1.0, -24)}, s.values("h"), 0.0);
        assertArrayEquals(new double[] {1, -0.5, 3.140625}, s.values("b"), 0.0);
    }

    @Test
    void headersThatCannotBeTrustedAreRefusedWithTheirReason() throws IOException {
        byte[] four = new byte[4];
        assertRefused(file("dup.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", four), "not valid JSON");
        assertRefused(file("meta.safetensors", "{\"__metadata__\":{\"n\":3},"
                + "\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[0,4]}}", four), "__metadata__ value 'n' is not a string");
        assertRefused(file("gap.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1],\"data_offsets\":[4,8]}}",
                new byte[8]), "bytes 0 to 4 of its data belong to no tensor");
        assertRefused(file("backwards.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[0],\"data_offsets\":[4,0]}}",
                four), "ends (0) before it begins (4)");
        assertRefused(file("float-dim.safetensors", "{\"a\":{\"dtype\":\"F32\",\"shape\":[1.5],\"data_offsets\":[0,4]}}",
                four), "dimension of 1.5");
        assertRefused(file("trailing.safetensors", "{} {}", new byte[0]), "not valid JSON");
        assertThrows(ModelArchiveException.class, () -> SafetensorsFile.read(dir.resolve("missing.safetensors")));
    }

    private static void assertRefused(Path f, String fragment) {
        ModelArchiveException e = assertThrows(ModelArchiveException.class, () -> SafetensorsFile.read(f));
        assertTrue(e.getMessage().contains(f.toString()) && e.getMessage().contains(fragment), e.getMessage());
    }

    private Path file(String name, String header, byte[] data) throws IOException {
        byte[] h = header.getBytes(StandardCharsets.UTF_8);
        ByteBuffer b = ByteBuffer.allocate(8 + h.length + data.length).order(ByteOrder.LITTLE_ENDIAN);
        b.putLong(h.length).put(h).put(data);
        return Files.write(dir.resolve(name), b.array());
    }
}
