package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelKind;
import java.util.EnumMap;
import java.util.Map;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.VBox;

/**
 * The grid's side bar: the panels as a check list (checked = shown) in their order, buttons moving
 * the selected panel up or down, and the shared / per-panel colour-scale toggle.
 */
final class PanelListView extends VBox {

    private final Map<PanelKind, BooleanProperty> shown = new EnumMap<>(PanelKind.class);

    PanelListView(ComparisonGridViewModel vm) {
        getStyleClass().add("panel-list");
        for (PanelKind k : PanelKind.values()) {
            BooleanProperty p = new SimpleBooleanProperty(!vm.hidden().contains(k));
            p.addListener((obs, old, on) -> vm.setShown(k, on));
            shown.put(k, p);
        }
        ListView<PanelKind> list = new ListView<>(vm.order());
        list.setId("panelList");
        list.setCellFactory(CheckBoxListCell.forListView(shown::get));
        list.setPrefHeight(5 * 26 + 4);
        list.setMinHeight(5 * 26 + 4);
        Button up = new Button("\u25b2 Up");
        up.setId("panelUp");
        Button down = new Button("\u25bc Down");
        down.setId("panelDown");
        up.setOnAction(e -> move(list, vm, true));
        down.setOnAction(e -> move(list, vm, false));
        up.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        down.disableProperty().bind(list.getSelectionModel().selectedItemProperty().isNull());
        HBox buttons = new HBox(6, up, down);
        CheckBox shared = new CheckBox("Shared colour scale");
        shared.setId("sharedScale");
        shared.setWrapText(true);
        shared.selectedProperty().bindBidirectional(vm.sharedScaleProperty());
        Label caption = new Label("Panels");
        caption.getStyleClass().add("section-caption");
        Label note = new Label("Shared: one scale for all attention panels; saliency keeps its own units.");
        note.setWrapText(true);
        note.getStyleClass().add("panel-detail");
        VBox.setVgrow(note, Priority.NEVER);
        getChildren().addAll(caption, list, buttons, shared, note);
    }

    private static void move(ListView<PanelKind> list, ComparisonGridViewModel vm, boolean up) {
        PanelKind k = list.getSelectionModel().getSelectedItem();
        if (up) vm.moveUp(k);
        else vm.moveDown(k);
        list.getSelectionModel().select(k); // keep following the moved panel
    }

    /** Whether the panel is checked (for tests). */
    BooleanProperty shownProperty(PanelKind kind) {
        return shown.get(kind);
    }
}
