package org.attentionworkbench.model;

import java.util.List;
import org.attentionworkbench.text.Document;

/**
 * The splits a model is trained, selected and tested on.
 *
 * @param labels     class names in class order
 * @param train      training documents (labelled)
 * @param dev        development documents for checkpoint selection (labelled, non-empty)
 * @param test       test documents, possibly empty
 * @param dataSha256 sha256 of the data the model was trained on, for the card
 */
public record TrainingData(List<String> labels, List<Document> train, List<Document> dev, List<Document> test,
                           String dataSha256) {

    public TrainingData {
        labels = List.copyOf(labels);
        train = List.copyOf(train);
        dev = List.copyOf(dev);
        test = List.copyOf(test);
        if (train.isEmpty()) throw new IllegalArgumentException("no training documents");
        if (dev.isEmpty()) throw new IllegalArgumentException("no dev documents");
        for (List<Document> split : List.of(train, dev, test)) {
            for (Document d : split) {
                if (!d.hasLabel() || d.label() >= labels.size()) {
                    throw new IllegalArgumentException("document " + d.id() + " has label " + d.label()
                            + " outside the " + labels.size() + " classes");
                }
            }
        }
    }
}
