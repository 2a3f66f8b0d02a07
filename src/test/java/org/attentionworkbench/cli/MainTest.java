package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

class MainTest {

    private final StringWriter out = new StringWriter();
    private final StringWriter err = new StringWriter();

    private int run(String... args) {
        return Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
    }

    @Test
    void helpListsTheSubcommandsAndExitsZero() {
        assertEquals(0, run("--help"));
        for (String sub : new String[] {"gui", "predict", "models"}) {
            assertTrue(out.toString().contains(sub), "help lists " + sub + ":\n" + out);
        }
    }

    @Test
    void predictWithAMissingModelFileIsAOneLineUserError() {
        assertEquals(1, run("predict", "--model", "/no/such/dir/model.zip", "--text", "a fine film"));
        String e = err.toString();
        assertTrue(e.startsWith("workbench: model file not found"), e);
        assertEquals(1, e.strip().lines().count(), "one line: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat "), "no stack trace: " + e);
    }

    @Test
    void debugShowsTheStackTrace() {
        assertEquals(1, run("predict", "--debug", "--model", "/no/such/model.zip", "--text", "x"));
        assertTrue(err.toString().contains("ModelArchiveException"), err.toString());
    }

    @Test
    void aMistypedCommandLineIsAOneLineUserError() {
        String[][] cases = {
            {"predict", "--frobnicate"},
            {"frobnicate"},
            {"explain", "--epsilon", "abc", "-t", "x"},
            {"audit", "-m", "imdb-bilstm", "--data", "imdb:test"},
            {"--frobnicate"},
        };
        for (String[] args : cases) {
            err.getBuffer().setLength(0);
            assertEquals(1, run(args), String.join(" ", args));
            String e = err.toString();
            assertTrue(e.startsWith("workbench: "), e);
            assertEquals(1, e.strip().lines().count(), "one line: " + e);
            assertTrue(e.contains("--help"), "says where the options are: " + e);
            assertFalse(e.contains("Usage:"), "no usage screen: " + e);
        }
        err.getBuffer().setLength(0);
        run("predcit");
        assertTrue(err.toString().contains("did you mean predict"), err.toString());
    }
}
