package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * The libnd4j LSTM leaks native memory on every call (docs/model.md); ours must not. A child JVM
 * ({@link MemoryCheckMain}) with a fixed, pre-touched 512 MB heap makes 1,000 encode + gradient
 * calls; its resident memory must grow by less than 100 MB. The figures are printed in the log.
 */
class MemoryStabilityTest {

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void residentMemoryStaysFlatOverEncodeAndGradientCalls(EncoderType type) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read resident memory");
        System.out.println(runChild(type, "1000"));
    }

    /**
     * libnd4j caches tables per array shape and never frees them, and each document length makes
     * new shapes: 100 batched calls (encode, gradient, integrated gradients, 512 variants), each
     * on a length not seen before, after the audit's up-front workspace reservation and 50 such
     * calls of warm-up, must grow resident memory by less than 50 MB.
     */
    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void residentMemoryStaysFlatWhenEveryCallHasANewLength(EncoderType type) throws Exception {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read resident memory");
        String line = runChild(type, "100", "new-shapes");
        System.out.println(line);
    }

    private static String runChild(EncoderType type, String... args) throws Exception {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new java.util.ArrayList<>(List.of(java.toString(), "-Xms512m", "-Xmx512m",
                "-XX:+AlwaysPreTouch", "-Dlogback.configurationFile=" + logbackQuiet(),
                "-cp", System.getProperty("java.class.path"), MemoryCheckMain.class.getName(), type.id()));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("OMP_NUM_THREADS", "1");
        // As the launcher runs the application (bin/workbench-env): glibc returns freed blocks.
        pb.environment().putIfAbsent("MALLOC_MMAP_THRESHOLD_", "131072");
        pb.environment().putIfAbsent("MALLOC_ARENA_MAX", "2");
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(20, TimeUnit.MINUTES), "memory check did not finish");
        String line = out.lines().filter(l -> l.startsWith("memory ")).findFirst().orElse("(no result)\n" + out);
        assertEquals(0, p.exitValue(), line);
        return line;
    }

    private static String logbackQuiet() throws IOException {
        Path f = Files.createTempFile("logback-quiet", ".xml");
        Files.writeString(f, "<configuration><root level=\"ERROR\"/></configuration>");
        f.toFile().deleteOnExit();
        return f.toString();
    }
}
