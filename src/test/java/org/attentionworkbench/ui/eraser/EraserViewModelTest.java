package org.attentionworkbench.ui.eraser;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.AttentionGradient;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.EncodedDocument;
import org.junit.jupiter.api.Test;

/** The eraser's logic as plain Java: no FX toolkit is started. */
class EraserViewModelTest {

    private final EncodedDocument doc = EraserTestDocs.random(12, 3, 7);
    private final EraserViewModel vm = new EraserViewModel(doc);

    @Test
    void startsWithNothingErasedAndTheOriginalOutput() {
        EraserState s = vm.getState();
        assertEquals(0, s.erasedCount());
        assertArrayEquals(doc.probabilities(), s.currentProbabilities(), 0);
        assertArrayEquals(doc.probabilities(), s.originalProbabilities(), 0);
        assertEquals(0, s.jsd(), 0);
        assertEquals(0, s.tvd(), 0);
        assertFalse(s.flipped());
        assertFalse(s.canUndo());
        assertFalse(s.canRedo());
    }

    @Test
    void eraseRestoreAndToggleEditTheSet() {
        vm.erase(3);
        vm.erase(5);
        vm.erase(3); // already erased: no edit
        assertArrayEquals(new int[] {3, 5}, vm.getState().erased());
        vm.restore(3);
        assertArrayEquals(new int[] {5}, vm.getState().erased());
        vm.toggle(5);
        vm.toggle(0);
        assertArrayEquals(new int[] {0}, vm.getState().erased());
        assertTrue(vm.getState().isErased(0));
        assertFalse(vm.getState().isErased(5));
        assertThrows(IndexOutOfBoundsException.class, () -> vm.erase(12));
    }

    @Test
    void rangeErasesBothEndsInEitherOrder() {
        vm.erase(1);
        vm.eraseRange(6, 4);
        assertArrayEquals(new int[] {1, 4, 5, 6}, vm.getState().erased());
        vm.undo();
        assertArrayEquals(new int[] {1}, vm.getState().erased(), "a range is one undo step");
    }

    @Test
    void undoRedoAndResetWalkTheHistory() {
        vm.erase(2);
        vm.erase(7);
        vm.undo();
        assertArrayEquals(new int[] {2}, vm.getState().erased());
        assertTrue(vm.getState().canRedo());
        vm.redo();
        assertArrayEquals(new int[] {2, 7}, vm.getState().erased());
        assertFalse(vm.getState().canRedo());
        vm.reset();
        assertEquals(0, vm.getState().erasedCount());
        vm.undo();
        assertArrayEquals(new int[] {2, 7}, vm.getState().erased(), "reset is undoable");
        vm.undo();
        vm.undo();
        assertEquals(0, vm.getState().erasedCount());
        assertFalse(vm.getState().canUndo());
        vm.undo(); // nothing left: no-op
        vm.redo();
        assertArrayEquals(new int[] {2}, vm.getState().erased());
        vm.erase(9); // a new edit drops the redo branch
        assertFalse(vm.getState().canRedo());
    }

    @Test
    void everyStateEqualsErasureErase() {
        int[][] edits = {{0}, {0, 4}, {0, 4, 11}, {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11}};
        for (int[] set : edits) {
            vm.reset();
            for (int i : set) vm.erase(i);
            EraserState s = vm.getState();
            Erasure.Result expected = Erasure.erase(doc, set);
            assertArrayEquals(expected.probabilities(), s.currentProbabilities(), 0);
            assertEquals(expected.jsd(), s.jsd(), 0);
            assertEquals(expected.tvd(), s.tvd(), 0);
            assertEquals(expected.flipped(), s.flipped());
            assertEquals(expected.predicted(), s.currentPredicted());
            assertEquals(set.length, s.erasedCount());
            assertEquals(expected.probabilities()[doc.predicted()], s.originalClassProbability(), 0);
        }
    }

    @Test
    void topKByEachRankingIsThatRankingsFirstK() {
        ErasureRanking.Report report = ErasureRanking.standard(doc, EraserViewModel.DEFAULT_SEED, Map.of());
        int[][] expectedOrders = {
            report.attention().order(),
            report.random().runs().get(0).order(),
            ErasureRanking.byScores(doc, "g", AttentionGradient.atOriginal(doc)).order(),
            ErasureRanking.byScores(doc, "ga", AttentionGradient.timesAttention(doc)).order(),
            MinimalFlipSet.find(doc).ranking().order()};
        RankingKind[] kinds = RankingKind.values();
        for (int r = 0; r < kinds.length; r++) {
            assertArrayEquals(expectedOrders[r], vm.order(kinds[r]), kinds[r].name());
            for (int k = 0; k <= doc.size(); k++) {
                vm.eraseTopK(kinds[r], k);
                int[] firstK = Arrays.copyOf(expectedOrders[r], k);
                Arrays.sort(firstK);
                assertArrayEquals(firstK, vm.getState().erased(), kinds[r] + " k=" + k);
            }
        }
    }

