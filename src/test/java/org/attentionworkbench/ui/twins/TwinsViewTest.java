package org.attentionworkbench.ui.twins;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import javafx.scene.Node;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.TwinComparison;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.ui.FxTasks;
import org.attentionworkbench.ui.HeatmapView;
import org.attentionworkbench.ui.Theme;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Twins tab over tiny real twins (a base, its uniform twin, two seeds trained on an SST-2
 * sample): one heatmap per model with the seeds as one band, headers whose figures are
 * TwinComparison's and KendallTau's on the document, and blind mode hiding every name until Reveal.
 */
class TwinsViewTest extends FxRobot {

    private static final String TEXT = "a dull , lifeless film with a few charming and funny moments";
    private static Path dir;
    private TwinsViewModel vm;
    private TwinsView view;

    @BeforeAll
    static void train() throws Exception {
        dir = TinyTwins.directory();
        Assumptions.assumeTrue(dir != null, "SST-2 not found under ../shared/datasets");
    }

    @BeforeEach
    void show() throws Exception {
        FxToolkit.registerPrimaryStage();
        FxToolkit.setupStage(stage -> {
            vm = new TwinsViewModel(ModelCatalog.of(dir), ModelLoader::open, FxTasks.runner("twins-test"));
            vm.textProperty().set(TEXT);
            view = new TwinsView(vm);
            Scene scene = new Scene(view, 1280, 720);
            Theme.apply(scene, false);
            stage.setScene(scene);
            stage.show();
            vm.activeProperty().set(true);
        });
        awaitResult();
    }

    @AfterEach
    void hide() throws Exception {
        vm.close();
        FxToolkit.cleanupStages();
    }

    private void awaitResult() throws Exception {
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS, () -> vm.resultProperty().get() != null && !vm.computing());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void oneHeatmapPerModelWithTheHeadersFiguresOfTwinComparison() {
        assertEquals(TinyTwins.BASE, vm.baseProperty().get().name());
        TwinsResult r = vm.resultProperty().get();
        assertEquals(1, r.twins().size(), "the uniform twin");
        assertNotNull(r.seeds());
        assertEquals(2, r.seeds().members().size());
        List<HeatmapView> maps = view.heatmaps();
        assertEquals(3, maps.size(), "base, uniform, the seeds' band");

        AttentionClassifier base = ModelLoader.open(dir.resolve(TinyTwins.BASE + ".zip"));
        AttentionClassifier uniform = ModelLoader.open(dir.resolve(TinyTwins.BASE + "-uniform.zip"));
        List<String> tokens = base.tokens(TEXT);
        assertEquals(tokens, r.tokens());
        TwinComparison.Document d = TwinComparison.compare(uniform, base, List.of(tokens), Set.of()).get(0);
        assertArrayEquals(d.baseAttention(), maps.get(0).valuesProperty().get(), 1e-12);
        assertArrayEquals(d.twinAttention(), maps.get(1).valuesProperty().get(), 1e-12);
        for (double a : d.twinAttention()) assertEquals(1.0 / tokens.size(), a, 1e-6, "uniform twin");

        String header = header(TinyTwins.BASE + "-uniform");
        assertTrue(header.contains(String.format(Locale.ROOT, "JSD %.3f", d.jsd())), header);
        assertTrue(header.contains(String.format(Locale.ROOT, "TVD %.3f", d.tvd())), header);
        assertTrue(header.contains("tau n/a"), "uniform attention has no ranking: " + header);
        assertTrue(header.contains("uniform"), header);
        double accuracy = ((Number) ModelCatalog.of(dir).find(TinyTwins.BASE + "-uniform").orElseThrow()
                .card().twin().get("accuracy")).doubleValue();
        assertTrue(header.contains(String.format(Locale.ROOT, "test accuracy %.1f%%", 100 * accuracy)), header);
        double[] y = uniform.outputs(List.of(uniform.ids(tokens)), 1).get(0);
        int pred = y[1] > y[0] ? 1 : 0;
        assertEquals(d.twinLabel(), pred);
        assertTrue(header.contains(String.format(Locale.ROOT, "says %s (%.0f%%)", uniform.labels().get(pred),
                100 * y[pred])), header);

        // The seeds: spread and tau as TwinComparison and KendallTau give them.
        List<double[]> seedAttention = new ArrayList<>();
        for (int s = 2; s <= 3; s++) {
            AttentionClassifier seed = ModelLoader.open(dir.resolve(TinyTwins.BASE + "-seed" + s + ".zip"));
            TwinComparison.Document sd = TwinComparison.compare(seed, base, List.of(tokens), Set.of()).get(0);
            seedAttention.add(sd.twinAttention());
            ModelFigures f = r.seeds().members().get(s - 2);
            assertEquals(sd.jsd(), f.jsd(), 1e-12);
            assertEquals(KendallTau.compute(sd.twinAttention(), sd.baseAttention()).tau(), f.tau(), 1e-12);
        }
        String band = header("seeds");
        assertTrue(band.contains(String.format(Locale.ROOT, "spread (mean JSD to the mean) %.3f",
                TwinComparison.spread(seedAttention))), band);
        for (int i = 0; i < tokens.size(); i++) {
            double lo = Math.min(seedAttention.get(0)[i], seedAttention.get(1)[i]);
            double hi = Math.max(seedAttention.get(0)[i], seedAttention.get(1)[i]);
            assertEquals(lo, r.seeds().min()[i], 1e-12);
            assertEquals(hi, r.seeds().max()[i], 1e-12);
            assertEquals((lo + hi) / 2, maps.get(2).valuesProperty().get()[i], 1e-12, "the band draws the mean");
        }
        // One layout, and no header cut at 1280 x 720.
        for (HeatmapView m : maps) assertEquals(maps.get(0).layoutProperty().get(), m.layoutProperty().get());
        assertFalse(maps.get(0).layoutProperty().get().boxes().isEmpty());
        for (Label l : headers()) assertTrue(l.getHeight() >= l.prefHeight(l.getWidth()) - 0.5, l.getText());
    }

