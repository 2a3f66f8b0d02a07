package org.attentionworkbench.data;

import java.util.List;
import java.util.Objects;

import org.attentionworkbench.text.Document;

/**
 * A labelled text dataset as read from disk: raw documents (tokenisation happens later, in the
 * model's tokenizer) and the class names in class-index order.
 *
 * @param name      a short name for display, e.g. {@code imdb:test} or the file name
 * @param labels    class names; {@code labels.get(i)} names class index {@code i}
 * @param documents the documents in file order; every label is a valid index into {@code labels}
 * @param skipped   number of malformed lines skipped (non-zero only when the caller asked for
 *                  {@link ReadOptions#skipMalformed()})
 */
public record Dataset(String name, List<String> labels, List<Document> documents, int skipped) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        labels = List.copyOf(labels);
        documents = List.copyOf(documents);
        if (skipped < 0) {
            throw new IllegalArgumentException("skipped must be >= 0, got " + skipped);
        }
        for (Document d : documents) {
            if (d.label() >= labels.size()) {
                throw new IllegalArgumentException("document " + d.id() + " has label " + d.label()
                        + " but there are only " + labels.size() + " classes");
            }
        }
    }

    /** Number of documents. */
    public int size() {
        return documents.size();
    }

    /** Number of classes. */
    public int numClasses() {
        return labels.size();
    }

    /** How many documents each class has, indexed by class; unlabelled documents are not counted. */
    public int[] classCounts() {
        int[] counts = new int[labels.size()];
        for (Document d : documents) {
            if (d.hasLabel()) {
                counts[d.label()]++;
            }
        }
        return counts;
    }

    /** The same documents under another display name. */
    public Dataset withName(String newName) {
        return new Dataset(newName, labels, documents, skipped);
    }
}