    @Test
    void topKStateLiesOnTheRankingsFlipCurve() {
        ErasureRanking.Curve attention = ErasureRanking.standard(doc, 1, Map.of()).attention();
        double[] curve = attention.curve();
        for (int k = 0; k <= doc.size(); k++) {
            vm.eraseTopK(RankingKind.ATTENTION, k);
            assertEquals(curve[k], vm.getState().originalClassProbability(), 1e-12, "k=" + k);
            if (attention.flipped() && k <= attention.flipCount()) {
                // k* is the FIRST flip: kept before it, flipped at it.
                assertEquals(k == attention.flipCount(), vm.getState().flipped(), "k=" + k);
            }
        }
    }

    @Test
    void oracleTopKAtTheMinimalSizeFlips() {
        MinimalFlipSet.Result oracle = MinimalFlipSet.find(doc);
        if (!oracle.flippable()) return;
        vm.eraseTopK(RankingKind.ORACLE, oracle.size());
        assertTrue(vm.getState().flipped());
        if (oracle.size() > 1) {
            vm.eraseTopK(RankingKind.ORACLE, oracle.size() - 1);
            assertFalse(vm.getState().flipped());
        }
    }

    @Test
    void sliderRunsOfTopKCoalesceIntoOneUndoStep() {
        vm.erase(0);
        vm.eraseTopK(RankingKind.ATTENTION, 2);
        vm.eraseTopK(RankingKind.ATTENTION, 3);
        vm.eraseTopK(RankingKind.ATTENTION, 4);
        vm.undo();
        assertArrayEquals(new int[] {0}, vm.getState().erased());
        vm.eraseTopK(RankingKind.ATTENTION, 3);
        vm.eraseTopK(RankingKind.RANDOM, 3); // another ranking: its own step
        vm.undo();
        int[] top3 = Arrays.copyOf(vm.order(RankingKind.ATTENTION), 3);
        Arrays.sort(top3);
        assertArrayEquals(top3, vm.getState().erased());
    }

    @Test
    void explanationOfTheSameDocumentSuppliesTheOrdersAndKeepsTheEdits() {
        long seed = 42;
        Explanation e = explanation(doc, seed);
        vm.erase(4);
        vm.explanationProperty().set(e);
        assertArrayEquals(new int[] {4}, vm.getState().erased());
        assertArrayEquals(e.rankings().random().runs().get(0).order(), vm.order(RankingKind.RANDOM));
        assertArrayEquals(e.oracle().ranking().order(), vm.order(RankingKind.ORACLE));
        // An explanation of another document is ignored.
        vm.explanationProperty().set(explanation(EraserTestDocs.random(12, 3, 8), seed));
        assertArrayEquals(ErasureRanking.random(doc, 1, EraserViewModel.DEFAULT_SEED).runs().get(0).order(),
                vm.order(RankingKind.RANDOM));
    }

    @Test
    void newDocumentClearsEditsAndHistory() {
        List<EraserState> seen = new ArrayList<>();
        vm.stateProperty().addListener((o, a, b) -> seen.add(b));
        vm.erase(1);
        vm.documentProperty().set(EraserTestDocs.random(5, 2, 3));
        assertEquals(0, vm.getState().erasedCount());
        assertFalse(vm.getState().canUndo());
        assertEquals(5, vm.getState().size());
        vm.documentProperty().set(null);
        assertNull(vm.getState());
        assertEquals(3, seen.size());
        assertThrows(IllegalStateException.class, () -> vm.erase(0));
    }

    /** A real explanation with only the erasure section, as the engine makes it. */
    static Explanation explanation(EncodedDocument d, long seed) {
        ExplainSettings settings = ExplainSettings.defaults().withSeed(seed)
                .withSections(java.util.EnumSet.of(Section.ERASURE));
        return new Explanation(d, -1, settings, java.util.Set.of(Section.ERASURE), null, null,
                Erasure.singleWeight(d, seed).orElse(null), ErasureRanking.standard(d, seed, Map.of()),
                MinimalFlipSet.find(d), null, null, Map.of(), null, Map.of(), Map.of(), Map.of(), Map.of());
    }
}
