package org.attentionworkbench.spark;

import static org.attentionworkbench.spark.AuditRows.assertSameSummary;
import static org.attentionworkbench.spark.AuditRows.cli;
import static org.attentionworkbench.spark.AuditRows.withoutTimings;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.apache.spark.sql.Row;
import org.apache.spark.sql.SparkSession;
import org.attentionworkbench.audit.AuditColumns;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.DocumentsCsv;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The Spark engine against the local audit (issue 20), through the real command line, on the
 * shipped sst2-average and real SST-2 test sentences, every section: with the same seed and data
 * Spark on local[2] writes the local audit's rows and the same corpus statistics, and Parquet holds
 * the rows of documents.csv; a Spark job killed mid-way (a child JVM, SIGKILL) and re-run with the
 * same folder ends with every document exactly once and the local audit's numbers.
 */
class SparkAuditTest {

    private static final int LIMIT = 16;

    @TempDir
    static Path shared;

    private static Path local;

    /** The reference: the local audit of the same sample, two worker threads. */
    @BeforeAll
    static void localAudit() {
        AuditRows.assumeSst2();
        local = shared.resolve("local");
        AuditRows.Run r = cli(args(local, "--threads", "2"));
        assertEquals(0, r.exit(), r.err());
    }

    private static String[] args(Path out, String... more) {
        List<String> a = new java.util.ArrayList<>(List.of("audit", "-m", "sst2-average", "--data", "sst2:test",
                "--limit", "" + LIMIT, "--out", out.toString()));
        a.addAll(List.of(more));
        return a.toArray(String[]::new);
    }

    @Test
    void sparkOnLocal2WritesTheLocalAuditsRowsSummaryAndParquet(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("spark");
        AuditRows.Run r = cli(args(out, "--engine", "spark", "--master", "local[2]", "--partition-size", "4"));
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("Spark master local[2]"), r.err());
        // The local audit's progress line: documents done of all, documents/s and ETA.
        assertTrue(r.err().contains(LIMIT + "/" + LIMIT) && r.err().contains("docs/s") && r.err().contains("ETA"),
                r.err());
        assertTrue(r.out().contains(LIMIT + " documents in"), r.out());
        assertEquals(withoutTimings(local), withoutTimings(out), "Spark's rows are the local audit's");
        assertEquals(LIMIT, withoutTimings(out).size());
        assertSameSummary(local, out);
        for (String f : List.of("table_kendall.csv", "table_single_weight.tex", "fig_delta_js.svg",
                "fig_tau_gradient.png")) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }

        // documents.parquet: the same rows, read back by Spark itself.
        Map<String, AuditRow> byKey = new HashMap<>();
        for (AuditRow row : DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME))) byKey.put(row.key(), row);
        SparkSession spark = SparkSession.builder().master("local[1]").appName("parquet check")
                .config("spark.ui.enabled", "false").getOrCreate();
        try {
            List<Row> rows = spark.read().parquet(out.resolve(ParquetRows.FILE_NAME).toString()).collectAsList();
            assertEquals(LIMIT, rows.size());
            for (Row p : rows) {
                AuditRow c = byKey.get(p.<String>getAs("model") + "#" + p.<Integer>getAs("doc_index"));
                assertTrue(c != null, "a Parquet row that documents.csv lacks");
                assertEquals(c.id(), p.getAs("id"));
                assertEquals(c.prediction(), p.getAs("prediction"));
                assertEquals(c.length(), (int) p.<Integer>getAs("length"));
                for (String col : AuditColumns.VALUES) {
                    Object v = p.getAs(col);
                    assertEquals(c.value(col), v == null ? Double.NaN : (Double) v, 0.0, c.key() + " " + col);
                }
            }
        } finally {
            spark.stop();
        }
    }

    @Test
    void aKilledJobRerunWithTheSameFolderLosesAndDuplicatesNoRow(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("killed");
        Path csv = out.resolve(DocumentsCsv.FILE_NAME);
        String[] a = args(out, "--engine", "spark", "--master", "local[2]", "--partition-size", "2", "--no-progress");
        Process child = new ProcessBuilder(AuditRows.javaCommand(a)).redirectErrorStream(true)
                .redirectOutput(dir.resolve("child.log").toFile()).start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(300);
        while (AuditRows.rows(csv) < 4 && child.isAlive() && System.nanoTime() < deadline) Thread.sleep(20);
        child.destroyForcibly().waitFor(30, TimeUnit.SECONDS);
        int before = AuditRows.rows(csv);
        assumeTrue(before >= 4, "the child wrote its first rows: " + Files.readString(dir.resolve("child.log")));
        assertTrue(before < LIMIT, "killed before the end (" + before + " rows)");

        AuditRows.Run resumed = cli(a);
        assertEquals(0, resumed.exit(), resumed.err());
        List<AuditRow> rows = DocumentsCsv.read(csv); // refuses a document twice
        assertEquals(LIMIT, rows.size(), "every sampled document once");
        Set<String> keys = new HashSet<>();
        for (AuditRow r : rows) assertTrue(keys.add(r.key()), "duplicate row " + r.key());
        assertTrue(resumed.out().contains((LIMIT - before) + " documents in"), "only the missing rows were computed: "
                + resumed.out());
        assertEquals(withoutTimings(local), withoutTimings(out), "the resumed Spark audit has the local audit's numbers");
        assertSameSummary(local, out);
    }

    @Test
    void aMasterSparkCannotUseIsOneLineAndLeavesTheFolderResumable(@TempDir Path dir) throws Exception {
        Path out = dir.resolve("bad");
        AuditRows.Run r = cli(args(out, "--engine", "spark", "--master", "nowhere[3]", "--no-progress"));
        assertEquals(org.attentionworkbench.cli.Main.USER_ERROR, r.exit());
        assertTrue(r.err().contains("--master nowhere[3]") && !r.err().contains("\tat "), r.err());
        assertEquals(0, AuditRows.rows(out.resolve(DocumentsCsv.FILE_NAME)));
    }
}
