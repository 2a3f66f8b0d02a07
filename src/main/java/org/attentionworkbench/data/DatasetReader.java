package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Path;

/** Reads one dataset format from a file or folder. Implementations are stateless and thread-safe. */
@FunctionalInterface
public interface DatasetReader {

    /**
     * Reads the whole dataset.
     *
     * @param path    the file or folder
     * @param options strictness, known class names, split selection
     * @throws DatasetFormatException on malformed content (file and line in the message)
     * @throws DatasetException       when the path is missing or unusable
     * @throws IOException            on other I/O failures
     */
    Dataset read(Path path, ReadOptions options) throws IOException;

    /** Reads with {@link ReadOptions#defaults()}. */
    default Dataset read(Path path) throws IOException {
        return read(path, ReadOptions.defaults());
    }
}
