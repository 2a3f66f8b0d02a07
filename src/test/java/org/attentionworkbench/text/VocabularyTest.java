package org.attentionworkbench.text;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Random;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * The vocabulary fixes the id of every token in a saved model, so PAD/UNK positions, the filters
 * and above all the deterministic order are contract, not detail.
 */
class VocabularyTest {

    /** counts: the 5, a 4, good 3, bad 3, film 2, zebra 1, apple 1 */
    private static final List<List<String>> CORPUS = List.of(
            List.of("the", "a", "good", "film", "the"),
            List.of("the", "bad", "a", "zebra", "good"),
            List.of("bad", "the", "a", "good", "apple", "bad"),
            List.of("film", "the", "a"));

    @Test
    void padIsZeroAndUnkIsOne() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100, Set.of());
        assertEquals(0, Vocabulary.PAD_ID);
        assertEquals(1, Vocabulary.UNK_ID);
        assertEquals(Vocabulary.PAD, v.token(0));
        assertEquals(Vocabulary.UNK, v.token(1));
        assertEquals(0, v.id(Vocabulary.PAD));
        assertEquals(1, v.id(Vocabulary.UNK));
    }

    @Test
    void orderIsFrequencyDescendingThenAlphabetical() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100, Set.of());
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "a", "bad", "good", "film", "apple", "zebra"),
                v.tokens());
        assertEquals(9, v.size());
    }

    @Test
    void minCountDropsRareTokens() {
        Vocabulary v = Vocabulary.build(CORPUS, 3, 100, Set.of());
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "a", "bad", "good"), v.tokens());
        assertFalse(v.contains("film"));
        assertEquals(Vocabulary.UNK_ID, v.id("film"));
    }

    @Test
    void maxSizeCountsPadAndUnkAndKeepsTheMostFrequent() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 5, Set.of());
        assertEquals(5, v.size());
        // bad and good tie at 3: the alphabetically first one wins the last slot.
        assertEquals(List.of(Vocabulary.PAD, Vocabulary.UNK, "the", "a", "bad"), v.tokens());
        assertEquals(2, Vocabulary.build(CORPUS, 1, 2, Set.of()).size());
    }

    @Test
    void orderDoesNotDependOnDocumentOrder() {
        // Same multiset of tokens, shuffled documents and tokens: identical ids (HashMap order must not leak).
        List<List<String>> shuffled = new ArrayList<>();
        Random r = new Random(42);
        for (List<String> d : CORPUS) {
            List<String> copy = new ArrayList<>(d);
            Collections.shuffle(copy, r);
            shuffled.add(copy);
        }
        Collections.shuffle(shuffled, r);
        assertEquals(Vocabulary.build(CORPUS, 1, 100, Set.of()).tokens(),
                Vocabulary.build(shuffled, 1, 100, Set.of()).tokens());
    }

    @Test
    void unknownTokensMapToUnk() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100, Set.of());
        assertEquals(Vocabulary.UNK_ID, v.id("never-seen"));
        assertArrayEquals(new int[] {2, 1, 5}, v.ids(List.of("the", "xyzzy", "good")));
        assertFalse(v.contains("xyzzy"));
        assertTrue(v.contains("the"));
    }

    @Test
    void alwaysTokensAreKeptRegardlessOfCount() {
        Vocabulary v = Vocabulary.build(CORPUS, 3, 100, Set.of("rare"));
        assertTrue(v.contains("rare"));
        assertEquals(2, v.id("rare"));
    }

    @Test
    void ofRoundTripsTokens() {
        Vocabulary built = Vocabulary.build(CORPUS, 1, 100, Set.of());
        Vocabulary again = Vocabulary.of(built.tokens());
        assertEquals(built.tokens(), again.tokens());
        for (String t : built.tokens()) assertEquals(built.id(t), again.id(t));
    }

    @Test
    void ofRejectsListsNotStartingWithPadAndUnk() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of("the", Vocabulary.PAD, Vocabulary.UNK)));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of(Vocabulary.UNK, Vocabulary.PAD, "a")));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of(Vocabulary.PAD)));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.of(List.of()));
    }

    @Test
    void ofRejectsDuplicates() {
        IllegalArgumentException e = assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, "a", "b", "a")));
        assertTrue(e.getMessage().contains("a"), e.getMessage());
        assertThrows(IllegalArgumentException.class,
                () -> Vocabulary.of(List.of(Vocabulary.PAD, Vocabulary.UNK, Vocabulary.PAD)));
    }

    @Test
    void buildRejectsNonsenseLimits() {
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(CORPUS, 0, 100, Set.of()));
        assertThrows(IllegalArgumentException.class, () -> Vocabulary.build(CORPUS, 1, 1, Set.of()));
    }

    @Test
    void tokensListIsUnmodifiable() {
        Vocabulary v = Vocabulary.build(CORPUS, 1, 100, Set.of());
        assertThrows(UnsupportedOperationException.class, () -> v.tokens().add("x"));
        assertThrows(IndexOutOfBoundsException.class, () -> v.token(v.size()));
    }
}
