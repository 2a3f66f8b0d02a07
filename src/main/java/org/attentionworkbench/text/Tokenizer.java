package org.attentionworkbench.text;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Splits review text into lower-cased word tokens, the same way for training and inspection.
 *
 * <p>Rules, in order:
 * <ol>
 *   <li>HTML line breaks ({@code <br />}, {@code <br/>}, {@code <br>}) become white space, and so do
 *       all Unicode separators and control characters (no-break space, NEL U+0085, ...); the common
 *       HTML entities {@code &amp; &quot; &#39; &lt; &gt;} are decoded (once).</li>
 *   <li>Text is lower-cased ({@link Locale#ROOT}) and typographic apostrophes and quotes are folded
 *       to ASCII.</li>
 *   <li>Contractions are split the Penn Treebank way, which is also how the SST trees are tokenised:
 *       {@code don't -> do n't}, {@code can't -> ca n't}, {@code won't -> wo n't},
 *       {@code it's -> it 's}, {@code we're -> we 're}, {@code i'm -> i 'm}, {@code they've -> they 've},
 *       {@code we'll -> we 'll}, {@code i'd -> i 'd}, {@code cats' -> cats '}. The same surface form
 *       always gives the same tokens, so GloVe's {@code n't} and {@code 's} vectors are used.</li>
 *   <li>Words are runs of letters and digits, possibly joined by inner hyphens, periods between
 *       digits ({@code 7.5}; a period after a letter is always split off, so {@code it.10} is
 *       {@code it . 10}) or apostrophes handled above; every other non-space character is a
 *       token of its own ({@code !!} gives two tokens, {@code 10/10} gives {@code 10 / 10}), so
 *       punctuation is always split off. Null, empty or blank text gives no tokens.</li>
 * </ol>
 * The tokenizer is stateless and thread-safe. {@link #jainWallace()} gives one that splits as Jain
 * &amp; Wallace's preprocessing did instead (a model's {@link Tokenization}).
 */
public final class Tokenizer {

    private static final Pattern BREAKS = Pattern.compile("<\\s*br\\s*/?\\s*>", Pattern.CASE_INSENSITIVE);
    /** Contraction suffixes split off a word; "n't" is handled first so "don't" is "do n't". */
    private static final Pattern TOKEN = Pattern.compile(
            "[\\p{L}\\p{N}]+(?:(?:-|(?<=\\p{N})\\.(?=\\p{N}))[\\p{L}\\p{N}]+)*" // word, inner hyphens, 7.5
            + "|'(?:s|re|ve|ll|d|m)(?![\\p{L}\\p{N}])"              // 's 're 've 'll 'd 'm
            + "|\\S");                                              // any other single character
    /**
     * Unicode white space that Java's {@code \S} does not treat as space: no-break and other
     * separators (U+00A0, U+2009, ...), control characters such as NEL (U+0085, a mis-decoded
     * Windows-1252 character found in IMDB), zero-width space and BOM.
     */
    private static final Pattern ODD_SPACE = Pattern.compile("[\\p{Z}\\p{Cc}\\u200B\\uFEFF]");
    private static final Pattern NT = Pattern.compile("^([\\p{L}\\p{N}]*?)(n)$");

    /** Jain &amp; Wallace's preprocessing instead of the rules above, or null. */
    private final JainWallaceTokenizer jainWallace;

    /** The workbench's tokenizer (the rules above). */
    public Tokenizer() {
        this(null);
    }

    private Tokenizer(JainWallaceTokenizer jainWallace) {
        this.jainWallace = jainWallace;
    }

    /**
     * A tokenizer that splits as Jain &amp; Wallace's preprocessing did ({@link JainWallaceTokenizer}),
     * for models imported from their code ({@link Tokenization#JAIN_WALLACE}).
     */
    public static Tokenizer jainWallace() {
        return new Tokenizer(new JainWallaceTokenizer());
    }

    /** Tokenises {@code text}; never returns null, an empty or blank text gives an empty list. */
    public List<String> tokenize(String text) {
        if (jainWallace != null) return jainWallace.tokenize(text);
        List<String> tokens = new ArrayList<>();
        if (text == null || text.isEmpty()) {
            return tokens;
        }
        String s = normalise(text);
        Matcher m = TOKEN.matcher(s);
        while (m.find()) {
            String tok = m.group();
            // "n't": the word ends in n and is followed by 't (don't, can't, isn't, won't).
            if (tok.equals("'") && !tokens.isEmpty() && m.end() < s.length() && s.charAt(m.end()) == 't'
                    && (m.end() + 1 == s.length() || !Character.isLetterOrDigit(s.charAt(m.end() + 1)))
                    && m.start() > 0 && s.charAt(m.start() - 1) == 'n'
                    && tokens.get(tokens.size() - 1).endsWith("n")) {
                splitNegation(tokens);
                m.region(m.end() + 1, s.length());
                continue;
            }
            tokens.add(tok);
        }
        return tokens;
    }

    /** Turns the last word "don" of "don't" into "do" + "n't" (and "can" into "ca" + "n't"). */
    private static void splitNegation(List<String> tokens) {
        String word = tokens.remove(tokens.size() - 1);
        Matcher nt = NT.matcher(word);
        String stem = nt.matches() ? nt.group(1) : word;
        if (!stem.isEmpty()) {
            tokens.add(stem);
        }
        tokens.add("n't");
    }

    private static String normalise(String text) {
        String s = BREAKS.matcher(text).replaceAll(" ");
        s = ODD_SPACE.matcher(s).replaceAll(" ");
        if (s.indexOf('&') >= 0) {
            s = s.replace("&quot;", "\"").replace("&#39;", "'").replace("&lt;", "<")
                    .replace("&gt;", ">").replace("&amp;", "&");
        }
        s = s.toLowerCase(Locale.ROOT);
        // Typographic apostrophes and quotes to ASCII, so "don’t" and "don't" agree.
        return s.replace('\u2019', '\'').replace('\u2018', '\'').replace('\u00b4', '\'')
                .replace('\u201c', '"').replace('\u201d', '"');
    }
}
