package org.attentionworkbench.ui.twins;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ChangeListener;
import javafx.beans.value.ObservableValue;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.ui.teaching.UniformTwinEvidence;

/**
 * Teaching mode's source for the Wiegreffe &amp; Pinter step: while open, reads each new document
 * of the window with the open model's uniform-trained twin (if the models directory has one) in
 * the background and offers the {@link UniformTwinEvidence}; null without such a twin.
 */
public final class UniformTwinProbe implements AutoCloseable {

    private final ModelCatalog catalog;
    private final Function<Path, ? extends AttentionClassifier> opener;
    private final LatestTaskRunner runner;
    private final ObservableValue<? extends AttentionClassifier> model;
    private final ObservableValue<EncodedDocument> document;
    private final Map<Path, AttentionClassifier> opened = new ConcurrentHashMap<>();
    private final ReadOnlyObjectWrapper<UniformTwinEvidence> evidence = new ReadOnlyObjectWrapper<>(this, "evidence");
    private final ChangeListener<Object> listener = (o, a, b) -> read();

    /**
     * @param catalog  the models directory (the twin is looked up there)
     * @param opener   opens the twin's archive (on the runner's thread)
     * @param runner   where the twin reads the document
     * @param model    the model open in the window
     * @param document the document it explains
     */
    public UniformTwinProbe(ModelCatalog catalog, Function<Path, ? extends AttentionClassifier> opener,
                            LatestTaskRunner runner, ObservableValue<? extends AttentionClassifier> model,
                            ObservableValue<EncodedDocument> document) {
        this.catalog = catalog;
        this.opener = opener;
        this.runner = runner;
        this.model = model;
        this.document = document;
        model.addListener(listener);
        document.addListener(listener);
        read();
    }

    /** The uniform twin on the current document, or null. */
    public ReadOnlyObjectProperty<UniformTwinEvidence> evidenceProperty() {
        return evidence.getReadOnlyProperty();
    }

    /** The first twin of {@code base} trained with uniform attention, if any. */
    public static Optional<ModelCatalog.Entry> uniformTwin(ModelCatalog catalog, String base) {
        return catalog.twinsOf(base).stream().filter(e -> "uniform".equals(e.card().objective())).findFirst();
    }

    /**
     * The evidence of {@code twin} (an entry of {@link #uniformTwin}) on {@code tokens}: its output
     * there, and its and the base's accuracy as its card's twin record measured them on one split.
     */
    public static UniformTwinEvidence evidence(ModelCatalog.Entry twin, ModelCard base, AttentionClassifier opened,
                                               List<String> tokens) {
        double[] y = opened.outputs(List.of(opened.ids(tokens)), 1).get(0);
        double accuracy = TwinsComputation.number(twin.card().twin().get("accuracy"));
        double baseAccuracy = TwinsComputation.number(twin.card().twin().get("base_accuracy"));
        if (Double.isNaN(accuracy)) accuracy = twin.card().test_accuracy();
        if (Double.isNaN(baseAccuracy)) baseAccuracy = base.test_accuracy();
        return new UniformTwinEvidence(twin.name(), accuracy, baseAccuracy, y, tokens.size());
    }

    private void read() {
        AttentionClassifier m = model.getValue();
        EncodedDocument doc = document.getValue();
        Optional<ModelCatalog.Entry> twin = m == null ? Optional.empty() : uniformTwin(catalog, m.name());
        ModelCard baseCard = m == null ? null : catalog.find(m.name()).map(ModelCatalog.Entry::card).orElse(null);
        if (doc == null || twin.isEmpty() || baseCard == null || doc.size() == 0) {
            runner.cancel();
            evidence.set(null);
            return;
        }
        ModelCatalog.Entry t = twin.get();
        List<String> tokens = doc.tokens();
        runner.submit(() -> evidence(t, baseCard, opened.computeIfAbsent(t.path(), opener::apply), tokens),
                evidence::set, error -> evidence.set(null));
    }

    /** Stops following the window and the worker. */
    @Override
    public void close() {
        model.removeListener(listener);
        document.removeListener(listener);
        runner.close();
    }
}
