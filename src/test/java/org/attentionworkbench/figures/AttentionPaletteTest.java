package org.attentionworkbench.figures;

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

    @Test
    void divergingIsLightestAtZeroAndSymmetric() {
        double centre = AttentionPalette.luminance(AttentionPalette.diverging(0));
        double previousNeg = centre;
        double previousPos = centre;
        for (int i = 1; i <= 100; i++) {
            double t = i / 100.0;
            double pos = AttentionPalette.luminance(AttentionPalette.diverging(t));
            double neg = AttentionPalette.luminance(AttentionPalette.diverging(-t));
            assertTrue(pos <= previousPos + 1e-12 && neg <= previousNeg + 1e-12, "darkens away from 0 at " + t);
            assertTrue(Math.abs(pos - neg) < 0.08, "arms of equal lightness at +-" + t + ": " + pos + " vs " + neg);
            previousPos = pos;
            previousNeg = neg;
        }
        Color red = AttentionPalette.diverging(-1);
        Color blue = AttentionPalette.diverging(1);
        assertTrue(red.getRed() > red.getBlue() && blue.getBlue() > blue.getRed(), "negative red, positive blue");
    }

    @Test
    void scalesMapDataValues() {
        AttentionPalette.Scale seq = AttentionPalette.Scale.fitting(AttentionPalette.Kind.SEQUENTIAL, new double[] {0.1, 0.4});
        assertEquals(0.4, seq.max());
        assertEquals(AttentionPalette.color(1), seq.color(0.4));
        assertEquals(AttentionPalette.color(0.25), seq.color(0.1));
        AttentionPalette.Scale div = AttentionPalette.Scale.fitting(AttentionPalette.Kind.DIVERGING, new double[] {-2, 1});
        assertEquals(-2, div.min());
        assertEquals(AttentionPalette.diverging(0), div.color(0));
        assertEquals(AttentionPalette.diverging(-1), div.color(-2));
        assertEquals(AttentionPalette.diverging(0.5), div.color(1));
    }

    @Test
    void textStaysReadableOnTheDivergingScale() {
        for (int i = -100; i <= 100; i++) {
            Color bg = AttentionPalette.diverging(i / 100.0);
            double a = AttentionPalette.luminance(bg) + 0.05;
            double b = AttentionPalette.luminance(AttentionPalette.textOn(bg)) + 0.05;
            assertTrue(Math.max(a, b) / Math.min(a, b) >= 4.0, "contrast at t=" + i / 100.0);
        }
    }
}
