package org.attentionworkbench.hostile;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.attentionworkbench.cli.Main;

/** One in-process run of the real command line (as cli.CliRun, which is package-private there). */
record HostileRun(int exit, String out, String err) {

    /** Runs {@code workbench args...} through {@link Main#commandLine}, capturing both streams. */
    static HostileRun of(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new HostileRun(exit, out.toString(), err.toString());
    }

    /** Both streams, for assertions over everything a user sees. */
    String all() {
        return out + err;
    }
}
