package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code bench --compare-pytorch} where the peer cannot run: one line, the user-error exit code, before any
 * model or dataset is read.
 */
class BenchComparePytorchTest {

    private static void assertOneLine(CliRun r, String fragment) {
        assertEquals(Main.USER_ERROR, r.exit(), "exit code; err: " + r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("workbench: --compare-pytorch"), e);
        assertTrue(e.contains(fragment), "'" + fragment + "' in: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), e);
        assertEquals("", r.out().strip(), "nothing on stdout");
    }

    @Test
    void withoutTheScript(@TempDir Path dir) {
        assertOneLine(CliRun.of("bench", "--compare-pytorch", "--pytorch-script", dir.resolve("peer.py").toString()),
                "peer.py");
    }

    @Test
    void withoutPython(@TempDir Path dir) {
        assertOneLine(CliRun.of("bench", "--compare-pytorch", "--python", dir.resolve("python3").toString()),
                "python3-torch");
    }

    @Test
    void withAPythonThatHasNoTorch(@TempDir Path dir) throws Exception {
        Path fake = dir.resolve("python3");
        Files.writeString(fake, "#!/bin/sh\necho 'ModuleNotFoundError: No module named torch' >&2\nexit 1\n");
        assumeTrue(fake.toFile().setExecutable(true), "an executable file in the temporary folder");
        assertOneLine(CliRun.of("bench", "--compare-pytorch", "--python", fake.toString()), "cannot import torch");
    }
}
