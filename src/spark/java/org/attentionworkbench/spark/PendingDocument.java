package org.attentionworkbench.spark;

import java.io.Serializable;
import org.attentionworkbench.text.Document;

/**
 * One document of the sample as it travels to an executor: its position in the dataset (the row's
 * key) and the document itself, label already renumbered to the models' classes by the driver.
 *
 * @param index position in the dataset
 * @param id    the dataset's id of the document
 * @param text  its text
 * @param label class index, or {@link Document}'s "no label" value
 */
record PendingDocument(int index, String id, String text, int label) implements Serializable {

    static PendingDocument of(int index, Document d) {
        return new PendingDocument(index, d.id(), d.text(), d.label());
    }

    Document document() {
        return new Document(id, text, label);
    }
}
