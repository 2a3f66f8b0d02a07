package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.cli.Main;

/** One in-process run of the real command line for the hostile suite: exit code and both streams. */
record HostileCli(int exit, String out, String err) {

    /** The fast shipped model. */
    static final String MODEL = "models/sst2-average.zip";

    /** The shared SST-2 test file (relative to the project folder, as the brief of the suite has it). */
    static final Path SST2 = Path.of("../shared/datasets/sst/sst2_test.tsv");

    /** Runs {@code workbench args...} through {@link Main#commandLine}, capturing both streams. */
    static HostileCli run(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new HostileCli(exit, out.toString(), err.toString());
    }

    /** Skips the test where the shared data is not there (a clean clone without ../shared). */
    static String sst2() {
        assumeTrue(Files.isRegularFile(SST2), "shared dataset file not found: " + SST2.toAbsolutePath());
        return SST2.toString();
    }

    /** stdout and stderr together, for {@link HostileOutput#assertClean}. */
    String all() {
        return out + err;
    }
}
