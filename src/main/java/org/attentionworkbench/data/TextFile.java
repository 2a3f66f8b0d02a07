package org.attentionworkbench.data;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Locale;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads dataset text files line by line: plain or gzip (recognised by its magic bytes, not only by
 * the {@code .gz} suffix), strictly UTF-8. A missing, empty or binary file gives a clear
 * {@link DatasetException} instead of an odd parse error many lines later.
 *
 * <p>Lines are split on the bytes ({@code \n}, {@code \r\n} or {@code \r}, as
 * {@link java.io.BufferedReader} does) and each line is decoded on its own. A decoder over the whole
 * stream reads ahead a block, so its error named a line hundreds of lines early and could not say
 * which line to skip; per line, an invalid sequence is reported at its real line and byte offset and
 * is a malformed line like any other: an error, or skipped and counted with the skip-malformed option.
 * NUL bytes and lines over {@link #MAX_LINE_BYTES} stay file-level errors: such a file is not text.
 */
final class TextFile {

    /** The longest line read (64 MiB): past it the file is taken for binary, not buffered without bound. */
    static final int MAX_LINE_BYTES = 64 << 20;

    /** Receives one line; the line number is 1-based. */
    @FunctionalInterface
    interface LineHandler {
        void line(int number, String text) throws DatasetException;
    }

    /** Receives a line that is not valid UTF-8. */
    @FunctionalInterface
    interface BadLineHandler {
        /**
         * @param number  the 1-based line number
         * @param lenient the line decoded with U+FFFD for the invalid bytes (for readers that must
         *                keep track of records spanning lines, never to be taken as data)
         * @param detail  what is wrong and where, without the file name and line
         */
        void badLine(int number, String lenient, String detail) throws DatasetException;
    }

    private TextFile() {
    }

    /** Checks that {@code file} exists and is a readable regular file. */
    static void requireReadableFile(Path file) throws DatasetException {
        if (!Files.exists(file)) {
            throw new DatasetException("dataset file not found: " + file.toAbsolutePath());
        }
        if (!Files.isRegularFile(file)) {
            throw new DatasetException("not a regular file: " + file.toAbsolutePath());
        }
        if (!Files.isReadable(file)) {
            throw new DatasetException("cannot read (permission denied): " + file.toAbsolutePath());
        }
    }

    private static boolean isGzip(InputStream markable) throws IOException {
        markable.mark(2);
        int b0 = markable.read();
        int b1 = markable.read();
        markable.reset();
        return b0 == 0x1f && b1 == 0x8b;
    }

    /**
     * Feeds every line of {@code file} to {@code handler}; a line that is not valid UTF-8 is an error.
     *
     * @see #forEachLine(Path, LineHandler, BadLineHandler)
     */
    static int forEachLine(Path file, LineHandler handler) throws IOException {
        return forEachLine(file, handler, (number, lenient, detail) -> {
            throw new DatasetFormatException(file, number, detail);
        });
    }

    /**
     * Feeds every line of {@code file} to {@code handler}; a line that is not valid UTF-8 goes to
     * {@code policy} (an error naming its line and byte offset, or skipped and counted).
     */
    static int forEachLine(Path file, MalformedPolicy policy, LineHandler handler) throws IOException {
        return forEachLine(file, handler, (number, lenient, detail) -> policy.malformed(number, detail));
    }

    /**
     * Feeds every line of {@code file} to {@code handler}, and every line that is not valid UTF-8 to
     * {@code bad} instead. A trailing empty line at the end of the file is not reported (it is just the
     * final newline).
     *
     * @return the number of lines read
     * @throws DatasetFormatException if the file is empty, contains NUL bytes or a line over
     *                                {@link #MAX_LINE_BYTES}, or its gzip data is corrupt
     */
    static int forEachLine(Path file, LineHandler handler, BadLineHandler bad) throws IOException {
        requireReadableFile(file);
        int number = 0;
        try (InputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16)) {
            boolean gzip = isGzip(raw);
            InputStream in = gzip ? new GZIPInputStream(raw, 1 << 16) : raw;
            LineSplitter lines = new LineSplitter(in);
            Utf8Line decoder = new Utf8Line();
            while (true) {
                int length;
                try {
                    length = lines.next();
                } catch (ZipException e) {
                    throw new DatasetFormatException(file, number + 1, "corrupt gzip data (" + e.getMessage() + ")");
                } catch (EOFException e) {
                    throw new DatasetFormatException(file, number + 1, "gzip data ends unexpectedly (truncated file?)");
                } catch (LineTooLong e) {
                    throw notText(file, number + 1, "has a line longer than " + (MAX_LINE_BYTES >> 20) + " MiB");
                }
                if (length < 0) {
                    break;
                }
                number++;
                byte[] bytes = lines.bytes();
                for (int i = 0; i < length; i++) {
                    if (bytes[i] == 0) {
                        throw notText(file, number, "contains NUL bytes");
                    }
                }
                String line = decoder.decode(bytes, length);
                if (line == null) {
                    int at = decoder.errorIndex();
                    bad.badLine(number, new String(bytes, 0, length, StandardCharsets.UTF_8),
                            invalidUtf8(bytes, at, length, lines.lineStart() + at, gzip));
                    continue;
                }
                if (number == 1 && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                    line = line.substring(1); // a byte-order mark is not part of the first field
                }
                handler.line(number, line);
            }
        }
        if (number == 0) {
            throw new DatasetFormatException(file, 0, "file is empty");
        }
        return number;
    }

    /**
     * Reads a whole (small) file as strict UTF-8.
     *
     * @throws DatasetFormatException if it contains NUL bytes or is not valid UTF-8 (naming the line
     *                                and byte offset)
     */
    static String readString(Path file) throws IOException {
        return readString(file, (number, lenient, detail) -> {
            throw new DatasetFormatException(file, number, detail);
        });
    }

    /**
     * Reads a whole (small) file as strict UTF-8; when it is not valid UTF-8, {@code bad} is told
     * the first invalid line and null is returned (unless {@code bad} throws).
     */
    static String readString(Path file, BadLineHandler bad) throws IOException {
        requireReadableFile(file);
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                throw notText(file, 0, "contains NUL bytes");
            }
        }
        Utf8Line decoder = new Utf8Line();
        String text = decoder.decode(bytes, bytes.length);
        if (text == null) {
            int at = decoder.errorIndex();
            int line = 1;
            int lineStart = 0;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n' || (bytes[i] == '\r' && (i + 1 >= bytes.length || bytes[i + 1] != '\n'))) {
                    line++;
                    lineStart = i + 1;
                }
            }
            int lineEnd = lineStart;
            while (lineEnd < bytes.length && bytes[lineEnd] != '\n' && bytes[lineEnd] != '\r') {
                lineEnd++;
            }
            byte[] lineBytes = Arrays.copyOfRange(bytes, lineStart, lineEnd);
            bad.badLine(line, new String(lineBytes, StandardCharsets.UTF_8),
                    invalidUtf8(lineBytes, at - lineStart, lineBytes.length, at, false));
        }
        return text;
    }

    /** What is wrong with a line, naming the first invalid byte and where it is. */
    private static String invalidUtf8(byte[] line, int index, int length, long fileOffset, boolean gzip) {
        StringBuilder seq = new StringBuilder();
        for (int i = index; i < Math.min(length, index + 4); i++) {
            seq.append(seq.length() == 0 ? "" : " ").append(String.format(Locale.ROOT, "0x%02X", line[i] & 0xff));
        }
        return "not valid UTF-8: bytes " + seq + " at byte offset " + fileOffset
                + (gzip ? " of the uncompressed data" : "") + " (byte " + (index + 1) + " of the line); "
                + "save the file as UTF-8";
    }

    private static DatasetFormatException notText(Path file, int line, String what) {
        return new DatasetFormatException(file, line, "file " + what + "; it looks like a binary file, "
                + "not a UTF-8 text dataset");
    }

    /** Thrown by {@link LineSplitter} for a line over {@link #MAX_LINE_BYTES}. */
    private static final class LineTooLong extends IOException {
        LineTooLong() {
            super("line too long");
        }
    }

    /** Splits a byte stream into lines on {@code \n}, {@code \r\n} and {@code \r}, tracking offsets. */
    static final class LineSplitter {
        private final InputStream in;
        private final byte[] buf = new byte[1 << 16];
        private int pos;
        private int lim;
        private long base;       // stream offset of buf[0]
        private boolean skipLf;  // the last line ended with \r: a \n right after it belongs to it
        private byte[] line = new byte[256];
        private int length;
        private long lineStart;

        LineSplitter(InputStream in) {
            this.in = in;
        }

        /** Reads the next line into {@link #bytes()}; returns its length, or -1 at the end. */
        int next() throws IOException {
            length = 0;
            if (skipLf) {
                skipLf = false;
                if (pos >= lim && !fill()) {
                    return -1;
                }
                if (buf[pos] == '\n') {
                    pos++;
                }
            }
            if (pos >= lim && !fill()) {
                return -1;
            }
            lineStart = base + pos;
            while (true) {
                int i = pos;
                while (i < lim && buf[i] != '\n' && buf[i] != '\r') {
                    i++;
                }
                append(pos, i - pos);
                if (i < lim) {
                    skipLf = buf[i] == '\r';
                    pos = i + 1;
                    return length;
                }
                pos = lim;
                if (!fill()) {
                    return length;
                }
            }
        }

        /** The current line's bytes (valid up to the length {@link #next()} returned). */
        byte[] bytes() {
            return line;
        }

        /** Stream offset of the current line's first byte. */
        long lineStart() {
            return lineStart;
        }

        private void append(int from, int n) throws LineTooLong {
            if (n == 0) {
                return;
            }
            if (length + (long) n > MAX_LINE_BYTES) {
                throw new LineTooLong();
            }
            if (length + n > line.length) {
                line = Arrays.copyOf(line, (int) Math.min(MAX_LINE_BYTES, Math.max(length + n, 2L * line.length)));
            }
            System.arraycopy(buf, from, line, length, n);
            length += n;
        }

        private boolean fill() throws IOException {
            base += lim;
            pos = 0;
            lim = 0;
            int n = in.read(buf);
            if (n <= 0) {
                return false;
            }
            lim = n;
            return true;
        }
    }

    /** A strict UTF-8 decoder of one line at a time that says where the first invalid byte is. */
    static final class Utf8Line {
        private final CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        private CharBuffer chars = CharBuffer.allocate(256);
        private int errorIndex = -1;

        /** The decoded text, or null when invalid ({@link #errorIndex()} then says where). */
        String decode(byte[] bytes, int length) {
            if (chars.capacity() < length) {
                chars = CharBuffer.allocate(Math.max(length, 2 * chars.capacity()));
            }
            chars.clear();
            decoder.reset();
            ByteBuffer in = ByteBuffer.wrap(bytes, 0, length);
            CoderResult r = decoder.decode(in, chars, true); // UTF-8 never yields more chars than bytes
            if (!r.isError()) {
                r = decoder.flush(chars);
            }
            if (r.isError()) {
                errorIndex = in.position();
                return null;
            }
            errorIndex = -1;
            return chars.flip().toString();
        }

        /** Index of the first invalid byte of the last failed {@link #decode}. */
        int errorIndex() {
            return errorIndex;
        }
    }
}
