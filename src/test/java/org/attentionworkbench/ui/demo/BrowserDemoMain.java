package org.attentionworkbench.ui.demo;

import javafx.application.Application;

/** Launcher of {@link BrowserDemo} (a main class that is no Application runs from a plain classpath). */
public final class BrowserDemoMain {

    private BrowserDemoMain() {
    }

    public static void main(String[] args) {
        Application.launch(BrowserDemo.class, args);
    }
}
