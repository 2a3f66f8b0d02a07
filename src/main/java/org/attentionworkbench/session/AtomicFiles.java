package org.attentionworkbench.session;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFileAttributeView;
import java.security.SecureRandom;

/**
 * Writes files so that a reader (or the next start after a crash) sees either the old content or
 * the new one, never half of each: the bytes go to a temporary file of their own beside the
 * target ({@code name<random>.tmp}), are forced to disk, and that file is then moved over the
 * target with {@code ATOMIC_MOVE}.
 *
 * <p>Each write has its own temporary file because two threads do write one file at once (the
 * autosave thread and the window closing both save the session): with one shared {@code name.tmp}
 * the second writer truncated the first one's bytes before they were moved, and the later move
 * found no file. With unique names the last move wins and every move installs one whole write.
 *
 * <p>The temporary file is created here rather than with {@code Files.createTempFile}, whose
 * owner-only permissions ({@code rw-------}) the target kept after the move: an audit's tables,
 * figures and summary and every export are files to share, and came out readable by their owner
 * alone while {@code documents.csv} beside them did not. A new file gets the permissions any new
 * file gets (the umask's); a file written again keeps its own.
 */
public final class AtomicFiles {

    /** Suffix of the temporary files written before the move. */
    public static final String TMP_SUFFIX = ".tmp";

    private AtomicFiles() {
    }

    /**
     * Writes {@code bytes} to {@code target} atomically, creating parent folders. On failure the
     * target keeps its old content and the temporary file is removed.
     */
    public static void write(Path target, byte[] bytes) throws IOException {
        Path absolute = target.toAbsolutePath();
        Path parent = absolute.getParent();
        Files.createDirectories(parent);
        // Same folder as the target: a move within one file system is what can be atomic.
        Path tmp = createTemporary(absolute);
        boolean moved = false;
        try {
            keepPermissions(absolute, tmp);
            try (FileChannel ch = FileChannel.open(tmp, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)) {
                ByteBuffer buf = ByteBuffer.wrap(bytes);
                while (buf.hasRemaining()) ch.write(buf);
                ch.force(true); // a power cut after the move must not leave an empty file behind
            }
            try {
                Files.move(tmp, absolute, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                // Some network/odd file systems: a plain replace is the best that can be had there.
                Files.move(tmp, absolute, StandardCopyOption.REPLACE_EXISTING);
            }
            moved = true;
        } finally {
            if (!moved) Files.deleteIfExists(tmp);
        }
    }

    /** A new, empty file of its own beside {@code target}: {@code name<random>.tmp}. */
    private static Path createTemporary(Path target) throws IOException {
        for (int attempt = 0; ; attempt++) {
            Path candidate = target.resolveSibling(target.getFileName() + Long.toUnsignedString(NAMES.nextLong(), 36)
                    + TMP_SUFFIX);
            try {
                return Files.createFile(candidate);
            } catch (FileAlreadyExistsException e) {
                if (attempt > 100) throw e;
            }
        }
    }

    /** Gives {@code tmp} the POSIX permissions of an existing {@code target}, so that a rewrite keeps them. */
    private static void keepPermissions(Path target, Path tmp) throws IOException {
        if (!Files.isRegularFile(target) || !Files.getFileStore(tmp).supportsFileAttributeView(PosixFileAttributeView.class)) {
            return;
        }
        try {
            Files.setPosixFilePermissions(tmp, Files.getPosixFilePermissions(target));
        } catch (java.nio.file.NoSuchFileException e) {
            // Removed in between: the write makes a new file, with a new file's permissions.
        }
    }

    /** Names of temporary files: unpredictable, so that concurrent writers never share one. */
    private static final SecureRandom NAMES = new SecureRandom();
}
