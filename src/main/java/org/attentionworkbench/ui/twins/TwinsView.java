package org.attentionworkbench.ui.twins;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListCell;
import javafx.scene.control.ScrollPane;
import javafx.scene.control.ToggleButton;
import javafx.scene.control.Tooltip;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Pane;
import javafx.scene.layout.Priority;
import javafx.scene.layout.StackPane;
import javafx.scene.layout.VBox;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.HeatmapView;
import org.attentionworkbench.ui.ScreenTextWidth;

/**
 * The Twins tab: a base model and its counterfactual twins on the window's document, one heatmap
 * per model stacked (base first, the seeds as one band), all on one token layout and on the base's
 * colour scale, each under a header with its figures ({@link TwinHeaders}). Blind mode shows them
 * unlabelled in a random order until Reveal. Only binds to a {@link TwinsViewModel}.
 */
public final class TwinsView extends BorderPane {

    private final TwinsViewModel vm;
    private final HeatmapPainter painter = new HeatmapPainter();
    private final java.util.function.ToDoubleFunction<String> screenWidth = ScreenTextWidth.of(painter.font());
    private final VBox rows = new VBox(10);
    private final Label intro = new Label();
    private final IntegerProperty hovered = new SimpleIntegerProperty(this, "hovered", -1);
    private final List<Row> shown = new ArrayList<>();
    private HeatmapLayout layout = HeatmapLayout.EMPTY;
    private double layoutWidth;

    public TwinsView(TwinsViewModel vm) {
        this.vm = vm;
        setId("twinsView");
        getStyleClass().add("twins-view");
        setTop(toolBar());
        rows.setPadding(new Insets(6, 10, 10, 6));
        rows.setFillWidth(true);
        ScrollPane scroll = new ScrollPane(rows);
        scroll.setId("twinsScroll");
        scroll.setFitToWidth(true);
        scroll.setHbarPolicy(ScrollPane.ScrollBarPolicy.NEVER);
        Label message = new Label();
        message.setId("twinsMessage");
        message.getStyleClass().add("placeholder-message");
        message.setWrapText(true);
        message.textProperty().bind(vm.messageProperty());
        message.visibleProperty().bind(vm.messageProperty().isNotNull());
        scroll.visibleProperty().bind(vm.messageProperty().isNull());
        setCenter(new StackPane(scroll, message));
        vm.resultProperty().addListener(o -> rebuild());
        vm.openModelNoteProperty().addListener(o -> rebuild());
        vm.blind().onProperty().addListener(o -> rebuild());
        vm.blind().orderProperty().addListener(o -> rebuild());
        vm.blind().revealedProperty().addListener(o -> rebuild());
        vm.blind().pickedProperty().addListener(o -> markPicked());
    }

    private HBox toolBar() {
        Label baseLabel = new Label("Base model");
        ComboBox<ModelCatalog.Entry> base = new ComboBox<>(vm.bases());
        base.setId("twinsBase");
        base.valueProperty().bindBidirectional(vm.baseProperty());
        base.setCellFactory(l -> new EntryCell());
        base.setButtonCell(new EntryCell());
        base.setTooltip(new Tooltip("A model with counterfactual twins (uniform, frozen, adversarial, deceptive, seeds)"));
        ToggleButton blind = new ToggleButton("Blind");
        blind.setId("twinsBlind");
        blind.selectedProperty().bindBidirectional(vm.blind().onProperty());
        blind.setTooltip(new Tooltip("For lectures: the heatmaps unlabelled in a random order; pick one, then Reveal"));
        Button reveal = new Button("Reveal");
        reveal.setId("twinsReveal");
        reveal.visibleProperty().bind(vm.blind().onProperty());
        reveal.managedProperty().bind(reveal.visibleProperty());
        reveal.disableProperty().bind(vm.blind().revealedProperty());
        reveal.setOnAction(e -> vm.blind().reveal());
        intro.setId("twinsIntro");
        intro.setWrapText(true);
        intro.setMinWidth(0);
        HBox.setHgrow(intro, Priority.ALWAYS);
        HBox bar = new HBox(8, baseLabel, base, blind, reveal, intro);
        bar.setAlignment(Pos.CENTER_LEFT);
        bar.setPadding(new Insets(6, 8, 4, 8));
        return bar;
    }

    /** {@code text} after the note that the window's own model has no twins, when it has none. */
    private String withNote(String text) {
        String note = vm.openModelNote();
        return note == null ? text : note + " " + text;
    }

