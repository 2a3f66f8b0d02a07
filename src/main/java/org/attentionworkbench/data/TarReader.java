package org.attentionworkbench.data;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;

/**
 * A minimal streaming tar reader: POSIX ustar (with the name prefix), GNU long names and long link
 * names ({@code L}/{@code K} entries) and the {@code path}/{@code linkpath} keys of pax headers. That
 * covers the dataset archives. commons-compress is on the class path, but only as a transitive
 * dependency of ND4J, and the data package imports only the JDK, the text package and Jackson
 * ({@code DataPackageDependenciesTest}). Header checksums are verified so that a
 * corrupt or non-tar stream fails early with a clear message.
 */
final class TarReader {

    /** One archive member. Type: {@code '0'} file, {@code '5'} folder, {@code '2'} symlink, {@code '1'} hard link. */
    record Entry(String name, char type, long size, String linkName) {
        boolean isFile() {
            return type == '0' || type == '\0' || type == '7';
        }

        boolean isDirectory() {
            return type == '5' || (isFile() && name.endsWith("/"));
        }

        boolean isLink() {
            return type == '1' || type == '2';
        }
    }

    private static final int BLOCK = 512;

    private final InputStream in;
    private long remaining;   // unread data bytes of the current entry
    private long padding;     // bytes after the data up to the next block boundary

    TarReader(InputStream in) {
        this.in = in;
    }

    /** The next entry, or null at the end of the archive; its data is read through {@link #data()}. */
    Entry next() throws IOException {
        skip(remaining + padding);
        remaining = 0;
        padding = 0;
        String longName = null;
        String longLink = null;
        while (true) {
            byte[] h = new byte[BLOCK];
            if (!readBlock(h)) {
                return null; // end of stream without the two zero blocks: old tars do this
            }
            if (isZero(h)) {
                return null;
            }
            verifyChecksum(h);
            char type = (char) h[156];
            long size = parseNumber(h, 124, 12);
            if (type == 'L' || type == 'K' || type == 'x' || type == 'g') {
                byte[] data = readData(size);
                if (type == 'L') {
                    longName = cString(data, 0, data.length);
                } else if (type == 'K') {
                    longLink = cString(data, 0, data.length);
                } else if (type == 'x') {
                    String[] pax = parsePax(data);
                    longName = pax[0] != null ? pax[0] : longName;
                    longLink = pax[1] != null ? pax[1] : longLink;
                }
                continue; // global pax headers ('g') carry nothing we need
            }
            String name = cString(h, 0, 100);
            String magic = cString(h, 257, 6);
            if ("ustar".equals(magic) && h[263] == '0') { // POSIX ustar: a name prefix may be present
                String prefix = cString(h, 345, 155);
                if (!prefix.isEmpty()) {
                    name = prefix + "/" + name;
                }
            }
            Entry e = new Entry(longName != null ? longName : name, type, size,
                    longLink != null ? longLink : cString(h, 157, 100));
            remaining = (e.isFile() ? size : 0);
            padding = e.isFile() ? (BLOCK - size % BLOCK) % BLOCK : 0;
            if (!e.isFile() && size > 0) {
                skip(size + (BLOCK - size % BLOCK) % BLOCK); // data of types we ignore
            }
            return e;
        }
    }

    /** The current entry's data; reading past it returns end of stream. */
    InputStream data() {
        return new InputStream() {
            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] b, int off, int len) throws IOException {
                if (remaining <= 0) {
                    return -1;
                }
                int n = in.read(b, off, (int) Math.min(len, remaining));
                if (n < 0) {
                    throw new EOFException("tar archive is truncated inside an entry");
                }
                remaining -= n;
                return n;
            }
        };
    }

    private byte[] readData(long size) throws IOException {
        if (size > 64L << 20) {
            throw new IOException("tar extended header of " + size + " bytes is implausibly large");
        }
        byte[] data = new byte[(int) size];
        readFully(data);
        skip((BLOCK - size % BLOCK) % BLOCK);
        return data;
    }

    private boolean readBlock(byte[] block) throws IOException {
        int n = in.readNBytes(block, 0, BLOCK);
        if (n == 0) {
            return false;
        }
        if (n < BLOCK) {
            throw new EOFException("tar archive is truncated (partial header block)");
        }
        return true;
    }

    private void readFully(byte[] data) throws IOException {
        if (in.readNBytes(data, 0, data.length) < data.length) {
            throw new EOFException("tar archive is truncated");
        }
    }

    private void skip(long n) throws IOException {
        long left = n;
        byte[] buf = new byte[8192];
        while (left > 0) {
            int r = in.read(buf, 0, (int) Math.min(buf.length, left));
            if (r < 0) {
                throw new EOFException("tar archive is truncated");
            }
            left -= r;
        }
    }

    private static boolean isZero(byte[] h) {
        for (byte b : h) {
            if (b != 0) {
                return false;
            }
        }
        return true;
    }

    private static void verifyChecksum(byte[] h) throws IOException {
        long stored = parseNumber(h, 148, 8);
        long sum = 0;
        for (int i = 0; i < BLOCK; i++) {
            sum += (i >= 148 && i < 156) ? ' ' : (h[i] & 0xff);
        }
        if (sum != stored) {
            throw new IOException("not a tar archive or corrupt tar header (checksum mismatch)");
        }
    }

    /** Octal (NUL/space terminated) or, with the high bit set, GNU base-256. */
    private static long parseNumber(byte[] h, int off, int len) throws IOException {
        if ((h[off] & 0x80) != 0) {
            long v = h[off] & 0x7f;
            for (int i = off + 1; i < off + len; i++) {
                v = (v << 8) | (h[i] & 0xff);
            }
            return v;
        }
        long v = 0;
        int i = off;
        while (i < off + len && (h[i] == ' ' || h[i] == 0)) {
            i++;
        }
        for (; i < off + len && h[i] != 0 && h[i] != ' '; i++) {
            if (h[i] < '0' || h[i] > '7') {
                throw new IOException("not a tar archive or corrupt tar header (bad number)");
            }
            v = v * 8 + (h[i] - '0');
        }
        return v;
    }

    private static String cString(byte[] b, int off, int len) {
        int end = off;
        while (end < off + len && b[end] != 0) {
            end++;
        }
        return new String(b, off, end - off, StandardCharsets.UTF_8);
    }

    /** Records "{@code <len> key=value\n}"; returns {path, linkpath}. */
    private static String[] parsePax(byte[] data) {
        String[] out = new String[2];
        String s = new String(data, StandardCharsets.UTF_8);
        for (String rec : s.split("\n")) {
            int space = rec.indexOf(' ');
            int eq = rec.indexOf('=');
            if (space < 0 || eq < space) {
                continue;
            }
            String key = rec.substring(space + 1, eq);
            if (key.equals("path")) {
                out[0] = rec.substring(eq + 1);
            } else if (key.equals("linkpath")) {
                out[1] = rec.substring(eq + 1);
            }
        }
        return out;
    }
}
