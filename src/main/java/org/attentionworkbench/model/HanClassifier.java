package org.attentionworkbench.model;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Vocabulary;

/**
 * A hierarchical attention network as the window sees it (docs/methods.md section 10): a flat
 * attention classifier at the sentence level, as {@code workbench explain} reads a HAN. Its
 * {@link #tokens(String)} are a text's sentences (tokens joined by spaces), {@link #encode} gives
 * the sentence-level document (attention beta, the sentence vectors c_j held fixed), so every
 * analysis of every tab runs on sentences; {@link #hierarchy} gives the word level beside it.
 *
 * <p>Unlike the per-document {@link SentenceLevelClassifier} of {@link HanModel#read}, its sentence
 * vocabulary is open: any sentence text gets an id the first time it is seen, and its vector c and
 * word attention alpha are computed by the word level, which reads each sentence alone (so a
 * sentence's c and alpha do not depend on the document around it, and ids mean the same in every
 * document). The word level of the last {@value #CACHED} sentences is kept; an older sentence is
 * read again when asked for. Thread-safe.
 */
public final class HanClassifier extends SentenceLevelClassifier {

    /** Sentences whose vector and word attention are kept (a few long reviews' worth). */
    static final int CACHED = 4096;

    private final OpenTable table;

    /** The window's view of a hierarchical model. */
    public HanClassifier(HanModel model) {
        this(model, new OpenTable(model));
    }

    private HanClassifier(HanModel model, OpenTable table) {
        super(model, List.of(), table);
        this.table = table;
    }

    /** The hierarchical model read. */
    public HanModel han() {
        return model;
    }

    /**
     * The sentences of a text as the model splits it (tokenised, cut to {@link #tokenLimit()}),
     * each as its tokens joined by spaces; their word level is read here, all in one pass.
     */
    @Override
    public List<String> tokens(String text) {
        List<String> tokens = model.tokens(text);
        if (tokens.isEmpty()) return List.of();
        int[] ids = model.vocabulary().ids(tokens);
        List<String> texts = new ArrayList<>();
        List<int[]> sentenceIds = new ArrayList<>();
        for (int[] b : model.sentenceBounds(ids)) {
            texts.add(String.join(" ", tokens.subList(b[0], b[1])));
            sentenceIds.add(Arrays.copyOfRange(ids, b[0], b[1]));
        }
        table.readAll(texts, sentenceIds);
        return texts;
    }

    @Override
    public AttentionClassifier withTokenLimit(TokenLimit limit) {
        return limit.equals(model.tokenLimit()) ? this : new HanClassifier(model.withTokenLimit(limit));
    }

    @Override
    public HierarchicalDocument hierarchy(EncodedDocument doc) {
        List<List<String>> sentences = new ArrayList<>(doc.size());
        double[][] alpha = new double[doc.size()][];
        int read = 0;
        for (int j = 0; j < doc.size(); j++) {
            double[] a = table.cachedAlpha(doc.ids()[j]);
            if (a == null) return null;
            List<String> words = words(doc.tokens().get(j));
            if (words.size() != a.length) return null;
            sentences.add(words);
            alpha[j] = a;
            read += words.size();
        }
        return new HierarchicalDocument(sentences, alpha, doc, read, read);
    }

    private static List<String> words(String sentence) {
        return sentence.isEmpty() ? List.of() : List.of(sentence.split(" "));
    }

    /** Every sentence text seen, with the word level of the recent ones. */
    private static final class OpenTable implements SentenceTable {
        private record WordLevel(double[] vector, double[] alpha) { }

        private final HanModel model;
        private final Map<String, Integer> idOf = new HashMap<>();
        private final List<String> texts = new ArrayList<>();
        private final LinkedHashMap<Integer, WordLevel> recent = new LinkedHashMap<>(256, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<Integer, WordLevel> eldest) {
                return size() > CACHED;
            }
        };

        OpenTable(HanModel model) {
            this.model = model;
        }

        @Override
        public synchronized int id(String sentence) {
            if (sentence.isEmpty() || sentence.equals(Vocabulary.UNK)) return Vocabulary.UNK_ID;
            return idOf.computeIfAbsent(sentence, s -> {
                texts.add(s);
                return texts.size() - 1 + FIRST;
            });
        }

        @Override
        public double[] vector(int id) {
            WordLevel w = wordLevel(id);
            return w == null ? null : w.vector();
        }

        synchronized double[] cachedAlpha(int id) {
            WordLevel w = recent.get(id);
            return w == null ? null : w.alpha().clone();
        }

        private WordLevel wordLevel(int id) {
            String text;
            synchronized (this) {
                if (id < FIRST || id - FIRST >= texts.size()) return null;
                WordLevel w = recent.get(id);
                if (w != null) return w;
                text = texts.get(id - FIRST);
            }
            // A sentence read long ago (or never through tokens()): the word level reads it alone.
            readAll(List.of(text), List.of(model.vocabulary().ids(words(text))));
            synchronized (this) {
                return recent.get(id);
            }
        }

        /** Reads the sentences not held yet through the word level, in one pass. */
        void readAll(List<String> sentences, List<int[]> sentenceIds) {
            List<String> missing = new ArrayList<>();
            List<int[]> missingIds = new ArrayList<>();
            synchronized (this) {
                for (int j = 0; j < sentences.size(); j++) {
                    int id = id(sentences.get(j));
                    if (id >= FIRST && !recent.containsKey(id) && !missing.contains(sentences.get(j))) {
                        missing.add(sentences.get(j));
                        missingIds.add(sentenceIds.get(j));
                    }
                }
            }
            if (missing.isEmpty()) return;
            HanNetwork net = model.network();
            HanNetwork.Reading r;
            synchronized (net) {
                r = net.read(missingIds);
            }
            synchronized (this) {
                for (int j = 0; j < missing.size(); j++) {
                    recent.put(idOf.get(missing.get(j)), new WordLevel(r.sentenceVectors()[j], r.wordAttention()[j]));
                }
            }
        }
    }
}