    /** The rows for the current result: the base, each twin, the seeds' band; or blind mode's letters. */
    private void rebuild() {
        rows.getChildren().clear();
        shown.clear();
        TwinsResult r = vm.resultProperty().get();
        if (r == null) {
            intro.setText("");
            return;
        }
        AttentionPalette.Scale scale = AttentionPalette.Scale.sequential(
                Arrays.stream(r.base().attention()).max().orElse(0));
        if (vm.blind().onProperty().get()) {
            List<ModelFigures> candidates = r.blindCandidates();
            int[] order = vm.blind().orderProperty().get();
            if (order.length != candidates.size()) {
                vm.blind().reset(candidates.size()); // dealt again: the listener rebuilds
                return;
            }
            boolean revealed = vm.blind().revealedProperty().get();
            intro.setText(withNote(String.format(Locale.ROOT, "%s says \"%s\" (%.0f%%). Which heatmap explains this"
                    + " prediction? Click one, then Reveal.", r.base().name(), r.base().predictedLabel(),
                    100 * r.base().confidence())));
            for (int p = 0; p < order.length; p++) {
                ModelFigures m = candidates.get(order[p]);
                String letter = BlindRound.letter(p);
                String header = revealed ? letter + "  \u00b7  " + TwinHeaders.of(m) : letter;
                Row row = add(header, m.attention(), scale, r, null, revealed ? m.name() : letter);
                int position = p;
                row.box.setOnMouseClicked(e -> vm.blind().pick(position));
            }
            markPicked();
        } else {
            intro.setText(withNote("The same document read by " + r.base().name() + " and its twins, on the base's"
                    + " colour scale. Hover a word for its weights."));
            add(TwinHeaders.of(r.base()), r.base().attention(), scale, r, null, r.base().name());
            for (ModelFigures m : r.twins()) add(TwinHeaders.of(m), m.attention(), scale, r, null, m.name());
            if (r.seeds() != null) add(TwinHeaders.of(r.seeds()), r.seeds().mean(), scale, r, r.seeds(), "seeds");
        }
        relayout();
    }

    private Row add(String header, double[] values, AttentionPalette.Scale scale, TwinsResult r, SeedBand seeds,
                    String id) {
        Label title = new Label(header);
        title.setId("twinHeader-" + id);
        title.getStyleClass().add("twin-header");
        title.setWrapText(true);
        title.setMinHeight(Label.USE_PREF_SIZE);
        title.setStyle("-fx-font-weight: bold;");
        HeatmapView heatmap = new HeatmapView(painter);
        heatmap.setId("twinHeatmap-" + id);
        heatmap.legendBesideProperty().set(true);
        heatmap.scaleProperty().set(scale);
        heatmap.captionProperty().set("attention (base's scale)");
        heatmap.valuesProperty().set(values);
        heatmap.viewportWidthProperty().addListener(o -> relayout());
        heatmap.hoveredProperty().bindBidirectional(hovered);
        heatmap.hoverTextProperty().bind(javafx.beans.binding.Bindings.createStringBinding(
                () -> hoverText(r, values, seeds, hovered.get()), hovered));
        SpreadOverlay overlay = seeds == null ? null : new SpreadOverlay();
        Pane stack = overlay == null ? new StackPane(heatmap) : new StackPane(heatmap, overlay);
        VBox box = new VBox(2, title, stack);
        box.getStyleClass().add("twin-row");
        box.setPadding(new Insets(4));
        rows.getChildren().add(box);
        Row row = new Row(box, heatmap, overlay, seeds, scale);
        shown.add(row);
        return row;
    }

    private static String hoverText(TwinsResult r, double[] values, SeedBand seeds, int i) {
        if (i < 0 || i >= values.length) return null;
        String base = String.format(Locale.ROOT, "\"%s\": %.3f here, %.3f in the base", r.tokens().get(i), values[i],
                r.base().attention()[i]);
        if (seeds == null) return base;
        return base + String.format(Locale.ROOT, "; across seeds %.3f \u2013 %.3f", seeds.min()[i], seeds.max()[i]);
    }

    private void markPicked() {
        int picked = vm.blind().pickedProperty().get();
        for (int p = 0; p < shown.size(); p++) {
            boolean on = vm.blind().onProperty().get() && p == picked;
            shown.get(p).box.setStyle(on ? "-fx-border-color: #d35400; -fx-border-width: 3; -fx-border-radius: 4;"
                    : "-fx-border-color: transparent; -fx-border-width: 3;");
        }
    }

    /** One layout for every row, as wide as the rows less the side legend; each row as tall as the text. */
    private void relayout() {
        TwinsResult r = vm.resultProperty().get();
        double width = shown.stream().mapToDouble(row -> row.heatmap.viewportWidthProperty().get())
                .filter(w -> w > 1).min().orElse(0);
        if (r == null || width <= 40) return;
        if (layout.boxes().size() != r.tokens().size() || Math.abs(layoutWidth - width) > 0.5 || !sameTokens(r)) {
            layout = painter.layout(r.tokens(), width, screenWidth);
            layoutWidth = width;
        }
        for (Row row : shown) {
            row.heatmap.layoutProperty().set(layout);
            double h = layout.height() + 4;
            row.heatmap.setMinHeight(h);
            row.heatmap.setPrefHeight(h);
            row.heatmap.setMaxHeight(h);
            if (row.overlay != null) {
                row.overlay.setWidth(width);
                row.overlay.setHeight(h);
                row.overlay.paint(layout, row.seeds, row.scale);
            }
        }
    }

    private boolean sameTokens(TwinsResult r) {
        for (int i = 0; i < r.tokens().size(); i++) {
            if (!layout.boxes().get(i).token().equals(r.tokens().get(i))) return false;
        }
        return true;
    }

    /** The heatmaps shown, top to bottom (for tests). */
    List<HeatmapView> heatmaps() {
        return shown.stream().map(row -> row.heatmap).toList();
    }

    private record Row(VBox box, HeatmapView heatmap, SpreadOverlay overlay, SeedBand seeds,
                       AttentionPalette.Scale scale) { }

    private static final class EntryCell extends ListCell<ModelCatalog.Entry> {
        @Override
        protected void updateItem(ModelCatalog.Entry e, boolean empty) {
            super.updateItem(e, empty);
            setText(empty || e == null ? null : e.name());
        }
    }
}
