package org.attentionworkbench.ui.analysis;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.task.LatestTaskRunner;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The view model without a window: deliveries go to a queue that the test drains, standing in for
 * the FX thread (so ordering and staleness are what the app sees).
 */
class AnalysisViewModelTest {

    private final LinkedBlockingQueue<Runnable> fx = new LinkedBlockingQueue<>();
    private final SimpleObjectProperty<AttentionClassifier> model = new SimpleObjectProperty<>();
    private final SimpleStringProperty text = new SimpleStringProperty("");
    private AnalysisViewModel vm;

    @BeforeEach
    void setUp() {
        Path archive = Path.of("models", "sst2-average.zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive");
        LatestTaskRunner runner = new LatestTaskRunner("test-explain", fx::add);
        vm = new AnalysisViewModel(model, text, runner);
        vm.baseSettingsProperty().set(vm.baseSettingsProperty().get().withIgSteps(8).withAdversarialSteps(40));
        model.set(AttentionModel.load(archive));
    }

    @AfterEach
    void tearDown() {
        if (vm != null) vm.close();
    }

    /** Runs deliveries until the run is over; returns every explanation seen, in order. */
    private List<Explanation> drain() throws InterruptedException {
        List<Explanation> seen = new ArrayList<>();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            Runnable r = fx.poll(100, TimeUnit.MILLISECONDS);
            if (r != null) {
                r.run();
                Explanation e = vm.explanationProperty().get();
                if (e != null && (seen.isEmpty() || seen.get(seen.size() - 1) != e)) seen.add(e);
            } else if (!vm.progressProperty().get().running()) {
                return seen;
            }
        }
        throw new AssertionError("no result in time");
    }

    @Test
    void explanationArrivesSectionBySectionAndMatchesTheEngine() throws Exception {
        text.set("a dull , lifeless and boring film");
        List<Explanation> seen = drain();
        assertTrue(seen.size() >= 2, "partial explanations were published: " + seen.size());
        assertFalse(seen.get(0).has(Section.SALIENCY), "the first one is partial");
        Explanation last = vm.explanationProperty().get();
        assertTrue(last.completed().containsAll(EnumSet.allOf(Section.class)));
        assertEquals(last.document(), vm.documentProperty().get());
        AnalysisProgress p = vm.progressProperty().get();
        assertEquals(p.total(), p.done());
        ExactAdversary.Result expected = ExactAdversary.maximise(last.document(), 0.05);
        assertEquals(expected.jsd(), last.exactAdversary().jsd(), 1e-12);
    }

    @Test
    void epsilonRecomputesOnlyTheAdversaries() throws Exception {
        text.set("a dull , lifeless and boring film");
        drain();
        Explanation before = vm.explanationProperty().get();
        vm.epsilonProperty().set(0.2);
        drain();
        Explanation after = vm.explanationProperty().get();
        assertEquals(0.2, after.settings().epsilon());
        assertTrue(after.document() == before.document(), "no re-encoding");
        // A recomputation would have its own timing; the merged explanation keeps the old one.
        assertEquals(before.timingsMs().get("integrated_gradients"), after.timingsMs().get("integrated_gradients"),
                "saliency kept, not recomputed");
        assertEquals(ExactAdversary.maximise(before.document(), 0.2).jsd(), after.exactAdversary().jsd(), 1e-12);
        assertTrue(after.exactAdversary().jsd() >= before.exactAdversary().jsd());
    }

    @Test
    void newTextMakesTheRunningExplanationStale() throws Exception {
        text.set("a dull , lifeless and boring film");
        text.set("a warm and generous film");
        List<Explanation> seen = drain();
        for (Explanation e : seen) {
            assertEquals(List.of("a", "warm", "and", "generous", "film"), e.document().tokens());
        }
        assertNotNull(vm.explanationProperty().get());
    }

    @Test
    void emptyTextClearsEverything() throws Exception {
        text.set("a dull film");
        drain();
        text.set("   ");
        assertNull(vm.documentProperty().get());
        assertNull(vm.explanationProperty().get());
        assertEquals(AnalysisProgress.IDLE, vm.progressProperty().get());
    }
}
