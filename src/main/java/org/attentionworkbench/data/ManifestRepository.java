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

import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectReader;

/**
 * The known dataset manifests. {@link #load()} prefers {@code datasets/} in the working directory (so
 * a manifest edited in a checkout is used at once) and falls back to the copy on the classpath under
 * {@code /datasets}, which the build puts into the jar.
 */
public final class ManifestRepository {

    /** Folder name, both in the working directory and on the classpath. */
    public static final String FOLDER = "datasets";

    /** Manifests are written by hand: a field the record does not know is a misspelling, refused. */
    private static final ObjectReader JSON = Json.strictReader(DatasetManifest.class);

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

    /**
     * Parses one manifest and checks the fields that become paths (see
     * {@link DatasetManifest#pathProblems()}): a manifest may come from anyone, and its name and file
     * names decide what {@code data get} writes and deletes, so an unsafe one is refused here, naming
     * its file, before any command can use it.
     */
    public static DatasetManifest parse(InputStream json, String source) throws IOException {
        DatasetManifest m;
        try {
            m = JSON.readValue(json);
        } catch (IOException e) {
            throw new DatasetException("cannot read dataset manifest " + source + ": "
                    + jsonProblem(e) + "; fix or remove the file", e);
        }
        if (m == null) {
            throw new DatasetException("cannot read dataset manifest " + source + ": it is empty; fix or remove the file");
        }
        List<String> unsafe = m.pathProblems();
        if (!unsafe.isEmpty()) {
            throw new DatasetException("refusing dataset manifest " + source + ": " + String.join("; ", unsafe)
                    + "; fix or remove the file");
        }
        return m;
    }

    /** Jackson's message without its multi-line source excerpt, with the line and column. */
    private static String jsonProblem(IOException e) {
        if (e instanceof JsonProcessingException j && j.getOriginalMessage() != null) {
            JsonLocation at = j.getLocation();
            String where = at == null || at.getLineNr() < 0 ? "" : " (line " + at.getLineNr() + ", column " + at.getColumnNr() + ")";
            return j.getOriginalMessage().replaceAll("\\s+", " ").strip() + where;
        }
        return String.valueOf(e.getMessage()).replaceAll("\\s+", " ").strip();
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
