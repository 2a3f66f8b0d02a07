package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The process's resident memory (VmRSS from /proc/self/status: native ND4J buffers included, which
 * the Java heap figures miss), sampled during a run to show that it stays flat.
 */
public final class ResidentMemory {

    private static final Path STATUS = Path.of("/proc/self/status");

    private double warm = Double.NaN;
    private double max = Double.NaN;
    private double last = Double.NaN;
    private final java.util.TreeMap<Integer, Double> byDecile = new java.util.TreeMap<>();

    /** Samples now; NaN where the system does not tell. */
    public synchronized double sample() {
        last = read();
        if (!Double.isNaN(last)) max = Double.isNaN(max) ? last : Math.max(max, last);
        return last;
    }

    /** Marks the current figure as the baseline after warm-up (first rows done, caches filled). */
    synchronized void markWarm() {
        warm = sample();
    }

    /** Records the figure at a tenth of the run (10, 20, ... 100 percent), once each. */
    synchronized void checkpoint(int percent) {
        if (!byDecile.containsKey(percent)) byDecile.put(percent, sample());
    }

    /** Resident MB at each tenth of the run reached so far. */
    public synchronized java.util.Map<Integer, Double> checkpoints() {
        return new java.util.TreeMap<>(byDecile);
    }

    /** {warm, end, max} in MB. */
    public synchronized double[] figures() {
        return new double[] {warm, last, max};
    }

    /** VmRSS in MB now, NaN where the system does not say. */
    public static double read() {
        try {
            for (String line : Files.readAllLines(STATUS)) {
                if (line.startsWith("VmRSS:")) {
                    String[] parts = line.substring(6).trim().split("\\s+");
                    return Long.parseLong(parts[0]) / 1024.0;
                }
            }
        } catch (IOException | RuntimeException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
