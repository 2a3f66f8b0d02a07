package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;

import org.attentionworkbench.data.DataDirectory;
import org.attentionworkbench.data.DataFetcher;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.data.DatasetManifest;
import org.attentionworkbench.data.ManifestRepository;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code workbench data}: lists the known datasets and downloads them from their official addresses.
 * Errors are printed as one line on stderr with a non-zero exit code, never as a stack trace.
 */
@Command(name = "data", mixinStandardHelpOptions = true,
        description = "List and download datasets (manifests in datasets/).",
        subcommands = {DataCommand.ListCommand.class, DataCommand.GetCommand.class})
public final class DataCommand implements Callable<Integer> {

    /** Exit code of a failed command. */
    static final int FAILED = 1;

    @Spec
    CommandSpec spec;

    /** Without a subcommand, show the usage. */
    @Override
    public Integer call() {
        spec.commandLine().usage(spec.commandLine().getOut());
        return 0;
    }

    /** Options shared by the subcommands. */
    static class Locations {
        @Option(names = "--data-dir", paramLabel = "DIR",
                description = "Data directory (default: $WORKBENCH_DATA, else ~/.attention-workbench/data).")
        Path dataDir;

        @Option(names = "--manifests", paramLabel = "DIR",
                description = "Read manifests from DIR instead of ./datasets or the built-in copies.")
        Path manifests;

        ManifestRepository repository() throws IOException {
            return manifests != null ? ManifestRepository.fromDirectory(manifests) : ManifestRepository.load();
        }

        DataDirectory dataDirectory() {
            return DataDirectory.resolve(dataDir);
        }
    }

    /** {@code data list}: every manifest and whether it is available here. */
    @Command(name = "list", mixinStandardHelpOptions = true,
            description = "List the known datasets and whether each is present locally.")
    static final class ListCommand implements Callable<Integer> {

        @CommandLine.Mixin
        Locations locations = new Locations();

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            try {
                DataDirectory dir = locations.dataDirectory();
                Path shared = DatasetLoader.defaultSharedDatasets(System.getenv());
                List<DatasetManifest> all = locations.repository().all();
                if (all.isEmpty()) {
                    spec.commandLine().getErr().println("workbench data list: no dataset manifests found");
                    return FAILED;
                }
                out.printf("%-14s %-26s %-18s %s%n", "NAME", "STATUS", "SPLITS", "TITLE");
                for (DatasetManifest m : all) {
                    out.printf("%-14s %-26s %-18s %s%n", m.name(), status(m, dir, shared),
                            String.join(",", m.splits().keySet().stream().sorted().toList()), m.title());
                }
                out.println("data directory: " + dir.root().toAbsolutePath().normalize()
                        + (shared != null ? "   shared preprocessed copies: " + shared.toAbsolutePath().normalize() : ""));
                out.flush();
                return 0;
            } catch (IOException | RuntimeException e) {
                return fail(spec, "list", e);
            }
        }

        private static String status(DatasetManifest m, DataDirectory dir, Path shared) {
            if (dir.isPresent(m.name())) {
                return "downloaded";
            }
            if (shared != null && !m.preprocessed().isEmpty()
                    && m.preprocessed().values().stream().allMatch(f -> Files.exists(shared.resolve(f.path())))) {
                return "shared copy (preprocessed)";
            }
            return "not downloaded";
        }
    }

    /** {@code data get NAME}: download, verify and unpack one dataset. */
    @Command(name = "get", mixinStandardHelpOptions = true,
            description = "Download a dataset from its official address, check its checksum and unpack it.")
    static final class GetCommand implements Callable<Integer> {

        @Parameters(paramLabel = "NAME", description = "Dataset name, as shown by `data list`.")
        String name;

        @CommandLine.Mixin
        Locations locations = new Locations();

        @Option(names = "--from", paramLabel = "URL",
                description = "Download from this mirror instead; the manifest's checksums still apply.")
        URI from;

        @Option(names = "--force", description = "Download again even if the dataset is already present.")
        boolean force;

        @Spec
        CommandSpec spec;

        @Override
        public Integer call() {
            PrintWriter out = spec.commandLine().getOut();
            PrintWriter err = spec.commandLine().getErr();
            ProgressBar bar = new ProgressBar(err, true);
            try {
                ManifestRepository repo = locations.repository();
                Optional<DatasetManifest> manifest = repo.find(name);
                if (manifest.isEmpty()) {
                    err.println("workbench data get: unknown dataset \"" + name + "\" (known: "
                            + String.join(", ", repo.names()) + ")");
                    return FAILED;
                }
                DataDirectory dir = locations.dataDirectory();
                if (dir.isPresent(name) && !force) {
                    out.println(name + " is already present in " + dir.datasetFolder(name).toAbsolutePath()
                            + " (use --force to download it again)");
                    return 0;
                }
                DatasetManifest m = manifest.get();
                err.println("downloading " + (from != null ? from : m.archive().url()));
                err.flush();
                DataFetcher.FetchResult r;
                try {
                    r = new DataFetcher().fetch(m, dir, from, bar.downloads());
                } finally {
                    bar.finish();
                }
                out.printf("%s: %d files unpacked into %s%n", name, r.files(), r.folder().toAbsolutePath());
                if (r.verified()) {
                    out.println("sha256 " + r.sha256() + " (matches the manifest)");
                } else {
                    out.println("sha256 " + r.sha256() + " (NOT verified: the manifest has no sha256; "
                            + "record this value in datasets/" + name + ".json once checked)");
                }
                out.flush();
                return 0;
            } catch (IOException | RuntimeException e) {
                return fail(spec, "get", e);
            }
        }
    }

    /** Prints one line for the user; the message of our exceptions is written for them. */
    static int fail(CommandSpec spec, String subcommand, Exception e) {
        String msg = e.getMessage() == null || e.getMessage().isBlank() ? e.getClass().getSimpleName() : e.getMessage();
        spec.commandLine().getErr().println("workbench data " + subcommand + ": " + msg.replace('\n', ' '));
        spec.commandLine().getErr().flush();
        return FAILED;
    }
}