    /** A window model without twins (a HAN, say) keeps the tab's base, and the tab says it shows another model. */
    @Test
    void aWindowModelWithoutTwinsIsSaidNotSilentlyReplaced() throws Exception {
        assertNull(vm.openModelNote(), "no note before the window names its model");
        interact(() -> vm.followOpenModel("imdb-han"));
        assertEquals(TinyTwins.BASE, vm.baseProperty().get().name(), "the base stays");
        assertEquals("imdb-han, the model open in the window, has no twins; shown: " + TinyTwins.BASE
                + " and its twins.", vm.openModelNote());
        WaitForAsyncUtils.waitForFxEvents();
        String intro = lookup("#twinsIntro").<Label>query().getText();
        assertTrue(intro.startsWith("imdb-han, the model open in the window, has no twins"), intro);
        interact(() -> vm.followOpenModel(TinyTwins.BASE));
        assertNull(vm.openModelNote(), "the window's own model has twins: no note");
    }

    @Test
    void aNewTextIsReadAgain() throws Exception {
        interact(() -> vm.textProperty().set("a wonderful and moving film"));
        WaitForAsyncUtils.waitFor(120, TimeUnit.SECONDS,
                () -> vm.resultProperty().get() != null && vm.resultProperty().get().tokens().size() == 5);
        assertEquals(List.of("a", "wonderful", "and", "moving", "film"), vm.resultProperty().get().tokens());
        interact(() -> vm.textProperty().set("   "));
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.messageProperty().get() != null && !vm.computing());
        assertTrue(vm.messageProperty().get().startsWith("Nothing to compare"), vm.messageProperty().get());
    }

    @Test
    void blindModeHidesEveryNameUntilReveal() {
        clickOn("#twinsBlind");
        WaitForAsyncUtils.waitForFxEvents();
        TwinsResult r = vm.resultProperty().get();
        List<String> names = r.blindCandidates().stream().map(ModelFigures::name).toList();
        assertEquals(3, names.size(), "base, uniform and one seed");
        List<Label> hidden = headers();
        assertEquals(3, hidden.size());
        for (Label l : hidden) {
            assertTrue(l.getText().matches("[A-C]"), "only a letter before the reveal: " + l.getText());
        }
        assertFalse(lookup("#twinsReveal").query().isDisabled());
        clickOn(lookup("#twinHeatmap-B").<Node>query());
        assertEquals(1, vm.blind().pickedProperty().get());
        clickOn("#twinsReveal");
        WaitForAsyncUtils.waitForFxEvents();
        int[] order = vm.blind().orderProperty().get();
        List<Label> shown = headers();
        for (int p = 0; p < order.length; p++) {
            ModelFigures m = r.blindCandidates().get(order[p]);
            assertEquals(BlindRound.letter(p) + "  \u00b7  " + TwinHeaders.of(m), shown.get(p).getText());
            assertTrue(shown.get(p).getText().contains(m.name()));
        }
        assertEquals(1, vm.blind().pickedProperty().get(), "the pick survives the reveal");
        // Turning blind mode off and on deals a new round, names hidden again.
        clickOn("#twinsBlind");
        clickOn("#twinsBlind");
        WaitForAsyncUtils.waitForFxEvents();
        for (Label l : headers()) assertTrue(l.getText().matches("[A-C]"), l.getText());
        assertEquals(-1, vm.blind().pickedProperty().get());
    }

    private String header(String id) {
        Label l = lookup("#twinHeader-" + id).query();
        return l.getText();
    }

    private List<Label> headers() {
        List<Label> out = new ArrayList<>();
        for (Node n : lookup(".twin-header").queryAll()) out.add((Label) n);
        out.sort((a, b) -> Double.compare(a.localToScene(0, 0).getY(), b.localToScene(0, 0).getY()));
        return out;
    }
}
