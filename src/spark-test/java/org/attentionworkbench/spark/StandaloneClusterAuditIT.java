package org.attentionworkbench.spark;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.attentionworkbench.audit.DocumentsCsv;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The cluster path end to end (issue 20): a Spark standalone cluster of one master and two workers
 * (Spark's own {@code Master} and {@code Worker} classes, from the Maven artifacts, each in its own
 * JVM on 127.0.0.1, with a SPARK_HOME whose jars/ are those artifacts), and the audit submitted to
 * it as the documentation says, {@code spark-submit --class org.attentionworkbench.cli.Main JOB-JAR
 * audit ... --engine spark} (spark-submit is a script around {@code SparkSubmit}; it is run here
 * directly). The executors get the workbench and ND4J only from the job jar. The rows must be the
 * local audit's, and both workers' executors must have computed some.
 *
 * <p>Run by failsafe after {@code package} ({@code mvn -Pspark verify}), which builds the job jar.
 */
class StandaloneClusterAuditIT {

    private static final int LIMIT = 12;

    private final List<Process> started = new ArrayList<>();

    @Test
    void aTwoWorkerStandaloneClusterAuditsWithTheJobJarAndWritesTheLocalRows(@TempDir Path dir) throws Exception {
        AuditRows.assumeSst2();
        Path jobJar = Path.of(System.getProperty("workbench.spark.job.jar", "target/spark/attention-workbench-spark-job.jar"));
        Path sparkJars = Path.of(System.getProperty("workbench.spark.jars", "target/spark/spark-jars"));
        assumeTrue(Files.isRegularFile(jobJar) && Files.isDirectory(sparkJars), "run after package: " + jobJar);
        Path home = dir.resolve("spark-home");
        Files.createDirectories(home);
        Files.createSymbolicLink(home.resolve("jars"), sparkJars.toAbsolutePath());

        int port = freePort();
        int ui = freePort();
        start(dir, "master", List.of("org.apache.spark.deploy.master.Master", "--host", "127.0.0.1", "--port", "" + port,
                "--webui-port", "" + ui), home);
        waitFor(() -> open(port), 120, "the master listening on " + port, dir);
        String master = "spark://127.0.0.1:" + port;
        for (int w = 1; w <= 2; w++) {
            start(dir, "worker" + w, List.of("org.apache.spark.deploy.worker.Worker", "--host", "127.0.0.1",
                    "--cores", "1", "--memory", "3g", "--webui-port", "" + freePort(), "--work-dir",
                    dir.resolve("work" + w).toString(), master), home);
        }
        waitFor(() -> aliveWorkers(ui) == 2, 180, "two workers registered", dir);

        Path out = dir.resolve("cluster");
        Path model = Path.of(System.getProperty("workbench.models.dir", "models")).resolve("sst2-average.zip");
        List<String> submit = java(1024);
        for (String p : List.of("workbench.shared.datasets", "workbench.config.dir")) {
            if (System.getProperty(p) != null) submit.add("-D" + p + "=" + System.getProperty(p));
        }
        submit.addAll(List.of("-cp", sparkJars.toAbsolutePath() + "/*", "org.apache.spark.deploy.SparkSubmit",
                "--master", master, "--deploy-mode", "client", "--class", "org.attentionworkbench.cli.Main",
                "--conf", "spark.driver.host=127.0.0.1", "--conf", "spark.driver.bindAddress=127.0.0.1",
                "--conf", "spark.executor.cores=1", "--conf", "spark.executor.memory=1g",
                "--conf", "spark.executor.memoryOverhead=1g", "--conf", "spark.cores.max=2",
                // Start once both executors are there, so that both workers take partitions.
                "--conf", "spark.scheduler.minRegisteredResourcesRatio=1.0",
                "--conf", "spark.scheduler.maxRegisteredResourcesWaitingTime=300s",
                jobJar.toAbsolutePath().toString(),
                "audit", "-m", model.toAbsolutePath().toString(), "--data", "sst2:test", "--limit", "" + LIMIT,
                "--engine", "spark", "--partition-size", "2", "--out", out.toString(), "--no-progress"));
        Path log = dir.resolve("submit.log");
        Process driver = new ProcessBuilder(submit).redirectErrorStream(true).redirectOutput(log.toFile()).start();
        started.add(driver);
        boolean ended = driver.waitFor(480, TimeUnit.SECONDS);
        String text = Files.readString(log);
        System.out.println(text);
        assertTrue(ended, "the submitted audit ended within 8 minutes: " + tails(dir));
        assertEquals(0, driver.exitValue(), text + tails(dir));
        assertTrue(text.contains("spark: " + master), text);
        assertTrue(text.contains("executor 0 (127.0.0.1)") && text.contains("executor 1 (127.0.0.1)"),
                "both workers' executors computed rows: " + text);
        assertEquals(LIMIT, DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME)).size());
        assertTrue(Files.size(out.resolve(ParquetRows.FILE_NAME)) > 0 && Files.exists(out.resolve("summary.json")));

        Path local = dir.resolve("local");
        AuditRows.Run r = AuditRows.cli("audit", "-m", model.toAbsolutePath().toString(), "--data", "sst2:test",
                "--limit", "" + LIMIT, "--threads", "2", "--out", local.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        assertEquals(AuditRows.withoutTimings(local), AuditRows.withoutTimings(out),
                "the cluster's rows are the local audit's");
        AuditRows.assertSameSummary(local, out);
    }

    @AfterEach
    void stopCluster() {
        // Workers first (with the executors they started), the master last.
        for (int i = started.size() - 1; i >= 0; i--) {
            Process p = started.get(i);
            p.descendants().forEach(ProcessHandle::destroyForcibly);
            p.destroyForcibly();
            try {
                p.waitFor(30, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    private void start(Path dir, String name, List<String> mainAndArgs, Path home) throws IOException {
        List<String> cmd = java(512);
        cmd.addAll(List.of("-cp", home.resolve("jars").toAbsolutePath() + "/*"));
        cmd.addAll(mainAndArgs);
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true)
                .redirectOutput(dir.resolve(name + ".log").toFile());
        Map<String, String> env = pb.environment();
        env.put("SPARK_HOME", home.toAbsolutePath().toString());
        env.put("SPARK_SCALA_VERSION", "2.13"); // a distribution's launcher would know it from its layout
        env.put("SPARK_LOCAL_IP", "127.0.0.1");
        env.put("JAVA_HOME", System.getProperty("java.home"));
        started.add(pb.start());
    }

    /** java with this JVM's module openings (Spark's own launcher adds the same on Java 17). */
    private static List<String> java(int heapMb) {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx" + heapMb + "m", "-Djava.awt.headless=true"));
        for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
            if (a.startsWith("--add-opens") || a.startsWith("-XX:+IgnoreUnrecognized") || a.startsWith("-Dio.netty")) {
                cmd.add(a);
            }
        }
        return cmd;
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, java.net.InetAddress.getByName("127.0.0.1"))) {
            return s.getLocalPort();
        }
    }

    private static boolean open(int port) {
        try (Socket s = new Socket()) {
            s.connect(new InetSocketAddress("127.0.0.1", port), 500);
            return true;
        } catch (IOException e) {
            return false;
        }
    }

    /** The master's count of alive workers, from its JSON page; -1 while it does not answer. */
    private static int aliveWorkers(int ui) {
        try (var in = URI.create("http://127.0.0.1:" + ui + "/json/").toURL().openStream()) {
            String json = new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(json).path("aliveworkers").asInt(-1);
        } catch (IOException e) {
            return -1;
        }
    }

    private interface Check {
        boolean holds() throws Exception;
    }

    private void waitFor(Check c, int seconds, String what, Path dir) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
        while (!c.holds()) {
            assertTrue(System.nanoTime() < deadline, "waited " + seconds + " s for " + what + tails(dir));
            for (Process p : started) assertTrue(p.isAlive(), what + ": a cluster process ended" + tails(dir));
            Thread.sleep(250);
        }
    }

    /** The last lines of every log in the folder, for a failure's message. */
    private static String tails(Path dir) {
        StringBuilder b = new StringBuilder();
        try (var files = Files.walk(dir)) {
            for (Path f : files.filter(p -> p.toString().endsWith(".log") || p.getFileName().toString().equals("stderr"))
                    .toList()) {
                List<String> lines = Files.readAllLines(f);
                b.append("\n--- ").append(f).append('\n')
                        .append(String.join("\n", lines.subList(Math.max(0, lines.size() - 30), lines.size())));
            }
        } catch (IOException | RuntimeException e) {
            b.append("\n(logs unreadable: ").append(e.getMessage()).append(')');
        }
        return b.toString();
    }
}
