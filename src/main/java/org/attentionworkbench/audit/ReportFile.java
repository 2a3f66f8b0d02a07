package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.FileSystemException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import org.attentionworkbench.session.AtomicFiles;

/**
 * Writes one file of an audit's folder (summary, tables, plan, run log) atomically, and says in
 * one line what went wrong when it cannot. A report file written in place was left empty by a
 * full disk (summary.json of a retried audit was 0 bytes); through a temporary file and a move,
 * the previous version stays whole until the new one is.
 */
public final class ReportFile {

    private ReportFile() {
    }

    /**
     * Writes {@code bytes} to {@code file} atomically.
     *
     * @throws AuditException naming the file, what failed and what to do
     */
    public static void write(Path file, byte[] bytes) {
        try {
            AtomicFiles.write(file, bytes);
        } catch (IOException e) {
            throw new AuditException(problem(file, bytes.length, e), e);
        }
    }

    /**
     * The one-line message for a failure to write {@code file}: the file, the reason in words (no
     * space left, permission denied, a folder in the way) and what to do.
     *
     * @param bytes the size being written, for "needs N free", or negative when unknown
     */
    public static String problem(Path file, long bytes, IOException e) {
        String reason = e.getMessage() == null ? "" : e.getMessage();
        if (e instanceof FileSystemException fs && fs.getReason() != null) reason = fs.getReason();
        String lower = reason.toLowerCase(Locale.ROOT);
        Path where = file.toAbsolutePath().getParent();
        if (lower.contains("no space left") || lower.contains("disk quota") || lower.contains("not enough space")) {
            return "cannot write " + file + ": no space left on the device" + free(where)
                    + "; free at least " + (bytes >= 0 ? size(bytes) : "a few MB") + " there and run the same command"
                    + " again (the rows already in documents.csv are kept)";
        }
        if (e instanceof AccessDeniedException || lower.contains("permission denied") || lower.contains("read-only")) {
            return "cannot write " + file + ": permission denied (" + reason + "); choose a folder you can write"
                    + " to with --out";
        }
        if (Files.isDirectory(file)) {
            return "cannot write " + file + ": a folder of that name is in the way; move it away and run the same"
                    + " command again";
        }
        return "cannot write " + file + (reason.isEmpty() ? "" : ": " + reason)
                + "; check the folder and run the same command again";
    }

    private static String free(Path dir) {
        try {
            return dir == null ? "" : " (" + size(Files.getFileStore(dir).getUsableSpace()) + " free)";
        } catch (IOException | RuntimeException e) {
            return "";
        }
    }

    /** "12 bytes", "3.4 KB", "5.0 MB". */
    static String size(long bytes) {
        if (bytes < 1024) return bytes + " bytes";
        if (bytes < 1024 * 1024) return String.format(Locale.ROOT, "%.1f KB", bytes / 1024.0);
        return String.format(Locale.ROOT, "%.1f MB", bytes / (1024.0 * 1024));
    }
}
