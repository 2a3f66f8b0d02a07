package org.attentionworkbench.spark;

import java.io.PrintWriter;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;

/**
 * Each executor's resident memory as its partitions come back (VmRSS after each partition, native
 * ND4J buffers included): after its first partition, after its last, and the most, to show that an
 * executor stays flat over a run as the local audit does.
 */
final class ExecutorMemory {

    private final Map<String, double[]> byExecutor = new TreeMap<>();
    private final Map<String, String> hosts = new TreeMap<>();

    /** Records one partition's figure. */
    synchronized void record(PartitionResult r) {
        double mb = r.residentMb();
        if (Double.isNaN(mb)) return;
        double[] f = byExecutor.get(r.executorId());
        if (f == null) {
            byExecutor.put(r.executorId(), new double[] {mb, mb, mb, 1});
            hosts.put(r.executorId(), r.host());
        } else {
            f[1] = mb;
            f[2] = Math.max(f[2], mb);
            f[3]++;
        }
    }

    /** {first, last, max, partitions} per executor id. */
    synchronized Map<String, double[]> figures() {
        Map<String, double[]> out = new TreeMap<>();
        byExecutor.forEach((k, v) -> out.put(k, v.clone()));
        return out;
    }

    /** One line per executor. */
    synchronized void print(PrintWriter out) {
        byExecutor.forEach((id, f) -> out.printf(Locale.ROOT,
                "executor %s (%s): resident %.0f MB after its first partition, %.0f MB after its last, %.0f MB at"
                        + " most (%d partitions)%n", id, hosts.get(id), f[0], f[1], f[2], (int) f[3]));
        out.flush();
    }
}
