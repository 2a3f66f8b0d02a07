package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CancellationException;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The explanation engine end to end on a shipped SST-2 model and real sentences: every section,
 * progress, section subsets, cancellation, determinism and the documented JSON shape.
 */
class ExplanationEngineTest {

    /** Two short real SST-2 sentences. */
    private static final String SENTENCE = "a gorgeous , witty , seductive movie .";
    private static final String SENTENCE_2 = "the plot is nothing but boilerplate clichés from start to finish .";

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> METHODS = Arrays.stream(SaliencyMethod.values()).map(SaliencyMethod::id).toList();
    private static final List<String> RANKINGS = List.of("attention", "random", "gradient", "gradient_x_attention",
            "oracle");

    private static AttentionModel model;
    private static EncodedDocument doc;
    private static Explanation full;
    private static final List<ExplanationEngine.Progress> fullProgress = new ArrayList<>();

    @BeforeAll
    static void explainOnce() {
        model = Shipped.model("sst2-bilstm");
        doc = model.encode(SENTENCE);
        full = new ExplanationEngine(model).explain(doc, 1, ExplainSettings.defaults().withSeed(7),
                fullProgress::add, Cancellation.NEVER);
    }

    /** The report without timings, as a JSON string. */
    private static String reportJson(Explanation e) throws Exception {
        Map<String, Object> m = new LinkedHashMap<>(ExplanationReport.toMap(e));
        assertNotNull(m.remove("timings_ms"), "timings_ms present");
        return JSON.writeValueAsString(m);
    }

    @Test
    void everySectionCompletesWithItsResults() {
        for (Section s : Section.values()) assertTrue(full.has(s), s + " complete");
        assertEquals(EnumSet.allOf(Section.class), full.completed());
        assertNotNull(full.uniform());
        assertNotNull(full.permutation());
        assertNotNull(full.singleWeight());
        assertNotNull(full.rankings());
        assertNotNull(full.oracle());
        assertNotNull(full.adversarial());
        assertNotNull(full.exactAdversary(), "two classes: the exact adversary runs");
        assertEquals(EnumSet.allOf(SaliencyMethod.class), full.saliency().keySet());
        assertEquals(EnumSet.allOf(SaliencyMethod.class), full.kendall().keySet());
        assertEquals(EnumSet.allOf(SaliencyMethod.class), full.topK().keySet());
        assertNotNull(full.integratedGradients());
        Set<String> expectedFaith = new java.util.LinkedHashSet<>();
        expectedFaith.add("attention");
        expectedFaith.addAll(METHODS);
        assertEquals(expectedFaith, full.faithfulness().keySet());
        for (Saliency s : full.saliency().values()) assertEquals(doc.size(), s.size(), s.method().id());
        assertEquals(100, full.permutation().tvds().length);
        assertEquals(1, full.trueLabel());
    }

    @Test
    void signedSaliencyKeepsItsSignAfterAgreement() {
        // Agreement ranks by |score|; the stored signed scores must not be overwritten by that.
        double[] gxi = full.saliency(SaliencyMethod.GRAD_X_INPUT).orElseThrow().scores();
        double[] g = full.saliency(SaliencyMethod.GRADIENT).orElseThrow().scores();
        for (int i = 0; i < gxi.length; i++) assertEquals(g[i], Math.abs(gxi[i]), 1e-9 * Math.max(1, g[i]));
    }

