package org.attentionworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.attentionworkbench.audit.AuditReport;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.cli.Main;

/** What the Spark tests share: running the real command line, and comparing two audit folders. */
final class AuditRows {

    private AuditRows() {
    }

    /** One in-process run of {@code workbench args...}: exit code, stdout, stderr. */
    record Run(int exit, String out, String err) { }

    static Run cli(String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true)).execute(args);
        return new Run(exit, out.toString(), err.toString());
    }

    static void assumeSst2() {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst/sst2_test.tsv");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
    }

    /** The rows of a folder by key, every value but the timings (which differ from run to run). */
    static Map<String, Map<String, Double>> withoutTimings(Path dir) throws IOException {
        Map<String, Map<String, Double>> out = new TreeMap<>();
        for (AuditRow r : DocumentsCsv.read(dir.resolve(DocumentsCsv.FILE_NAME))) {
            Map<String, Double> v = new TreeMap<>(r.values());
            v.keySet().removeIf(k -> k.startsWith("ms_"));
            v.put("confidence", r.confidence());
            v.put("length", (double) r.length());
            out.put(r.key() + " " + r.id() + " " + r.trueLabel() + " " + r.prediction(), v);
        }
        return out;
    }

    /** Row count of a documents.csv being written (complete lines only). */
    static int rows(Path csv) {
        try {
            if (!Files.exists(csv)) return 0;
            long lines = Files.readString(csv).chars().filter(c -> c == '\n').count();
            return (int) Math.max(0, lines - 1);
        } catch (IOException e) {
            return 0;
        }
    }

    /**
     * The corpus statistics of two folders' summary.json ("models": everything computed from the
     * rows) agree: the same numbers up to the order in which rows were summed (1e-9 relative); the
     * time per part is left out.
     */
    static void assertSameSummary(Path expected, Path actual) throws IOException {
        ObjectMapper json = new ObjectMapper();
        JsonNode a = json.readTree(expected.resolve(AuditReport.SUMMARY).toFile()).get("models");
        JsonNode b = json.readTree(actual.resolve(AuditReport.SUMMARY).toFile()).get("models");
        assertTrue(a != null && a.size() > 0, "the summary has its models");
        compare(a, b, "models");
    }

    private static void compare(JsonNode a, JsonNode b, String path) {
        if (a.isNumber() && b.isNumber()) {
            double x = a.asDouble();
            double y = b.asDouble();
            assertTrue(x == y || Math.abs(x - y) <= 1e-9 * Math.max(Math.abs(x), Math.abs(y)), path + ": " + x + " vs " + y);
            return;
        }
        assertEquals(a.getNodeType(), b.getNodeType(), path);
        if (a.isObject()) {
            List<String> na = new ArrayList<>();
            a.fieldNames().forEachRemaining(na::add);
            List<String> nb = new ArrayList<>();
            b.fieldNames().forEachRemaining(nb::add);
            assertEquals(na, nb, path);
            for (String n : na) {
                // Worker milliseconds per part differ from run to run; every other figure is the rows'.
                if (!n.contains("_ms")) compare(a.get(n), b.get(n), path + "." + n);
            }
        } else if (a.isArray()) {
            assertEquals(a.size(), b.size(), path);
            Iterator<JsonNode> ia = a.elements();
            Iterator<JsonNode> ib = b.elements();
            int i = 0;
            while (ia.hasNext()) compare(ia.next(), ib.next(), path + "[" + i++ + "]");
        } else {
            assertEquals(a, b, path);
        }
    }

    /**
     * The command of a child JVM running {@code workbench args...} on this test's class path, with
     * this JVM's module openings (Spark needs them on Java 17) and the workbench's settings.
     */
    static List<String> javaCommand(String... args) {
        Path java = Path.of(System.getProperty("java.home"), "bin", "java");
        List<String> cmd = new ArrayList<>(List.of(java.toString(), "-Xmx2g", "-Djava.awt.headless=true"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        for (String p : List.of("workbench.shared.datasets", "workbench.models.dir", "workbench.config.dir")) {
            if (System.getProperty(p) != null) cmd.add("-D" + p + "=" + System.getProperty(p));
        }
        cmd.addAll(List.of("-cp", System.getProperty("java.class.path"), Main.class.getName()));
        cmd.addAll(List.of(args));
        return cmd;
    }
}
