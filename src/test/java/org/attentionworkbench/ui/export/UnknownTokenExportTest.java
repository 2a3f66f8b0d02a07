package org.attentionworkbench.ui.export;

import org.attentionworkbench.figures.HeatmapExporter;
import org.attentionworkbench.figures.HeatmapFigure;
import org.attentionworkbench.figures.HtmlHeatmap;
import org.attentionworkbench.figures.LatexHeatmap;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.UnknownTokenMarks;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Words the model does not know are marked in every export, as on screen. */
class UnknownTokenExportTest {

    private static final List<String> TOKENS = List.of("a", "wonderfull", "film");
    private static final double[] VALUES = {0.2, 0.5, 0.3};

    private static HeatmapFigure figure(boolean[] unknown) {
        return new HeatmapFigure("Original attention", List.of(), TOKENS, VALUES, AttentionPalette.Scale.sequential(0.5),
                "attention weight", unknown);
    }

    @Test
    void exportsMarkUnknownWords(@TempDir Path dir) throws Exception {
        boolean[] unknown = {false, true, false};
        String html = HtmlHeatmap.page(figure(unknown));
        assertTrue(html.contains("0.500 (" + UnknownTokenMarks.NOTE + ")"), html);
        assertEquals(1, html.split("dotted #555", -1).length - 2, "one dotted token plus the key: " + html);
        assertFalse(HtmlHeatmap.page(figure(null)).contains(UnknownTokenMarks.NOTE));

        String tex = LatexHeatmap.render(figure(unknown));
        assertEquals(1, tex.split("textsuperscript\\{\\?\\}", -1).length - 1, tex);
        assertTrue(tex.contains("wonderfull\\textsuperscript{?}}"), tex);
        assertTrue(tex.contains(UnknownTokenMarks.NOTE + ": wonderfull"), tex);

        // The picture differs only by the dotted outline of the unknown word.
        Path marked = dir.resolve("marked.png");
        Path plain = dir.resolve("plain.png");
        new HeatmapExporter().write(figure(unknown), marked);
        new HeatmapExporter().write(figure(null), plain);
        BufferedImage a = ImageIO.read(marked.toFile());
        BufferedImage b = ImageIO.read(plain.toFile());
        assertEquals(a.getWidth(), b.getWidth());
        int differing = 0;
        for (int y = 0; y < Math.min(a.getHeight(), b.getHeight()); y++) {
            for (int x = 0; x < a.getWidth(); x++) if (a.getRGB(x, y) != b.getRGB(x, y)) differing++;
        }
        assertTrue(differing > 20, "dotted outline drawn: " + differing + " pixels differ");
    }
}
