package org.attentionworkbench.ui.twins;

import java.util.SplittableRandom;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;

/**
 * Blind mode for lectures: the base's and its twins' heatmaps shown unlabelled (A, B, C ...) in a
 * random order; the audience picks the one that "explains the prediction", then the reveal names
 * every model with its faithfulness figures. Each new document (or turning blind mode on) deals a
 * new order and clears the pick.
 */
public final class BlindRound {

    private final BooleanProperty on = new SimpleBooleanProperty(this, "on");
    private final ObjectProperty<int[]> order = new SimpleObjectProperty<>(this, "order", new int[0]);
    private final IntegerProperty picked = new SimpleIntegerProperty(this, "picked", -1);
    private final BooleanProperty revealed = new SimpleBooleanProperty(this, "revealed");
    private final SplittableRandom random;

    /** A round dealt by a random generator seeded from the clock. */
    public BlindRound() {
        this(new SplittableRandom());
    }

    /** A round dealt by {@code random} (tests fix its seed). */
    BlindRound(SplittableRandom random) {
        this.random = random;
        on.addListener((o, was, now) -> {
            if (now) reset(order.get().length);
        });
    }

    /** Whether blind mode is on. */
    public BooleanProperty onProperty() {
        return on;
    }

    /**
     * The order shown: position p shows candidate {@code order[p]} of
     * {@link TwinsResult#blindCandidates()} under the letter of p.
     */
    public ObjectProperty<int[]> orderProperty() {
        return order;
    }

    /** The position the audience picked, -1 for none yet. */
    public IntegerProperty pickedProperty() {
        return picked;
    }

    /** Whether the models have been named. */
    public BooleanProperty revealedProperty() {
        return revealed;
    }

    /** Deals a new random order of {@code n} candidates and clears the pick and the reveal. */
    public void reset(int n) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        for (int i = n - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        picked.set(-1);
        revealed.set(false);
        order.set(p);
    }

    /** The audience picks the heatmap at {@code position}; ignored after the reveal. */
    public void pick(int position) {
        if (!revealed.get() && position >= 0 && position < order.get().length) picked.set(position);
    }

    /** Names the models. */
    public void reveal() {
        revealed.set(true);
    }

    /** The letter of a position: A, B, ..., Z, then 27, 28 ... */
    public static String letter(int position) {
        return position < 26 ? String.valueOf((char) ('A' + position)) : String.valueOf(position + 1);
    }
}
