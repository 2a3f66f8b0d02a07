package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Issue 17, "Everywhere": bad invocations a user or a file can cause end with exit code 1 and a
 * sentence, never {@code unexpected error: <JavaException>}, a stack trace or a Java class name.
 * Inputs are built in a temporary folder; {@code expect} is a piece of the message (the file it
 * must name, or the words of the reason).
 */
class HostileInvocationsTest {

    @TempDir
    static Path dir;

    private static final String M = HostileCli.MODEL;

    /** One case: a label, the arguments (built from the temporary folder), a piece the message must hold. */
    private static Arguments bad(String label, Function<Path, String[]> args, String expect) {
        return Arguments.of(label, args, expect);
    }

    private static String[] audit(Path out) {
        return new String[] {"audit", "-m", M, "--data", HostileCli.sst2(), "--limit", "2", "--sections", "uniform",
            "--threads", "1", "--no-progress", "--out", out.toString()};
    }

    static Stream<Arguments> invocations() {
        List<Arguments> c = new ArrayList<>();
        c.add(bad("audit --out is a file", d -> audit(write(d.resolve("a-file"), "x")), "choose another --out folder"));
        c.add(bad("audit --out under a file", d -> audit(write(d.resolve("b-file"), "x").resolve("sub")),
                "choose another --out folder"));
        c.add(bad("audit documents.csv is a folder", d -> audit(folder(d.resolve("c/documents.csv")).getParent()),
                "documents.csv is not a file"));
        c.add(bad("audit audit.json is a folder", d -> audit(folder(d.resolve("e/audit.json")).getParent()),
                "audit.json is not readable as an audit plan"));
        c.add(bad("audit audit.lock is a folder", d -> audit(folder(d.resolve("f/audit.lock")).getParent()),
                "audit.lock"));
        c.add(bad("audit summary.json is a folder", d -> {
            folder(d.resolve("g/summary.json/x"));
            return audit(d.resolve("g"));
        }, "summary.json"));
        c.add(bad("evaluate on a .gz that is not gzip", d -> new String[] {"evaluate", "-m", M, "--data",
            bytes(d.resolve("bad.tsv.gz"), new byte[] {0x1f, (byte) 0x8b, 8, 'j', 'u', 'n', 'k'}).toString()}, "file"));
        c.add(bad("predict with a model folder", d -> new String[] {"predict", "-m", folder(d.resolve("model.zip")).toString(),
            "--text", "hi"}, "model.zip"));
        c.add(bad("predict with a model that is not a zip", d -> new String[] {"predict", "-m",
            write(d.resolve("fake.zip"), "not a zip").toString(), "--text", "hi"}, "fake.zip"));
        c.add(bad("explain a missing data file", d -> new String[] {"explain", "-m", M, "--data",
            d.resolve("missing.tsv").toString(), "--index", "0"}, "missing.tsv"));
        c.add(bad("explain an index past the end", d -> new String[] {"explain", "-m", M, "--data",
            write(d.resolve("one.tsv"), "1\ta fine film\n").toString(), "--index", "7"}, "--index 7"));
        c.add(bad("explain a text without tokens", d -> new String[] {"explain", "-m", M, "--text", "   "},
                "no tokens"));
        c.add(bad("evaluate an empty file", d -> new String[] {"evaluate", "-m", M, "--data",
            write(d.resolve("empty.tsv"), "").toString()}, "empty.tsv"));
        c.add(bad("train with embeddings that are a folder", d -> new String[] {"train", "--data",
            write(d.resolve("train.tsv"), "0\tbad film\n1\tgood film\n0\tdull\n1\tfine\n").toString(), "--encoder",
            "average", "--dev-fraction", "0.5", "--out", d.resolve("m.zip").toString(), "--embeddings", folder(d.resolve("glove")).toString()},
                "glove"));
        c.add(bad("an unknown encoder", d -> new String[] {"train", "--data", "x.tsv", "--encoder", "transformer",
            "--out", d.resolve("m2.zip").toString()}, "transformer"));
        c.add(bad("an unknown section", d -> new String[] {"explain", "-m", M, "--text", "fine", "--only", "bogus"},
                "bogus"));
        c.add(bad("an unknown adversarial variant", d -> new String[] {"explain", "-m", M, "--text", "fine",
            "--adversarial-variant", "bogus"}, "bogus"));
        c.add(bad("an unknown grouping", d -> new String[] {"audit", "-m", M, "--data", "sst2:test", "--group-by",
            "bogus", "--out", d.resolve("h").toString()}, "bogus"));
        c.add(bad("an unknown model name", d -> new String[] {"predict", "-m", "no-such-model", "--text", "fine"},
                "no-such-model"));
        return c.stream();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("invocations")
    void endsWithASentence(String label, Function<Path, String[]> args, String expect) {
        HostileCli r = HostileCli.run(args.apply(dir));
        assertEquals(1, r.exit(), label + "\n" + r.all());
        HostileOutput.assertClean(r.all());
        assertTrue(r.err().contains("workbench: ") && r.err().contains(expect), label + ": " + r.err());
        String message = r.err().lines().filter(l -> l.startsWith("workbench: ")).findFirst().orElseThrow();
        assertTrue(message.length() < 400, "one short line: " + message);
    }

    private static Path write(Path f, String text) {
        return bytes(f, text.getBytes(StandardCharsets.UTF_8));
    }

    private static Path bytes(Path f, byte[] b) {
        try {
            Files.createDirectories(f.getParent());
            return Files.write(f, b);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Path folder(Path f) {
        try {
            return Files.createDirectories(f);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
