package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import com.fasterxml.jackson.annotation.JsonProperty;

/**
 * A dataset's manifest from {@code datasets/<name>.json}: where the official archive is, how to check
 * it, what is inside and how to read each split. Manifests never contain corpus text.
 *
 * @param name          the name used on the command line ({@code imdb}, {@code sst2}, ...)
 * @param title         human-readable title
 * @param description   one paragraph
 * @param homepage      the dataset's official page
 * @param archive       the official download
 * @param labels        class names in class-index order
 * @param defaultSplit  the split used when a spec names none
 * @param splits        split name to its file or folder inside the unpacked archive
 * @param preprocessed  split name to the preprocessed file under the shared datasets folder (used
 *                      when the archive has not been downloaded); may be empty
 * @param expectedRows  split name to its number of documents (for checks and for {@code data list})
 * @param license       terms as far as known
 * @param citation      the reference to cite
 */
public record DatasetManifest(
        @JsonProperty("name") String name,
        @JsonProperty("title") String title,
        @JsonProperty("description") String description,
        @JsonProperty("homepage") String homepage,
        @JsonProperty("archive") Archive archive,
        @JsonProperty("labels") List<String> labels,
        @JsonProperty("default_split") String defaultSplit,
        @JsonProperty("splits") Map<String, SplitFile> splits,
        @JsonProperty("preprocessed") Map<String, SplitFile> preprocessed,
        @JsonProperty("expected_rows") Map<String, Integer> expectedRows,
        @JsonProperty("license") String license,
        @JsonProperty("citation") String citation) {

    public DatasetManifest {
        labels = labels == null ? List.of() : List.copyOf(labels);
        splits = splits == null ? Map.of() : Map.copyOf(splits);
        preprocessed = preprocessed == null ? Map.of() : Map.copyOf(preprocessed);
        expectedRows = expectedRows == null ? Map.of() : Map.copyOf(expectedRows);
    }

    /**
     * The official archive.
     *
     * @param url            download address (HTTPS where the host offers it)
     * @param fileName       the archive's file name
     * @param format         {@code tar.gz} or {@code zip}
     * @param sha256         expected SHA-256 (lower-case hex), or null when not known
     * @param md5            expected MD5 as published elsewhere, or null; checked too when given
     * @param sizeBytes      expected size, or null when not known
     * @param sha256Verified whether this project checked the sha256 against a download itself
     * @param note           where the checksums come from and anything a maintainer should know
     */
    public record Archive(
            @JsonProperty("url") String url,
            @JsonProperty("file_name") String fileName,
            @JsonProperty("format") String format,
            @JsonProperty("sha256") String sha256,
            @JsonProperty("md5") String md5,
            @JsonProperty("size_bytes") Long sizeBytes,
            @JsonProperty("sha256_verified") boolean sha256Verified,
            @JsonProperty("note") String note) {
    }

    /**
     * One split's data.
     *
     * @param path   relative path (inside the unpacked archive, or under the shared datasets folder)
     * @param format a {@link DatasetFormat#id()}
     */
    public record SplitFile(@JsonProperty("path") String path, @JsonProperty("format") String format) {

        /** The format as an enum. */
        public DatasetFormat datasetFormat() {
            return DatasetFormat.fromId(format);
        }
    }

    /**
     * What is missing or inconsistent in this manifest; empty when it is complete. A sha256 may be
     * absent only when the note says so and {@code sha256_verified} is false.
     */
    public List<String> problems() {
        List<String> p = new ArrayList<>(pathProblems());
        require(p, name, "name");
        require(p, title, "title");
        require(p, homepage, "homepage");
        require(p, citation, "citation");
        if (archive == null) {
            p.add("archive missing");
        } else {
            require(p, archive.url(), "archive.url");
            require(p, archive.fileName(), "archive.file_name");
            if (archive.url() != null && !archive.url().matches("https?://.+")) {
                p.add("archive.url is not http(s): " + archive.url());
            }
            if (!"tar.gz".equals(archive.format()) && !"zip".equals(archive.format())) {
                p.add("archive.format must be tar.gz or zip, got " + archive.format());
            }
            if (archive.sha256() != null && !archive.sha256().matches("[0-9a-f]{64}")) {
                p.add("archive.sha256 is not 64 lower-case hex digits");
            }
            if (archive.md5() != null && !archive.md5().matches("[0-9a-f]{32}")) {
                p.add("archive.md5 is not 32 lower-case hex digits");
            }
            if (archive.sha256() == null && (archive.sha256Verified() || archive.note() == null)) {
                p.add("archive.sha256 unknown: sha256_verified must be false and a note must say why");
            }
        }
        if (labels.size() < 2) {
            p.add("labels: at least two class names needed");
        }
        if (splits.isEmpty()) {
            p.add("splits missing");
        }
        if (defaultSplit == null || !splits.containsKey(defaultSplit)) {
            p.add("default_split " + defaultSplit + " is not one of the splits " + splits.keySet());
        }
        checkFiles(p, "splits", splits);
        checkFiles(p, "preprocessed", preprocessed);
        for (String split : preprocessed.keySet()) {
            if (!splits.containsKey(split)) {
                p.add("preprocessed split " + split + " is not one of the splits");
            }
        }
        return p;
    }

    /**
     * The fields that become file-system paths and would lead outside their folder: the name (the
     * folder {@code <data dir>/<name>}), {@code archive.file_name} (the download
     * {@code .downloads/<file_name>.part}) and every split and preprocessed path (inside the unpacked
     * archive or the shared datasets folder). Names must be {@linkplain DataDirectory#isPlainName
     * plain}; paths relative, with no {@code ..} segment. Empty when all are safe (a missing field is
     * left to {@link #problems()}).
     */
    public List<String> pathProblems() {
        List<String> p = new ArrayList<>();
        if (name != null && !DataDirectory.isPlainName(name)) {
            p.add("name \"" + DataDirectory.printable(name) + "\" is not a plain name (letters, digits, '-', '_', '.'; "
                    + "no separator, no '..', not starting with '.')");
        }
        if (archive != null && archive.fileName() != null && !DataDirectory.isPlainName(archive.fileName())) {
            p.add("archive.file_name \"" + DataDirectory.printable(archive.fileName()) + "\" is not a plain file name "
                    + "(letters, digits, '-', '_', '.'; no separator, no '..', not starting with '.')");
        }
        relativePaths(p, "splits", splits);
        relativePaths(p, "preprocessed", preprocessed);
        return p;
    }

    private static void relativePaths(List<String> p, String what, Map<String, SplitFile> files) {
        files.forEach((split, f) -> {
            if (f == null || f.path() == null) {
                return;
            }
            String path = f.path().replace('\\', '/');
            boolean climbs = java.util.Arrays.asList(path.split("/")).contains("..");
            if (path.startsWith("/") || path.matches("^[A-Za-z]:.*") || climbs || path.indexOf('\0') >= 0) {
                p.add(what + "." + split + ".path \"" + DataDirectory.printable(f.path())
                        + "\" must be a relative path inside its folder (no leading '/', no '..')");
            }
        });
    }

    private static void checkFiles(List<String> p, String what, Map<String, SplitFile> files) {
        files.forEach((split, f) -> {
            if (f == null || f.path() == null || f.path().isBlank()) {
                p.add(what + "." + split + ".path missing");
                return;
            }
            try {
                f.datasetFormat();
            } catch (IllegalArgumentException e) {
                p.add(what + "." + split + ": " + e.getMessage());
            }
        });
    }

    private static void require(List<String> p, String value, String field) {
        if (value == null || value.isBlank()) {
            p.add(field + " missing");
        }
    }
}
