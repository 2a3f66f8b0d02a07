package org.attentionworkbench.ui.browser;

import javafx.beans.property.ReadOnlyDoubleProperty;
import javafx.beans.property.ReadOnlyDoubleWrapper;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import org.attentionworkbench.explain.DocumentFigures;
import org.attentionworkbench.text.Document;

/**
 * One row of the dataset browser: a document (fixed) and what the background work found out
 * about it (filled in later; observable so the table cell updates in place).
 */
public final class BrowserRow {

    private final int index;
    private final Document document;
    private final int length;
    private final ReadOnlyIntegerWrapper predicted = new ReadOnlyIntegerWrapper(this, "predicted", -1);
    private final ReadOnlyDoubleWrapper confidence = new ReadOnlyDoubleWrapper(this, "confidence", Double.NaN);
    private final ReadOnlyObjectWrapper<DocumentFigures> figures = new ReadOnlyObjectWrapper<>(this, "figures");
    private boolean figuresRequested;

    /**
     * @param index    position in the dataset
     * @param document the document
     * @param length   its number of tokens
     */
    public BrowserRow(int index, Document document, int length) {
        this.index = index;
        this.document = document;
        this.length = length;
    }

    public int index() {
        return index;
    }

    public Document document() {
        return document;
    }

    public int length() {
        return length;
    }

    /** Predicted class, -1 until known. */
    public ReadOnlyIntegerProperty predictedProperty() {
        return predicted.getReadOnlyProperty();
    }

    /** Probability of the predicted class, NaN until known. */
    public ReadOnlyDoubleProperty confidenceProperty() {
        return confidence.getReadOnlyProperty();
    }

    /** The figures, null until computed. */
    public ReadOnlyObjectProperty<DocumentFigures> figuresProperty() {
        return figures.getReadOnlyProperty();
    }

    /** Whether the prediction is known and differs from a known true label. */
    public boolean misclassified() {
        return predicted.get() >= 0 && document.hasLabel() && predicted.get() != document.label();
    }

    void setPrediction(double[] probabilities) {
        int best = 0;
        for (int c = 1; c < probabilities.length; c++) if (probabilities[c] > probabilities[best]) best = c;
        predicted.set(best);
        confidence.set(probabilities[best]);
    }

    void clearResults() {
        predicted.set(-1);
        confidence.set(Double.NaN);
        figures.set(null);
        figuresRequested = false;
    }

    void setFigures(DocumentFigures f) {
        figures.set(f);
    }

    boolean figuresRequested() {
        return figuresRequested;
    }

    void markFiguresRequested() {
        figuresRequested = true;
    }
}
