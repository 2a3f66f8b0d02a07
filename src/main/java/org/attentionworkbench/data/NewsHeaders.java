package org.attentionworkbench.data;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Removes the Usenet header block at the start of a 20 Newsgroups message, as Jain &amp; Wallace's
 * preprocessing does (scikit-learn's {@code fetch_20newsgroups(remove=('headers', ...))}, which cuts
 * everything before the first blank line).
 *
 * <p>The shared TSV collapsed each message's white space, so the blank line that ends the header is
 * gone. The block is found instead by its fields: a message that starts with a header field
 * ({@code From:}, {@code Subject:}, ...) loses everything up to and including its {@code Lines: N}
 * field (all but 0.5% of the bydate messages have one), and then the fields that follow it whose value is
 * one word ({@code NNTP-Posting-Host}, {@code Distribution}, {@code Originator},
 * {@code Article-I.D.}) or an address ({@code Reply-To}). Left as they are: a message without a
 * {@code Lines} field, and a field after {@code Lines} whose free-text value has no visible end
 * ({@code Organization}, {@code Keywords}, {@code X-Newsreader}, {@code In-Reply-To}, ...: about one
 * message in ten keeps one). A message with nothing after its header (33 of 18,846, {@code Lines: 0})
 * becomes empty; it is kept, as an empty document, so that counts stay those of the split.
 * Jain &amp; Wallace also removed quoted lines and signatures; without line breaks those cannot be
 * told apart from the body, so they stay.
 */
public final class NewsHeaders {

    /** A header field name at the very start of the text: the message has a header block. */
    private static final Pattern FIRST_FIELD = Pattern.compile(
            "^(From|Subject|Organization|Distribution|NNTP-Posting-Host|Reply-To|Keywords|Summary|Expires"
                    + "|Originator|Lines|Article-I\\.D\\.|Sender|Date|X-[A-Za-z-]+): ",
            Pattern.CASE_INSENSITIVE);
    /** The line count field that closes the block in almost every message. */
    private static final Pattern LINES = Pattern.compile("(?:^| )Lines: \\d+(?= |$)");
    /** A field after Lines whose value is one word. */
    private static final Pattern ONE_WORD_FIELD = Pattern.compile(
            "^ ?(NNTP-Posting-Host|Distribution|Originator|Article-I\\.D\\.): \\S+(?= |$)", Pattern.CASE_INSENSITIVE);
    /** Reply-To up to its address, then an optional (full name). */
    private static final Pattern REPLY_TO = Pattern.compile(
            "^ ?Reply-To: (?:[^ @]+ ){0,4}?[^ @]*@\\S*(?: \\([^)]{0,80}\\))?(?= |$)", Pattern.CASE_INSENSITIVE);

    private NewsHeaders() {
    }

    /**
     * The message without its header block; the text as it is when it has no recognisable block (no
     * header field at its start, or no {@code Lines: N} field).
     */
    public static String strip(String text) {
        if (!FIRST_FIELD.matcher(text).find()) {
            return text;
        }
        Matcher lines = LINES.matcher(text);
        if (!lines.find()) {
            return text;
        }
        String rest = text.substring(lines.end());
        while (true) {
            Matcher m = ONE_WORD_FIELD.matcher(rest);
            if (!m.find()) {
                m = REPLY_TO.matcher(rest);
                if (!m.find()) {
                    break;
                }
            }
            rest = rest.substring(m.end());
        }
        return rest.strip();
    }
}
