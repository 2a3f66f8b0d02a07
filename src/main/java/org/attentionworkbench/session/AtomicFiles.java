package org.attentionworkbench.session;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Writes files so that a reader (or the next start after a crash) sees either the old content or
 * the new one, never half of each: the bytes go to {@code name.tmp} beside the target, are forced
 * to disk, and the temporary file is then moved over the target with {@code ATOMIC_MOVE}.
 */
public final class AtomicFiles {

    /** Suffix of the temporary file written before the move. */
    public static final String TMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /** The temporary file used while {@code target} is written. */
    public static Path tempFor(Path target) {
        return target.resolveSibling(target.getFileName() + TMP_SUFFIX);
    }

    /** Writes {@code bytes} to {@code target} atomically, creating parent folders. */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path parent = target.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        Path tmp = tempFor(target);
        try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            java.nio.ByteBuffer buf = java.nio.ByteBuffer.wrap(bytes);
            while (buf.hasRemaining()) ch.write(buf);
            ch.force(true); // a power cut after the move must not leave an empty file behind
        }
        try {
            Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
            // Some network/odd file systems: a plain replace is the best that can be had there.
            Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
    }
}
