package org.attentionworkbench.ui;

import java.net.URL;
import java.util.Objects;
import javafx.scene.Scene;

/** The light and dark stylesheets from the top-level {@code styles/} folder. */
public final class Theme {

    private static final String LIGHT = "/styles/light.css";
    private static final String DARK = "/styles/dark.css";

    private Theme() {
    }

    /** Puts the light theme on {@code scene}, with the dark overrides when {@code dark}. */
    public static void apply(Scene scene, boolean dark) {
        // The light sheet is the base; dark.css only overrides colours, so it stays short.
        scene.getStylesheets().setAll(url(LIGHT));
        if (dark) scene.getStylesheets().add(url(DARK));
    }

    private static String url(String resource) {
        URL u = Objects.requireNonNull(Theme.class.getResource(resource), "missing stylesheet " + resource);
        return u.toExternalForm();
    }
}
