package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.util.List;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.text.Vocabulary;

/**
 * Counts the tokens a model does not know (read as {@code <unk>}) and says on stderr when none of
 * a text's tokens is known: the model then answers from its bias and the {@code <unk>} vector
 * alone, with a confident-looking probability that says nothing about the text.
 */
final class UnknownWords {

    private UnknownWords() {
    }

    /** How many of the tokens the model reads from {@code text} are not in its vocabulary. */
    static int count(AttentionModel model, String text) {
        List<String> tokens = model.tokens(text);
        int unknown = 0;
        for (int id : model.vocabulary().ids(tokens)) if (id == Vocabulary.UNK_ID) unknown++;
        return unknown;
    }

    /** "note: none of the 3 tokens is known to model ..." when every token is unknown; nothing otherwise. */
    static void noticeIfAllUnknown(PrintWriter err, AttentionModel model, String text) {
        int n = model.tokens(text).size();
        if (n > 0 && count(model, text) == n) {
            err.println("note: " + (n == 1 ? "the text's one token is not" : "none of the text's " + n + " tokens is")
                    + " known to model " + model.card().name() + " (read as <unk>), so the answer says nothing about"
                    + " this text; check its language and spelling");
            err.flush();
        }
    }
}
