package org.attentionworkbench.ui;

import java.io.IOException;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import javafx.application.Platform;
import javafx.scene.Scene;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.export.WindowSnapshot;

/**
 * Renders the whole window for a model and a text with every panel computed, then writes a PNG:
 * what {@code workbench gui --snapshot} does (README screenshots, figures, checks without a
 * display). The same view classes as the interactive window are used.
 */
public final class SnapshotRenderer {

    /** The CLI's words for a text without tokens (predict and explain say the same). */
    public static final String NO_TOKENS = "the text has no tokens to classify";

    private SnapshotRenderer() {
    }

    /**
     * Ends the FX toolkit after the snapshots of a command: its non-daemon threads would keep the
     * process alive. (Here, so that only ui touches JavaFX.)
     */
    public static void shutDown() {
        Platform.exit();
    }

    /**
     * @param archive the model to open (null: the catalog's default)
     * @param text    the review to analyse
     * @throws IOException if the analysis fails or does not finish within ten minutes
     * @throws IllegalArgumentException if the model finds no tokens in {@code text}
     */
    public static void render(Path archive, String text, int width, int height, Path png) throws IOException {
        render(archive, text, width, height, png, null);
    }

    /**
     * As {@link #render(Path, String, int, int, Path)}, with the analysis tab whose title starts
     * with {@code tab} (case-insensitive, e.g. "eraser", "dataset") in front; null keeps "Compare".
     */
    public static void render(Path archive, String text, int width, int height, Path png, String tab)
            throws IOException {
        WindowSnapshot.ensureToolkit();
        CompletableFuture<WorkbenchView> built = new CompletableFuture<>();
        CompletableFuture<WorkbenchActions> actions = new CompletableFuture<>();
        CompletableFuture<Void> done = new CompletableFuture<>();
        Platform.runLater(() -> {
            WorkbenchViewModel vm = new WorkbenchViewModel(ModelCatalog.fromEnvironment(),
                    FxTasks.runner("snapshot-loader"), FxTasks.runner("snapshot-analysis"));
            AnalysisViewModel analysis = vm.analysis();
            WorkbenchView view = new WorkbenchView(vm, analysis);
            actions.complete(new WorkbenchActions(vm, analysis, view, false)); // the same tool bar and tabs as the window
            Scene scene = new Scene(view, width, height);
            Theme.apply(scene, false);
            analysis.explanationProperty().addListener((obs, old, e) -> {
                if (complete(e)) done.complete(null);
            });
            analysis.errorProperty().addListener((obs, old, err) -> {
                if (err != null) done.completeExceptionally(new IOException(err));
            });
            vm.messageProperty().addListener((obs, old, m) -> {
                if (m != null && m.startsWith("Could not")) done.completeExceptionally(new IOException(m));
            });
            // An empty text starts no analysis: waiting for its results would wait for ever.
            vm.waitingForTextProperty().addListener((obs, old, waiting) -> {
                if (waiting) done.completeExceptionally(new IllegalArgumentException(NO_TOKENS));
            });
            vm.textProperty().set(text);
            vm.start(Optional.ofNullable(archive));
            built.complete(view);
        });
        try {
            WorkbenchView view = built.get(60, TimeUnit.SECONDS);
            if (tab != null) {
                Platform.runLater(() -> view.tabs().getTabs().stream()
                        .filter(t -> t.getText().toLowerCase(java.util.Locale.ROOT)
                                .startsWith(tab.toLowerCase(java.util.Locale.ROOT)))
                        .findFirst().ifPresent(t -> view.tabs().getSelectionModel().select(t)));
            }
            done.get(10, TimeUnit.MINUTES);
            if (tab != null && "twins".startsWith(tab.toLowerCase(java.util.Locale.ROOT))) {
                waitForTwins(actions.get());
            }
            // Let the last results reach the panels before the picture is taken.
            CompletableFuture<Void> settled = new CompletableFuture<>();
            Platform.runLater(() -> Platform.runLater(() -> settled.complete(null)));
            settled.get(60, TimeUnit.SECONDS);
            WindowSnapshot.render(view, width, height, png);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof IllegalArgumentException noTokens) throw noTokens;
            throw new IOException(e.getCause().getMessage(), e.getCause());
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IOException("the analysis did not finish in time", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted", e);
        }
    }

    /** Waits until the Twins tab has read the text with every twin (or said why not). */
    private static void waitForTwins(WorkbenchActions actions) throws java.util.concurrent.ExecutionException,
            java.util.concurrent.TimeoutException, InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.MINUTES.toNanos(5);
        while (System.nanoTime() < deadline) {
            CompletableFuture<Boolean> busy = new CompletableFuture<>();
            Platform.runLater(() -> busy.complete(actions.twins().computing()));
            if (!busy.get(60, TimeUnit.SECONDS)) return;
            Thread.sleep(200);
        }
        throw new java.util.concurrent.TimeoutException("the twins did not finish in time");
    }

    private static boolean complete(Explanation e) {
        if (e == null) return false;
        for (Section s : e.settings().sections()) if (!e.has(s)) return false;
        return true;
    }
}
