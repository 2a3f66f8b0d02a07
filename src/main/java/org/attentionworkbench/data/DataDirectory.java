package org.attentionworkbench.data;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Objects;
import java.util.regex.Pattern;

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

    /** Letters, digits, {@code -}, {@code _} and {@code .}, not starting with a dot; see {@link #requirePlainName}. */
    private static final Pattern PLAIN_NAME = Pattern.compile("[A-Za-z0-9_-][A-Za-z0-9._-]{0,127}");

    /**
     * The folder a dataset is unpacked into, {@code <root>/<name>}.
     *
     * @throws DatasetException if {@code name} is not a {@linkplain #requirePlainName plain name}: a
     *                          manifest's name must never reach a folder outside the data directory,
     *                          which {@code data get} would delete and replace
     */
    public Path datasetFolder(String name) throws DatasetException {
        return inside(root, requirePlainName("dataset name", name), "dataset name");
    }

    /** Whether the dataset was completely downloaded and unpacked here (false for a name that is not plain). */
    public boolean isPresent(String name) {
        if (!isPlainName(name)) {
            return false;
        }
        return Files.isRegularFile(root.resolve(name).resolve(COMPLETE_MARKER));
    }

    /**
     * Whether {@code name} can be used as one file or folder name: 1 to 128 letters, digits,
     * {@code -}, {@code _} and {@code .}; no separator, no {@code ..}, not starting with a dot (the
     * data directory's own {@code .downloads} and {@code .NAME.unpacking} folders start with one).
     */
    public static boolean isPlainName(String name) {
        return name != null && PLAIN_NAME.matcher(name).matches() && !name.contains("..");
    }

    /**
     * Returns {@code name} if it is a {@linkplain #isPlainName plain name}.
     *
     * @param what what the name is, for the message ({@code "dataset name"}, {@code "archive.file_name"})
     * @throws DatasetException naming the value and the rule
     */
    public static String requirePlainName(String what, String name) throws DatasetException {
        if (!isPlainName(name)) {
            throw new DatasetException(what + " \"" + printable(name) + "\" is not a plain name (use 1 to 128 "
                    + "letters, digits, '-', '_' and '.', not starting with '.', with no '/', '\\' or '..'); "
                    + "fix the manifest");
        }
        return name;
    }

    /**
     * {@code folder.resolve(relative)}, checked to stay inside {@code folder} after normalisation.
     *
     * @throws DatasetException if it leaves the folder (absolute, {@code ..}) or is not a valid path
     */
    static Path inside(Path folder, String relative, String what) throws DatasetException {
        Path base = folder.toAbsolutePath().normalize();
        Path resolved;
        try {
            resolved = base.resolve(relative).normalize();
        } catch (java.nio.file.InvalidPathException e) {
            throw new DatasetException(what + " \"" + printable(relative) + "\" is not a valid path; fix the manifest");
        }
        if (Path.of(relative).isAbsolute() || !resolved.startsWith(base)) {
            throw new DatasetException(what + " \"" + printable(relative) + "\" leads outside " + base
                    + "; fix the manifest (it must be a path inside that folder)");
        }
        return folder.resolve(relative).normalize();
    }

    /** The value with control characters shown as {@code ?}, so a hostile name cannot break the one-line message. */
    static String printable(String s) {
        if (s == null) {
            return "null";
        }
        String cut = s.length() > 200 ? s.substring(0, 200) + "..." : s;
        return cut.codePoints().map(c -> Character.isISOControl(c) ? '?' : c)
                .collect(StringBuilder::new, StringBuilder::appendCodePoint, StringBuilder::append).toString();
    }
}
