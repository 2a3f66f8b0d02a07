package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.regex.Pattern;

/**
 * What every hostile-input test asserts of what a user sees: a message, never a stack trace or a
 * Java exception's name (without {@code --debug}).
 */
public final class HostileOutput {

    /** A Java exception or error class name, as printed by toString() or a stack trace. */
    private static final Pattern JAVA_NAME = Pattern.compile(
            "\\b(?:[a-z]+\\.)*[A-Z][A-Za-z]*(?:Exception|Error)\\b|\\n\\s+at [a-z]|\\bunexpected error\\b");

    private HostileOutput() {
    }

    /**
     * Fails when {@code output} holds a stack-trace line, a Java exception or error name
     * ({@code NegativeArraySizeException}, {@code java.lang.OutOfMemoryError}) or the CLI's
     * "unexpected error" fallback.
     */
    public static void assertClean(String output) {
        assertFalse(JAVA_NAME.matcher(output).find(), "a user must see a message, not Java internals:\n" + output);
    }
}
