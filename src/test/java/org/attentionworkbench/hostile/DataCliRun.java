package org.attentionworkbench.hostile;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.StringWriter;

import org.attentionworkbench.cli.Main;

/**
 * One in-process run of the real command line for the hostile downloads and data-file tests: its
 * exit code and what it printed to each stream.
 */
record DataCliRun(int exit, String out, String err) {

    /** Runs {@code workbench args...}, capturing both streams. */
    static DataCliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new DataCliRun(exit, out.toString(), err.toString());
    }

    /** As {@link #of} with {@code stdin} as standard input (restored afterwards). */
    static DataCliRun withStdin(byte[] stdin, String... args) {
        InputStream saved = System.in;
        System.setIn(new ByteArrayInputStream(stdin));
        try {
            return of(args);
        } finally {
            System.setIn(saved);
        }
    }

    /** Both streams, for assertions and failure messages. */
    String all() {
        return out + err;
    }
}
