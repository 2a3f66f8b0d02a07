package org.attentionworkbench.model;

import java.nio.ByteBuffer;

/**
 * The value types of a safetensors file that the workbench reads: IEEE double, single and half
 * precision and bfloat16, little-endian. Every one converts to {@code double} exactly, so a file's
 * values reach the network without rounding beyond the network's own type.
 */
public enum SafetensorsDType {
    F64(8),
    F32(4),
    F16(2),
    BF16(2);

    /**
     * The other dtypes of the safetensors format: known, so that a file holding one is told
     * "not supported" rather than "unknown", but not weights a float network can use.
     */
    static final java.util.Set<String> KNOWN_UNSUPPORTED = java.util.Set.of("BOOL", "U8", "I8", "I16", "U16",
            "I32", "U32", "I64", "U64", "F8_E4M3", "F8_E5M2", "F8_E8M0", "F4", "F6_E2M3", "F6_E3M2", "C64");

    private final int bytes;

    SafetensorsDType(int bytes) {
        this.bytes = bytes;
    }

    /** Bytes per value. */
    public int bytes() {
        return bytes;
    }

    /** The dtype of a header's name, or null when the workbench does not read it. */
    static SafetensorsDType of(String name) {
        for (SafetensorsDType t : values()) if (t.name().equals(name)) return t;
        return null;
    }

    /** Decodes {@code n} values from {@code buf} (little-endian, positioned at the first) into {@code out}. */
    void decode(ByteBuffer buf, double[] out) {
        for (int i = 0; i < out.length; i++) {
            out[i] = switch (this) {
                case F64 -> buf.getDouble();
                case F32 -> buf.getFloat();
                case F16 -> halfToDouble(buf.getShort());
                case BF16 -> Float.intBitsToFloat((buf.getShort() & 0xffff) << 16);
            };
        }
    }

    /** Encodes {@code values} (F32 and F64 only: what the workbench writes). */
    void encode(double[] values, ByteBuffer buf) {
        for (double v : values) {
            switch (this) {
                case F64 -> buf.putDouble(v);
                case F32 -> buf.putFloat((float) v);
                default -> throw new IllegalArgumentException("the workbench writes F32 and F64 only, not " + this);
            }
        }
    }

    /** IEEE 754 binary16 to double, subnormals, infinities and NaN included. */
    static double halfToDouble(short h) {
        int bits = h & 0xffff;
        int sign = (bits >>> 15) == 0 ? 1 : -1;
        int exp = (bits >>> 10) & 0x1f;
        int mant = bits & 0x3ff;
        if (exp == 0) return sign * Math.scalb((double) mant, -24);
        if (exp == 0x1f) return mant == 0 ? sign * Double.POSITIVE_INFINITY : Double.NaN;
        return sign * Math.scalb((double) (mant | 0x400), exp - 25);
    }
}
