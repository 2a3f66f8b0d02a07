package org.attentionworkbench.hostile;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

/**
 * Builds tar.gz archives header by header, including ones no honest tool writes: names that climb
 * out, absolute names, links pointing out, and entries whose header declares more data than follows.
 */
final class HostileTar {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    HostileTar file(String name, String content) {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, '0', data.length, "");
        blocks(data);
        return this;
    }

    /** A file of {@code size} zero bytes. */
    HostileTar zeros(String name, int size) {
        header(name, '0', size, "");
        blocks(new byte[size]);
        return this;
    }

    /** A file header declaring {@code declaredSize} bytes followed by only {@code actual} zero bytes. */
    HostileTar declaring(String name, long declaredSize, int actual) {
        header(name, '0', declaredSize, "");
        blocks(new byte[actual]);
        return this;
    }

    HostileTar symlink(String name, String target) {
        header(name, '2', 0, target);
        return this;
    }

    HostileTar hardLink(String name, String target) {
        header(name, '1', 0, target);
        return this;
    }

    /** The gzip-compressed archive with its end-of-archive blocks. */
    byte[] tarGz() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    private void header(String name, char type, long size, String link) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, "0000644");
        put(h, 108, 8, "0000000");
        put(h, 116, 8, "0000000");
        put(h, 124, 12, String.format("%011o", size)); // 11 octal digits: up to 8 GiB
        put(h, 136, 12, "14000000000");
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        h[263] = '0';
        h[264] = '0';
        for (int i = 148; i < 156; i++) {
            h[i] = ' ';
        }
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, String.format("%06o", sum));
        h[155] = ' ';
        tar.writeBytes(h);
    }

    private void blocks(byte[] data) {
        tar.writeBytes(data);
        tar.writeBytes(new byte[(512 - data.length % 512) % 512]);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }
}
