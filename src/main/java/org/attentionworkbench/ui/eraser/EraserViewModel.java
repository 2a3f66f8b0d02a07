package org.attentionworkbench.ui.eraser;

import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.BitSet;
import java.util.Deque;
import java.util.Objects;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * The attention eraser's logic, free of any view: a set of erased tokens over one
 * {@link EncodedDocument}, edited by erase / restore / toggle / range / top-k, with undo and redo.
 * Every edit re-decodes through {@link Erasure#erase} synchronously (O(nC), microseconds) and
 * publishes a new immutable {@link EraserState}, so a view updates within the frame of the edit.
 *
 * <p>Uses JavaFX properties only as observable values: it needs no FX toolkit and no FX thread,
 * so it is tested as plain Java. Call it from one thread (the FX thread in the application).
 *
 * <p>Wiring: bind {@link #documentProperty()} to the analysed document; optionally bind
 * {@link #explanationProperty()} to the (progressively updated) explanation of that document, so
 * that top-k erasure follows exactly the orders its flip curves were drawn from. A new document
 * clears the erased set and the history; a new explanation of the same document changes neither.
 */
public final class EraserViewModel {

    /** The seed of the random ranking when no explanation supplies one (ExplainSettings' default). */
    public static final long DEFAULT_SEED = 1;

    private final ObjectProperty<EncodedDocument> document = new SimpleObjectProperty<>(this, "document");
    private final ObjectProperty<Explanation> explanation = new SimpleObjectProperty<>(this, "explanation");
    private final ReadOnlyObjectWrapper<EraserState> state = new ReadOnlyObjectWrapper<>(this, "state");
    private final long seed;
    private final Deque<BitSet> undo = new ArrayDeque<>();
    private final Deque<BitSet> redo = new ArrayDeque<>();
    private BitSet erased = new BitSet();
    private RankingOrders orders;
    /** The ranking of the last top-k edit while consecutive top-k edits coalesce into one undo step. */
    private RankingKind coalescing;

    /** A view model whose random ranking uses {@link #DEFAULT_SEED}. */
    public EraserViewModel() {
        this(DEFAULT_SEED);
    }

    /** A view model whose random ranking (without an explanation) uses {@code seed}. */
    public EraserViewModel(long seed) {
        this.seed = seed;
        document.addListener((obs, old, doc) -> {
            undo.clear();
            redo.clear();
            erased = new BitSet();
            orders = null;
            coalescing = null;
            publish();
        });
        explanation.addListener((obs, old, e) -> orders = null); // orders are rebuilt lazily
    }

    /** A view model showing {@code doc} (convenience for tests and demos). */
    public EraserViewModel(EncodedDocument doc) {
        this();
        document.set(doc);
    }

    /** The document being erased; null shows nothing. Setting it clears the edits and their history. */
    public ObjectProperty<EncodedDocument> documentProperty() {
        return document;
    }

    /**
     * The explanation of the document, used only as the source of the ranking orders (and the
     * random seed); ignored while its document is not {@link #documentProperty()}'s.
     */
    public ObjectProperty<Explanation> explanationProperty() {
        return explanation;
    }

    /** The current snapshot; null while there is no document. */
    public ReadOnlyObjectProperty<EraserState> stateProperty() {
        return state.getReadOnlyProperty();
    }

    /** {@link #stateProperty()}'s value. */
    public EraserState getState() {
        return state.get();
    }

    /** Erases token {@code i} (no-op when already erased). */
    public void erase(int i) {
        BitSet next = copy();
        next.set(checked(i));
        apply(next, null);
    }

    /** Restores token {@code i} (no-op when not erased). */
    public void restore(int i) {
        BitSet next = copy();
        next.clear(checked(i));
        apply(next, null);
    }

    /** Erases token {@code i} if it is kept, restores it if it is erased. */
    public void toggle(int i) {
        BitSet next = copy();
        next.flip(checked(i));
        apply(next, null);
    }

    /** Erases tokens {@code from..to} inclusive (either order), one undo step. */
    public void eraseRange(int from, int to) {
        int lo = checked(Math.min(from, to));
        int hi = checked(Math.max(from, to));
        BitSet next = copy();
        next.set(lo, hi + 1);
        apply(next, null);
    }

    /**
     * Replaces the erased set by the first {@code k} tokens of {@code kind}'s order, so that the
     * state sits exactly on that ranking's flip curve at k. Consecutive top-k edits by the same
     * ranking (dragging the k slider) coalesce into one undo step.
     *
     * @param k 0..n
     */
    public void eraseTopK(RankingKind kind, int k) {
        Objects.requireNonNull(kind);
        EncodedDocument doc = requireDocument();
        if (k < 0 || k > doc.size()) throw new IllegalArgumentException("k = " + k + " for " + doc.size() + " tokens");
        BitSet next = new BitSet();
        int[] order = order(kind);
        for (int r = 0; r < k; r++) next.set(order[r]);
        apply(next, kind);
    }

    /** Erases nothing (an undoable edit). */
    public void reset() {
        if (document.get() == null) return;
        apply(new BitSet(), null);
    }

    /** Goes back one edit; no-op when there is none. */
    public void undo() {
        if (undo.isEmpty()) return;
        redo.push(erased);
        erased = undo.pop();
        coalescing = null;
        publish();
    }

    /** Re-applies the last undone edit; no-op when there is none. */
    public void redo() {
        if (redo.isEmpty()) return;
        undo.push(erased);
        erased = redo.pop();
        coalescing = null;
        publish();
    }

    /** The full erase order of {@code kind} for the current document (a copy). */
    public int[] order(RankingKind kind) {
        return orders().order(kind);
    }

    private RankingOrders orders() {
        EncodedDocument doc = requireDocument();
        if (orders == null) {
            Explanation e = explanation.get();
            // Identity, not equality: the explanation must be of this very encoding.
            orders = e != null && e.document() == doc ? RankingOrders.from(e) : RankingOrders.compute(doc, seed);
        }
        return orders;
    }

    private void apply(BitSet next, RankingKind coalesceWith) {
        requireDocument();
        if (next.equals(erased)) return;
        boolean coalesce = coalesceWith != null && coalesceWith == coalescing && !undo.isEmpty();
        if (!coalesce) undo.push(erased);
        redo.clear();
        erased = next;
        coalescing = coalesceWith;
        // A coalesced run that came back to where it started is no edit at all.
        if (coalesce && erased.equals(undo.peek())) {
            undo.pop();
            coalescing = null;
        }
        publish();
    }

    private void publish() {
        EncodedDocument doc = document.get();
        if (doc == null) {
            state.set(null);
            return;
        }
        int[] indices = erased.stream().toArray();
        state.set(new EraserState(doc, indices, Erasure.erase(doc, indices), !undo.isEmpty(), !redo.isEmpty()));
    }

    private BitSet copy() {
        requireDocument();
        return (BitSet) erased.clone();
    }

    private int checked(int i) {
        int n = requireDocument().size();
        if (i < 0 || i >= n) throw new IndexOutOfBoundsException("token " + i + " of " + n);
        return i;
    }

    private EncodedDocument requireDocument() {
        EncodedDocument doc = document.get();
        if (doc == null) throw new IllegalStateException("no document to erase");
        return doc;
    }

    @Override
    public String toString() {
        return "EraserViewModel" + Arrays.toString(erased.stream().toArray());
    }
}
