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
 *             datasets folder: the {@code WORKBENCH_SHARED_DATASETS} environment variable, else the
 *             {@code workbench.shared.datasets} system property, else {@code ../shared/datasets}
 *             relative to the working directory.</li>
 *       </ol>
 *       If neither exists the error says where it looked and to run {@code workbench data get NAME}.
 *   </li>
 * </ol>
 * The manifest's class names are used for its data. Loaded datasets are named by the spec
 * ({@code imdb:test}) or, for paths, by the file name.
 */
public final class DatasetLoader {

    /** Environment variable naming the shared preprocessed datasets folder. */
    public static final String SHARED_ENV = "WORKBENCH_SHARED_DATASETS";
    /** System property naming the shared datasets folder (set by the test runner). */
    public static final String SHARED_PROPERTY = "workbench.shared.datasets";

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
     * The shared datasets folder: {@code WORKBENCH_SHARED_DATASETS}, else the
     * {@code workbench.shared.datasets} property, else {@code ../shared/datasets}; null when the chosen
     * folder does not exist.
     */
    public static Path defaultSharedDatasets(Map<String, String> env) {
        String configured = env.get(SHARED_ENV);
        if (configured == null || configured.isBlank()) {
            configured = System.getProperty(SHARED_PROPERTY);
        }
        Path dir = Path.of(configured == null || configured.isBlank() ? "../shared/datasets" : configured);
        return Files.isDirectory(dir) ? dir : null;
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

        Path unpacked = dataDirectory.datasetFolder(m.name()).resolve(inArchive.path());
        looked.add(unpacked);
        if (dataDirectory.isPresent(m.name()) && Files.exists(unpacked)) {
            return inArchive.datasetFormat().reader().read(unpacked, withNames).withName(display);
        }
        DatasetManifest.SplitFile pre = m.preprocessed().get(split);
        if (pre != null && sharedDatasets != null) {
            Path file = sharedDatasets.resolve(pre.path());
            looked.add(file);
            if (Files.exists(file)) {
                return pre.datasetFormat().reader().read(file, withNames).withName(display);
            }
        }
        throw new DatasetException("dataset " + display + " is not available locally (looked in "
                + String.join(", ", looked.stream().map(p -> p.toAbsolutePath().normalize().toString()).toList())
                + "); run `workbench data get " + m.name() + "`");
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