    @Test
    void progressReportsEachSectionOnceInOrderWithGrowingPartials() throws Exception {
        List<Section> reported = fullProgress.stream().map(ExplanationEngine.Progress::section).toList();
        assertEquals(List.of(Section.values()), reported, "once per section, in Section order");
        for (int k = 0; k < fullProgress.size(); k++) {
            ExplanationEngine.Progress p = fullProgress.get(k);
            assertEquals(k + 1, p.done());
            assertEquals(Section.values().length, p.total());
            assertEquals(EnumSet.copyOf(reported.subList(0, k + 1)), p.partial().completed(),
                    "partial " + k + " holds exactly the sections reported so far");
        }
        // A later partial contains everything an earlier one had, unchanged (the perturbation section
        // adds its two methods to saliency, kendall, topk_distance and faithfulness, next to the
        // others); the last equals the result.
        for (int k = 1; k < fullProgress.size(); k++) {
            JsonNode earlier = JSON.readTree(reportJson(fullProgress.get(k - 1).partial()));
            JsonNode later = JSON.readTree(reportJson(fullProgress.get(k).partial()));
            assertKept(earlier, later, "");
            assertTrue(later.size() >= earlier.size(), "partials never shrink");
            assertTrue(fullProgress.get(k).partial().completed().containsAll(fullProgress.get(k - 1).partial().completed()));
        }
        assertEquals(reportJson(full), reportJson(fullProgress.get(fullProgress.size() - 1).partial()));
        // Sections not yet done are empty in early partials.
        Explanation first = fullProgress.get(0).partial();
        assertNotNull(first.uniform());
        assertNull(first.permutation());
        assertTrue(first.saliency().isEmpty());
        assertTrue(first.faithfulness().isEmpty());
    }

    /** Every field of {@code earlier} is in {@code later} with the same value (objects field by field). */
    private static void assertKept(JsonNode earlier, JsonNode later, String path) {
        if (earlier.isObject() && later != null && later.isObject()) {
            earlier.fieldNames().forEachRemaining(f -> assertKept(earlier.get(f), later.get(f), path + "/" + f));
        } else {
            assertEquals(earlier, later, "field " + path + " changed or vanished between partials");
        }
    }

    private static List<Section> run(Set<Section> only, List<ExplanationEngine.Progress> sink, Explanation[] out) {
        ExplainSettings s = ExplainSettings.defaults().withAdversarialSteps(50).withIgSteps(10).withSections(only);
        out[0] = new ExplanationEngine(model).explain(doc, -1, s, sink::add, Cancellation.NEVER);
        return sink.stream().map(ExplanationEngine.Progress::section).toList();
    }

    @Test
    void subsetsComputeExactlyTheRequestedSectionsPlusPrerequisites() throws Exception {
        Map<Set<Section>, Set<Section>> cases = new LinkedHashMap<>();
        cases.put(EnumSet.of(Section.PERMUTATION, Section.UNIFORM), EnumSet.of(Section.UNIFORM, Section.PERMUTATION));
        cases.put(EnumSet.of(Section.AGREEMENT), EnumSet.of(Section.SALIENCY, Section.AGREEMENT));
        cases.put(EnumSet.of(Section.FAITHFULNESS), EnumSet.of(Section.SALIENCY, Section.FAITHFULNESS));
        cases.put(EnumSet.of(Section.ERASURE, Section.ADVERSARIAL), EnumSet.of(Section.ERASURE, Section.ADVERSARIAL));
        cases.put(EnumSet.of(Section.SALIENCY), EnumSet.of(Section.SALIENCY));
        for (Map.Entry<Set<Section>, Set<Section>> c : cases.entrySet()) {
            List<ExplanationEngine.Progress> sink = new ArrayList<>();
            Explanation[] e = new Explanation[1];
            List<Section> reported = run(c.getKey(), sink, e);
            Set<Section> expected = c.getValue();
            assertEquals(expected.stream().sorted().toList(), reported, "reported for --only " + c.getKey());
            assertEquals(expected, e[0].completed(), "completed for --only " + c.getKey());
            for (Section s : Section.values()) assertEquals(expected.contains(s), e[0].has(s), s + " for " + c.getKey());
            assertEquals(expected.contains(Section.UNIFORM), e[0].uniform() != null);
            assertEquals(expected.contains(Section.PERMUTATION), e[0].permutation() != null);
            assertEquals(expected.contains(Section.ERASURE), e[0].rankings() != null);
            assertEquals(expected.contains(Section.ERASURE), e[0].oracle() != null);
            assertEquals(expected.contains(Section.ADVERSARIAL), e[0].adversarial() != null);
            assertEquals(expected.contains(Section.SALIENCY), !e[0].saliency().isEmpty());
            assertEquals(expected.contains(Section.AGREEMENT), !e[0].kendall().isEmpty());
            assertEquals(expected.contains(Section.FAITHFULNESS), !e[0].faithfulness().isEmpty());
            JsonNode json = JSON.readTree(JSON.writeValueAsString(ExplanationReport.toMap(e[0])));
            assertEquals(expected.contains(Section.SALIENCY), json.has("saliency"), "saliency key for " + c.getKey());
            assertEquals(expected.contains(Section.AGREEMENT), json.has("kendall"));
            assertEquals(expected.contains(Section.PERMUTATION), json.has("permutation"));
            assertEquals(expected.contains(Section.UNIFORM), json.has("uniform"));
            assertEquals(expected.contains(Section.ERASURE), json.has("erasure"));
            assertEquals(expected.contains(Section.ADVERSARIAL), json.has("adversarial"));
            assertEquals(expected.contains(Section.FAITHFULNESS), json.has("faithfulness"));
        }
        assertEquals(EnumSet.of(Section.SALIENCY, Section.FAITHFULNESS, Section.UNIFORM),
                ExplainSettings.defaults().withSections(EnumSet.of(Section.FAITHFULNESS, Section.UNIFORM)).sections());
    }

