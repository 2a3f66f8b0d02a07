package org.attentionworkbench.text;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The tokenizer decides which ids the model sees, in training and in inspection alike, so every
 * rule documented in its Javadoc is pinned down here. Contractions matter most: they must be split
 * exactly as the SST trees (Penn Treebank style) are, or GloVe's {@code n't} / {@code 's} vectors
 * and the SST vocabulary would be missed.
 */
class TokenizerTest {

    private final Tokenizer tokenizer = new Tokenizer();

    private List<String> tok(String s) {
        return tokenizer.tokenize(s);
    }

    @Test
    void lowerCasesEverything() {
        assertEquals(List.of("the", "rock", "is", "great"), tok("The ROCK Is GrEaT"));
    }

    @Test
    void htmlLineBreaksBecomeWhiteSpace() {
        // IMDB reviews are full of <br /><br />; the variants must never leave "<", "br" or "/" behind.
        List<String> expected = List.of("first", "second");
        assertEquals(expected, tok("first<br />second"));
        assertEquals(expected, tok("first<br/>second"));
        assertEquals(expected, tok("first<BR>second"));
        assertEquals(expected, tok("first<br /><br />second"));
        assertEquals(expected, tok("first< BR / >second"));
    }

    @Test
    void punctuationIsSplitOffOneCharacterPerToken() {
        assertEquals(List.of("great", "!", "!"), tok("great!!"));
        assertEquals(List.of("the", "end", "."), tok("The end."));
    }

    @Test
    void punctuationRunsAndQuotes() {
        assertEquals(List.of("what", "?", "no", ",", "really", ".", ".", "."), tok("What? No, really..."));
        assertEquals(List.of("\"", "wow", "\"", "(", "sic", ")"), tok("\"Wow\" (sic)"));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource(delimiter = '|', value = {
        "don't|do n't",
        "can't|ca n't",
        "won't|wo n't",
        "isn't|is n't",
        "didn't|did n't",
        "it's|it 's",
        "we're|we 're",
        "I'm|i 'm",
        "they've|they 've",
        "we'll|we 'll",
        "I'd|i 'd",
        "DON'T|do n't",
        "cats'|cats '",
    })
    void contractionsAreSplitPennTreebankStyle(String text, String expected) {
        assertEquals(List.of(expected.split(" ")), tok(text));
    }

    @Test
    void contractionsInsideSentencesAndBeforePunctuation() {
        assertEquals(List.of("i", "do", "n't", "know", ",", "it", "'s", "fine", "."), tok("I don't know, it's fine."));
        assertEquals(List.of("it", "is", "n't", "!"), tok("It isn't!"));
        assertEquals(List.of("you", "ca", "n't"), tok("you can't"));
    }

    @Test
    void typographicApostropheGivesTheSameTokensAsAscii() {
        assertEquals(tok("don't"), tok("don\u2019t"));
        assertEquals(tok("it's"), tok("it\u2019s"));
        assertEquals(tok("we're"), tok("we\u2018re"));
        assertEquals(List.of("do", "n't"), tok("Don\u2019t"));
    }

    @Test
    void sameSurfaceFormAlwaysGivesTheSameTokens() {
        // Consistency: the position in the text (start, middle, end, before punctuation) must not matter.
        assertEquals(List.of("do", "n't", "do", "n't", "do", "n't"), tok("don't don't don't"));
        assertEquals(List.of("do", "n't", ".", "do", "n't", "!"), tok("don't.don't!"));
    }

    @Test
    void numbersStayWhole() {
        assertEquals(List.of("7.5"), tok("7.5"));
        assertEquals(List.of("i", "give", "it", "7.5", "/", "10", "."), tok("I give it 7.5/10."));
        assertEquals(List.of("10", "/", "10"), tok("10/10"));
        assertEquals(List.of("1984"), tok("1984"));
    }

    @Test
    void aSentencePeriodBeforeADigitIsStillSplitOff() {
        // "periods between digits" only: "it.10" (missing space, common in IMDB) is it . 10, not one token.
        assertEquals(List.of("loved", "it", ".", "10", "/", "10"), tok("Loved it.10/10"));
    }

    @Test
    void hyphenatedWordsAreKept() {
        assertEquals(List.of("a", "well-made", "film"), tok("A well-made film"));
        assertEquals(List.of("state-of-the-art"), tok("state-of-the-art"));
        // A dash between words (not an inner hyphen) is punctuation.
        assertEquals(List.of("good", "-", "bad"), tok("good - bad"));
    }

    @Test
    void htmlEntitiesAreDecoded() {
        assertEquals(List.of("\"", "great", "\""), tok("&quot;Great&quot;"));
        assertEquals(List.of("tom", "&", "jerry"), tok("Tom &amp; Jerry"));
        assertEquals(List.of("it", "'s"), tok("it&#39;s"));
        assertEquals(List.of("<", "3"), tok("&lt;3"));
        // Decoded once only: a double-escaped entity becomes the entity text, not its character.
        assertEquals(List.of("&", "quot", ";"), tok("&amp;quot;"));
    }

    @Test
    void emptyBlankAndNullGiveEmptyLists() {
        assertEquals(List.of(), tok(null));
        assertEquals(List.of(), tok(""));
        assertEquals(List.of(), tok("   \t\n "));
        assertEquals(List.of(), tok("<br /><br />"));
    }

    @Test
    void unicodeWhiteSpaceIsWhiteSpace() {
        // IMDB has no-break spaces (U+00A0) and NEL (U+0085, a mis-decoded Windows-1252 dash/ellipsis);
        // neither may become a token of its own.
        assertEquals(List.of("a", "b", "c", "d"), tok("a\u00a0b\u0085c\u2009d"));
    }

    @Test
    void realImdbReviewsTokeniseCleanly() throws IOException {
        String prop = System.getProperty("workbench.shared.datasets");
        Path file = Path.of(prop != null ? prop : "../shared/datasets").resolve("imdb/test.tsv.gz");
        assumeTrue(Files.isRegularFile(file), "IMDB test split not found at " + file.toAbsolutePath());
        int checked = 0;
        boolean sawBreak = false;
        try (BufferedReader r = new BufferedReader(new InputStreamReader(
                new GZIPInputStream(Files.newInputStream(file)), StandardCharsets.UTF_8))) {
            String line;
            // The first 500 reviews include <br /> breaks, entities, contractions and odd spaces.
            while ((line = r.readLine()) != null && checked < 500) {
                String text = line.substring(line.indexOf('\t') + 1);
                sawBreak |= text.contains("<br");
                List<String> tokens = tok(text);
                assertFalse(tokens.isEmpty(), "review " + checked);
                for (String t : tokens) {
                    assertFalse(t.isEmpty(), "empty token in review " + checked);
                    assertFalse(t.contains("<br"), "token '" + t + "' in review " + checked);
                    for (int k = 0; k < t.length(); k++) {
                        char c = t.charAt(k);
                        assertFalse(Character.isWhitespace(c) || Character.isSpaceChar(c) || c == '\u0085',
                                "token containing white space U+" + Integer.toHexString(c) + " in review " + checked);
                    }
                    assertEquals(t.toLowerCase(java.util.Locale.ROOT), t);
                }
                checked++;
            }
        }
        assertEquals(500, checked);
        assertTrue(sawBreak, "the sample should exercise <br /> handling");
    }
}
