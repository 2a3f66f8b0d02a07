package org.attentionworkbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.WorkbenchLauncher;
import org.attentionworkbench.ui.SnapshotRenderer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code workbench gui}: opens the window (also what {@code workbench} alone does). */
@Command(name = "gui", description = "Open the window (the default without arguments).",
        mixinStandardHelpOptions = true)
final class GuiCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Model to open: a shipped model's name, a path to a .zip archive, or a bundle's NAME.safetensors"
                    + " (NAME.vocab.txt and NAME.config.json beside it) (default: the model"
                    + " open last, else imdb-bilstm).")
    String model;

    @Mixin
    GuiSnapshotOptions snapshot = new GuiSnapshotOptions();

    @Override
    public Integer call() throws Exception {
        // Resolve before the window opens so that a typo is a one-line error, not an empty window.
        Path archive = model == null ? null : ModelCatalog.fromEnvironment().resolve(model);
        boolean display = HeadlessDisplay.available();
        if (snapshot.requested()) {
            snapshot.validate();
            // Without a display, render with JavaFX's headless platform instead of failing with
            // "Unable to open DISPLAY": snapshots work on a server and in CI.
            if (!display) HeadlessDisplay.useMonocle();
            String text = snapshot.documentText();
            // A blank text has no tokens for any model: say so before the toolkit and the model
            // start (the renderer refuses any other text the model finds no tokens in).
            if (text == null || text.isBlank()) throw new UserException(SnapshotRenderer.NO_TOKENS);
            SnapshotRenderer.render(archive, text, snapshot.width(), snapshot.height(), snapshot.output(), snapshot.tab());
            System.out.println("wrote " + snapshot.output());
            // The FX toolkit keeps non-daemon threads alive: leave explicitly.
            SnapshotRenderer.shutDown();
            return 0;
        }
        if (!display) {
            throw new UserException("the window needs a display (DISPLAY and WAYLAND_DISPLAY are not set); "
                    + "--snapshot PNG renders without one");
        }
        WorkbenchLauncher.launch(archive);
        return 0;
    }
}
