package org.attentionworkbench.ui.eraser;

import java.net.URL;
import javafx.beans.property.ObjectProperty;
import javafx.geometry.Insets;
import javafx.scene.control.Button;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Separator;
import javafx.scene.control.Slider;
import javafx.scene.control.ToolBar;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.KeyCodeCombination;
import javafx.scene.input.KeyCombination;
import javafx.scene.input.KeyEvent;
import javafx.scene.layout.BorderPane;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * The attention eraser: the review as a heatmap to erase tokens on ({@link EraserHeatmap}), the
 * output before and after beside it ({@link ErasureReadout}), and a tool bar with Undo / Redo /
 * Reset and "erase the top k by [ranking]". Every edit re-decodes synchronously, so the heatmap
 * and the readout change in the same frame as the click.
 *
 * <p>Keys (anywhere in the panel): Ctrl+Z undo, Ctrl+Y or Ctrl+Shift+Z redo, Escape reset; on the
 * heatmap: arrows move the focus cursor, Space / Delete toggle the focused token.
 *
 * <p>Wiring: {@code panel.documentProperty().bind(...)} and, optionally,
 * {@code panel.explanationProperty().bind(...)}; charts bind to {@link #viewModel()}.
 */
public final class EraserPanel extends BorderPane {

    private static final KeyCombination UNDO = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO_Y = new KeyCodeCombination(KeyCode.Y, KeyCombination.SHORTCUT_DOWN);
    private static final KeyCombination REDO_SHIFT_Z = new KeyCodeCombination(KeyCode.Z, KeyCombination.SHORTCUT_DOWN,
            KeyCombination.SHIFT_DOWN);

    private final EraserViewModel viewModel;
    private final EraserHeatmap heatmap;
    private final ErasureReadout readout = new ErasureReadout();
    private final Button undo = new Button("Undo");
    private final Button redo = new Button("Redo");
    private final Button reset = new Button("Reset");
    private final ComboBox<RankingKind> ranking = new ComboBox<>();
    private final Slider k = new Slider(0, 1, 0);
    private final Label kLabel = new Label("k = 0");
    /** True while the slider is moved by code, so that moving it is not taken for an edit. */
    private boolean syncing;

    /** A panel with its own view model. */
    public EraserPanel() {
        this(new EraserViewModel());
    }

    /** A panel editing {@code viewModel}. */
    public EraserPanel(EraserViewModel viewModel) {
        this.viewModel = viewModel;
        this.heatmap = new EraserHeatmap(viewModel);
        getStyleClass().add("eraser-panel");
        setId("eraserPanel");
        URL css = EraserPanel.class.getResource("/styles/eraser.css");
        if (css != null) getStylesheets().add(css.toExternalForm());

        undo.setId("undoButton");
        redo.setId("redoButton");
        reset.setId("resetButton");
        undo.setTooltip(new Tooltip("Undo the last edit (Ctrl+Z)"));
        redo.setTooltip(new Tooltip("Redo (Ctrl+Y or Ctrl+Shift+Z)"));
        reset.setTooltip(new Tooltip("Restore every token (Escape)"));
        undo.setOnAction(e -> viewModel.undo());
        redo.setOnAction(e -> viewModel.redo());
        reset.setOnAction(e -> viewModel.reset());
        // Buttons must not keep the keyboard focus: Space would press them instead of toggling a token.
        for (Button b : new Button[] {undo, redo, reset}) b.setFocusTraversable(false);

        ranking.setId("rankingChoice");
        ranking.getItems().setAll(RankingKind.values());
        ranking.setValue(RankingKind.ATTENTION);
        ranking.setTooltip(new Tooltip("The order in which tokens are erased"));
        k.setId("kSlider");
        k.setMajorTickUnit(1);
        k.setMinorTickCount(0);
        k.setSnapToTicks(true);
        k.setBlockIncrement(1);
        k.setPrefWidth(200);
        kLabel.setId("kLabel");
        kLabel.setMinWidth(64);
        k.valueProperty().addListener((obs, old, v) -> topKChanged());
        ranking.valueProperty().addListener((obs, old, v) -> topKChanged());

        ToolBar bar = new ToolBar(undo, redo, reset, new Separator(), new Label("Erase top"), k, kLabel,
                new Label("by"), ranking);
        bar.getStyleClass().add("eraser-toolbar");
        setTop(bar);
        setCenter(heatmap);
        readout.setPadding(new Insets(8, 12, 8, 12));
        readout.setPrefWidth(300);
        readout.setMinWidth(240);
        // The readout scrolls rather than setting the panel's height: on a laptop screen its full
        // height pushed the charts below the eraser into a 5-pixel strip.
        javafx.scene.control.ScrollPane readoutPane = new javafx.scene.control.ScrollPane(readout);
        readoutPane.setFitToWidth(true);
        readoutPane.setHbarPolicy(javafx.scene.control.ScrollPane.ScrollBarPolicy.NEVER);
        readoutPane.setMinHeight(0);
        readoutPane.setMinWidth(250);
        readoutPane.getStyleClass().add("eraser-readout-scroll");
        setRight(readoutPane);
        setMinHeight(0);
        addEventHandler(KeyEvent.KEY_PRESSED, this::shortcut);
        viewModel.stateProperty().addListener((obs, old, s) -> show(s));
        show(viewModel.getState());
    }

    private void shortcut(KeyEvent e) {
        if (UNDO.match(e)) viewModel.undo();
        else if (REDO_Y.match(e) || REDO_SHIFT_Z.match(e)) viewModel.redo();
        else if (e.getCode() == KeyCode.ESCAPE && !ranking.isShowing()) viewModel.reset();
        else return;
        e.consume();
    }

    private void topKChanged() {
        int value = (int) Math.round(k.getValue());
        kLabel.setText("k = " + value);
        if (syncing || viewModel.getState() == null || ranking.getValue() == null) return;
        viewModel.eraseTopK(ranking.getValue(), value);
    }

    private void show(EraserState s) {
        readout.show(s);
        undo.setDisable(s == null || !s.canUndo());
        redo.setDisable(s == null || !s.canRedo());
        reset.setDisable(s == null || s.erasedCount() == 0);
        syncing = true;
        try {
            int n = s == null ? 0 : s.size();
            if (k.getMax() != Math.max(1, n)) k.setMax(Math.max(1, n));
            // The slider follows edits made elsewhere (undo, redo, a click) when the erased set is
            // exactly the top k of the chosen ranking; a hand-made set that is no top-k leaves the
            // slider where it was (after Redo of "top 3" it said k = 0 while three were erased).
            if (s == null || s.erasedCount() == 0) k.setValue(0);
            else if (isTopK(s)) k.setValue(s.erasedCount());
            k.setDisable(n == 0);
            kLabel.setText("k = " + (int) Math.round(k.getValue()));
        } finally {
            syncing = false;
        }
    }

    private boolean isTopK(EraserState s) {
        if (ranking.getValue() == null) return false;
        int[] order;
        try {
            order = viewModel.order(ranking.getValue());
        } catch (RuntimeException e) {
            return false; // no ranking for this document yet (e.g. saliency still computing)
        }
        int n = s.erasedCount();
        if (order == null || order.length < n) return false;
        for (int i = 0; i < n; i++) if (!s.isErased(order[i])) return false;
        return true;
    }

    /** The ranking "erase the top k" follows (saved with a session). */
    public ObjectProperty<RankingKind> rankingProperty() {
        return ranking.valueProperty();
    }

    /** The logic behind the panel (bind charts to it). */
    public EraserViewModel viewModel() {
        return viewModel;
    }

    /** The document being erased; see {@link EraserViewModel#documentProperty()}. */
    public ObjectProperty<EncodedDocument> documentProperty() {
        return viewModel.documentProperty();
    }

    /** The document's explanation, source of the ranking orders; see {@link EraserViewModel#explanationProperty()}. */
    public ObjectProperty<Explanation> explanationProperty() {
        return viewModel.explanationProperty();
    }

    /** The heatmap (for tests and for synchronised hover). */
    public EraserHeatmap heatmap() {
        return heatmap;
    }
}
