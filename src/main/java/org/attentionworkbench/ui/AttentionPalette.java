package org.attentionworkbench.ui;

import java.awt.Color;

/**
 * The sequential colour scale of attention heatmaps: ColorBrewer "Blues", from near-white (no
 * attention) to dark blue (most attention). Single-hue and monotone in luminance, so it reads the
 * same for every kind of colour vision and in greyscale print.
 */
public final class AttentionPalette {

    private static final int[] STOPS = {
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};

    private static final Color DARK_TEXT = new Color(0x1a1a1a);

    private AttentionPalette() {
    }

    /** The colour of {@code t} in [0, 1] (clamped), interpolated between the scale's stops. */
    public static Color color(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t)) * (STOPS.length - 1);
        int i = Math.min((int) Math.floor(x), STOPS.length - 2);
        double f = x - i;
        int a = STOPS[i];
        int b = STOPS[i + 1];
        return new Color(mix(a >> 16, b >> 16, f), mix(a >> 8, b >> 8, f), mix(a, b, f));
    }

    private static int mix(int a, int b, double f) {
        return (int) Math.round((a & 0xff) + f * ((b & 0xff) - (a & 0xff)));
    }

    /** WCAG relative luminance of a colour, in [0, 1]. */
    public static double luminance(Color c) {
        return 0.2126 * linear(c.getRed()) + 0.7152 * linear(c.getGreen()) + 0.0722 * linear(c.getBlue());
    }

    private static double linear(int channel) {
        double s = channel / 255.0;
        return s <= 0.03928 ? s / 12.92 : Math.pow((s + 0.055) / 1.055, 2.4);
    }

    /** Black-ish or white text, whichever contrasts more with {@code background}. */
    public static Color textOn(Color background) {
        double l = luminance(background);
        // Contrast with white is 1.05/(l+0.05), with near-black about (l+0.05)/0.06: pick the larger.
        return 1.05 / (l + 0.05) > (l + 0.05) / 0.06 ? Color.WHITE : DARK_TEXT;
    }
}
