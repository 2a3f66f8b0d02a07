package org.attentionworkbench.cli;

import java.io.IOException;
import java.util.List;

import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Option;

/**
 * The document a command works on: {@code --text "..."}, or {@code --data DATA --index I} (a
 * dataset name[:split], file or folder, and a 0-based index). Used as an exclusive argument group.
 */
final class DocumentSource {

    @Option(names = {"-t", "--text"}, paramLabel = "TEXT", description = "The text (review) to work on.")
    String text;

    @ArgGroup(exclusive = false)
    DatasetEntry entry;

    /** A document of a dataset. */
    static final class DatasetEntry {
        @Option(names = "--data", required = true, paramLabel = "DATA",
                description = "A dataset name[:split] (e.g. imdb:test) or file/folder holding the document.")
        String data;

        @Option(names = "--index", required = true, paramLabel = "I", description = "0-based index of the document in DATA.")
        int index;
    }

    /** The dataset spec, or null for typed text. */
    String data() {
        return entry == null ? null : entry.data;
    }

    /** The index in {@link #data()}, or -1. */
    int index() {
        return entry == null ? -1 : entry.index;
    }

    /**
     * The document: the typed text (unlabelled), or the dataset's entry with its true label as an index
     * into {@code classes} (matched by {@link ClassAlignment}).
     *
     * @param classes the model's class names
     * @param owner   whose classes they are, for messages: {@code "model sst2-bilstm"}
     * @throws UserException if the index is outside the dataset
     */
    Document resolve(List<String> classes, String owner) throws IOException {
        if (text != null) return Document.unlabelled("text", text);
        Dataset ds = DatasetLoader.load(entry.data);
        return ClassAlignment.align(entry(ds), ds, classes, owner);
    }

    /** The text to show: the typed text or the dataset entry's. */
    String resolveText() throws IOException {
        return text != null ? text : entry(DatasetLoader.load(entry.data)).text();
    }

    private Document entry(Dataset ds) throws UserException {
        if (entry.index < 0 || entry.index >= ds.size()) {
            throw new UserException("--index " + entry.index + " is outside " + entry.data + " (0.." + (ds.size() - 1) + ")");
        }
        return ds.documents().get(entry.index);
    }
}
