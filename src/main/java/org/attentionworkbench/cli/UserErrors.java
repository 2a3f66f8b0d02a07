package org.attentionworkbench.cli;

import java.io.UncheckedIOException;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.model.ModelArchiveException;

/** Turns exceptions into the one line a user reads. */
final class UserErrors {

    private UserErrors() {
    }

    /** Whether {@code ex} is the user's to fix (its message says how) rather than a bug. */
    static boolean isUserError(Throwable ex) {
        return ex instanceof ModelArchiveException || ex instanceof DatasetException
                || ex instanceof IllegalArgumentException
                || ex instanceof UserException || ex instanceof UncheckedIOException || ex instanceof AuditException;
    }

    /** The message to print: the exception's own for user errors, the class name as well for bugs. */
    static String message(Throwable ex) {
        String msg = ex.getMessage() == null ? ex.getClass().getSimpleName() : ex.getMessage();
        return isUserError(ex) ? msg : "unexpected error: " + ex.getClass().getSimpleName() + ": " + msg;
    }
}
