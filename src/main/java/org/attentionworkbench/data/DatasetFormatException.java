package org.attentionworkbench.data;

import java.nio.file.Path;

/**
 * A dataset file does not have the expected format: a malformed line, bad quoting, an unbalanced
 * tree, an empty or binary file. The message names the file and, where there is one, the 1-based
 * line number, e.g. {@code sst5_dev.tsv:17: label "x" is not an integer}.
 */
public class DatasetFormatException extends DatasetException {

    private final transient Path file;
    private final int line;

    /**
     * @param file   the file being read
     * @param line   1-based line number, or 0 when the problem is not on one line (empty file)
     * @param detail what is wrong, without the file name
     */
    public DatasetFormatException(Path file, int line, String detail) {
        super(file + (line > 0 ? ":" + line : "") + ": " + detail);
        this.file = file;
        this.line = line;
    }

    /** The file that could not be read. */
    public Path file() {
        return file;
    }

    /** The 1-based line number of the problem, or 0 when it concerns the whole file. */
    public int line() {
        return line;
    }
}
