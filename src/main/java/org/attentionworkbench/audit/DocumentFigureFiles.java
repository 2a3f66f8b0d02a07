package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.Path;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.figures.GridExporter;
import org.attentionworkbench.figures.PanelContents;
import org.attentionworkbench.figures.PanelFigures;

/**
 * The audit's per-document figures: for the first documents of the sample, the Compare tab's
 * panels (original, adversarial, permuted, saliency by gradient, uniform) as one SVG under
 * {@code figures/documents/}, drawn by the window's painter, so that a paper can show the very
 * reviews its tables count.
 */
final class DocumentFigureFiles {

    /** The folder inside the audit's output folder. */
    static final String FOLDER = "figures/documents";

    private DocumentFigureFiles() {
    }

    /** The file of document {@code index} (0-based in the data) for model {@code model}. */
    static Path file(Path outDir, String model, int index) {
        String name = Path.of(model).getFileName().toString().replaceFirst("(?i)\\.zip$", "")
                .replaceAll("[^A-Za-z0-9._-]", "_");
        return outDir.resolve(FOLDER).resolve(name + "-doc" + (index + 1) + ".svg");
    }

    /** Writes the figure of one explained document (atomically; the folder is made as needed). */
    static void write(Path outDir, String model, int index, Explanation e) throws IOException {
        PanelContents.Choices choices = new PanelContents.Choices(AdversaryKind.EXACT, SaliencyMethod.GRADIENT,
                e.settings().seed());
        Path f = file(outDir, model, index);
        java.nio.file.Files.createDirectories(f.getParent());
        new GridExporter().write(PanelFigures.panels(e, choices).figures(), f);
    }
}
