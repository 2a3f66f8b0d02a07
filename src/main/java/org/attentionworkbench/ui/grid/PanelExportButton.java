package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import org.attentionworkbench.figures.PanelFigures;
import java.io.File;
import java.io.IOException;
import java.util.Locale;
import javafx.scene.control.Alert;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.Tooltip;
import javafx.stage.FileChooser;
import javafx.stage.Window;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.figures.HeatmapExporter;

/**
 * A panel header's "Export" menu: the panel as PNG, SVG, PDF (drawn by the screen's painter),
 * LaTeX or HTML, with exactly the values, colour scale, legend and title lines it shows. Disabled
 * while the panel is still computing.
 */
final class PanelExportButton extends MenuButton {

    private final PanelKind kind;
    private final ComparisonGridViewModel vm;

    PanelExportButton(PanelKind kind, ComparisonGridViewModel vm) {
        super("Export");
        this.kind = kind;
        this.vm = vm;
        setId("export-" + kind.name());
        getStyleClass().add("panel-export");
        setTooltip(new Tooltip("Save this panel as it is shown"));
        getItems().addAll(item("PNG image", "png"), item("SVG", "svg"), item("PDF", "pdf"),
                item("LaTeX (\\colorbox per token)", "tex"), item("HTML", "html"));
        vm.contentsProperty().addListener(o -> update());
        update();
    }

    private void update() {
        PanelContent c = vm.contentsProperty().get().get(kind);
        setDisable(c == null || !c.available());
    }

    private MenuItem item(String label, String ext) {
        MenuItem item = new MenuItem(label + "...");
        item.setId("export-" + kind.name() + "-" + ext);
        item.setOnAction(e -> choose(ext));
        return item;
    }

    private void choose(String ext) {
        FileChooser fc = new FileChooser();
        fc.setTitle("Export " + kind.title().toLowerCase(Locale.ROOT));
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(ext.toUpperCase(Locale.ROOT), "*." + ext));
        fc.setInitialFileName(fileStem() + "." + ext);
        Window owner = getScene() == null ? null : getScene().getWindow();
        File f = fc.showSaveDialog(owner);
        if (f == null) return;
        // The chooser may hand back a name without the extension the user picked: add it, since
        // the format is read from the extension.
        if (!f.getName().toLowerCase(Locale.ROOT).endsWith("." + ext)) f = new File(f.getPath() + "." + ext);
        try {
            export(f);
        } catch (IOException | RuntimeException ex) {
            Alert a = new Alert(Alert.AlertType.INFORMATION, "Could not export: " + ex.getMessage());
            a.initOwner(owner);
            a.setHeaderText(null);
            a.show();
        }
    }

    /** Writes the panel as it is now to {@code f}, in the format of its extension. */
    void export(File f) throws IOException {
        EncodedDocument doc = vm.analysis().documentProperty().get();
        PanelContent c = vm.contentsProperty().get().get(kind);
        if (doc == null || c == null) throw new IllegalStateException("there is no analysed review");
        new HeatmapExporter().write(PanelFigures.of(c, doc), f.toPath());
    }

    private String fileStem() {
        PanelContent c = vm.contentsProperty().get().get(kind);
        String stem = kind.name().toLowerCase(Locale.ROOT);
        if (kind == PanelKind.SALIENCY && c != null && !c.caption().isEmpty()) stem += "-" + c.caption();
        return stem.replaceAll("[^a-z0-9_-]+", "-");
    }
}
