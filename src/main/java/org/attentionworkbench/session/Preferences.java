package org.attentionworkbench.session;

/**
 * What the window remembers between runs.
 *
 * @param lastModel     the model opened last (name or path), or null
 * @param lastDataset   the dataset opened last (spec or path), or null
 * @param settings      the last analysis and display settings
 * @param windowWidth   window width in pixels
 * @param windowHeight  window height in pixels
 * @param autosave      whether the session is saved automatically
 */
public record Preferences(String lastModel, String lastDataset, SessionSettings settings, double windowWidth,
                          double windowHeight, boolean autosave) {

    public Preferences {
        settings = settings == null ? SessionSettings.defaults() : settings;
        if (!(windowWidth > 0)) windowWidth = 1400;
        if (!(windowHeight > 0)) windowHeight = 900;
    }

    /** A first start's preferences. */
    public static Preferences defaults() {
        return new Preferences(null, null, SessionSettings.defaults(), 1400, 900, true);
    }

    public Preferences withLastModel(String model) {
        return new Preferences(model, lastDataset, settings, windowWidth, windowHeight, autosave);
    }

    public Preferences withSettings(SessionSettings s) {
        return new Preferences(lastModel, lastDataset, s, windowWidth, windowHeight, autosave);
    }

    /** The dataset opened last (a spec or a path), reopened at the next start; null for none. */
    public Preferences withLastDataset(String dataset) {
        return new Preferences(lastModel, dataset, settings, windowWidth, windowHeight, autosave);
    }

    public Preferences withWindowSize(double w, double h) {
        return new Preferences(lastModel, lastDataset, settings, w, h, autosave);
    }
}
