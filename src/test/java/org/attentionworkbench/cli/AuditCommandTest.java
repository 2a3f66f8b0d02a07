package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code workbench audit} through the real command line: outputs, the timing report, and user errors. */
class AuditCommandTest {

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static void assumeSst2() {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst/sst2_test.tsv");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
    }

    @Test
    void writesRowsSummaryTablesFiguresAndSaysWhereTheTimeWent(@TempDir Path dir) throws Exception {
        assumeSst2();
        Path out = dir.resolve("audit");
        CliRun r = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "4", "--threads", "2",
                "--group-by", "true", "--document-figures", "2", "--out", out.toString(), "--no-progress");
        assertEquals(0, r.exit(), r.err());
        // The first two documents of the sample as the Compare tab's panels, by the window's painter.
        try (var figs = Files.list(out.resolve("figures/documents"))) {
            java.util.List<Path> files = figs.sorted().toList();
            assertEquals(2, files.size(), files.toString());
            for (Path f : files) {
                assertTrue(f.getFileName().toString().matches("sst2-average-doc\\d+\\.svg"), f.toString());
                String svg = Files.readString(f);
                assertTrue(svg.contains("Original attention") && svg.contains("Adversarial attention"), f.toString());
            }
        }
        assertTrue(r.out().contains("documents/s") && r.out().contains("(target >= 4/s:"), r.out());
        assertTrue(r.out().contains("where the time went") && r.out().contains("integrated_gradients"), r.out());
        assertEquals(5, Files.readAllLines(out.resolve("documents.csv")).size(), "header and four rows");
        for (String f : new String[] {"audit.json", "summary.json", "runs.jsonl", "table_kendall.csv", "table_kendall.tex",
            "table_flip_fractions.tex", "table_single_weight.tex", "table_aopc.tex", "table_counterfactual.tex",
            "fig_tau_gradient.png", "fig_tau_gradient.svg", "fig_delta_js.png", "fig_permutation_tvd.svg",
            "fig_flip_fractions.png", "fig_adversarial_jsd.png", "table_methods.csv", "table_methods.tex",
            "fig_tau_lime.png", "fig_tau_kernel_shap.svg"}) {
            assertTrue(Files.size(out.resolve(f)) > 0, f);
        }
        // LIME and KernelSHAP are audited as the other methods are
        String methods = Files.readString(out.resolve("table_methods.csv"));
        assertTrue(methods.contains("sst2-average,lime,4,") && methods.contains("sst2-average,kernel_shap,4,"), methods);
        String header = Files.readAllLines(out.resolve("documents.csv")).get(0);
        for (String col : new String[] {"tau_lime", "tau_kernel_shap", "aopc_comp_lime", "aopc_comp_kernel_shap",
            "lime_mean_spread", "shap_relative_sum_error", "ms_lime", "ms_kernel_shap"}) {
            assertTrue(header.contains(col), col);
        }

        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"group_by\" : \"true\""));
        assertTrue(Files.readString(out.resolve("table_kendall.tex")).contains("by true class"));
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"adversarial_variant\" : \"published\""));

        // The grouping is not part of the rows: a re-run with the default grouping (predicted) computes
        // nothing and rebuilds the report under it.
        // ... and the sanity check's cascade, asked for now, runs on the head of the sample.
        CliRun again = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "4", "--out", out.toString(),
                "--no-progress", "--sanity", "2");
        assertEquals(0, again.exit(), again.err());
        java.util.List<String> sanity = Files.readAllLines(out.resolve("sanity.csv"));
        assertEquals("model,method,stage,mean_tau,documents,flagged", sanity.get(0));
        assertTrue(sanity.contains("sst2-average,attention,decoder,1.000000,2,true")
                || sanity.contains("sst2-average,attention,decoder,1.000000,2,false"), "attention ignores the decoder");
        for (String m : new String[] {"gradient", "integrated_gradients", "lrp", "lime", "kernel_shap"}) {
            assertEquals(4, sanity.stream().filter(l -> l.startsWith("sst2-average," + m + ",")).count(), m);
        }
        assertTrue(Files.size(out.resolve("fig_sanity_sst2-average.png")) > 0);
        assertTrue(Files.readString(out.resolve("table_sanity.tex")).contains("Adebayo"));
        assertTrue(again.err().contains("randomised up to the embeddings"), again.err());
        assertTrue(again.out().startsWith("0 documents"), "nothing left to compute: " + again.out());
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"group_by\" : \"predicted\""));
        assertTrue(Files.readString(out.resolve("table_kendall.tex")).contains("by predicted class"));
        assertTrue(Files.readString(out.resolve("audit.json")).contains("\"group_by\" : \"predicted\""));
        assertEquals(5, Files.readAllLines(out.resolve("documents.csv")).size());
        assertEquals(1, Files.readAllLines(out.resolve("runs.jsonl")).size(), "a run with no rows is not logged");
    }

    @Test
    void badInputGetsOneClearLineAndNoStackTrace(@TempDir Path dir) throws Exception {
        CliRun noModel = run("audit", "-m", "no-such-model", "--data", "sst2:test", "--out", dir.toString());
        assertEquals(Main.USER_ERROR, noModel.exit());
        assertTrue(noModel.err().contains("no shipped model named 'no-such-model'"), noModel.err());
        assertFalse(noModel.err().contains("\tat "), noModel.err());

        assumeSst2();
        Path out = dir.resolve("a");
        assertEquals(0, run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "2", "--sections",
                "uniform", "--out", out.toString(), "--no-progress").exit());
        CliRun other = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "3", "--sections", "uniform",
                "--out", out.toString(), "--no-progress");
        assertEquals(Main.USER_ERROR, other.exit());
        assertTrue(other.err().contains("holds an audit with other settings") && other.err().contains("limit"),
                other.err());
        // The adversarial variant changes the rows: another one is refused.
        CliRun variant = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "2", "--sections",
                "uniform", "--adversarial-variant", "ours", "--out", out.toString(), "--no-progress");
        assertEquals(Main.USER_ERROR, variant.exit());
        assertTrue(variant.err().contains("adversarial_variant published vs ours"), variant.err());
        // So does the long-text rule: rows read under --max-tokens 8 are not rows read under 5,000.
        CliRun cut = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--limit", "2", "--sections",
                "uniform", "--max-tokens", "8", "--out", out.toString(), "--no-progress");
        assertEquals(Main.USER_ERROR, cut.exit());
        assertTrue(cut.err().contains("max_tokens 5000 vs 8"), cut.err());
        CliRun badGroup = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--group-by", "gold", "--out",
                out.toString(), "--no-progress");
        assertEquals(Main.USER_ERROR, badGroup.exit());
        assertTrue(badGroup.err().contains("--group-by") && !badGroup.err().contains("\tat "), badGroup.err());
        assertFalse(other.err().contains("\tat "), other.err());
    }

    /**
     * The plain build carries no Spark (issue 20): --engine spark says how to get the Spark build,
     * in one line, and --master without it is refused. (Skipped in the spark profile's build, which
     * has the engine.)
     */
    @Test
    void theSparkEngineOutsideTheSparkBuildSaysHowToGetIt(@TempDir Path dir) {
        assumeTrue(org.attentionworkbench.audit.AuditEngine.find("spark").isEmpty(), "this is the Spark build");
        CliRun spark = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--engine", "spark", "--out",
                dir.toString());
        assertEquals(Main.USER_ERROR, spark.exit());
        assertTrue(spark.err().contains("mvn -Pspark -DskipTests package") && !spark.err().contains("\tat "),
                spark.err());
        assertFalse(Files.exists(dir.resolve("audit.json")), "nothing was started");
        CliRun master = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--master", "local[2]", "--out",
                dir.toString());
        assertEquals(Main.USER_ERROR, master.exit());
        assertTrue(master.err().contains("--master is for --engine spark"), master.err());
        CliRun engine = run("audit", "-m", "sst2-average", "--data", "sst2:test", "--engine", "flink", "--out",
                dir.toString());
        assertEquals(Main.USER_ERROR, engine.exit());
        assertTrue(engine.err().contains("--engine: local or spark"), engine.err());
    }
}
