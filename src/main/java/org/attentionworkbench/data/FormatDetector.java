package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;
import java.util.stream.Stream;

/**
 * Tells the format of a file or folder from its name and first line, so that users can pass a path
 * without saying what it is. Only unambiguous cases are accepted; anything else is an error that
 * says what was expected.
 */
public final class FormatDetector {

    /** The longest first field taken for a class name in a label TSV file. */
    static final int MAX_LABEL_NAME = 64;

    private FormatDetector() {
    }

    /**
     * Detects the format of {@code path}.
     *
     * <ul>
     *   <li>a folder with {@code pos/} and {@code neg/} (or {@code train/} / {@code test/} holding
     *       them): {@link DatasetFormat#ACL_IMDB_FOLDER}; a folder of group folders:
     *       {@link DatasetFormat#NEWSGROUPS_FOLDER}</li>
     *   <li>{@code .csv} / {@code .csv.gz}: {@link DatasetFormat#CSV}</li>
     *   <li>a first line starting with {@code (}: {@link DatasetFormat#SST_TREES}</li>
     *   <li>a first line {@code integer<TAB>...}: {@link DatasetFormat#LABEL_TSV};
     *       {@code word<TAB>integer<TAB>...}: {@link DatasetFormat#NEWSGROUPS_TSV};
     *       {@code class name<TAB>...} (a name of at most {@value #MAX_LABEL_NAME} characters):
     *       {@link DatasetFormat#LABEL_TSV}</li>
     * </ul>
     *
     * @throws DatasetException when the path is missing or the format cannot be told
     */
    public static DatasetFormat detect(Path path) throws IOException {
        if (Files.isDirectory(path)) {
            if (AclImdbFolderReader.looksLikeAclImdb(path)) {
                return DatasetFormat.ACL_IMDB_FOLDER;
            }
            try (Stream<Path> list = Files.list(path)) {
                if (list.anyMatch(p -> Files.isDirectory(p) && p.getFileName().toString().contains("."))) {
                    return DatasetFormat.NEWSGROUPS_FOLDER;
                }
            }
            throw new DatasetException("cannot tell the dataset format of folder " + path.toAbsolutePath()
                    + ": expected an aclImdb folder (pos/ and neg/) or 20 Newsgroups group folders");
        }
        String name = path.getFileName().toString().toLowerCase(Locale.ROOT);
        if (name.endsWith(".csv") || name.endsWith(".csv.gz")) {
            TextFile.requireReadableFile(path);
            return DatasetFormat.CSV;
        }
        String first = firstLine(path);
        if (first.startsWith("(")) {
            return DatasetFormat.SST_TREES;
        }
        String[] cols = first.split("\t", 3);
        if (cols.length >= 2 && isInteger(cols[0])) {
            return DatasetFormat.LABEL_TSV;
        }
        if (cols.length == 3 && isInteger(cols[1])) {
            return DatasetFormat.NEWSGROUPS_TSV;
        }
        if (cols.length >= 2 && !cols[0].isBlank() && cols[0].strip().length() <= MAX_LABEL_NAME) {
            return DatasetFormat.LABEL_TSV; // a class name first: "pos<TAB>text", "Sci/Tech<TAB>title..."
        }
        throw new DatasetFormatException(path, 1, "cannot tell the dataset format: expected label<TAB>text (a class index or name), "
                + "group<TAB>msgnum<TAB>text, a PTB tree \"(3 (2 ...\" or a .csv file with a header");
    }

    private static String firstLine(Path path) throws IOException {
        String[] first = {null};
        DatasetFormatException[] undecodable = {null};
        try {
            // A line that is not UTF-8 is passed over here: the reader reports it at its line, or
            // skips it with the skip-malformed option, so the format comes from the first good line.
            TextFile.forEachLine(path, (number, line) -> {
                if (!line.isBlank()) {
                    first[0] = line.strip();
                    throw new StopReading();
                }
            }, (number, lenient, detail) -> {
                if (undecodable[0] == null) {
                    undecodable[0] = new DatasetFormatException(path, number, detail);
                }
            });
        } catch (StopReading stop) {
            return first[0];
        }
        if (undecodable[0] != null) {
            throw undecodable[0];
        }
        throw new DatasetFormatException(path, 0, "file has only blank lines");
    }

    private static boolean isInteger(String s) {
        return s.strip().matches("-?\\d{1,9}");
    }

    /** Ends the line loop early once the first line is known. */
    private static final class StopReading extends DatasetException {
        StopReading() {
            super("stop");
        }
    }
}
