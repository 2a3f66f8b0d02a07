package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import org.junit.jupiter.api.Test;

class AttentionPaletteTest {

    @Test
    void luminanceFallsMonotonicallyWithWeight() {
        double previous = Double.POSITIVE_INFINITY;
        for (int i = 0; i <= 200; i++) {
            double l = AttentionPalette.luminance(AttentionPalette.color(i / 200.0));
            assertTrue(l <= previous + 1e-12, "luminance must not rise at t=" + i / 200.0);
            previous = l;
        }
        double light = AttentionPalette.luminance(AttentionPalette.color(0));
        double dark = AttentionPalette.luminance(AttentionPalette.color(1));
        assertTrue(light - dark > 0.8, "the scale spans light to dark");
    }

    @Test
    void outOfRangeValuesAreClamped() {
        assertEquals(AttentionPalette.color(0), AttentionPalette.color(-3));
        assertEquals(AttentionPalette.color(1), AttentionPalette.color(7));
        assertEquals(AttentionPalette.color(0), AttentionPalette.color(Double.NaN));
    }

    @Test
    void textStaysReadableOnEveryColour() {
        for (int i = 0; i <= 100; i++) {
            Color bg = AttentionPalette.color(i / 100.0);
            Color fg = AttentionPalette.textOn(bg);
            double a = AttentionPalette.luminance(bg) + 0.05;
            double b = AttentionPalette.luminance(fg) + 0.05;
            double contrast = Math.max(a, b) / Math.min(a, b);
            assertTrue(contrast >= 4.0, "contrast " + contrast + " at t=" + i / 100.0);
        }
    }
}
