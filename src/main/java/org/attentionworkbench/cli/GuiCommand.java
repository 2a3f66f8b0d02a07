package org.attentionworkbench.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.ui.WorkbenchLauncher;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code workbench gui}: opens the window (also what {@code workbench} alone does). */
@Command(name = "gui", description = "Open the window (the default without arguments).",
        mixinStandardHelpOptions = true)
final class GuiCommand implements Callable<Integer> {

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL",
            description = "Model to open: a shipped model's name or a path to a .zip archive.")
    String model;

    @Override
    public Integer call() {
        // Resolve before the window opens so that a typo is a one-line error, not an empty window.
        Path archive = model == null ? null : ModelCatalog.fromEnvironment().resolve(model);
        WorkbenchLauncher.launch(archive);
        return 0;
    }
}
