package org.attentionworkbench.hostile;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Any text stays under 2 GB resident, measured through the launcher's settings: the JVM options of
 * {@code pom.xml}'s appassembler configuration and the allocator settings of {@code workbench-env}
 * (through {@code src/main/scripts/jdk/bin/java}, which sources it), in a child process that reports
 * the kernel's high-water mark of its resident size. The worst case of the shipped models is the
 * full explanation of a BiLSTM over the most tokens a text is read by (its backward passes keep
 * every step); a 5 MB text (the 665,000 tokens, once 8 GB) must be cut and cost no more.
 */
class LongTextMemoryTest {

    private static final long LIMIT_KB = 2L * 1024 * 1024;
    private static final Path WRAPPER = Path.of("src/main/scripts/jdk/bin/java");
    private static final String[] WORDS = ("the plot drags but the cast is wonderful and warm . i did not expect much"
            + " from this film yet it kept me watching , honest and long").split(" ");

    private static Path text(Path dir, int tokens) throws Exception {
        StringBuilder sb = new StringBuilder(tokens * 6);
        Random r = new Random(1);
        for (int i = 0; i < tokens; i++) sb.append(WORDS[r.nextInt(WORDS.length)]).append(' ');
        return Files.writeString(dir.resolve("text-" + tokens + ".txt"), sb.toString().strip(), StandardCharsets.UTF_8);
    }

    /** The launcher's JVM options, read from the pom (LauncherSettingsTest keeps javafx:run's equal). */
    private static List<String> launcherOptions() throws Exception {
        Matcher m = Pattern.compile("<extraJvmArguments>([^<]*)</extraJvmArguments>")
                .matcher(Files.readString(Path.of("pom.xml")));
        assertTrue(m.find(), "appassembler's extraJvmArguments");
        return Arrays.asList(m.group(1).strip().split("\\s+"));
    }

    private record Run(int exit, String out, String err, long peakKb) { }

    private static Run run(Path dir, Path stdin, String... args) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc for the resident size");
        assumeTrue(Files.isExecutable(WRAPPER), "the launcher's java wrapper");
        assumeTrue(Files.isRegularFile(Path.of("models/imdb-bilstm.zip")), "the shipped BiLSTM");
        List<String> cmd = new ArrayList<>();
        cmd.add(WRAPPER.toAbsolutePath().toString());
        cmd.addAll(launcherOptions());
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), PeakResidentMain.class.getName()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectInput(stdin.toFile()).redirectOutput(dir.resolve("out.txt").toFile())
                .redirectError(dir.resolve("err.txt").toFile());
        pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(300, TimeUnit.SECONDS), "the command finished within 5 minutes");
        String out = Files.readString(dir.resolve("out.txt"));
        String err = Files.readString(dir.resolve("err.txt"));
        Matcher peak = Pattern.compile("PEAK (\\d+)").matcher(err);
        assertTrue(peak.find(), "the child reported its peak: " + err);
        long kb = Long.parseLong(peak.group(1));
        System.out.printf("LongTextMemoryTest %s: peak %,d MB%n", args[0] + " " + args[2],
                kb / 1024);
        return new Run(p.exitValue(), out, err.substring(0, peak.start()), kb);
    }

    @Test
    void aFullBiLstmExplanationOfTheLongestTextStaysUnderTwoGigabytes(@TempDir Path dir) throws Exception {
        Path text = text(dir, 6_000);
        Run r = run(dir, Files.writeString(dir.resolve("empty.txt"), ""), "explain", "-m", "imdb-bilstm", "-t", Files.readString(text));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("only the first 5,000 of 6,000 tokens are read"), r.err());
        assertTrue(r.out().contains("integrated gradients (riemann, 50 points) completeness error"), "saliency, the costliest part, ran:\n" + r.out());
        HostileOutput.assertClean(r.out() + r.err());
        assertTrue(r.peakKb() < LIMIT_KB, "peak resident " + r.peakKb() / 1024 + " MB");
    }

    @Test
    void aFiveMegabyteTextIsCutAndPredictedUnderTwoGigabytes(@TempDir Path dir) throws Exception {
        Path text = text(dir, 700_000);
        assertTrue(Files.size(text) > 3_000_000);
        Run r = run(dir, text, "predict", "-m", "imdb-bilstm", "--json");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("only the first 5,000 of 700,000 tokens are read"), r.err());
        assertTrue(r.out().contains("\"tokens\" : 5000"), r.out());
        assertTrue(r.peakKb() < LIMIT_KB, "peak resident " + r.peakKb() / 1024 + " MB");
    }
}
