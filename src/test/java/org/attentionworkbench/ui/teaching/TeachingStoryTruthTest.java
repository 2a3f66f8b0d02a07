package org.attentionworkbench.ui.teaching;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.ui.browser.ExampleLibrary;
import org.attentionworkbench.ui.browser.ExampleReview;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;

/**
 * Every sentence of the teaching story is chosen from the numbers on its own screen: over every
 * built-in example and a real model, no step says the decision stays when its bars show it
 * flipped (or the reverse), and every label and percentage a caption names is its panel's.
 */
class TeachingStoryTruthTest {

    private static final Path ARCHIVE = Path.of("models", "sst2-average.zip");

    @Test
    void noStepContradictsItsNumbers() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(ARCHIVE), "no model archive");
        AttentionModel model = AttentionModel.load(ARCHIVE);
        ExplanationEngine engine = new ExplanationEngine(model);
        ExplainSettings settings = ExplainSettings.defaults().withAdversarialSteps(60)
                .withSections(EnumSet.of(Section.UNIFORM, Section.PERMUTATION, Section.ERASURE, Section.ADVERSARIAL));
        int flips = 0;
        int checked = 0;
        for (ExampleReview ex : ExampleLibrary.builtIn().all()) {
            Explanation e = engine.explain(model.encode(ex.text()), -1, settings, p -> { }, Cancellation.NEVER);
            if (e.document().size() == 0) continue;
            List<TeachingStep> steps = TeachingStory.of(e);
            String original = e.document().labels().get(e.document().predicted());
            for (TeachingStep s : steps) {
                String where = ex.id() + " step " + s.title() + ": " + s.caption();
                if (s.kind() == TeachingStep.Kind.ATTENTION) {
                    assertTrue(s.caption().contains("\"" + original + "\""), where);
                    continue;
                }
                if (!List.of(TeachingStep.Kind.SHUFFLE, TeachingStep.Kind.ADVERSARY, TeachingStep.Kind.ERASE_TOP,
                        TeachingStep.Kind.UNIFORM).contains(s.kind()) || s.panels().size() < 2) {
                    continue;
                }
                TeachingStep.HeatmapPanel shown = (TeachingStep.HeatmapPanel) s.panels().get(1);
                double[] y = shown.probabilities();
                int pred = 0;
                for (int c = 1; c < y.length; c++) if (y[c] > y[pred]) pred = c;
                String label = shown.labels().get(pred);
                boolean flipped = pred != e.document().predicted();
                flips += flipped ? 1 : 0;
                checked++;
                assertEquals(flipped, s.caption().toLowerCase(Locale.ROOT).contains("flip"),
                        "the caption must say 'flip' exactly when the bars flip: " + where);
                assertTrue(s.caption().contains("\"" + label + "\" (" + String.format(Locale.ROOT, "%.0f%%", 100 * y[pred])),
                        "the caption names the panel's own label and probability: " + where);
                if (s.kind() == TeachingStep.Kind.ADVERSARY) {
                    assertEquals(!flipped, s.title().contains("same answer"), where);
                }
                if (s.kind() == TeachingStep.Kind.UNIFORM) {
                    double max = Arrays.stream(e.document().attention()).max().orElseThrow();
                    assertEquals(max, shown.scaleMax(), 0, "uniform on the original's scale");
                }
            }
        }
        System.out.println("[teaching] " + checked + " steps checked, " + flips + " of them flip the decision");
        assertTrue(checked > 40, "steps checked: " + checked);
    }

    /**
     * Wiegreffe &amp; Pinter's step, told from a real uniform-trained twin (tiny, trained on an SST-2
     * sample): over every built-in example it says "flip" exactly when the twin's bars flip, names
     * the twin's own label and probability, quotes both cards' accuracies, says "does as well" only
     * when the twin is within two points of the base, and is skipped without a twin.
     */
    @Test
    void theTrainedUniformStepFollowsItsNumbers() throws Exception {
        Path dir = org.attentionworkbench.ui.twins.TinyTwins.directory();
        Assumptions.assumeTrue(dir != null, "SST-2 not found");
        var catalog = org.attentionworkbench.model.ModelCatalog.of(dir);
        var baseEntry = catalog.find(org.attentionworkbench.ui.twins.TinyTwins.BASE).orElseThrow();
        var twinEntry = org.attentionworkbench.ui.twins.UniformTwinProbe.uniformTwin(catalog, baseEntry.name())
                .orElseThrow();
        AttentionModel base = AttentionModel.load(baseEntry.path());
        AttentionModel twin = AttentionModel.load(twinEntry.path());
        ExplanationEngine engine = new ExplanationEngine(base);
        ExplainSettings settings = ExplainSettings.defaults().withSections(EnumSet.of(Section.UNIFORM));
        int checked = 0;
        int flips = 0;
        for (ExampleReview ex : ExampleLibrary.builtIn().all()) {
            Explanation e = engine.explain(base.encode(ex.text()), -1, settings, p -> { }, Cancellation.NEVER);
            if (e.document().size() == 0) continue;
            assertTrue(TeachingStory.of(e, null).stream().noneMatch(s -> s.kind() == TeachingStep.Kind.TRAINED_UNIFORM),
                    "no twin, no step");
            UniformTwinEvidence real = org.attentionworkbench.ui.twins.UniformTwinProbe.evidence(twinEntry,
                    baseEntry.card(), twin, e.document().tokens());
            // The real twin, and the same twin with a clearly lower accuracy: the sentence must follow.
            for (UniformTwinEvidence ev : List.of(real, new UniformTwinEvidence(real.name(), real.baseAccuracy() - 0.1,
                    real.baseAccuracy(), real.probabilities(), real.size()))) {
                List<TeachingStep> steps = TeachingStory.of(e, ev);
                TeachingStep s = steps.get(steps.size() - 1);
                String where = ex.id() + ": " + s.caption();
                assertEquals(TeachingStep.Kind.TRAINED_UNIFORM, s.kind(), where);
                TeachingStep.HeatmapPanel shown = (TeachingStep.HeatmapPanel) s.panels().get(1);
                assertArrayEquals(ev.probabilities(), shown.probabilities(), 0);
                double[] y = shown.probabilities();
                int pred = y[1] > y[0] ? 1 : 0;
                boolean flipped = pred != e.document().predicted();
                flips += flipped ? 1 : 0;
                checked++;
                assertEquals(flipped, s.caption().toLowerCase(Locale.ROOT).contains("flip"), where);
                assertTrue(s.caption().contains("\"" + shown.labels().get(pred) + "\" ("
                        + String.format(Locale.ROOT, "%.0f%%", 100 * y[pred])), where);
                assertTrue(s.caption().contains(String.format(Locale.ROOT, "scores %.0f%% against this model's %.0f%%",
                        100 * ev.accuracy(), 100 * ev.baseAccuracy())), where);
                boolean asWell = ev.accuracy() >= ev.baseAccuracy() - 0.02;
                assertEquals(asWell, s.caption().contains("does as well"), where);
                assertEquals(!asWell, s.caption().contains("clearly worse"), where);
                TeachingStep.BarsPanel bars = (TeachingStep.BarsPanel) s.panels().get(2);
                assertArrayEquals(new double[] {ev.baseAccuracy(), ev.accuracy()}, bars.values(), 0);
                for (double w : shown.weights()) assertEquals(1.0 / e.document().size(), w, 1e-12);
            }
        }
        System.out.println("[teaching] W&P step checked " + checked + " times, " + flips + " flips");
        assertTrue(checked > 10, "checked: " + checked);
    }
}
