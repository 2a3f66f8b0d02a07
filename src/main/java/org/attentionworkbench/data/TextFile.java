package org.attentionworkbench.data;

import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * Reads dataset text files line by line: plain or gzip (recognised by its magic bytes, not only by
 * the {@code .gz} suffix), strictly UTF-8. A missing, empty or binary file gives a clear
 * {@link DatasetException} instead of an odd parse error many lines later.
 */
final class TextFile {

    /** Receives one line; the line number is 1-based. */
    @FunctionalInterface
    interface LineHandler {
        void line(int number, String text) throws DatasetException;
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

    /** Opens the file, transparently un-gzipping it. */
    static InputStream open(Path file) throws IOException {
        requireReadableFile(file);
        InputStream in = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        in.mark(2);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 == 0x1f && b1 == 0x8b) {
            return new BufferedInputStream(new GZIPInputStream(in, 1 << 16), 1 << 16);
        }
        return in;
    }

    /**
     * Feeds every line of {@code file} to {@code handler}. A trailing empty line at the end of the
     * file is not reported (it is just the final newline).
     *
     * @return the number of lines read
     * @throws DatasetFormatException if the file is empty, not UTF-8 or contains NUL bytes
     */
    static int forEachLine(Path file, LineHandler handler) throws IOException {
        int number = 0;
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(open(file), strictUtf8()), 1 << 16)) {
            String line;
            while (true) {
                try {
                    line = reader.readLine();
                } catch (CharacterCodingException e) {
                    throw notText(file, number + 1, "is not valid UTF-8");
                } catch (ZipException e) {
                    throw new DatasetFormatException(file, number + 1, "corrupt gzip data (" + e.getMessage() + ")");
                } catch (java.io.EOFException e) {
                    throw new DatasetFormatException(file, number + 1, "gzip data ends unexpectedly (truncated file?)");
                }
                if (line == null) {
                    break;
                }
                number++;
                if (line.indexOf('\0') >= 0) {
                    throw notText(file, number, "contains NUL bytes");
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

    /** Reads a whole (small) file as strict UTF-8. */
    static String readString(Path file) throws IOException {
        requireReadableFile(file);
        byte[] bytes = Files.readAllBytes(file);
        for (byte b : bytes) {
            if (b == 0) {
                throw notText(file, 0, "contains NUL bytes");
            }
        }
        try {
            return strictUtf8().decode(java.nio.ByteBuffer.wrap(bytes)).toString();
        } catch (CharacterCodingException e) {
            throw notText(file, 0, "is not valid UTF-8");
        }
    }

    private static DatasetFormatException notText(Path file, int line, String what) {
        return new DatasetFormatException(file, line, "file " + what + "; it looks like a binary file, "
                + "not a UTF-8 text dataset");
    }

    private static CharsetDecoder strictUtf8() {
        return StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
    }
}
