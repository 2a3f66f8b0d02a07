package org.attentionworkbench.ui;

import java.util.Collection;

/**
 * The width of a table column of class names (true / predicted), so that 20 Newsgroups' names
 * (rec.sport.baseball and rec.sport.hockey were both "rec.sport...." at 84 px) show whole while a
 * two-class model's columns stay narrow. FX toolkit required (it measures text).
 */
public final class ClassColumnWidth {

    /** Narrowest class column (the headers need it). */
    public static final double MIN = 84;
    /** Widest class column; longer names end in an ellipsis, whole in the cell's tooltip. */
    public static final double MAX = 200;

    private ClassColumnWidth() {
    }

    /** The widest of {@code names} at 13 px plus padding, within {@link #MIN} and {@link #MAX}. */
    public static double of(Collection<String> names) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(javafx.scene.text.Font.font(13));
        double widest = 0;
        for (String n : names) {
            probe.setText(n);
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        return Math.min(MAX, Math.max(MIN, Math.ceil(widest) + 24));
    }
}
