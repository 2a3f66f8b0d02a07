package org.attentionworkbench.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * Jain &amp; Wallace's preprocessing ({@code cleaner()}: spaCy's English tokenizer, lower case,
 * {@code qqq} for any token with a digit) on sentences whose spaCy tokenization is known: the
 * expected tokens are what spaCy 2's English tokenizer gives, lower-cased, numbers as qqq.
 */
class JainWallaceTokenizerTest {

    private final Tokenizer tokenizer = Tokenizer.jainWallace();

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {
        "I don't like it.|i do n't like it .",
        "The movie's plot was well-known (sort of)...|the movie 's plot was well - known ( sort of ) ...",
        "It cost $10 in 1999, and 7.5/10!|it cost $ qqq in qqq , and qqq !",
        "U.S. films, e.g. Jaws, can't be beaten: gonna see it|u.s. films , e.g. jaws , ca n't be beaten : gon na see it",
        "Visit www.imdb.com now :)|visit www.imdb.com now :)",
        "`  multiple   spaces\tand\nnewlines `|multiple spaces and newlines",
        "abc123 R2-D2 3rd|qqq qqq qqq",
        "I'm sure you're right, they've said|i 'm sure you 're right , they 've said",
        "`\"Great\" - said Mr. Smith`|\" great \" - said mr. smith",
        "dont cannot WON'T|do nt can not wo n't",
        "the end.Next one|the end . next one",
        "cats' toys [really]?|cats ' toys [ really ] ?"})
    void splitsAsTheirSpacyPreprocessingDid(String text, String expected) {
        assertEquals(List.of(expected.split(" ")), tokenizer.tokenize(text), text);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', quoteCharacter = '`', value = {"``", "`   `", "`\t\n`"})
    void blankTextHasNoTokens(String text) {
        assertEquals(List.of(), tokenizer.tokenize(text));
        assertEquals(List.of(), tokenizer.tokenize(null));
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {"workbench|WORKBENCH", "jain-wallace|JAIN_WALLACE", "Jain-Wallace|JAIN_WALLACE"})
    void tokenizationNamesParse(String id, Tokenization t) {
        assertEquals(t, Tokenization.parse(id));
        assertEquals(id.toLowerCase(java.util.Locale.ROOT), t.id());
    }
}
