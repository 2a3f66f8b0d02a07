package org.attentionworkbench.text;


/**
 * A text none of whose tokens the model knows is read as {@code <unk>} throughout: the model then
 * answers from its bias and the {@code <unk>} vector alone, with a confident-looking probability that
 * says nothing about the text. The command line and the window say so in the same words.
 */
public final class UnknownTokens {

    private UnknownTokens() {
    }

    /** How many of {@code ids} are {@code <unk>}. */
    public static int count(int[] ids) {
        int unknown = 0;
        for (int id : ids) if (id == Vocabulary.UNK_ID) unknown++;
        return unknown;
    }

    /**
     * "none of the text's 3 tokens is known to model M (read as &lt;unk&gt;), ..." when every one of the
     * {@code n} tokens is unknown, else the empty string.
     */
    public static String note(int n, int unknown, String model) {
        if (n == 0 || unknown < n) return "";
        return (n == 1 ? "the text's one token is not" : "none of the text's " + n + " tokens is")
                + " known to model " + model + " (read as <unk>), so the answer says nothing about"
                + " this text; check its language and spelling";
    }
}
