package org.attentionworkbench.session;

import java.io.IOException;

/** A session, preferences or recent-files file that cannot be read; the message is for the user. */
public class SessionException extends IOException {

    public SessionException(String message) {
        super(message);
    }

    public SessionException(String message, Throwable cause) {
        super(message, cause);
    }
}
