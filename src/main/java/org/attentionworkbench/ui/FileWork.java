package org.attentionworkbench.ui;

import java.util.concurrent.Callable;
import java.util.function.Consumer;
import org.attentionworkbench.task.LatestTaskRunner;

/**
 * Writes and reads a user's files (exports, sessions) off the FX thread, each on a runner of its
 * own: a second export must not make the first one stale, as a newer analysis makes an older one.
 * The outcome is delivered on the FX thread.
 */
final class FileWork {

    private FileWork() {
    }

    /**
     * Runs {@code work} in the background; {@code done} or {@code failed} follows on the FX thread.
     *
     * @param name the worker thread's name
     */
    static <T> void run(String name, Callable<T> work, Consumer<? super T> done, Consumer<? super Throwable> failed) {
        LatestTaskRunner runner = FxTasks.runner(name);
        runner.submit(work, result -> {
            runner.close();
            done.accept(result);
        }, error -> {
            runner.close();
            failed.accept(error);
        });
    }
}
