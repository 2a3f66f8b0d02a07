package org.attentionworkbench.model;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.TreeMap;
import org.attentionworkbench.data.Json;

/**
 * Writes a safetensors file ({@link SafetensorsFile} reads it): tensors in name order, each
 * tensor's bytes right after the one before, the header padded with spaces to a multiple of 8 bytes
 * (as the reference implementation does, so that the data is aligned for any dtype).
 */
public final class SafetensorsWriter {

    private SafetensorsWriter() {
    }

    /**
     * One tensor to write.
     *
     * @param dtype  F32 or F64
     * @param shape  its dimensions; their product is the number of values
     * @param values row-major values (F32 rounds each to float: exact for values read from a float array)
     */
    public record Tensor(SafetensorsDType dtype, long[] shape, double[] values) {

        public Tensor {
            if (dtype != SafetensorsDType.F32 && dtype != SafetensorsDType.F64) {
                throw new IllegalArgumentException("the workbench writes F32 and F64 tensors, not " + dtype);
            }
            shape = shape.clone();
            long n = 1;
            for (long d : shape) n = Math.multiplyExact(n, d);
            if (n != values.length) {
                throw new IllegalArgumentException("shape " + java.util.Arrays.toString(shape) + " holds " + n
                        + " values, not " + values.length);
            }
        }
    }

    /** The bytes of a safetensors file holding {@code tensors} and the header's {@code metadata}. */
    public static byte[] bytes(Map<String, Tensor> tensors, Map<String, String> metadata) throws IOException {
        Map<String, Tensor> sorted = new TreeMap<>(tensors);
        Map<String, Object> header = new LinkedHashMap<>();
        if (!metadata.isEmpty()) header.put("__metadata__", new TreeMap<>(metadata));
        long offset = 0;
        for (Map.Entry<String, Tensor> e : sorted.entrySet()) {
            Tensor t = e.getValue();
            long end = offset + (long) t.values().length * t.dtype().bytes();
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("dtype", t.dtype().name());
            d.put("shape", t.shape());
            d.put("data_offsets", new long[] {offset, end});
            header.put(e.getKey(), d);
            offset = end;
        }
        byte[] json = Json.compactWriter().writeValueAsBytes(header);
        int padded = (json.length + 7) / 8 * 8;
        long total = 8L + padded + offset;
        if (total > SafetensorsFile.MAX_FILE_BYTES) {
            throw new IllegalArgumentException("the tensors take " + total + " bytes, more than the "
                    + SafetensorsFile.MAX_FILE_BYTES + " a safetensors file of the workbench may have");
        }
        ByteBuffer buf = ByteBuffer.allocate((int) total).order(ByteOrder.LITTLE_ENDIAN);
        buf.putLong(padded);
        buf.put(json);
        for (int i = json.length; i < padded; i++) buf.put((byte) ' ');
        for (Tensor t : sorted.values()) t.dtype().encode(t.values(), buf);
        return buf.array();
    }
}
