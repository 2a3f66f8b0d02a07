package org.attentionworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.Graphics2D;
import java.awt.image.BufferedImage;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeatmapPainterTest {

    private final HeatmapPainter painter = new HeatmapPainter();
    private final List<String> tokens = List.of("a", "wonderful", "film", ",", "not", "boring");
    private final double[] weights = {0.05, 0.5, 0.1, 0.02, 0.13, 0.2};

    @Test
    void tokenBoxesAreColouredByWeight() {
        BufferedImage image = new BufferedImage(400, 200, BufferedImage.TYPE_INT_RGB);
        Graphics2D g = image.createGraphics();
        HeatmapLayout layout = painter.layout(g, tokens, weights, 400);
        painter.paint(g, layout);
        g.dispose();

        assertEquals(tokens.size(), layout.boxes().size());
        List<Integer> fills = new ArrayList<>();
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            // Left padding of the box, beside the text: pure box colour.
            int x = (int) (b.bounds().getX() + 1.5);
            int y = (int) (HeatmapPainter.LEGEND_HEIGHT + b.bounds().getCenterY());
            fills.add(image.getRGB(x, y) & 0xffffff);
        }
        assertEquals(fills.size(), fills.stream().distinct().count(), "every weight gets its own colour: " + fills);
        // The most attended token is the darkest.
        int top = fills.get(1);
        for (int f : fills) {
            assertTrue(AttentionPalette.luminance(new Color(top)) <= AttentionPalette.luminance(new Color(f)));
        }
    }

    @Test
    void imageIsNotBlankAndHasALegend() {
        BufferedImage image = painter.toImage(tokens, weights, 500);
        assertTrue(image.getHeight() > HeatmapPainter.LEGEND_HEIGHT + 10);
        int legendInk = 0;
        for (int y = 0; y < HeatmapPainter.LEGEND_HEIGHT; y++) {
            for (int x = 0; x < image.getWidth(); x++) {
                if ((image.getRGB(x, y) & 0xffffff) != 0xffffff) legendInk++;
            }
        }
        assertTrue(legendInk > 500, "legend drawn (" + legendInk + " non-white pixels)");
        // The darkest legend colour (right end of the scale) is present.
        Color darkest = AttentionPalette.color(1);
        boolean found = false;
        for (int y = 0; y < HeatmapPainter.LEGEND_HEIGHT && !found; y++) {
            for (int x = 0; x < image.getWidth() && !found; x++) {
                found = near(new Color(image.getRGB(x, y)), darkest);
            }
        }
        assertTrue(found, "legend shows the top of the scale");
    }

    @Test
    void longTextsWrapIntoManyLines() {
        List<String> many = new ArrayList<>(Collections.nCopies(2500, "token"));
        double[] w = new double[many.size()];
        java.util.Arrays.fill(w, 1.0 / many.size());
        BufferedImage scratch = new BufferedImage(1, 1, BufferedImage.TYPE_INT_RGB);
        HeatmapLayout layout = painter.layout(scratch.createGraphics(), many, w, 800);
        assertTrue(layout.height() > 2000, "2,500 tokens need a tall, scrollable area: " + layout.height());
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            assertTrue(b.bounds().getMaxX() <= 800, "wrapped within the width");
        }
        HeatmapLayout.TokenBox last = layout.boxes().get(many.size() - 1);
        assertEquals(many.size() - 1, layout.indexAt(last.bounds().getCenterX(), last.bounds().getCenterY()));
    }

    @Test
    void weightsAreFormattedReadably() {
        assertEquals("0", HeatmapPainter.formatWeight(0));
        assertEquals("0.250", HeatmapPainter.formatWeight(0.25));
        assertNotEquals("0.000", HeatmapPainter.formatWeight(0.0004));
    }

    private static boolean near(Color a, Color b) {
        return Math.abs(a.getRed() - b.getRed()) + Math.abs(a.getGreen() - b.getGreen())
                + Math.abs(a.getBlue() - b.getBlue()) < 12;
    }
}
