package org.attentionworkbench.ui.teaching;

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
}
