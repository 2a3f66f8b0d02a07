package org.attentionworkbench.model;

/**
 * A model archive could not be read or written. The message is meant for the user: it names the
 * file and says what is wrong (missing, corrupt, truncated, not a workbench model, wrong version).
 */
public class ModelArchiveException extends RuntimeException {

    public ModelArchiveException(String message) {
        super(message);
    }

    public ModelArchiveException(String message, Throwable cause) {
        super(message, cause);
    }
}
