package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.ModelImport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench import}: a model trained elsewhere (a safetensors file, its vocabulary and a
 * CONFIG.json naming the layout) as a workbench archive (docs/import.md).
 */
@Command(name = "import", mixinStandardHelpOptions = true,
        description = "Turn safetensors weights, a vocabulary and a config into a model archive.")
final class ImportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-w", "--weights"}, paramLabel = "FILE.safetensors", required = true,
            description = "The weights (a PyTorch state dict saved with safetensors).")
    Path weights;

    @Option(names = "--vocab", paramLabel = "VOCAB.txt", required = true,
            description = "One token per line in id order; lines 1 and 2 are padding and the unknown word.")
    Path vocab;

    @Option(names = {"-c", "--config"}, paramLabel = "CONFIG.json", required = true,
            description = "The layout (workbench, jain-wallace, or pytorch with a map of module names), labels and other settings (docs/import.md).")
    Path config;

    @Option(names = {"-o", "--out"}, paramLabel = "NAME.zip", required = true,
            description = "The model archive to write (e.g. models/NAME.zip).")
    Path out;

    @Option(names = "--force", description = "Replace the archive if it exists (default: refuse).")
    boolean force;

    @Override
    public Integer call() {
        String file = out.getFileName() == null ? "" : out.getFileName().toString();
        if (!file.endsWith(".zip") || file.length() == 4) {
            throw new UserException("--out must name a .zip archive, not '" + out + "'");
        }
        ExistingOutput.refuseUnlessForced(force, out);
        ModelImport.Imported imported = ModelImport.read(weights, vocab, config, file.substring(0, file.length() - 4));
        imported.model().save(out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("imported " + weights.getFileName() + " (" + imported.layout() + " layout, "
                + imported.model().vocabulary().size() + " words, classes " + String.join("/", imported.model().labels())
                + ") as " + out);
        w.flush();
        return 0;
    }
}
