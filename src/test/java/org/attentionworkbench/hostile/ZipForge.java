package org.attentionworkbench.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32;
import java.util.zip.Deflater;

/**
 * Writes zips by hand, so that a test can say what the zip's headers declare independently of
 * what its data holds, and reuse one deflated stream of 1000 MiB of zeros (about 1 MB) for many
 * entries: a zip bomb of gigabytes unpacked is built in milliseconds and never held unpacked.
 */
final class ZipForge {

    /** One entry: its name, deflated data, the CRC and unpacked size the headers declare. */
    record Entry(String name, byte[] deflated, long crc, long declaredSize) {

        /** An honest entry holding {@code data}. */
        static Entry of(String name, byte[] data) {
            CRC32 crc = new CRC32();
            crc.update(data);
            return new Entry(name, deflate(data), crc.getValue(), data.length);
        }

        /** The same data, with another unpacked size declared in both headers. */
        Entry declaring(long size) {
            return new Entry(name, deflated, crc, size);
        }
    }

    /** 1000 MiB, the size of the entries of zeros. */
    static final long MIB_1000 = 1000L << 20;

    private static Entry zeros1000;

    private ZipForge() {
    }

    /**
     * An entry of 1000 MiB of zeros, about 1 MB deflated, built in milliseconds: 1 MiB of zeros is
     * deflated once with a full flush (which ends byte-aligned and resets the history, so the next
     * MiB of zeros would deflate to the very same bytes), those bytes are repeated 1000 times, and
     * the deflater's final empty block ends the stream.
     */
    static synchronized Entry zeros1000MiB(String name) {
        if (zeros1000 == null) {
            byte[] block = new byte[1 << 20];
            Deflater d = new Deflater(Deflater.BEST_COMPRESSION, true);
            d.setInput(block);
            ByteArrayOutputStream chunk = new ByteArrayOutputStream();
            byte[] buf = new byte[1 << 16];
            int n;
            do {
                n = d.deflate(buf, 0, buf.length, Deflater.FULL_FLUSH);
                chunk.write(buf, 0, n);
            } while (n == buf.length || !d.needsInput());
            d.finish();
            ByteArrayOutputStream last = new ByteArrayOutputStream();
            while (!d.finished()) last.write(buf, 0, d.deflate(buf));
            d.end();
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            CRC32 crc = new CRC32();
            byte[] c = chunk.toByteArray();
            for (int i = 0; i < 1000; i++) {
                out.write(c, 0, c.length);
                crc.update(block);
            }
            out.write(last.toByteArray(), 0, last.size());
            zeros1000 = new Entry("", out.toByteArray(), crc.getValue(), MIB_1000);
        }
        return new Entry(name, zeros1000.deflated(), zeros1000.crc(), zeros1000.declaredSize());
    }

    static byte[] deflate(byte[] data) {
        Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
        d.setInput(data);
        d.finish();
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buf = new byte[1 << 16];
        while (!d.finished()) out.write(buf, 0, d.deflate(buf));
        d.end();
        return out.toByteArray();
    }

    /** Writes {@code entries} as a zip (DEFLATED, sizes in the local headers, no data descriptors). */
    static Path write(Path file, List<Entry> entries) throws IOException {
        List<Long> offsets = new ArrayList<>();
        long offset = 0;
        try (OutputStream out = Files.newOutputStream(file)) {
            for (Entry e : entries) {
                offsets.add(offset);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer h = le(30 + name.length);
                h.putInt(0x04034b50).putShort((short) 20).putShort((short) 0x0800).putShort((short) 8)
                        .putShort((short) 0).putShort((short) 0x21) // 1980-01-01
                        .putInt((int) e.crc()).putInt(e.deflated().length).putInt((int) e.declaredSize())
                        .putShort((short) name.length).putShort((short) 0).put(name);
                out.write(h.array());
                out.write(e.deflated());
                offset += h.capacity() + e.deflated().length;
            }
            long cdStart = offset;
            for (int i = 0; i < entries.size(); i++) {
                Entry e = entries.get(i);
                byte[] name = e.name().getBytes(StandardCharsets.UTF_8);
                ByteBuffer c = le(46 + name.length);
                c.putInt(0x02014b50).putShort((short) 20).putShort((short) 20).putShort((short) 0x0800)
                        .putShort((short) 8).putShort((short) 0).putShort((short) 0x21)
                        .putInt((int) e.crc()).putInt(e.deflated().length).putInt((int) e.declaredSize())
                        .putShort((short) name.length).putShort((short) 0).putShort((short) 0)
                        .putShort((short) 0).putShort((short) 0).putInt(0).putInt((int) (long) offsets.get(i)).put(name);
                out.write(c.array());
                offset += c.capacity();
            }
            ByteBuffer end = le(22);
            end.putInt(0x06054b50).putShort((short) 0).putShort((short) 0).putShort((short) entries.size())
                    .putShort((short) entries.size()).putInt((int) (offset - cdStart)).putInt((int) cdStart)
                    .putShort((short) 0);
            out.write(end.array());
        }
        return file;
    }

    private static ByteBuffer le(int size) {
        return ByteBuffer.allocate(size).order(ByteOrder.LITTLE_ENDIAN);
    }
}
