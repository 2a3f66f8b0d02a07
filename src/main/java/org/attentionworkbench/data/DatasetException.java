package org.attentionworkbench.data;

import java.io.IOException;

/**
 * A dataset could not be found, recognised or read. The message is meant for the user as it stands
 * (one line, names the file or dataset), so the CLI can print it without a stack trace.
 */
public class DatasetException extends IOException {

    public DatasetException(String message) {
        super(message);
    }

    public DatasetException(String message, Throwable cause) {
        super(message, cause);
    }
}
