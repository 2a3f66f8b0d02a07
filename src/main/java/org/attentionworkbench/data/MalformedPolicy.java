package org.attentionworkbench.data;

import java.nio.file.Path;

/**
 * Applies {@link ReadOptions#skipMalformed()} for one file: either throws at the first malformed
 * line or counts it. One instance per file read, so it is the single place that decides.
 */
final class MalformedPolicy {

    private final Path file;
    private final boolean skip;
    private int skipped;

    MalformedPolicy(Path file, ReadOptions options) {
        this.file = file;
        this.skip = options.skipMalformed();
    }

    /** Reports a malformed line: throws unless skipping was requested. */
    void malformed(int line, String detail) throws DatasetFormatException {
        malformed(file, line, detail);
    }

    /** As {@link #malformed(int, String)} for a file inside the one read (a review of a folder). */
    void malformed(Path inFile, int line, String detail) throws DatasetFormatException {
        if (!skip) {
            throw new DatasetFormatException(inFile, line, detail
                    + " (pass the skip-malformed option to skip such lines)");
        }
        skipped++;
    }

    int skipped() {
        return skipped;
    }
}
