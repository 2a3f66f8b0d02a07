package org.attentionworkbench.text;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The HAN's sentence rule on real tokenizer output, its limits, and a hostile text. */
class SentenceSplitterTest {

    private final Tokenizer tokenizer = new Tokenizer();

    private List<String> sentences(String text, int maxLength, int maxSentences) {
        List<String> tokens = tokenizer.tokenize(text);
        List<String> out = new ArrayList<>();
        for (int[] b : new SentenceSplitter(maxLength, maxSentences).split(tokens)) {
            out.add(String.join(" ", tokens.subList(b[0], b[1])));
        }
        return out;
    }

    @Test
    void runsOfTerminatorsAndClosingQuotesEndOneSentence() {
        assertEquals(List.of("wow ! !", "is it ? !", "he said \" no . \"", "then ( it ended . . . )", "ok"),
                sentences("Wow!! Is it?! He said \"no.\" Then (it ended...) ok", 100, 100));
    }

    @Test
    void anImdbReviewWithLineBreaksSplitsAtItsFullStops() {
        assertEquals(List.of("a fine film .", "i loved it !", "10 / 10"),
                sentences("A fine film.<br /><br />I loved it! 10/10", 100, 100));
    }

    @Test
    void longSentencesAreCutIntoPiecesAndAtMostMaxSentencesAreRead() {
        String text = String.join(" ", Collections.nCopies(25, "word")) + ". end.";
        assertEquals(List.of(String.join(" ", Collections.nCopies(10, "word")),
                String.join(" ", Collections.nCopies(10, "word")),
                String.join(" ", Collections.nCopies(5, "word")) + " .", "end ."), sentences(text, 10, 100));
        List<int[]> two = new SentenceSplitter(10, 2).split(tokenizer.tokenize(text));
        assertEquals(2, two.size());
        assertEquals(20, SentenceSplitter.covered(two));
    }

    @Test
    void aHugeTextOfTerminatorsOrWithoutAnyStaysWithinTheLimits() {
        List<String> dots = Collections.nCopies(1_000_000, ".");
        List<int[]> s = new SentenceSplitter(100, 400).split(dots);
        assertEquals(400, s.size());
        assertEquals(40_000, SentenceSplitter.covered(s));
        List<String> words = Collections.nCopies(1_000_000, "a");
        assertEquals(400, new SentenceSplitter(100, 400).split(words).size());
        assertEquals(List.of(), new SentenceSplitter(100, 400).split(List.of()));
    }
}
