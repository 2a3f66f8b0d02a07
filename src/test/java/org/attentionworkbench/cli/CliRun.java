package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.io.StringWriter;

/** One in-process run of the real command line: its exit code and what it printed to each stream. */
record CliRun(int exit, String out, String err) {

    /** Runs {@code workbench args...} through {@link Main#commandLine}, capturing both streams. */
    static CliRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new CliRun(exit, out.toString(), err.toString());
    }
}
