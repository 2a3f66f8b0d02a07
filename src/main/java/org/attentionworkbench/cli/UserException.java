package org.attentionworkbench.cli;

/** A user error found by a command itself; its message is printed as is, without a stack trace. */
public class UserException extends RuntimeException {

    public UserException(String message) {
        super(message);
    }
}
