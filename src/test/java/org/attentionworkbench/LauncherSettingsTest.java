package org.attentionworkbench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's first command, {@code mvn -q javafx:run}, starts the window with the settings that were
 * measured to keep memory flat, the same as {@code target/workbench/bin/workbench}: the same JVM
 * options, and the glibc allocator settings of {@code workbench-env} through the JDK-shaped wrapper
 * {@code src/main/scripts/jdk/bin/java}.
 */
class LauncherSettingsTest {

    private static final Path POM = Path.of("pom.xml");
    private static final Path WRAPPER = Path.of("src/main/scripts/jdk/bin/java");

    @Test
    void javafxRunHasTheLaunchersJvmOptions() throws Exception {
        String pom = Files.readString(POM, StandardCharsets.UTF_8);
        Matcher launcher = Pattern.compile("<extraJvmArguments>([^<]*)</extraJvmArguments>").matcher(pom);
        assertTrue(launcher.find(), "appassembler's extraJvmArguments");
        List<String> expected = Arrays.asList(launcher.group(1).strip().split("\\s+"));
        Matcher javafx = Pattern.compile("<artifactId>javafx-maven-plugin</artifactId>.*?<options>(.*?)</options>",
                Pattern.DOTALL).matcher(pom);
        assertTrue(javafx.find(), "javafx-maven-plugin options");
        List<String> options = new ArrayList<>();
        Matcher option = Pattern.compile("<option>([^<]*)</option>").matcher(javafx.group(1));
        while (option.find()) options.add(option.group(1).strip());
        assertEquals(expected, options, "javafx:run must start java as the launcher does");
        assertTrue(pom.contains("<executable>${javafx.run.executable}</executable>")
                && pom.contains("${project.basedir}/" + WRAPPER.toString().replace(File.separatorChar, '/')),
                "javafx:run starts java through " + WRAPPER);
    }

    @Test
    void theWrapperGivesJavaTheLaunchersAllocatorSettings(@TempDir Path dir) throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the wrapper is for Linux and macOS");
        assertTrue(Files.isExecutable(WRAPPER), WRAPPER + " must be executable (git keeps the mode)");
        Path probe = Files.writeString(dir.resolve("Env.java"), "public class Env { public static void main(String[] a) {"
                + " System.out.println(System.getenv(\"MALLOC_MMAP_THRESHOLD_\") + \" \""
                + " + System.getenv(\"MALLOC_ARENA_MAX\")); } }\n", StandardCharsets.UTF_8);
        ProcessBuilder pb = new ProcessBuilder(WRAPPER.toAbsolutePath().toString(), probe.toString())
                .redirectErrorStream(true);
        pb.environment().remove("MALLOC_MMAP_THRESHOLD_");
        pb.environment().remove("MALLOC_ARENA_MAX");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(120, TimeUnit.SECONDS), "the wrapper's java ran");
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
        String env = Files.readString(Path.of("src/main/scripts/workbench-env"), StandardCharsets.UTF_8);
        Matcher threshold = Pattern.compile("MALLOC_MMAP_THRESHOLD_:-(\\d+)").matcher(env);
        Matcher arenas = Pattern.compile("MALLOC_ARENA_MAX:-(\\d+)").matcher(env);
        assertTrue(threshold.find() && arenas.find(), "workbench-env sets both");
        assertEquals(threshold.group(1) + " " + arenas.group(1), out);
        assertEquals(0, p.exitValue());
    }

    /**
     * The first {@code workbench gui} asks the JVM to write the class archive under a temporary name;
     * the next launch, once that writer has exited, puts it in place and maps it, for any command.
     */
    @Test
    void theFirstWindowWritesTheClassArchiveAndTheNextLaunchMapsIt(@TempDir Path dir) throws Exception {
        assumeTrue(!System.getProperty("os.name").startsWith("Windows"), "the start script is for Linux and macOS");
        Path base = Files.createDirectories(dir.resolve("workbench"));
        Files.writeString(Files.createDirectories(base.resolve("lib")).resolve("a.jar"), "jar");
        Path cache = dir.resolve("cache");
        String first = sourceEnv(base, cache, "gui");
        Matcher writes = Pattern.compile("-XX:ArchiveClassesAtExit=(\\S+)\\.part-(\\d+)").matcher(first);
        assertTrue(writes.find(), "the first window writes the archive: " + first);
        assertTrue(first.contains("-Xlog:cds=off"), "without CDS warnings on the console: " + first);
        assertEquals("", sourceEnv(base, cache, "explain"), "only a window writes it: an archive of --version would be poor");

        // The writer's pid (the shell that ran it) has exited: the next launch takes its archive.
        Path archive = Path.of(writes.group(1));
        Files.writeString(Path.of(archive + ".part-" + writes.group(2)), "archive");
        String next = sourceEnv(base, cache, "explain");
        assertTrue(Files.isRegularFile(archive), "the finished archive is put in place");
        assertTrue(next.contains("-XX:SharedArchiveFile=" + archive), next);

        Files.writeString(base.resolve("lib").resolve("b.jar"), "another jar");
        assertTrue(sourceEnv(base, cache, "gui").contains("-XX:ArchiveClassesAtExit="),
                "other jars, a new archive");
    }

    /** JAVA_OPTS after {@code workbench-env} is sourced as the start script does, for {@code command}. */
    private static String sourceEnv(Path base, Path cache, String command) throws Exception {
        Path env = Path.of("src/main/scripts/workbench-env").toAbsolutePath();
        ProcessBuilder pb = new ProcessBuilder("sh", "-c",
                "BASEDIR=\"$0\"; JAVA_OPTS=; wb_env=\"$1\"; shift; . \"$wb_env\"; printf %s \"$JAVA_OPTS\"",
                base.toString(), env.toString(), command).redirectErrorStream(true);
        pb.environment().put("XDG_CACHE_HOME", cache.toString());
        pb.environment().remove("WORKBENCH_CDS");
        pb.environment().put("JAVA_HOME", System.getProperty("java.home"));
        Process p = pb.start();
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "the environment file ran");
        return new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8).strip();
    }
}