    @Test
    void cancellingAfterTheFirstReportStopsTheRun() {
        List<ExplanationEngine.Progress> sink = new ArrayList<>();
        assertThrows(CancellationException.class, () -> new ExplanationEngine(model).explain(doc, -1,
                ExplainSettings.defaults(), sink::add, Cancellation.when(() -> !sink.isEmpty())));
        assertEquals(1, sink.size(), "no section after the cancellation is reported");
        assertEquals(Section.UNIFORM, sink.get(0).section());
        // Also when the first section is a slow one: cancelled between the saliency methods.
        List<ExplanationEngine.Progress> sink2 = new ArrayList<>();
        int[] polls = {0};
        assertThrows(CancellationException.class, () -> new ExplanationEngine(model).explain(doc, -1,
                ExplainSettings.defaults().withSections(EnumSet.of(Section.SALIENCY, Section.UNIFORM)), sink2::add,
                Cancellation.when(() -> ++polls[0] > 2)));
        assertEquals(List.of(Section.UNIFORM), sink2.stream().map(ExplanationEngine.Progress::section).toList());
    }

    /**
     * The parallel engine (LIME and KernelSHAP on a helper thread beside the other sections) gives
     * the same report as the sequential one, and reports the sections in the same order.
     */
    @Test
    void theParallelEngineGivesTheSequentialReportInTheSameOrder() throws Exception {
        List<ExplanationEngine.Progress> sink = new ArrayList<>();
        Explanation parallel = ExplanationEngine.parallel(model).explain(doc, 1, ExplainSettings.defaults().withSeed(7),
                sink::add, Cancellation.NEVER);
        assertEquals(reportJson(full), reportJson(parallel));
        assertEquals(fullProgress.stream().map(ExplanationEngine.Progress::section).toList(),
                sink.stream().map(ExplanationEngine.Progress::section).toList());
        assertTrue(parallel.timingsMs().containsKey("lime") && parallel.timingsMs().containsKey("kernel_shap"));
    }

    /** A cancelled parallel run also stops its helper: the next run is not queued behind a stale LIME. */
    @Test
    void cancellingAParallelRunStopsItsHelper() throws Exception {
        List<ExplanationEngine.Progress> sink = new ArrayList<>();
        long t0 = System.nanoTime();
        assertThrows(CancellationException.class, () -> ExplanationEngine.parallel(model).explain(doc, -1,
                ExplainSettings.defaults(), sink::add, Cancellation.when(() -> !sink.isEmpty())));
        // The helper thread is free again at once: a perturbation-only run goes through it now.
        Explanation next = ExplanationEngine.parallel(model).explain(doc, 1, ExplainSettings.defaults().withSeed(7)
                .withSections(EnumSet.of(Section.PERTURBATION)), p -> { }, Cancellation.NEVER);
        assertArrayEquals(full.lime().weights(), next.lime().weights(), 1e-12);
        assertTrue((System.nanoTime() - t0) / 1e9 < 60, "the stale helper was stopped");
    }

