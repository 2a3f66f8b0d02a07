package org.attentionworkbench.ui.export;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import javafx.application.Platform;
import javafx.embed.swing.SwingFXUtils;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.image.WritableImage;
import javax.imageio.ImageIO;

/**
 * Renders a node tree as a window-sized PNG without showing a window ({@link Scene#snapshot}):
 * what {@code workbench gui --snapshot} writes, and works headless (Monocle) and under Xvfb.
 */
public final class WindowSnapshot {

    private WindowSnapshot() {
    }

    /**
     * Puts {@code root} in a {@code w} x {@code h} scene (or uses its scene, resized, when it has
     * one), lays it out, snapshots it and writes {@code png}. Runs on the FX thread: called from
     * another thread it hands the work over and waits (up to a minute).
     */
    public static void render(Parent root, int w, int h, Path png) throws IOException {
        if (w < 1 || h < 1) throw new IllegalArgumentException("size must be positive, got " + w + "x" + h);
        if (Platform.isFxApplicationThread()) {
            write(snapshot(root, w, h), png);
            return;
        }
        CompletableFuture<BufferedImage> image = new CompletableFuture<>();
        Platform.runLater(() -> {
            try {
                image.complete(snapshot(root, w, h));
            } catch (RuntimeException | Error e) {
                image.completeExceptionally(e);
            }
        });
        try {
            write(image.get(60, TimeUnit.SECONDS), png);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IOException("interrupted while rendering the snapshot", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IOException("could not render the snapshot: " + e.getMessage(), e);
        }
    }

    /** Starts the JavaFX toolkit if nobody has (a CLI run has no Application). */
    public static void ensureToolkit() {
        try {
            Platform.startup(() -> { });
        } catch (IllegalStateException alreadyRunning) {
            // Started by an Application or a test framework: nothing to do.
        }
        Platform.setImplicitExit(false);
    }

    private static BufferedImage snapshot(Parent root, int w, int h) {
        Scene scene = root.getScene();
        if (scene == null) {
            scene = new Scene(root, w, h);
        } else {
            root.resize(w, h);
        }
        root.applyCss();
        root.resize(w, h);
        root.layout();
        WritableImage img = scene.snapshot(new WritableImage(w, h));
        return SwingFXUtils.fromFXImage(img, null);
    }

    private static void write(BufferedImage image, Path png) throws IOException {
        Path parent = png.toAbsolutePath().getParent();
        if (parent != null) Files.createDirectories(parent);
        if (!ImageIO.write(image, "png", png.toFile())) throw new IOException("no PNG writer available");
    }
}
