package org.attentionworkbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;

/**
 * Where {@code workbench data get} unpacks datasets: {@code <root>/<name>/}, with a marker file once an
 * archive is completely unpacked, so a half-finished download is never taken for data.
 *
 * @param root the data directory
 */
public record DataDirectory(Path root) {

    /** Environment variable naming the data directory. */
    public static final String ENV = "WORKBENCH_DATA";
    /** Written into a dataset folder after a complete, verified unpack. */
    public static final String COMPLETE_MARKER = ".complete";

    public DataDirectory {
        Objects.requireNonNull(root, "root");
    }

    /**
     * The data directory: {@code override} (the {@code --data-dir} option) if given, else the
     * {@code WORKBENCH_DATA} environment variable, else {@code ~/.attention-workbench/data}.
     */
    public static DataDirectory resolve(Path override) {
        return resolve(override, System.getenv());
    }

    /** As {@link #resolve(Path)} with an explicit environment (for tests). */
    public static DataDirectory resolve(Path override, Map<String, String> env) {
        if (override != null) {
            return new DataDirectory(override);
        }
        String fromEnv = env.get(ENV);
        if (fromEnv != null && !fromEnv.isBlank()) {
            return new DataDirectory(Path.of(fromEnv));
        }
        return new DataDirectory(Path.of(System.getProperty("user.home"), ".attention-workbench", "data"));
    }

    /** The folder a dataset is unpacked into. */
    public Path datasetFolder(String name) {
        return root.resolve(name);
    }

    /** Whether the dataset was completely downloaded and unpacked here. */
    public boolean isPresent(String name) {
        return Files.isRegularFile(datasetFolder(name).resolve(COMPLETE_MARKER));
    }
}
