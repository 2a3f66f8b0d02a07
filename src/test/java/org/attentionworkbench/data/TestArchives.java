package org.attentionworkbench.data;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * Builds small tar.gz and zip archives byte by byte, including hostile ones no honest tool writes
 * (names that climb out, links pointing out, headers declaring more data than follows), for the
 * data tests and the hostile-input suite.
 */
public final class TestArchives {

    private final ByteArrayOutputStream tar = new ByteArrayOutputStream();

    /** A regular file; names longer than 100 bytes get a GNU long-name entry first. */
    public TestArchives file(String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        if (name.getBytes(StandardCharsets.UTF_8).length > 100) {
            byte[] longName = (name + "\0").getBytes(StandardCharsets.UTF_8);
            header("././@LongLink", 'L', longName.length, "", "");
            dataBlocks(longName);
            name = name.substring(0, 100);
        }
        header(name, '0', data.length, "", "");
        dataBlocks(data);
        return this;
    }

    /** A file whose name is split into ustar prefix and name. */
    TestArchives fileWithPrefix(String prefix, String name, String content) throws IOException {
        byte[] data = content.getBytes(StandardCharsets.UTF_8);
        header(name, '0', data.length, "", prefix);
        dataBlocks(data);
        return this;
    }

    TestArchives dir(String name) throws IOException {
        header(name, '5', 0, "", "");
        return this;
    }

    public TestArchives symlink(String name, String target) throws IOException {
        header(name, '2', 0, target, "");
        return this;
    }

    public TestArchives hardLink(String name, String target) {
        header(name, '1', 0, target, "");
        return this;
    }

    /** A file of {@code size} zero bytes. */
    public TestArchives zeros(String name, int size) {
        header(name, '0', size, "", "");
        dataBlocks(new byte[size]);
        return this;
    }

    /** A file header declaring {@code declaredSize} bytes followed by only {@code actual} zero bytes. */
    public TestArchives declaring(String name, long declaredSize, int actual) {
        header(name, '0', declaredSize, "", "");
        dataBlocks(new byte[actual]);
        return this;
    }

    /** The gzip-compressed archive with its end-of-archive blocks. */
    public byte[] tarGz() throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(tar.toByteArray());
            gz.write(new byte[1024]);
        }
        return out.toByteArray();
    }

    /** A zip with the given name/content pairs. */
    static byte[] zip(String... namesAndContents) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (int i = 0; i < namesAndContents.length; i += 2) {
                zip.putNextEntry(new ZipEntry(namesAndContents[i]));
                zip.write(namesAndContents[i + 1].getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }

    private void header(String name, char type, long size, String link, String prefix) {
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
        put(h, 345, 155, prefix);
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

    private void dataBlocks(byte[] data) {
        tar.writeBytes(data);
        int pad = (512 - data.length % 512) % 512;
        tar.writeBytes(new byte[pad]);
    }

    private static void put(byte[] h, int off, int len, String s) {
        byte[] b = s.getBytes(StandardCharsets.UTF_8);
        System.arraycopy(b, 0, h, off, Math.min(len, b.length));
    }
}
