package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;

/**
 * Tells the user on stderr when the long-text rule of {@link TokenLimit} cuts what a command reads,
 * so that no command uses less of a text than it shows without saying so.
 */
final class CutNotice {

    private CutNotice() {
    }

    /** For one text: "note: only the first 5,000 of 12,345 tokens are read ...". */
    static void forText(PrintWriter err, AttentionModel model, String text) {
        int total = model.tokenizer().tokenize(text).size();
        TokenLimit limit = model.tokenLimit();
        if (limit.cuts(total)) {
            err.println("note: " + limit.note(total));
            err.flush();
        }
    }

    /** For many documents: how many are read only up to the limit. */
    static void forDocuments(PrintWriter err, org.attentionworkbench.explain.AttentionClassifier model, List<Document> docs) {
        TokenLimit limit = model.tokenLimit();
        long cut = docs.stream().filter(d -> limit.cuts(model.tokenizer().tokenize(d.text()).size())).count();
        if (cut > 0) {
            err.printf(Locale.ROOT, "note: %,d of %,d documents are longer than %,d tokens; they are read up to their"
                    + " first %,d (%s)%n", cut, docs.size(), limit.max(), limit.max(), limit.source());
            err.flush();
        }
    }
}
