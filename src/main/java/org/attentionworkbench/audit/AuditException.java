package org.attentionworkbench.audit;

/** A problem with an audit's input or output folder, with a message meant for the user. */
public final class AuditException extends RuntimeException {

    public AuditException(String message) {
        super(message);
    }

    public AuditException(String message, Throwable cause) {
        super(message, cause);
    }
}
