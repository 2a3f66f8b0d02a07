package org.attentionworkbench.cli;

import java.io.EOFException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.FileSystemException;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.zip.ZipException;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.model.ModelArchiveException;

/**
 * Turns exceptions into the one line a user reads. Whatever a user or a file can cause (a bad
 * option value, a missing or unreadable file, a full disk, a damaged archive) becomes a sentence
 * that says what is wrong and what to do; only a bug keeps the "unexpected error" form with its
 * class name (and the hint to re-run with {@code --debug}).
 */
final class UserErrors {

    /** A Java exception or error class name with its "Name: " separator, as toString() writes it into messages. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z][a-z0-9_]*\\.)*[A-Z][A-Za-z0-9]*(?:Exception|Error)\\b:?\\s*");

    private UserErrors() {
    }

    /** Whether {@code ex} is the user's to fix (its message says how) rather than a bug. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof ModelArchiveException || ex instanceof DatasetException
                || ex instanceof IllegalArgumentException || ex instanceof UserException
                || ex instanceof UncheckedIOException || ex instanceof IOException || ex instanceof AuditException;
    }

    /** The message to print: a sentence for user errors, the class name as well for bugs. */
    static String message(Throwable ex) {
        if (!isUserError(ex)) {
            String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
            return "unexpected error: " + ex.getClass().getSimpleName() + ": " + msg;
        }
        Throwable t = ex instanceof UncheckedIOException u && u.getCause() != null ? u.getCause() : ex;
        if (t instanceof IOException io) {
            String context = ex != t && ex.getMessage() != null && !ex.getMessage().equals(String.valueOf(t))
                    ? ex.getMessage() + ": " : "";
            return context + io(io);
        }
        if (t instanceof NumberFormatException n) {
            String m = n.getMessage() == null ? "" : n.getMessage().replace("For input string: ", "");
            return "not a number: " + m + "; give a plain number (digits, an optional sign and decimal point)";
        }
        return clean(t.getMessage() == null ? "a value or file could not be used (run again with --debug to see which)"
                : t.getMessage());
    }

    /** An I/O failure in words, naming the file where the exception knows it. */
    static String io(IOException e) {
        if (e instanceof NoSuchFileException f) {
            return f.getFile() + ": no such file or folder; check the path";
        }
        if (e instanceof AccessDeniedException f) {
            return f.getFile() + ": permission denied; check its permissions, or choose another file or folder";
        }
        if (e instanceof FileAlreadyExistsException f) {
            return f.getFile() + " is in the way (a file where a folder is needed, or the other way round);"
                    + " move it, or choose another path";
        }
        if (e instanceof NotDirectoryException f) {
            return f.getFile() + " is not a folder; give a folder there";
        }
        if (e instanceof DirectoryNotEmptyException f) {
            return f.getFile() + " is a folder with files in it where a file is needed; move it, or choose another path";
        }
        if (e instanceof FileSystemException f) {
            String file = f.getFile() == null ? "a file" : f.getFile();
            return file + (f.getOtherFile() != null ? " (to " + f.getOtherFile() + ")" : "") + ": "
                    + reason(f.getReason());
        }
        if (e instanceof EOFException) {
            return "a file ended too early (cut short, or not what its name says, such as a .gz that is not gzip);"
                    + " check the file or download it again";
        }
        if (e instanceof ZipException z) {
            return "a compressed file is damaged (" + clean(String.valueOf(z.getMessage()))
                    + "); check the file or download it again";
        }
        // Our own readers' messages are sentences already; the operating system's few words
        // ("Is a directory") are said with what to do.
        String known = knownReason(e.getMessage());
        return known != null ? "reading or writing a file failed: " + known
                : clean(e.getMessage() == null ? "reading or writing a file failed; run again with --debug to see which"
                        : e.getMessage());
    }

    /** The operating system's reason, with what to do for the common ones. */
    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) return "the operating system refused it; check the path and its permissions";
        String known = knownReason(reason);
        return known != null ? known : clean(reason) + "; check the path and run the command again";
    }

    /** The common operating-system reasons in words with what to do, or null for any other. */
    private static String knownReason(String reason) {
        if (reason == null) return null;
        String lower = reason.toLowerCase(Locale.ROOT);
        if (lower.contains("no space left") || lower.contains("disk quota")) {
            return "no space left on the device; free some space and run the same command again";
        }
        if (lower.contains("is a directory")) return "a folder is where a file is needed; give a file";
        if (lower.contains("not a directory")) return "a file is where a folder is needed; give a folder";
        if (lower.contains("read-only")) return "the file system is read-only; choose a place you can write to";
        if (lower.contains("permission denied")) return "permission denied; check the permissions";
        return null;
    }

    /** A message without Java class names (a cause's toString() inside it). */
    private static String clean(String message) {
        String s = JAVA_NAME.matcher(message).replaceAll("").strip();
        return s.isEmpty() ? "a value or file could not be used (run again with --debug to see which)" : s;
    }
}
