package org.attentionworkbench.hostile;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.cli.Main;

/**
 * Child process of {@link LongTextMemoryTest}: runs {@code workbench args...} as the launcher would
 * and then prints the process's peak resident size ({@code VmHWM} of {@code /proc/self/status}, the
 * kernel's high-water mark, so nothing between samples is missed) as the last line of stderr.
 */
public final class PeakResidentMain {

    private PeakResidentMain() {
    }

    public static void main(String[] args) throws Exception {
        PrintWriter out = new PrintWriter(System.out, true);
        PrintWriter err = new PrintWriter(System.err, true);
        int exit = Main.commandLine(out, err).execute(args);
        out.flush();
        String hwm = Files.readAllLines(Path.of("/proc/self/status")).stream()
                .filter(l -> l.startsWith("VmHWM:")).findFirst().orElse("VmHWM: -1 kB");
        err.println("PEAK " + hwm.replaceAll("\\D+", " ").strip());
        err.flush();
        System.exit(exit);
    }
}
