package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.ModelExport;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code workbench export}: a model as safetensors + vocabulary + config, for PyTorch (docs/import.md). */
@Command(name = "export", mixinStandardHelpOptions = true,
        description = "Write a model's weights as safetensors, with its vocabulary and config beside them.")
final class ExportCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", required = true,
            description = "A shipped model's name, a path to a .zip archive, or a bundle's NAME.safetensors (NAME.vocab.txt and"
                    + " NAME.config.json beside it; docs/import.md).")
    String model;

    @Option(names = {"-o", "--out"}, paramLabel = "FILE.safetensors", required = true,
            description = "The weights file to write; FILE.vocab.txt and FILE.config.json are written beside it.")
    Path out;

    @Option(names = "--force", description = "Replace the three files if they exist (default: refuse).")
    boolean force;

    @Override
    public Integer call() throws IOException {
        ModelExport.Bundle bundle = ModelExport.Bundle.of(out); // the name is checked before the model is loaded
        ExistingOutput.refuseUnlessForced(force, bundle.weights(), bundle.vocab(), bundle.config());
        AttentionModel m = ModelLoader.load(ModelCatalog.fromEnvironment().resolve(model));
        ModelExport.Bundle b = ModelExport.write(m, out);
        PrintWriter w = spec.commandLine().getOut();
        w.println("exported " + m.name() + " to " + b.weights() + " (with " + b.vocab().getFileName() + " and "
                + b.config().getFileName() + ")");
        w.flush();
        return 0;
    }
}
