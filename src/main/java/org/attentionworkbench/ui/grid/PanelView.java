package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import javafx.beans.binding.Bindings;
import javafx.scene.layout.BorderPane;
import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.ui.HeatmapView;
import org.attentionworkbench.figures.UnknownTokenMarks;

/** One panel of the grid: its header above a heatmap bound to the grid's shared hover. */
final class PanelView extends BorderPane {

    private final PanelKind kind;
    private final ComparisonGridViewModel vm;
    private final PanelHeaderView header;
    private final HeatmapView heatmap;

    PanelView(PanelKind kind, ComparisonGridViewModel vm, HeatmapPainter painter) {
        this.kind = kind;
        this.vm = vm;
        this.header = new PanelHeaderView(kind, vm);
        this.heatmap = new HeatmapView(painter);
        getStyleClass().add("grid-panel");
        setId("panel-" + kind.name());
        heatmap.hoveredProperty().bindBidirectional(vm.hoveredProperty());
        // A strip legend above each of five panels took the height of a line of tokens.
        heatmap.legendBesideProperty().set(true);
        heatmap.unknownProperty().bind(Bindings.createObjectBinding(
                () -> UnknownTokenMarks.of(vm.analysis().documentProperty().get()), vm.analysis().documentProperty()));
        // The tooltip lists the token's value under every method, one per line.
        heatmap.hoverTextProperty().bind(Bindings.createStringBinding(
                () -> vm.hoverInfoProperty().get().replace("  \u00b7  ", "\n"), vm.hoverInfoProperty()));
        setTop(header);
        setCenter(heatmap);
        vm.contentsProperty().addListener(o -> show(vm.contentsProperty().get().get(kind)));
        show(vm.contentsProperty().get().get(kind));
    }

    private void show(PanelContent c) {
        header.show(c);
        if (c == null || !c.available()) {
            heatmap.bandProperty().set(null);
            heatmap.valuesProperty().set(null);
            return;
        }
        heatmap.scaleProperty().set(c.scale());
        heatmap.captionProperty().set(c.caption());
        heatmap.valuesProperty().set(c.values());
        heatmap.bandProperty().set(band());
    }

    /** LIME's stability band (each weight's sd over the reruns) when this saliency panel shows LIME. */
    private double[] band() {
        var analysis = vm.analysis();
        var e = analysis.explanationProperty().get();
        if (kind != PanelKind.SALIENCY || e == null || e.lime() == null
                || e.document() != analysis.documentProperty().get()
                || analysis.saliencyMethodProperty().get() != org.attentionworkbench.explain.SaliencyMethod.LIME) {
            return null;
        }
        return e.lime().spread();
    }

    PanelKind kind() {
        return kind;
    }

    HeatmapView heatmap() {
        return heatmap;
    }

    PanelHeaderView header() {
        return header;
    }
}