    @Test
    void sameSeedGivesTheSameReportAndAnotherSeedOtherPermutations() throws Exception {
        Explanation again = new ExplanationEngine(model).explain(doc, 1, ExplainSettings.defaults().withSeed(7),
                p -> { }, Cancellation.NEVER);
        assertEquals(reportJson(full), reportJson(again));
        Explanation other = new ExplanationEngine(model).explain(doc, 1, ExplainSettings.defaults().withSeed(8)
                .withSections(EnumSet.of(Section.PERMUTATION)), p -> { }, Cancellation.NEVER);
        assertFalse(Arrays.equals(full.permutation().tvds(), other.permutation().tvds()),
                "another seed draws other permutations");
        JsonNode a = JSON.readTree(reportJson(full)).get("permutation");
        JsonNode b = JSON.readTree(reportJson(other)).get("permutation");
        assertNotEquals(a.get("tvds"), b.get("tvds"));
    }

    @Test
    void reportHasEveryDocumentedKey() throws Exception {
        String text = JSON.writeValueAsString(ExplanationReport.toMap(full));
        JsonNode r = JSON.readTree(text);
        int n = doc.size();
        for (String key : List.of("tokens", "label", "prediction", "attention", "saliency", "ig_completeness_error",
                "kendall", "topk_distance", "permutation", "adversarial", "uniform", "single_weight", "erasure",
                "faithfulness", "timings_ms")) {
            assertTrue(r.has(key), "missing key " + key + " in " + text);
        }
        assertEquals(doc.tokens(), JSON.convertValue(r.get("tokens"), List.class));
        assertEquals(model.labels().get(1), r.get("label").asText());
        assertEquals(List.of("label", "probs"), iterableToList(r.get("prediction").fieldNames()),
                "fixed key order, so that equal reports are equal texts in every JVM");
        assertEquals(model.labels().get(doc.predicted()), r.get("prediction").get("label").asText());
        JsonNode probs = r.get("prediction").get("probs");
        assertEquals(model.labels(), iterableToList(probs.fieldNames()));
        assertEquals(1.0, sum(probs), 1e-9);
        JsonNode att = r.get("attention");
        assertEquals(n, att.size());
        assertEquals(1.0, sum(att), 1e-6, "attention sums to 1");
        for (JsonNode a : att) assertTrue(a.asDouble() >= 0);
        for (String m : METHODS) {
            assertEquals(n, r.get("saliency").get(m).size(), "saliency." + m);
            JsonNode k = r.get("kendall").get(m);
            assertTrue(k.get("tau").isNumber() && k.get("p").isNumber(), "kendall." + m + " = " + k);
            assertTrue(Math.abs(k.get("tau").asDouble()) <= 1 && k.get("p").asDouble() >= 0 && k.get("p").asDouble() <= 1);
            assertTrue(r.get("topk_distance").has(m), "topk_distance." + m);
        }
        assertTrue(r.get("ig_completeness_error").isNumber());
        JsonNode perm = r.get("permutation");
        assertTrue(perm.get("median_tvd").isNumber());
        assertEquals(100, perm.get("tvds").size());
        JsonNode adv = r.get("adversarial");
        assertEquals(0.05, adv.get("epsilon").asDouble());
        for (String kind : List.of("gradient", "exact")) {
            JsonNode a = adv.get(kind);
            assertNotNull(a, "adversarial." + kind);
            for (String f : List.of("jsd", "tvd", "attention")) assertTrue(a.has(f), "adversarial." + kind + "." + f);
            assertEquals(n, a.get("attention").size());
            assertEquals(1.0, sum(a.get("attention")), 1e-9);
            assertTrue(a.get("tvd").asDouble() <= 0.05 + 1e-9, kind + " stays within epsilon");
            assertTrue(a.get("jsd").asDouble() <= Math.log(2) + 1e-12);
        }
        assertTrue(adv.get("exact").get("jsd").asDouble() >= adv.get("gradient").get("jsd").asDouble() - 1e-9,
                "the certified maximum is never below the published search");
        JsonNode uni = r.get("uniform");
        for (String f : List.of("probs", "jsd", "tvd")) assertTrue(uni.has(f), "uniform." + f);
        assertEquals(model.labels(), iterableToList(uni.get("probs").fieldNames()));
        JsonNode sw = r.get("single_weight");
        for (String f : List.of("top_index", "random_index", "delta_js", "delta_alpha", "top_flips", "random_flips")) {
            assertTrue(sw.has(f), "single_weight." + f);
        }
        assertEquals(Vectors.argmax(doc.attention()), sw.get("top_index").asInt());
        assertNotEquals(sw.get("top_index").asInt(), sw.get("random_index").asInt());
        JsonNode er = r.get("erasure");
        for (String rank : RANKINGS) {
            for (String f : List.of("removed", "fraction", "flipped", "curve")) {
                assertTrue(er.get(rank).has(f), "erasure." + rank + "." + f);
            }
        }
        JsonNode faith = r.get("faithfulness");
        assertTrue(faith.has("attention"));
        for (String m : METHODS) assertTrue(faith.has(m), "faithfulness." + m);
        faith.fields().forEachRemaining(f -> {
            for (String k : List.of("comprehensiveness", "sufficiency", "aopc")) {
                assertTrue(f.getValue().has(k), "faithfulness." + f.getKey() + "." + k);
            }
            assertEquals(List.of("1%", "5%", "10%", "20%", "50%"),
                    iterableToList(f.getValue().get("comprehensiveness").fieldNames()));
        });
        assertInstanceOf(Map.class, ExplanationReport.toMap(full).get("timings_ms"));
        assertTrue(r.get("timings_ms").size() > 0);
    }

