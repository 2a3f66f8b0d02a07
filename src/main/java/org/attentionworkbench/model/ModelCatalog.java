package org.attentionworkbench.model;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Stream;

/**
 * The models shipped with the workbench: the {@code *.zip} archives of one models directory, each
 * with its card (read without loading weights). Pure Java; used by the CLI and the window alike.
 *
 * <p>The directory is found by {@link #locate}, first match wins:
 * <ol>
 *   <li>system property {@value #PROPERTY},</li>
 *   <li>environment variable {@value #ENV},</li>
 *   <li>{@code models/} in the working directory,</li>
 *   <li>{@code ${basedir}/../../models}, where the appassembler launcher sets {@code basedir} to
 *       {@code target/workbench} (so a launcher run from anywhere finds the project's models).</li>
 * </ol>
 */
public final class ModelCatalog {

    /** System property naming the models directory. */
    public static final String PROPERTY = "workbench.models.dir";
    /** Environment variable naming the models directory. */
    public static final String ENV = "WORKBENCH_MODELS";
    /** The model the window opens first when it is shipped. */
    public static final String DEFAULT_MODEL = "imdb-bilstm";

    private final Optional<Path> directory;
    private final List<Entry> entries;
    private final List<Skipped> skipped;

    /**
     * A readable archive of the catalog.
     *
     * @param name      the file name without {@code .zip}, which is what users type
     * @param path      the archive
     * @param card      its model card
     * @param sizeBytes size on disk
     */
    public record Entry(String name, Path path, ModelCard card, long sizeBytes) {
        public Entry {
            Objects.requireNonNull(name, "name");
            Objects.requireNonNull(path, "path");
            Objects.requireNonNull(card, "card");
        }
    }

    /** An archive that was left out, and why (a user-facing reason). */
    public record Skipped(Path path, String reason) { }

    private ModelCatalog(Optional<Path> directory, List<Entry> entries, List<Skipped> skipped) {
        this.directory = directory;
        this.entries = List.copyOf(entries);
        this.skipped = List.copyOf(skipped);
    }

    /** The catalog of the models directory found from this process's properties and environment. */
    public static ModelCatalog fromEnvironment() {
        Optional<Path> dir = locate(System::getProperty, System.getenv(), Path.of("").toAbsolutePath());
        return dir.map(ModelCatalog::of).orElseGet(ModelCatalog::empty);
    }

    /** A catalog without a directory (nothing shipped was found). */
    public static ModelCatalog empty() {
        return new ModelCatalog(Optional.empty(), List.of(), List.of());
    }

    /** The catalog of {@code directory}, cards read by {@link ModelArchive#readCard}. */
    public static ModelCatalog of(Path directory) {
        return of(directory, ModelArchive::readCard);
    }

    /**
     * The catalog of {@code directory} with a given card reader (tests use a fake one). Archives
     * whose card cannot be read are {@linkplain #skipped() skipped} with the reader's message.
     */
    public static ModelCatalog of(Path directory, Function<Path, ModelCard> cardReader) {
        List<Entry> entries = new ArrayList<>();
        List<Skipped> skipped = new ArrayList<>();
        List<Path> zips;
        try (Stream<Path> files = Files.list(directory)) {
            zips = files.filter(p -> p.getFileName().toString().toLowerCase(Locale.ROOT).endsWith(".zip"))
                    .filter(Files::isRegularFile)
                    .sorted(Comparator.comparing(p -> p.getFileName().toString()))
                    .toList();
        } catch (IOException e) {
            return new ModelCatalog(Optional.of(directory), List.of(),
                    List.of(new Skipped(directory, "cannot list the directory: " + e.getMessage())));
        }
        for (Path zip : zips) {
            try {
                entries.add(new Entry(nameOf(zip), zip, cardReader.apply(zip), Files.size(zip)));
            } catch (ModelArchiveException e) {
                skipped.add(new Skipped(zip, e.getMessage()));
            } catch (IOException | RuntimeException e) {
                // A broken archive must not hide the good ones; say what was wrong and go on.
                skipped.add(new Skipped(zip, "unreadable: " + e));
            }
        }
        return new ModelCatalog(Optional.of(directory), entries, skipped);
    }

    /**
     * Finds the models directory (see the class comment for the order).
     *
     * @param properties system properties (by name; null when unset)
     * @param env        environment variables
     * @param workingDir the working directory
     * @return the first candidate that is a directory, or empty
     */
    public static Optional<Path> locate(Function<String, String> properties, Map<String, String> env,
                                        Path workingDir) {
        List<Path> candidates = new ArrayList<>();
        String prop = properties.apply(PROPERTY);
        if (prop != null && !prop.isBlank()) candidates.add(Path.of(prop));
        String envDir = env.get(ENV);
        if (envDir != null && !envDir.isBlank()) candidates.add(Path.of(envDir));
        candidates.add(workingDir.resolve("models"));
        String basedir = properties.apply("basedir");
        if (basedir != null && !basedir.isBlank()) candidates.add(Path.of(basedir).resolve("../../models"));
        return candidates.stream().filter(Files::isDirectory).map(p -> p.toAbsolutePath().normalize()).findFirst();
    }

