package org.attentionworkbench.ui.browser;

import java.util.List;
import java.util.Locale;
import org.attentionworkbench.text.Document;

/**
 * One built-in example review.
 *
 * @param id            a stable id ("negation", "very-long", ...)
 * @param title         a short title for menus
 * @param teachingPoint what the example shows about attention, one or two sentences
 * @param text          the review
 * @param expectedLabel what a reader would call it ("positive" / "negative")
 */
public record ExampleReview(String id, String title, String teachingPoint, String text, String expectedLabel) {

    /**
     * Index of the expected label in a model's labels, matched by prefix so that "positive" finds
     * "pos" and "positive" alike; -1 when the model has no such class.
     */
    public int labelIndexIn(List<String> labels) {
        String want = expectedLabel.toLowerCase(Locale.ROOT);
        for (int i = 0; i < labels.size(); i++) {
            String l = labels.get(i).toLowerCase(Locale.ROOT);
            if (!l.isEmpty() && (want.startsWith(l) || l.startsWith(want))) return i;
        }
        return -1;
    }

    /** This example as a document labelled for a model with {@code labels}. */
    public Document toDocument(List<String> labels) {
        int label = labelIndexIn(labels);
        return new Document("example:" + id, text, Math.max(label, Document.UNLABELLED));
    }
}
