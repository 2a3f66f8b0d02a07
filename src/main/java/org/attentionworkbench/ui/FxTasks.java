package org.attentionworkbench.ui;

import javafx.application.Platform;
import org.attentionworkbench.task.LatestTaskRunner;

/** The window's background runners: {@link LatestTaskRunner}s that deliver on the FX thread. */
public final class FxTasks {

    private FxTasks() {
    }

    /** A runner whose partial and final results are delivered on the FX thread. */
    public static LatestTaskRunner runner(String threadName) {
        return new LatestTaskRunner(threadName, Platform::runLater);
    }
}