    /** The file name without {@code .zip}. */
    static String nameOf(Path zip) {
        String f = zip.getFileName().toString();
        for (String ext : new String[] {".zip", ".safetensors"}) {
            if (f.endsWith(ext)) return f.substring(0, f.length() - ext.length());
        }
        return f;
    }

    /** The models directory, if one was found. */
    public Optional<Path> directory() {
        return directory;
    }

    /** The readable archives, by file name. */
    public List<Entry> entries() {
        return entries;
    }

    /** The archives left out, with reasons. */
    public List<Skipped> skipped() {
        return skipped;
    }

    /** The entry whose file name (without .zip) or card name is {@code name}. */
    public Optional<Entry> find(String name) {
        return entries.stream().filter(e -> e.name().equals(name)).findFirst()
                .or(() -> entries.stream().filter(e -> name.equals(e.card().name())).findFirst());
    }

    /**
     * The counterfactual twins of a model (docs/methods.md section 8): the archives whose card
     * names {@code baseName} as its base, in file-name order (seeds together).
     */
    public List<Entry> twinsOf(String baseName) {
        return entries.stream().filter(e -> baseName.equals(e.card().baseModel())).toList();
    }

    /** The models that have twins here: the bases a Twins view or a twins audit can start from. */
    public List<Entry> bases() {
        java.util.Set<String> named = new java.util.HashSet<>();
        for (Entry e : entries) if (e.card().baseModel() != null) named.add(e.card().baseModel());
        return entries.stream().filter(e -> named.contains(e.card().name())).toList();
    }

    /** {@value #DEFAULT_MODEL} when shipped, else the first readable archive. */
    public Optional<Entry> defaultEntry() {
        return find(DEFAULT_MODEL).or(() -> entries.stream().findFirst());
    }

    /**
     * Resolves what a user typed for {@code --model}: the name of a shipped model or a path to an
     * archive or a safetensors bundle's weights. Something that looks like a path (has a separator or
     * ends in .zip or .safetensors) is a path.
     *
     * @throws ModelArchiveException with a user-facing message if there is no such model or file
     */
    public Path resolve(String nameOrPath) {
        Objects.requireNonNull(nameOrPath, "nameOrPath");
        Optional<Entry> shipped = find(nameOrPath);
        if (shipped.isPresent()) return shipped.get().path();
        boolean looksLikePath = nameOrPath.contains("/") || nameOrPath.contains("\\")
                || nameOrPath.toLowerCase(Locale.ROOT).endsWith(".zip")
                || nameOrPath.toLowerCase(Locale.ROOT).endsWith(".safetensors");
        Path path = Path.of(nameOrPath);
        if (Files.isRegularFile(path)) return path;
        if (Files.isDirectory(path)) {
            throw new ModelArchiveException(path.toAbsolutePath() + " is a folder, not a model archive (a .zip or NAME.safetensors)");
        }
        if (looksLikePath) throw new ModelArchiveException("model file not found: " + path.toAbsolutePath());
        throw new ModelArchiveException("no shipped model named '" + nameOrPath + "' ("
                + (entries.isEmpty() ? describeNone() : available()) + ")");
    }

    /**
     * The models to offer in a one-line message: the trained ones by name, the counterfactual twins
     * counted (with 21 archives the whole list made a message of 450 characters).
     */
    private String available() {
        List<String> originals = entries.stream().filter(e -> e.card().baseModel() == null).map(Entry::name).toList();
        int twins = entries.size() - originals.size();
        return "available: " + String.join(", ", originals)
                + (twins == 0 ? "" : ", and " + twins + " counterfactual twin" + (twins == 1 ? "" : "s"))
                + "; workbench models lists them all";
    }

    /**
     * The catalog's entry for {@code archive} if it lists it, else a new entry with the archive's
     * card (for a model opened from outside the models directory).
     *
     * @throws ModelArchiveException if the file is missing or its card cannot be read
     */
    public Entry entryFor(Path archive) {
        Path normal = archive.toAbsolutePath().normalize();
        for (Entry e : entries) {
            if (e.path().toAbsolutePath().normalize().equals(normal)) return e;
        }
        if (Files.isDirectory(archive)) {
            throw new ModelArchiveException(normal + " is a folder, not a model archive (a .zip or NAME.safetensors)");
        }
        if (!Files.isRegularFile(archive)) throw new ModelArchiveException("model file not found: " + normal);
        long size;
        try {
            size = Files.size(archive);
        } catch (IOException e) {
            throw new ModelArchiveException("cannot read " + normal + ": " + e.getMessage(), e);
        }
        ModelCard card = ModelLoader.isBundle(archive) ? ModelLoader.importBundle(archive).card()
                : ModelArchive.readCard(archive);
        return new Entry(nameOf(archive), archive, card, size);
    }

    /** Names of the readable archives. */
    public List<String> names() {
        return entries.stream().map(Entry::name).toList();
    }

    private String describeNone() {
        return directory.map(d -> "no readable models in " + d)
                .orElse("no models directory found; set -D" + PROPERTY + " or " + ENV);
    }

    /** A one-line explanation of why the catalog is empty, for the CLI and the window. */
    public String emptyReason() {
        return describeNone();
    }
}