    @Test
    void everyErasureCurveEndsAtTheBiasOnlyOutput() throws Exception {
        JsonNode er = JSON.readTree(JSON.writeValueAsString(ExplanationReport.toMap(full))).get("erasure");
        int c = doc.predicted();
        double biasOnly = EncodedDocument.softmax(doc.bias())[c];
        for (String rank : RANKINGS) {
            JsonNode curve = er.get(rank).get("curve");
            assertEquals(doc.size() + 1, curve.size(), rank + ": k = 0..n");
            assertEquals(doc.probabilities()[c], curve.get(0).asDouble(), 1e-12, rank + " starts at y_c");
            assertEquals(biasOnly, curve.get(doc.size()).asDouble(), 1e-12, rank + " ends at softmax(b)_c");
            JsonNode removed = er.get(rank).get("removed");
            if (er.get(rank).get("flipped").asBoolean() && !rank.equals("random")) {
                assertTrue(removed.asInt() >= full.oracle().size(), rank + " never beats the oracle");
            }
        }
        if (full.oracle().flippable()) {
            assertTrue(Erasure.erase(doc, full.oracle().indices()).flipped(), "the oracle set flips the decision");
            assertEquals(full.oracle().size(), er.get("oracle").get("removed").asInt());
        }
    }

    @Test
    void fiveClassModelHasNoExactAdversaryButEverythingElse() throws Exception {
        AttentionModel sst5 = Shipped.model("sst5-bilstm");
        EncodedDocument d5 = sst5.encode(SENTENCE_2);
        List<Section> reported = new ArrayList<>();
        Explanation e = new ExplanationEngine(sst5).explain(d5, -1, ExplainSettings.defaults()
                .withAdversarialSteps(200), p -> reported.add(p.section()), Cancellation.NEVER);
        assertEquals(List.of(Section.values()), reported);
        for (Section s : Section.values()) assertTrue(e.has(s), s.id());
        assertNull(e.exactAdversary());
        assertNotNull(e.adversarial());
        JsonNode r = JSON.readTree(JSON.writeValueAsString(ExplanationReport.toMap(e)));
        assertFalse(r.get("adversarial").has("exact"), "no exact adversary for 5 classes");
        assertTrue(r.get("adversarial").get("gradient").get("tvd").asDouble() <= 0.05 + 1e-9);
        assertEquals(5, r.get("prediction").get("probs").size());
        assertNull(r.get("label").textValue());
        assertEquals(1.0, sum(r.get("attention")), 1e-6);
        for (String m : METHODS) assertEquals(d5.size(), r.get("saliency").get(m).size());
        assertEquals(METHODS.size() + 1, r.get("faithfulness").size());
        assertEquals(METHODS.size(), r.get("kendall").size());
        double biasOnly = EncodedDocument.softmax(d5.bias())[d5.predicted()];
        for (String rank : RANKINGS) {
            JsonNode curve = r.get("erasure").get(rank).get("curve");
            assertEquals(biasOnly, curve.get(d5.size()).asDouble(), 1e-12, rank);
        }
    }

