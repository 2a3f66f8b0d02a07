package org.attentionworkbench.cli;

import java.util.Locale;

/**
 * Whether JavaFX can open a window here, and the switch to its headless platform (Monocle) for
 * snapshots where it cannot. No JavaFX classes here: the properties must be set before the toolkit
 * starts, and the cli package does not import JavaFX.
 */
final class HeadlessDisplay {

    private HeadlessDisplay() {
    }

    /**
     * False only on Linux and other X11/Wayland systems without DISPLAY or WAYLAND_DISPLAY (macOS
     * and Windows always have their own display), or when already asked to run headless.
     */
    static boolean available() {
        if ("Monocle".equals(System.getProperty("glass.platform"))) return false;
        String os = System.getProperty("os.name", "").toLowerCase(Locale.ROOT);
        if (os.contains("win") || os.contains("mac")) return true;
        return notBlank(System.getenv("DISPLAY")) || notBlank(System.getenv("WAYLAND_DISPLAY"));
    }

    /** Selects JavaFX's headless platform with software rendering, as the tests run. */
    static void useMonocle() {
        System.setProperty("glass.platform", "Monocle");
        System.setProperty("monocle.platform", "Headless");
        System.setProperty("prism.order", "sw");
        System.setProperty("prism.text", "t2k");
        System.setProperty("java.awt.headless", "true");
        // Monocle's headless screen is 1280x800 unless told; a snapshot may be larger.
        System.setProperty("headless.geometry", "3840x2160-32");
    }

    private static boolean notBlank(String s) {
        return s != null && !s.isBlank();
    }
}
