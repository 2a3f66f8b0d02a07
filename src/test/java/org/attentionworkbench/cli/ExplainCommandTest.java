package org.attentionworkbench.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Test;

/** {@code workbench explain} through the real command line, on the shipped SST-2 average model. */
class ExplainCommandTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String TEXT = "a gorgeous , witty , seductive movie .";

    private static CliRun run(String... args) {
        return CliRun.of(args);
    }

    private static Path modelPath() {
        Path p = Path.of(System.getProperty("workbench.models.dir", "models"), "sst2-average.zip");
        assumeTrue(Files.isRegularFile(p), "shipped model missing: " + p);
        return p.toAbsolutePath();
    }

    private static Path sst2Test() {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst/sst2_test.tsv");
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f);
        return f.toAbsolutePath();
    }

    private static JsonNode parse(CliRun r) throws Exception {
        assertEquals(0, r.exit(), "exit code; stderr: " + r.err());
        assertEquals("", r.err(), "nothing on stderr");
        return JSON.readTree(r.out());
    }

    private static List<String> keys(JsonNode n) {
        List<String> out = new ArrayList<>();
        n.fieldNames().forEachRemaining(out::add);
        return out;
    }

    private static void assertOneLineUserError(CliRun r, String expectedFragment) {
        assertEquals(1, r.exit(), "user error exit code; out: " + r.out() + " err: " + r.err());
        String e = r.err().strip();
        assertEquals(1, e.lines().count(), "one line: " + e);
        assertTrue(e.startsWith("workbench: "), e);
        assertTrue(e.contains(expectedFragment), "'" + expectedFragment + "' in: " + e);
        assertFalse(e.contains("Exception") || e.contains("\tat ") || e.contains("--debug"), "no stack trace: " + e);
        assertEquals("", r.out().strip(), "nothing on stdout");
    }

    @Test
    void jsonIsValidAndTheSameSeedGivesTheSameReport() throws Exception {
        String model = modelPath().toString();
        JsonNode a = parse(run("explain", "-m", model, "--text", TEXT, "--json", "--seed", "3"));
        JsonNode b = parse(run("explain", "-m", model, "--text", TEXT, "--json", "--seed", "3"));
        assertTrue(a.isObject());
        for (String key : List.of("tokens", "label", "prediction", "attention", "saliency", "ig_completeness_error",
                "kendall", "topk_distance", "permutation", "adversarial", "uniform", "single_weight", "erasure",
                "faithfulness", "timings_ms")) {
            assertTrue(a.has(key), "key " + key);
        }
        assertTrue(a.get("label").isNull(), "no true label for --text");
        assertTrue(a.get("timings_ms").has("encode"));
        assertTrue(a.get("adversarial").has("exact"));
        assertEquals("published", a.get("adversarial").get("variant").asText(), "the authors' search by default");
        JsonNode ours = parse(run("explain", "-m", model, "--text", TEXT, "--json", "--seed", "3", "--only", "adversarial",
                "--adversarial-variant", "ours"));
        assertEquals("ours", ours.get("adversarial").get("variant").asText());
        assertFalse(ours.get("adversarial").get("gradient").equals(a.get("adversarial").get("gradient")),
                "another optimiser, another search");
        ((ObjectNode) a).remove("timings_ms");
        ((ObjectNode) b).remove("timings_ms");
        assertEquals(a, b, "identical apart from timings_ms");
        JsonNode c = parse(run("explain", "-m", model, "--text", TEXT, "--json", "--seed", "4"));
        assertFalse(a.get("permutation").equals(c.get("permutation")), "another seed, other permutations");
    }

    @Test
    void onlyGivesJustTheRequestedSections() throws Exception {
        JsonNode r = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only",
                "permutation,uniform"));
        assertEquals(List.of("tokens", "label", "prediction", "attention", "target", "permutation", "uniform", "timings_ms",
                "model", "unknown_tokens", "settings", "provenance"), keys(r));
        assertFalse(r.has("saliency"));
        assertEquals(100, r.get("permutation").get("tvds").size());
        assertEquals(List.of("uniform", "permutation", "total", "encode"), keys(r.get("timings_ms")));
        JsonNode k = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only",
                "kendall"));
        assertTrue(k.has("saliency") && k.has("kendall"), "agreement pulls in saliency");
        assertFalse(k.has("faithfulness") || k.has("permutation") || k.has("erasure"));
    }

    @Test
    void jsonRecordsTheSettingsTheVersionsAndTheArchivesSha256() throws Exception {
        JsonNode r = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only", "uniform",
                "--seed", "7", "--epsilon", "0.02", "--max-tokens", "300"));
        JsonNode s = r.get("settings");
        assertEquals(7, s.get("seed").asLong());
        assertEquals(0.02, s.get("epsilon").asDouble(), 0.0);
        assertEquals(300, s.get("max_tokens").asInt());
        assertEquals(100, s.get("permutations").asInt());
        assertEquals("published", s.get("adversarial_variant").asText());
        assertEquals("[\"uniform\"]", s.get("sections").toString());
        JsonNode p = r.get("provenance");
        assertEquals(org.attentionworkbench.data.BuildInfo.appVersion(), p.get("app_version").asText());
        assertTrue(p.get("app_version").asText().matches("\\d+\\.\\d+\\.\\d+.*"), p.toString());
        assertTrue(p.get("nd4j_version").asText().matches("1\\.\\d+\\.\\d+.*"), p.toString());
        JsonNode archive = p.get("models").get(0);
        assertEquals("sst2-average.zip", archive.get("file").asText());
        String sha = java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256")
                .digest(Files.readAllBytes(modelPath())));
        assertEquals(sha, archive.get("sha256").asText());
    }

    @Test
    void dataRowCarriesItsTrueLabel() throws Exception {
        AttentionModel m = AttentionModel.load(modelPath());
        JsonNode r = parse(run("explain", "-m", modelPath().toString(), "--data", sst2Test().toString(), "--index", "0",
                "--json", "--only", "uniform"));
        // Line 1 of sst2_test.tsv: "1<TAB>If you sometimes like to go to the movies to have fun , Wasabi is ..."
        assertEquals(m.labels().get(1), r.get("label").asText(), "the true label of row 0");
        String line0 = Files.readAllLines(sst2Test()).get(0);
        assertEquals(m.tokenizer().tokenize(line0.substring(line0.indexOf('\t') + 1)),
                JSON.convertValue(r.get("tokens"), List.class), "the tokens of row 0");
        CliRun text = run("explain", "-m", modelPath().toString(), "--data", sst2Test().toString(), "--index", "0",
                "--only", "uniform");
        assertEquals(0, text.exit(), text.err());
        assertTrue(text.out().contains("true label " + m.labels().get(1)), text.out());
    }

    /**
     * --target names the class explained (by name or index) and the JSON says which; LIME's band,
     * KernelSHAP's efficiency error and the integration rule are in the report.
     */
    @Test
    void targetClassLimeAndShapleyValuesInTheJson() throws Exception {
        JsonNode byName = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only",
                "saliency,perturbation", "--target", "NEG", "--lime-samples", "60", "--lime-reruns", "3", "--ig-rule",
                "gauss-legendre", "--ig-steps", "6"));
        assertEquals("neg", byName.get("target").get("label").asText());
        assertEquals(0, byName.get("target").get("index").asInt());
        assertTrue(byName.get("target").get("requested").asBoolean());
        assertEquals(0, byName.get("settings").get("target").asInt());
        JsonNode byIndex = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only",
                "saliency,perturbation", "--target", "0", "--lime-samples", "60", "--lime-reruns", "3", "--ig-rule",
                "gauss-legendre", "--ig-steps", "6"));
        assertEquals(byName.get("saliency"), byIndex.get("saliency"), "a name and its index are the same class");
        int n = byName.get("tokens").size();
        assertEquals(n, byName.get("saliency").get("lime").size());
        assertEquals(n, byName.get("saliency").get("kernel_shap").size());
        assertEquals(n, byName.get("lime").get("spread").size());
        assertEquals(3, byName.get("lime").get("reruns").asInt());
        assertEquals(25.0, byName.get("lime").get("kernel_width").asDouble());
        assertTrue(byName.get("kernel_shap").get("exact").asBoolean(), n + " tokens: enumerated");
        assertTrue(byName.get("kernel_shap").get("sum_error").asDouble() < 1e-6);
        assertEquals("gauss-legendre", byName.get("ig_rule").get("rule").asText());
        // without --target: the predicted class, not "requested"
        JsonNode plain = parse(run("explain", "-m", modelPath().toString(), "--text", TEXT, "--json", "--only",
                "uniform"));
        assertFalse(plain.get("target").get("requested").asBoolean());
        assertEquals(plain.get("prediction").get("label").asText(), plain.get("target").get("label").asText());
    }

    @Test
    void aTargetTheModelLacksAndBadPerturbationSettingsAreOneLineUserErrors() {
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--target", "neutral"),
                "has no class 'neutral' (its classes: 0 = neg, 1 = pos)");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--target", "2"),
                "has no class '2'");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--lime-samples", "1"),
                "--lime-samples");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--lime-kernel-width", "0"),
                "--lime-kernel-width");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--ig-rule", "simpson"),
                "--ig-rule: no integration rule 'simpson'");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--shap-exact-limit", "30"),
                "--shap-exact-limit");
    }

    @Test
    void emptyTextIsAOneLineUserError() {
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "--text", ""), "no tokens");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "--text", "   ", "--json"), "no tokens");
    }

    @Test
    void indexOutOfRangeIsAOneLineUserError() {
        String data = sst2Test().toString();
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "--data", data, "--index", "1000000"),
                "--index 1000000 is outside");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "--data", data, "--index=-1"),
                "--index -1 is outside");
    }

    /**
     * explain --figure draws the Compare tab's five panels with the window's painter: an SVG whose
     * text names each panel and the chosen saliency method; only computed panels are drawn; a
     * wrong file type or method is refused before any work.
     */
    @Test
    void figureDrawsTheComparePanels(@org.junit.jupiter.api.io.TempDir Path dir) throws Exception {
        Path svg = dir.resolve("review.svg");
        CliRun r = run("explain", "-m", modelPath().toString(), "-t", TEXT, "--figure", svg.toString(),
                "--figure-method", "leave_one_out", "--ig-steps", "5", "--adversarial-steps", "20");
        assertEquals(0, r.exit(), r.err());
        assertTrue(r.err().contains("figure: 5 panels written to"), r.err());
        String text = Files.readString(svg);
        assertTrue(text.startsWith("<?xml") || text.startsWith("<svg"), "an SVG file");
        for (String title : List.of("Original attention", "Adversarial attention", "Permuted attention", "Saliency",
                "Uniform attention", "leave one out")) {
            assertTrue(text.contains(title), "the figure names " + title);
        }
        Path png = dir.resolve("only.png");
        CliRun partial = run("explain", "-m", modelPath().toString(), "-t", TEXT, "--only", "uniform",
                "--figure", png.toString());
        assertEquals(0, partial.exit(), partial.err());
        assertTrue(partial.err().contains("figure: 3 panels written to"), partial.err()); // the shuffle is drawn from the seed
        assertTrue(partial.err().contains("not drawn: Adversarial attention, Saliency;"), partial.err());
        assertTrue(javax.imageio.ImageIO.read(png.toFile()).getWidth() > 100, "a PNG image");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--figure",
                dir.resolve("x.gif").toString()), "must end in .png, .svg or .pdf");
        assertOneLineUserError(run("explain", "-m", modelPath().toString(), "-t", TEXT, "--figure",
                svg.toString(), "--figure-method", "shap"), "no saliency method 'shap'");
    }
}
