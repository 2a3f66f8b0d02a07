package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The exact attention-layer analyses on REAL encoded documents (shipped models, real SST sentences
 * of at most 12 tokens), where attention is peaked, contributions are correlated and ties occur,
 * unlike the synthetic documents of the unit tests.
 */
class RealDocumentsTest {

    private static final int MAX_TOKENS = 12;
    private static final int DOCS = 25;

    private static List<EncodedDocument> shortDocs(AttentionModel model, String file) {
        List<EncodedDocument> docs = new ArrayList<>();
        for (Shipped.Row row : Shipped.shortRows(model, file, MAX_TOKENS, DOCS)) docs.add(model.encode(row.tokens()));
        assertEquals(DOCS, docs.size(), "enough short sentences in " + file);
        return docs;
    }

    /** Brute force: the smallest non-empty subset whose erasure changes the argmax, or -1. */
    private static int bruteForceMinimum(EncodedDocument doc) {
        int n = doc.size();
        int c = doc.predicted();
        int best = -1;
        for (int mask = 1; mask < (1 << n); mask++) {
            int size = Integer.bitCount(mask);
            if (best >= 0 && size >= best) continue;
            int[] set = new int[size];
            for (int i = 0, j = 0; i < n; i++) if ((mask & (1 << i)) != 0) set[j++] = i;
            double[] y = Erasure.erase(doc, set).probabilities();
            if (TestDocs.argmaxLowestIndex(y) != c) best = size;
        }
        return best;
    }

    @ParameterizedTest
    @CsvSource({"sst2-bilstm, sst/sst2_test.tsv", "sst2-cnn, sst/sst2_test.tsv", "sst2-average, sst/sst2_test.tsv",
            "sst5-bilstm, sst/sst5_test.tsv"})
    void minimalFlipSetEqualsBruteForceOverAllSubsets(String name, String file) {
        AttentionModel model = Shipped.model(name);
        List<EncodedDocument> docs = shortDocs(model, file);
        int flippable = 0;
        int multi = 0;
        for (int d = 0; d < docs.size(); d++) {
            EncodedDocument doc = docs.get(d);
            assertTrue(doc.size() <= MAX_TOKENS);
            int expected = bruteForceMinimum(doc);
            MinimalFlipSet.Result r = MinimalFlipSet.find(doc);
            String where = name + " doc " + d + " " + doc.tokens();
            if (expected < 0) {
                assertFalse(r.flippable(), where + ": nothing flips, yet the oracle claims a set");
                assertEquals(0, r.size(), where);
                continue;
            }
            flippable++;
            if (expected > 1) multi++;
            assertTrue(r.flippable(), where + ": a subset of size " + expected + " flips, the oracle found none");
            assertEquals(expected, r.size(), where);
            Erasure.Result erased = Erasure.erase(doc, r.indices());
            assertTrue(erased.flipped(), where + ": the oracle's set does not flip");
            assertEquals(erased.predicted(), r.rival(), where);
            assertEquals(doc.size() + 1, r.curve().length);
        }
        assertTrue(flippable > 0, name + ": no document flips at all, the comparison would be vacuous");
        assertTrue(multi > 0 || name.startsWith("sst5"), name + ": no document needs more than one erasure");
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-bilstm", "sst2-cnn", "sst2-average"})
    void exactAdversaryStaysWithinEpsilonAndBeatsThePublishedSearch(String name) {
        AttentionModel model = Shipped.model(name);
        double eps = ExactAdversary.DEFAULT_EPSILON;
        SplittableRandom rnd = new SplittableRandom(11);
        List<EncodedDocument> docs = shortDocs(model, "sst/sst2_test.tsv");
        for (int d = 0; d < docs.size(); d++) {
            EncodedDocument doc = docs.get(d);
            String where = name + " doc " + d + " " + doc.tokens();
            double[] alpha = doc.attention();
            double[] y = doc.probabilities();
            ExactAdversary.Result exact = ExactAdversary.maximise(doc, eps);
            double[] a = exact.attention();
            double mass = 0;
            int support = 0;
            for (double w : a) {
                assertTrue(w >= 0, where);
                mass += w;
                if (w > 0) support++;
            }
            assertEquals(1.0, mass, 1e-12, where + ": a distribution");
            assertTrue(support <= 2, where + ": a vertex has at most two non-zero weights");
            assertTrue(Divergences.tvd(doc.decode(a), y) <= eps + 1e-9, where + ": output within epsilon");
            assertEquals(Divergences.tvd(doc.decode(a), y), exact.tvd(), 1e-12, where);
            assertEquals(Divergences.jsd(a, alpha), exact.jsd(), 1e-9, where + ": reported JSD is the JSD of the maximiser");
            assertTrue(exact.jsd() <= Math.log(2) + 1e-12 && exact.jsd() >= 0, where + ": JSD in [0, ln 2]");

            AdversarialSearch.Result published = new AdversarialSearch(
                    AdversarialSearch.Settings.defaults(d).withSteps(200)).search(doc);
            assertTrue(published.epsilonMaxJsd() <= exact.jsd() + 1e-9,
                    where + ": published " + published.epsilonMaxJsd() + " beats the certified " + exact.jsd());
            for (AdversarialSearch.Candidate cand : published.candidates()) {
                if (cand.tvd() <= eps) assertTrue(cand.jsdToAlpha() <= exact.jsd() + 1e-9, where);
            }
            // Random feasible points never beat the certified maximum either.
            for (int t = 0; t < 200; t++) {
                double[] p = sparseDirichlet(doc.size(), rnd);
                if (Divergences.tvd(doc.decode(p), y) <= eps) {
                    assertTrue(Divergences.jsd(p, alpha) <= exact.jsd() + 1e-9, where + ": random feasible point");
                }
            }
        }
    }

    /** A random point of the simplex, often on a low-dimensional face (where maxima live). */
    private static double[] sparseDirichlet(int n, SplittableRandom r) {
        double[] a = TestDocs.dirichlet(n, r);
        int keep = 1 + r.nextInt(Math.min(n, 3));
        double[] out = new double[n];
        double s = 0;
        for (int k = 0; k < keep; k++) {
            int i = r.nextInt(n);
            out[i] += a[i] + 1e-3;
            s += a[i] + 1e-3;
        }
        for (int i = 0; i < n; i++) out[i] /= s;
        return out;
    }
}
