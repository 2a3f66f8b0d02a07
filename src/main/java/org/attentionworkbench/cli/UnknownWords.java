package org.attentionworkbench.cli;

import java.io.PrintWriter;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.text.UnknownTokens;

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
        return UnknownTokens.count(model.vocabulary().ids(model.tokens(text)));
    }

    /** "note: none of the 3 tokens is known to model ..." when every token is unknown; nothing otherwise. */
    static void noticeIfAllUnknown(PrintWriter err, AttentionModel model, String text) {
        String note = UnknownTokens.note(model.tokens(text).size(), count(model, text), model.card().name());
        if (!note.isEmpty()) {
            err.println("note: " + note);
            err.flush();
        }
    }
}
