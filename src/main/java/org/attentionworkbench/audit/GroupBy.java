package org.attentionworkbench.audit;

import java.util.Locale;

/**
 * Which class a document's per-class statistics (Table 2 of Jain &amp; Wallace: Kendall tau, the
 * top-k distance, the tau histograms) are grouped under. Only the report depends on it: the rows
 * are the same either way, so a folder can be re-reported under the other grouping without
 * computing anything again.
 */
public enum GroupBy {
    /**
     * The model's prediction: what the published code does (its plotting code rounds the predicted
     * probability, {@code yhat = np.round(yhat)}, and splits by that). The default.
     */
    PREDICTED("predicted"),
    /** The document's true class (the prediction for unlabelled documents). */
    TRUE("true");

    private final String id;

    GroupBy(String id) {
        this.id = id;
    }

    /** The name on the command line and in files: {@code predicted} or {@code true}. */
    public String id() {
        return id;
    }

    /** How captions say it: "predicted class" or "true class". */
    public String label() {
        return id + " class";
    }

    /** The grouping named {@code s}, any case. */
    public static GroupBy parse(String s) {
        for (GroupBy g : values()) if (g.id.equals(s.trim().toLowerCase(Locale.ROOT))) return g;
        throw new IllegalArgumentException("unknown grouping '" + s + "': use predicted or true");
    }

    /** The class name {@code r} is grouped under. */
    public String of(AuditRow r) {
        return this == PREDICTED || r.trueLabel().isEmpty() ? r.prediction() : r.trueLabel();
    }
}
