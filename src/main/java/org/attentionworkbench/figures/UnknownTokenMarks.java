package org.attentionworkbench.figures;

import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.text.Vocabulary;

/**
 * Which tokens of a document the model does not know: they were read as the one UNK embedding, so
 * a typo and a rare name look alike to it. Panels and exports outline them dotted and the hover
 * says so. (The counts and the command line's words are text.UnknownTokens.)
 */
public final class UnknownTokenMarks {

    /** What the hover read-out and exports say of such a token. */
    public static final String NOTE = "unknown to the model";

    private UnknownTokenMarks() {
    }

    /** One flag per token of {@code doc}, true where its id is UNK; null for a null document. */
    public static boolean[] of(EncodedDocument doc) {
        if (doc == null) return null;
        int[] ids = doc.ids();
        boolean[] out = new boolean[ids.length];
        for (int i = 0; i < ids.length; i++) out[i] = ids[i] == Vocabulary.UNK_ID;
        return out;
    }

    /** Whether token {@code i} of {@code doc} is unknown to the model. */
    public static boolean isUnknown(EncodedDocument doc, int i) {
        return doc != null && i >= 0 && i < doc.ids().length && doc.ids()[i] == Vocabulary.UNK_ID;
    }
}
