package org.attentionworkbench.ui;

import java.awt.image.BufferedImage;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Node;
import javafx.scene.control.MenuButton;
import javafx.scene.control.MenuItem;
import javafx.scene.control.SeparatorMenuItem;
import javafx.scene.control.Tab;
import javax.imageio.ImageIO;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.figures.HeatmapExporter;
import org.attentionworkbench.figures.TokenValuesTable;
import org.attentionworkbench.session.AtomicFiles;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.grid.ComparisonGrid;

/**
 * The Export menu: the attention or saliency heatmap, the per-token values of every method, the
 * comparison grid and the current tab as a picture. The file is chosen on the FX thread and
 * written in the background ({@link FileWork}); a failure is said in a dialog.
 */
final class ExportActions {

    private final AnalysisViewModel analysis;
    private final WorkbenchView view;
    private final DialogService dialogs;

    ExportActions(AnalysisViewModel analysis, WorkbenchView view, DialogService dialogs) {
        this.analysis = analysis;
        this.view = view;
        this.dialogs = dialogs;
    }

    /** The Export menu button of the tool bar. */
    MenuButton menu() {
        MenuButton menu = new MenuButton("Export");
        menu.setId("exportMenu");
        MenuItem attention = new MenuItem("Attention heatmap (PNG, SVG, PDF, LaTeX, HTML)...");
        attention.setOnAction(e -> withDocument(doc -> exportHeatmap(doc.tokens(), doc.attention(), "attention")));
        MenuItem saliency = new MenuItem("Saliency heatmap of the shown method...");
        saliency.setOnAction(e -> withExplanation(ex -> {
            SaliencyMethod m = analysis.saliencyMethodProperty().get();
            ex.saliency(m).ifPresentOrElse(s -> exportHeatmap(ex.document().tokens(),
                            HeatmapExporter.magnitudes(s.scores()), m.id()),
                    () -> dialogs.inform("Saliency is still being computed."));
        }));
        MenuItem values = new MenuItem("Per-token values of every method (CSV, JSON)...");
        values.setOnAction(e -> withExplanation(this::exportValues));
        MenuItem comparison = new MenuItem("Comparison grid (PNG, SVG, PDF)...");
        comparison.setId("exportComparisonGrid");
        comparison.setOnAction(e -> view.tabs().getTabs().stream().map(Tab::getContent)
                .filter(ComparisonGrid.class::isInstance).map(ComparisonGrid.class::cast).findFirst()
                .ifPresent(g -> g.exportGrid(view.getScene().getWindow(), dialogs::inform)));
        MenuItem tab = new MenuItem("Current tab as PNG...");
        tab.setOnAction(e -> exportNode(view.tabs().getSelectionModel().getSelectedItem().getContent()));
        menu.getItems().addAll(attention, saliency, values, comparison, new SeparatorMenuItem(), tab);
        return menu;
    }

    private void exportHeatmap(List<String> tokens, double[] weights, String name) {
        dialogs.saveFile("Export heatmap", "Images and documents", name + ".png",
                "*.png", "*.svg", "*.pdf", "*.tex", "*.html").ifPresent(f -> write(f, () -> {
                    new HeatmapExporter().write(tokens, weights, f);
                    return f;
                }));
    }

    private void exportValues(Explanation ex) {
        dialogs.saveFile("Export per-token values", "CSV or JSON", "token-values.csv", "*.csv", "*.json")
                .ifPresent(f -> write(f, () -> {
                    TokenValuesTable table = TokenValuesTable.of(ex);
                    String body = f.getFileName().toString().endsWith(".json") ? table.toJson() : table.toCsv();
                    AtomicFiles.write(f, body.getBytes(StandardCharsets.UTF_8));
                    return f;
                }));
    }

    private void exportNode(Node node) {
        dialogs.saveFile("Export as PNG", "PNG image", "workbench.png", "*.png").ifPresent(f -> {
            // The snapshot is taken on the FX thread (the scene graph lives there); encoding and
            // writing the PNG, the slow part, are not.
            BufferedImage image = SwingFXUtils.fromFXImage(node.snapshot(null, null), null);
            write(f, () -> {
                ImageIO.write(image, "png", f.toFile());
                return f;
            });
        });
    }

    private void write(Path file, java.util.concurrent.Callable<Path> work) {
        FileWork.run("export", work, done -> { }, e -> dialogs.inform("Could not export to " + file + ": "
                + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage())));
    }

    private void withDocument(Consumer<EncodedDocument> action) {
        EncodedDocument doc = analysis.documentProperty().get();
        if (doc == null) dialogs.inform("There is no analysed review yet.");
        else action.accept(doc);
    }

    private void withExplanation(Consumer<Explanation> action) {
        Explanation ex = analysis.explanationProperty().get();
        if (ex == null) dialogs.inform("The explanation is still being computed.");
        else action.accept(ex);
    }
}
