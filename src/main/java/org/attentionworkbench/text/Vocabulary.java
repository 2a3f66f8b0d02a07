package org.attentionworkbench.text;

import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * An immutable mapping between tokens and integer ids. Id 0 is always {@link #PAD} (padding, never
 * attended to) and id 1 is always {@link #UNK} (any token not in the vocabulary).
 *
 * <p>Built from training tokens by {@link #build}: tokens seen fewer than {@code minCount} times are
 * dropped and at most {@code maxSize} ids are kept (PAD and UNK included), most frequent first with
 * ties broken alphabetically, so the same corpus always gives the same ids.
 */
public final class Vocabulary {

    /** The padding token, id 0. */
    public static final String PAD = "<pad>";
    /** The unknown-word token, id 1. */
    public static final String UNK = "<unk>";
    public static final int PAD_ID = 0;
    public static final int UNK_ID = 1;

    private final List<String> tokens;
    private final Map<String, Integer> ids;

    private Vocabulary(List<String> tokens) {
        if (tokens.size() < 2 || !PAD.equals(tokens.get(0)) || !UNK.equals(tokens.get(1))) {
            throw new IllegalArgumentException("a vocabulary starts with " + PAD + " and " + UNK);
        }
        this.tokens = List.copyOf(tokens);
        this.ids = new HashMap<>(tokens.size() * 2);
        for (int i = 0; i < tokens.size(); i++) {
            if (ids.put(tokens.get(i), i) != null) {
                throw new IllegalArgumentException("duplicate token in vocabulary: " + tokens.get(i));
            }
        }
    }

    /**
     * Recreates a vocabulary from its tokens in id order (as saved in a model archive).
     *
     * @throws IllegalArgumentException if the list does not start with PAD, UNK or has duplicates
     */
    public static Vocabulary of(List<String> tokensInIdOrder) {
        return new Vocabulary(tokensInIdOrder);
    }

    /**
     * Counts tokens and keeps the frequent ones.
     *
     * @param documents tokenised documents
     * @param minCount  minimum number of occurrences for a token to get an id (at least 1)
     * @param maxSize   maximum vocabulary size including PAD and UNK (at least 2)
     * @param always    tokens to keep regardless of count (e.g. none; may be empty)
     */
    public static Vocabulary build(Iterable<? extends List<String>> documents, int minCount, int maxSize,
                                   Set<String> always) {
        if (minCount < 1) throw new IllegalArgumentException("minCount must be >= 1");
        if (maxSize < 2) throw new IllegalArgumentException("maxSize must be >= 2");
        Map<String, Integer> counts = new HashMap<>();
        for (List<String> doc : documents) {
            for (String t : doc) {
                counts.merge(t, 1, Integer::sum);
            }
        }
        List<Map.Entry<String, Integer>> entries = new ArrayList<>(counts.entrySet());
        entries.sort((a, b) -> {
            int c = Integer.compare(b.getValue(), a.getValue());
            return c != 0 ? c : a.getKey().compareTo(b.getKey());
        });
        List<String> kept = new ArrayList<>();
        kept.add(PAD);
        kept.add(UNK);
        Set<String> seen = new HashSet<>(kept);
        for (String t : always) {
            if (kept.size() < maxSize && seen.add(t)) kept.add(t);
        }
        for (Map.Entry<String, Integer> e : entries) {
            if (kept.size() >= maxSize) break;
            if (e.getValue() >= minCount && seen.add(e.getKey())) kept.add(e.getKey());
        }
        return new Vocabulary(kept);
    }

    /** Number of ids, PAD and UNK included. */
    public int size() {
        return tokens.size();
    }

    /** The id of {@code token}, or {@link #UNK_ID} if unknown. */
    public int id(String token) {
        Integer id = ids.get(token);
        return id == null ? UNK_ID : id;
    }

    /** Whether the token has an id of its own. */
    public boolean contains(String token) {
        return ids.containsKey(token);
    }

    /** The token with this id. */
    public String token(int id) {
        Objects.checkIndex(id, tokens.size());
        return tokens.get(id);
    }

    /** Ids of the given tokens, unknown ones mapped to UNK. */
    public int[] ids(List<String> tokenList) {
        int[] out = new int[tokenList.size()];
        for (int i = 0; i < out.length; i++) {
            out[i] = id(tokenList.get(i));
        }
        return out;
    }

    /** All tokens in id order (unmodifiable). */
    public List<String> tokens() {
        return Collections.unmodifiableList(tokens);
    }
}
