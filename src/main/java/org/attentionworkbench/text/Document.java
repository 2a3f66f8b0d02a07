package org.attentionworkbench.text;

import java.util.Objects;

/**
 * One example of a dataset or one text typed by a user: an id, the raw text and, when known,
 * the index of its true class.
 *
 * @param id    a stable identifier (file name, line number, ...), never null
 * @param text  the raw text as read, before tokenisation
 * @param label the true class index, or {@link #UNLABELLED}
 */
public record Document(String id, String text, int label) {

    /** Label value of a document whose true class is unknown. */
    public static final int UNLABELLED = -1;

    public Document {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(text, "text");
        if (label < UNLABELLED) {
            throw new IllegalArgumentException("label must be >= 0 or UNLABELLED, got " + label);
        }
    }

    /** A document without a known label. */
    public static Document unlabelled(String id, String text) {
        return new Document(id, text, UNLABELLED);
    }

    /** Whether the true class is known. */
    public boolean hasLabel() {
        return label != UNLABELLED;
    }
}
