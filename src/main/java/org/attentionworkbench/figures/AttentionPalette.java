package org.attentionworkbench.figures;

import java.awt.Color;

/**
 * The colour scales of heatmaps, all ColorBrewer and safe for every kind of colour vision:
 * <ul>
 *   <li>sequential "Blues" for attention and unsigned saliency, from near-white (none) to dark blue
 *       (most): single-hue and monotone in luminance, so it also reads in greyscale print;</li>
 *   <li>diverging "RdBu" for signed saliency, centred at 0 (near-white), red for negative and
 *       blue for positive evidence, the two arms of nearly equal lightness.</li>
 * </ul>
 * A {@link Scale} maps data values onto one of them; text colour is chosen for contrast by
 * {@link #textOn(Color)}.
 */
public final class AttentionPalette {

    private static final int[] BLUES = {
        0xf7fbff, 0xdeebf7, 0xc6dbef, 0x9ecae1, 0x6baed6, 0x4292c6, 0x2171b5, 0x08519c, 0x08306b};

    /** RdBu (11 classes), from -1 (dark red) through 0 (light grey) to +1 (dark blue). */
    private static final int[] RDBU = {
        0x67001f, 0xb2182b, 0xd6604d, 0xf4a582, 0xfddbc7, 0xf7f7f7, 0xd1e5f0, 0x92c5de, 0x4393c3, 0x2166ac, 0x053061};

    private static final Color DARK_TEXT = new Color(0x1a1a1a);

    private AttentionPalette() {
    }

    /** Which palette a scale uses. */
    public enum Kind {
        /** Blues, values in [0, max]. */
        SEQUENTIAL,
        /** RdBu, values in [-max, max], 0 at the centre. */
        DIVERGING
    }

    /**
     * A colour scale over data values.
     *
     * @param kind the palette
     * @param max  the value at the dark end (for diverging: the largest magnitude); 0 paints all
     *             values as the scale's low / neutral colour
     */
    public record Scale(Kind kind, double max) {

        public Scale {
            if (!(max >= 0) || Double.isInfinite(max)) throw new IllegalArgumentException("scale max " + max);
        }

        /** A sequential scale from 0 to {@code max}. */
        public static Scale sequential(double max) {
            return new Scale(Kind.SEQUENTIAL, max);
        }

        /** A diverging scale from {@code -maxAbs} to {@code maxAbs}. */
        public static Scale diverging(double maxAbs) {
            return new Scale(Kind.DIVERGING, maxAbs);
        }

        /** The scale of {@code kind} that just covers {@code values} (its largest magnitude). */
        public static Scale fitting(Kind kind, double[] values) {
            double m = 0;
            for (double v : values) if (Double.isFinite(v)) m = Math.max(m, Math.abs(v));
            return new Scale(kind, m);
        }

        /** The lowest value of the scale (0, or -max for diverging). */
        public double min() {
            return kind == Kind.DIVERGING ? -max : 0;
        }

        /** The colour of a data value; values beyond the scale are clamped. */
        public Color color(double value) {
            double t = max > 0 ? value / max : 0;
            return kind == Kind.DIVERGING ? AttentionPalette.diverging(t) : AttentionPalette.color(t);
        }
    }

    /** The sequential colour of {@code t} in [0, 1] (clamped; NaN as 0), interpolated between stops. */
    public static Color color(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(0, Math.min(1, t));
        return interpolate(BLUES, x);
    }

    /** The diverging colour of {@code t} in [-1, 1] (clamped; NaN as 0): red below 0, blue above. */
    public static Color diverging(double t) {
        double x = Double.isNaN(t) ? 0 : Math.max(-1, Math.min(1, t));
        return interpolate(RDBU, (x + 1) / 2);
    }

    private static Color interpolate(int[] stops, double unit) {
        double x = unit * (stops.length - 1);
        int i = Math.min((int) Math.floor(x), stops.length - 2);
        double f = x - i;
        int a = stops[i];
        int b = stops[i + 1];
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
