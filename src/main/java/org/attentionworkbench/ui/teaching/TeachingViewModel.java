package org.attentionworkbench.ui.teaching;

import java.util.List;
import javafx.beans.binding.Bindings;
import javafx.beans.binding.ObjectBinding;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyIntegerProperty;
import javafx.beans.property.ReadOnlyIntegerWrapper;
import javafx.beans.property.SimpleObjectProperty;
import org.attentionworkbench.explain.Explanation;

/**
 * State of teaching mode: the explanation told, its story, and the current step. A newer
 * (more complete) explanation keeps the step: the presenter stays where they are while saliency
 * arrives in the background.
 */
public final class TeachingViewModel {

    private final ObjectProperty<Explanation> explanation = new SimpleObjectProperty<>(this, "explanation");
    private final ObjectProperty<UniformTwinEvidence> uniformTwin = new SimpleObjectProperty<>(this, "uniformTwin");
    private final ReadOnlyIntegerWrapper index = new ReadOnlyIntegerWrapper(this, "index", 0);
    private final ObjectBinding<List<TeachingStep>> steps =
            Bindings.createObjectBinding(() -> explanation.get() == null ? List.of()
                    : TeachingStory.of(explanation.get(), uniformTwin.get()), explanation, uniformTwin);
    private final ObjectBinding<TeachingStep> current = Bindings.createObjectBinding(() -> {
        List<TeachingStep> s = steps.get();
        return s.isEmpty() ? null : s.get(Math.min(index.get(), s.size() - 1));
    }, steps, index);

    /** The explanation told; bind it to the analysis' progressive explanation. */
    public ObjectProperty<Explanation> explanationProperty() {
        return explanation;
    }

    /**
     * The model's twin trained with uniform attention on the explanation's document, or null
     * without one (its step is skipped).
     */
    public ObjectProperty<UniformTwinEvidence> uniformTwinProperty() {
        return uniformTwin;
    }

    /** The number of steps of the story told now (at least the seven of every story). */
    public int stepCount() {
        return Math.max(TeachingStory.LENGTH - 1, steps.get().size());
    }

    /** The current step's index, 0-based. */
    public ReadOnlyIntegerProperty indexProperty() {
        return index.getReadOnlyProperty();
    }

    /** The current step, or null before an explanation is set. */
    public ObjectBinding<TeachingStep> currentProperty() {
        return current;
    }

    /** The current step, or null. */
    public TeachingStep current() {
        return current.get();
    }

    /** Steps forward; false at the last step. */
    public boolean next() {
        if (index.get() >= stepCount() - 1) return false;
        index.set(index.get() + 1);
        return true;
    }

    /** Steps back; false at the first step. */
    public boolean previous() {
        if (index.get() <= 0) return false;
        index.set(index.get() - 1);
        return true;
    }

    /** Jumps to step {@code i} (clamped). */
    public void go(int i) {
        index.set(Math.max(0, Math.min(stepCount() - 1, i)));
    }
}
