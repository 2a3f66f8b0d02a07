package org.attentionworkbench.session;

/**
 * Which document a session shows: either a typed text, or a dataset (spec or path) and an index.
 *
 * @param text    the typed text, or null when the document comes from a dataset
 * @param dataset the dataset spec or path, or null for a typed text
 * @param index   the document's index in the dataset (ignored for a typed text)
 */
public record DocumentRef(String text, String dataset, int index) {

    public DocumentRef {
        if ((text == null) == (dataset == null)) {
            throw new IllegalArgumentException("a document is either a text or a dataset entry, not both or neither");
        }
        if (dataset != null && index < 0) throw new IllegalArgumentException("index must be >= 0, got " + index);
    }

    /** A typed text. */
    public static DocumentRef ofText(String text) {
        return new DocumentRef(text, null, 0);
    }

    /** Document {@code index} of {@code dataset}. */
    public static DocumentRef ofDataset(String dataset, int index) {
        return new DocumentRef(null, dataset, index);
    }

    /** A stable key for per-document notes. */
    public String key() {
        return text != null ? "text:" + Integer.toHexString(text.hashCode()) : dataset + "#" + index;
    }
}
