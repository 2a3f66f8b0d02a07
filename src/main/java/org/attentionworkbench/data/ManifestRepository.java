package org.attentionworkbench.data;

import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.URL;
import java.nio.file.FileSystem;
import java.nio.file.FileSystemNotFoundException;
import java.nio.file.FileSystems;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The known dataset manifests. {@link #load()} prefers {@code datasets/} in the working directory (so
 * a manifest edited in a checkout is used at once) and falls back to the copy on the classpath under
 * {@code /datasets}, which the build puts into the jar.
 */
public final class ManifestRepository {

    /** Folder name, both in the working directory and on the classpath. */
    public static final String FOLDER = "datasets";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final List<DatasetManifest> manifests;

    private ManifestRepository(List<DatasetManifest> manifests) {
        this.manifests = manifests.stream().sorted(Comparator.comparing(DatasetManifest::name)).toList();
    }

    /** Manifests from {@code ./datasets} when it holds any, else from the classpath. */
    public static ManifestRepository load() throws IOException {
        Path local = Path.of(FOLDER);
        if (Files.isDirectory(local)) {
            ManifestRepository repo = fromDirectory(local);
            if (!repo.all().isEmpty()) {
                return repo;
            }
        }
        return fromClasspath();
    }

    /** Every {@code *.json} in {@code folder}. */
    public static ManifestRepository fromDirectory(Path folder) throws IOException {
        List<Path> files;
        try (Stream<Path> list = Files.list(folder)) {
            files = list.filter(p -> p.getFileName().toString().endsWith(".json")).sorted().toList();
        }
        List<DatasetManifest> out = new ArrayList<>();
        for (Path f : files) {
            try (InputStream in = Files.newInputStream(f)) {
                out.add(parse(in, f.toString()));
            }
        }
        return new ManifestRepository(out);
    }

    /** Every {@code /datasets/*.json} on the classpath (a folder or inside a jar). */
    public static ManifestRepository fromClasspath() throws IOException {
        URL url = ManifestRepository.class.getClassLoader().getResource(FOLDER);
        if (url == null) {
            return new ManifestRepository(List.of());
        }
        URI uri;
        try {
            uri = url.toURI();
        } catch (URISyntaxException e) {
            throw new IOException("bad classpath URL " + url, e);
        }
        if ("jar".equals(uri.getScheme())) {
            FileSystem fs;
            try {
                fs = FileSystems.getFileSystem(uri);
            } catch (FileSystemNotFoundException e) {
                fs = FileSystems.newFileSystem(uri, Map.of());
            }
            return fromDirectory(fs.getPath("/" + FOLDER));
        }
        return fromDirectory(Path.of(uri));
    }

    /** Parses one manifest. */
    public static DatasetManifest parse(InputStream json, String source) throws IOException {
        try {
            return JSON.readValue(json, DatasetManifest.class);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset manifest " + source + ": " + e.getMessage(), e);
        }
    }

    /** All manifests, sorted by name. */
    public List<DatasetManifest> all() {
        return manifests;
    }

    /** The manifest with this name (case-sensitive). */
    public Optional<DatasetManifest> find(String name) {
        return manifests.stream().filter(m -> m.name().equals(name)).findFirst();
    }

    /** The names, sorted. */
    public List<String> names() {
        return manifests.stream().map(DatasetManifest::name).toList();
    }
}
