package org.attentionworkbench.ui.audit;

import javafx.beans.property.BooleanProperty;
import javafx.beans.property.SimpleBooleanProperty;
import org.attentionworkbench.model.ModelCatalog;

/** A model of the window's picker with whether the audit includes it. */
public final class ModelChoice {

    private final ModelCatalog.Entry entry;
    private final BooleanProperty selected = new SimpleBooleanProperty(this, "selected");

    ModelChoice(ModelCatalog.Entry entry) {
        this.entry = entry;
    }

    public ModelCatalog.Entry entry() {
        return entry;
    }

    /** The name the plan and the rows know the model by. */
    public String name() {
        return entry.name();
    }

    /** Whether the audit includes this model. */
    public BooleanProperty selectedProperty() {
        return selected;
    }

    @Override
    public String toString() {
        return name();
    }
}
