package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.model.NonFiniteOutputException;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Document;

/**
 * The audit of one document under one model: encode, explain, reduce to its {@link AuditRow}. The
 * one place a row is made: the local workers of {@link AuditRunner} and the Spark executors
 * (docs/audit-spark.md) both call it, so that the same document, model and settings give the same
 * row on either engine.
 */
public final class DocumentAuditor {

    private DocumentAuditor() {
    }

    /**
     * The row of document {@code d} at position {@code index} of the dataset.
     *
     * @param classOf   dataset class index to model class index ({@link AuditRunner#classMap})
     * @param settings  the plan's settings with the sample's mean length for the top-k distance
     * @param figureDir where to draw the document's panels, or null for none
     * @throws AuditException when the model's output is not finite (the model is unusable)
     */
    public static AuditRow row(String name, int index, Document d, AttentionClassifier model, ExplanationEngine engine,
                               int[] classOf, ExplainSettings settings, Cancellation stop, Path figureDir)
            throws IOException {
        List<String> tokens = model.tokens(d.text());
        String truth = d.hasLabel() && classOf[d.label()] >= 0 ? model.labels().get(classOf[d.label()]) : "";
        if (tokens.isEmpty()) {
            // Kept as a row (so a resume does not retry it forever); every statistic leaves it out.
            return new AuditRow(name, index, d.id(), truth, "", Double.NaN, 0, Map.of());
        }
        long t0 = System.nanoTime();
        try {
            EncodedDocument doc = model.encode(tokens);
            double encodeMs = (System.nanoTime() - t0) / 1e6;
            int trueClass = d.hasLabel() ? classOf[d.label()] : -1;
            Explanation e = engine.explain(doc, trueClass, settings, p -> { }, stop);
            if (figureDir != null) DocumentFigureFiles.write(figureDir, name, index, e);
            return AuditRow.of(name, index, d.id(), e, encodeMs);
        } catch (NonFiniteOutputException e) {
            // No row (a row would carry a label read from NaN): the model is unusable, so the audit stops.
            throw new AuditException("document " + d.id() + " (number " + (index + 1) + "): " + e.getMessage());
        }
    }
}
