package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.function.Function;

/**
 * Loads a dataset from a spec as typed on the command line or in the UI.
 *
 * <p>A spec is either a path or a manifest name with an optional split, {@code NAME[:SPLIT]}
 * ({@code imdb:test}, {@code sst2:train}, {@code sst5:dev}, {@code 20newsgroups:test}). It is resolved
 * in this order:
 * <ol>
 *   <li>If the whole spec is an existing file or folder, that path is read; its format is detected by
 *       {@link FormatDetector}.</li>
 *   <li>If the spec is {@code PATH:SPLIT} and {@code PATH} exists, the path is read with that split
 *       selected (an aclImdb root folder, or a CSV file with an {@code exp_split} column).</li>
 *   <li>Otherwise {@code NAME} must be a manifest name; {@code SPLIT} defaults to the manifest's
 *       {@code default_split}. Looked for, in order:
 *       <ol type="a">
 *         <li>the unpacked archive in the data directory, {@code <data dir>/<NAME>/<split path>}, if
 *             {@code workbench data get NAME} completed there (see {@link DataDirectory});</li>
 *         <li>the preprocessed file of the manifest's {@code preprocessed} section under the shared
 *             datasets folder ({@link #locateSharedDatasets}): the {@code WORKBENCH_SHARED_DATASETS}
 *             environment variable, else the {@code workbench.shared.datasets} system property, else
 *             the first {@code shared/datasets} folder beside or above the installation (the
 *             launcher's {@code basedir}, then the jar or classes folder: for a checkout that is the
 *             folder above the project), else in the working directory or its parent
 *             ({@code ../shared/datasets} from the project folder).</li>
 *       </ol>
 *       If neither exists the error says where it looked and to run {@code workbench data get NAME}.
 *   </li>
 * </ol>
 * Any spec may end in a selection ({@link DataSelection}): {@code +only-labels=A,B} keeps some classes,
 * {@code +strip-headers} removes Usenet headers ({@code 20newsgroups:test+only-labels=rec.sport.baseball,rec.sport.hockey}).
 * The manifest's class names are used for its data. Loaded datasets are named by the spec
 * ({@code imdb:test}) or, for paths, by the file name.
 */
public final class DatasetLoader {

    /** Environment variable naming the shared preprocessed datasets folder. */
    public static final String SHARED_ENV = "WORKBENCH_SHARED_DATASETS";
    /** System property naming the shared datasets folder (set by the test runner). */
    public static final String SHARED_PROPERTY = "workbench.shared.datasets";

    /** The folder of the shared preprocessed datasets, relative to a root it is looked for in. */
    static final Path SHARED_RELATIVE = Path.of("shared", "datasets");
    /** How many folders up from the installation {@code shared/datasets} is looked for. */
    static final int LEVELS_UP = 5;

    private final ManifestRepository manifests;
    private final DataDirectory dataDirectory;
    private final Path sharedDatasets;

    /**
     * @param manifests      the known manifests
     * @param dataDirectory  where {@code data get} unpacks archives
     * @param sharedDatasets the shared preprocessed datasets folder, or null for none
     */
    public DatasetLoader(ManifestRepository manifests, DataDirectory dataDirectory, Path sharedDatasets) {
        this.manifests = manifests;
        this.dataDirectory = dataDirectory;
        this.sharedDatasets = sharedDatasets;
    }

    /** A loader over the default manifests, data directory and shared folder (see class comment). */
    public static DatasetLoader withDefaults() throws IOException {
        return new DatasetLoader(ManifestRepository.load(), DataDirectory.resolve(null),
                defaultSharedDatasets(System.getenv()));
    }

    /** Loads {@code spec} strictly with the default locations. */
    public static Dataset load(String spec) throws IOException {
        return load(spec, ReadOptions.defaults());
    }

    /** Loads {@code spec} with {@code options} and the default locations. */
    public static Dataset load(String spec, ReadOptions options) throws IOException {
        return withDefaults().read(spec, options);
    }

    /**
     * The shared datasets folder of this process ({@link #locateSharedDatasets} with the system
     * properties, this class's jar or classes folder and the working directory); null when none.
     */
    public static Path defaultSharedDatasets(Map<String, String> env) {
        List<Path> installation = new ArrayList<>();
        String basedir = System.getProperty("basedir"); // set by the launcher script to its install folder
        if (basedir != null && !basedir.isBlank()) {
            installation.add(Path.of(basedir));
        }
        codeLocation().ifPresent(installation::add);
        return locateSharedDatasets(env, System::getProperty, installation, Path.of("").toAbsolutePath());
    }

    /**
     * Finds the shared datasets folder, first match wins: the {@value #SHARED_ENV} environment
     * variable, else the {@value #SHARED_PROPERTY} property (either, when set, is used alone: a
     * configured folder that does not exist is not replaced by a guess); else {@code shared/datasets}
     * in each installation folder or up to {@value #LEVELS_UP} folders above it; else in the working
     * directory or its parent ({@code ../shared/datasets} from the project folder). The installation comes before the working directory so that the
     * command line and the window find the same data wherever they are started.
     *
     * @param env          environment variables
     * @param properties   system properties by name (null when unset)
     * @param installation folders of the installation: the launcher's {@code basedir}, the jar or
     *                     classes folder
     * @param workingDir   the working directory
     * @return the folder (a configured one as it is, whether it exists or not), or null when none was found
     */
    public static Path locateSharedDatasets(Map<String, String> env, Function<String, String> properties,
                                            List<Path> installation, Path workingDir) {
        String configured = env.get(SHARED_ENV);
        if (configured == null || configured.isBlank()) {
            configured = properties.apply(SHARED_PROPERTY);
        }
        if (configured != null && !configured.isBlank()) {
            // Returned even when it is not a folder, so that a "not available" message names the
            // configured place rather than saying none was found beside the installation.
            return Path.of(configured);
        }
        for (Path root : installation) {
            Path found = sharedAbove(root, LEVELS_UP);
            if (found != null) return found;
        }
        // The working directory is not ours: only the project's own convention, ../shared/datasets
        // (or ./shared/datasets), so that a shared folder higher up (a /tmp/shared, say) is not guessed.
        return sharedAbove(workingDir, 1);
    }