    @Test
    void oneAndTwoTokenDocumentsExplainEverySection() throws Exception {
        for (String text : List.of("terrific", "xyzzyq", "terrific film")) {
            EncodedDocument d = model.encode(text);
            Explanation e = new ExplanationEngine(model).explain(d, 0, ExplainSettings.defaults().withAdversarialSteps(50),
                    p -> { }, Cancellation.NEVER);
            for (Section s : Section.values()) assertTrue(e.has(s), text + ": " + s.id());
            assertEquals(d.size() == 1, e.singleWeight() == null, text);
            JsonNode r = JSON.readTree(JSON.writeValueAsString(ExplanationReport.toMap(e)));
            assertEquals(d.size(), r.get("attention").size());
            assertEquals(1.0, sum(r.get("attention")), 1e-6);
            double biasOnly = EncodedDocument.softmax(d.bias())[d.predicted()];
            for (String rank : RANKINGS) {
                assertEquals(biasOnly, r.get("erasure").get(rank).get("curve").get(d.size()).asDouble(), 1e-12);
            }
        }
    }

    private static double sum(JsonNode values) {
        double s = 0;
        for (JsonNode v : values) s += v.asDouble();
        return s;
    }

    private static List<String> iterableToList(java.util.Iterator<String> it) {
        List<String> out = new ArrayList<>();
        it.forEachRemaining(out::add);
        return out;
    }

    /**
     * The corpus view's cheap figures are the full explanation's own numbers: tau of attention
     * against |gradient|, the certified epsilon-max JSD and the attention-order flip fraction.
     */
    @Test
    void figuresAreTheFullExplanationsNumbers() {
        DocumentFigures f = new ExplanationEngine(model).figures(doc, full.settings());
        assertEquals(full.kendall().get(SaliencyMethod.GRADIENT).tau(), f.tau(), 1e-12);
        assertTrue(f.exact());
        assertEquals(full.exactAdversary().jsd(), f.epsilonMaxJsd(), 1e-12);
        double flip = full.rankings().attention().fraction();
        assertEquals(flip, f.flipFraction(), Double.isNaN(flip) ? 0 : 1e-12);
    }

    /** A change of epsilon merges the new adversaries into the explanation and keeps the rest. */
    @Test
    void withAdversariesTakesTheOtherRunsAdversariesAndEpsilon() {
        Explanation eps = new ExplanationEngine(model).explain(doc, 1, full.settings().withEpsilon(0.2)
                .withSections(java.util.EnumSet.of(Section.ADVERSARIAL)), p -> { }, Cancellation.NEVER);
        Explanation merged = full.withAdversaries(eps);
        assertEquals(0.2, merged.settings().epsilon());
        assertEquals(eps.exactAdversary().jsd(), merged.exactAdversary().jsd());
        assertTrue(eps.exactAdversary().jsd() >= full.exactAdversary().jsd(), "a wider epsilon allows more");
        assertEquals(full.completed(), merged.completed());
        assertEquals(full.saliency().keySet(), merged.saliency().keySet());
        assertEquals(full.permutation().medianTvd(), merged.permutation().medianTvd());
    }
}