    /** The first {@code shared/datasets} in {@code root} or up to {@code levels} folders above it, or null. */
    private static Path sharedAbove(Path root, int levels) {
        Path p = root.toAbsolutePath().normalize();
        for (int up = 0; p != null && up <= levels; up++, p = p.getParent()) {
            Path candidate = p.resolve(SHARED_RELATIVE);
            if (Files.isDirectory(candidate)) {
                return candidate;
            }
        }
        return null;
    }

    /** The jar or classes folder this class was loaded from, if the platform says. */
    private static Optional<Path> codeLocation() {
        try {
            java.security.CodeSource source = DatasetLoader.class.getProtectionDomain().getCodeSource();
            if (source == null || source.getLocation() == null) {
                return Optional.empty();
            }
            return Optional.of(Path.of(source.getLocation().toURI()));
        } catch (java.net.URISyntaxException | RuntimeException e) {
            return Optional.empty(); // not a file (a custom class loader): the other places still apply
        }
    }

    /** Resolves and reads {@code spec}; see the class comment for the order. */
    public Dataset read(String spec, ReadOptions options) throws IOException {
        if (spec == null || spec.isBlank()) {
            throw new DatasetException("empty dataset spec; give NAME[:SPLIT] (" + String.join(", ",
                    manifests.names()) + ") or a file path");
        }
        Optional<Path> whole = existing(spec);
        if (whole.isPresent()) {
            return readPath(whole.get(), options);
        }
        DataSelection selection = DataSelection.parse(spec);
        if (selection.selects()) {
            return selection.apply(read(selection.base(), options)).withName(spec);
        }
        int colon = spec.lastIndexOf(':');
        String name = colon > 0 ? spec.substring(0, colon) : spec;
        String split = colon > 0 ? spec.substring(colon + 1) : null;
        Optional<Path> prefix = colon > 0 ? existing(name) : Optional.empty();
        if (prefix.isPresent()) {
            return readPath(prefix.get(), options.withSplit(split)).withName(spec);
        }
        Optional<DatasetManifest> manifest = manifests.find(name);
        if (manifest.isEmpty()) {
            throw new DatasetException("no such file or dataset: " + spec + " (known datasets: "
                    + String.join(", ", manifests.names()) + ")");
        }
        return readManifest(manifest.get(), split, options);
    }

    /** Reads a file or folder, detecting its format. */
    public Dataset readPath(Path path, ReadOptions options) throws IOException {
        DatasetFormat format = FormatDetector.detect(path);
        return format.reader().read(path, options);
    }

    private Dataset readManifest(DatasetManifest m, String requestedSplit, ReadOptions options) throws IOException {
        String split = requestedSplit == null || requestedSplit.isEmpty() ? m.defaultSplit() : requestedSplit;
        DatasetManifest.SplitFile inArchive = m.splits().get(split);
        if (inArchive == null) {
            throw new DatasetException("dataset " + m.name() + " has no split \"" + split + "\" (splits: "
                    + String.join(", ", new TreeSet<>(m.splits().keySet())) + ")");
        }
        ReadOptions withNames = options.labelNames().isEmpty() ? options.withLabelNames(m.labels()) : options;
        String display = m.name() + ":" + split;
        List<Path> looked = new ArrayList<>();

        // Paths from a manifest are checked to stay inside their folder: a manifest may come from anyone.
        Path unpacked = DataDirectory.inside(dataDirectory.datasetFolder(m.name()), inArchive.path(),
                "splits." + split + ".path");
        looked.add(unpacked);
        if (dataDirectory.isPresent(m.name()) && Files.exists(unpacked)) {
            return inArchive.datasetFormat().reader().read(unpacked, withNames).withName(display);
        }
        DatasetManifest.SplitFile pre = m.preprocessed().get(split);
        String shared = "";
        if (pre != null && sharedDatasets != null) {
            Path file = DataDirectory.inside(sharedDatasets, pre.path(), "preprocessed." + split + ".path");
            looked.add(file);
            if (Files.exists(file)) {
                return pre.datasetFormat().reader().read(file, withNames).withName(display);
            }
            shared = Files.isDirectory(sharedDatasets)
                    ? ", or set " + SHARED_ENV + " to the folder that holds " + pre.path()
                    : ", or set " + SHARED_ENV + " to the shared datasets folder that holds " + pre.path() + " ("
                            + sharedDatasets + ", configured, is not a folder)";
        } else if (pre != null) {
            shared = ", or set " + SHARED_ENV + " to the shared datasets folder that holds " + pre.path()
                    + " (none was found beside the installation or the working directory)";
        }
        throw new DatasetException("dataset " + display + " is not available locally (looked in "
                + String.join(", ", looked.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList())
                + "); run `workbench data get " + m.name() + "`" + shared);
    }

    private static Optional<Path> existing(String candidate) {
        try {
            Path p = Path.of(candidate);
            return Files.exists(p) ? Optional.of(p) : Optional.empty();
        } catch (InvalidPathException e) {
            return Optional.empty();
        }
    }
}
