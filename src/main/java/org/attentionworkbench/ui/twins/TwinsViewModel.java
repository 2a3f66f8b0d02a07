package org.attentionworkbench.ui.twins;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Function;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.task.LatestTaskRunner;

/**
 * State of the Twins tab: the base model chosen, the text (the window's review), and the base and
 * its twins on that text, computed on a {@link LatestTaskRunner} (a new text or base cancels the
 * computation under way) while the tab is {@link #activeProperty() active}. Models are opened
 * once and kept. Blind mode's state is {@link #blind()}.
 */
public final class TwinsViewModel implements AutoCloseable {

    /** Pause after the last keystroke before the twins read the text again. */
    public static final Duration DEBOUNCE = Duration.ofMillis(300);

    private static final String READING = "Reading";

    private final ModelCatalog catalog;
    private final Function<Path, ? extends AttentionClassifier> opener;
    private final LatestTaskRunner runner;
    private final Map<Path, AttentionClassifier> opened = new ConcurrentHashMap<>();
    private final ObservableList<ModelCatalog.Entry> bases = FXCollections.observableArrayList();
    private final ObjectProperty<ModelCatalog.Entry> base = new SimpleObjectProperty<>(this, "base");
    private final StringProperty text = new SimpleStringProperty(this, "text", "");
    private final BooleanProperty active = new SimpleBooleanProperty(this, "active");
    private final ReadOnlyObjectWrapper<TwinsResult> result = new ReadOnlyObjectWrapper<>(this, "result");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final BlindRound blind = new BlindRound();
    /** True when the result shown is out of date (text or base changed while the tab was hidden). */
    private boolean stale = true;

    /**
     * @param catalog the models directory's models (bases and twins)
     * @param opener  opens an archive (on the runner's thread)
     * @param runner  where the twins are computed
     */
    public TwinsViewModel(ModelCatalog catalog, Function<Path, ? extends AttentionClassifier> opener,
                          LatestTaskRunner runner) {
        this.catalog = catalog;
        this.opener = opener;
        this.runner = runner;
        bases.setAll(catalog.bases());
        if (!bases.isEmpty()) base.set(bases.get(0));
        base.addListener(o -> changed(Duration.ZERO));
        base.addListener(o -> updateNote());
        text.addListener(o -> changed(DEBOUNCE));
        active.addListener((o, was, on) -> {
            if (on && stale) changed(Duration.ZERO);
        });
        message.set(bases.isEmpty() ? noTwins() : null);
    }

    /** The models that have twins in the models directory. */
    public ObservableList<ModelCatalog.Entry> bases() {
        return bases;
    }

    /** The base model chosen. */
    public ObjectProperty<ModelCatalog.Entry> baseProperty() {
        return base;
    }

    /** The text the models read (bind it to the window's review). */
    public StringProperty textProperty() {
        return text;
    }

    /** Whether the tab is shown: the models compute only then. */
    public BooleanProperty activeProperty() {
        return active;
    }

    /** The base and its twins on the text, null while computing or without a base. */
    public ReadOnlyObjectProperty<TwinsResult> resultProperty() {
        return result.getReadOnlyProperty();
    }

    /** A calm message instead of the heatmaps (no twins, computing, a text without words), or null. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Blind mode's round. */
    public BlindRound blind() {
        return blind;
    }

    /**
     * Chooses the model open in the window as the base when it has twins; else keeps the choice
     * and says so ({@link #openModelNote}): the tab then shows another model than the window's.
     */
    public void followOpenModel(String name) {
        if (name == null) return;
        java.util.Optional<ModelCatalog.Entry> own = bases.stream()
                .filter(e -> e.name().equals(name) || name.equals(e.card().name())).findFirst();
        own.ifPresent(base::set);
        openModelName = own.isPresent() ? null : name;
        updateNote();
    }

    /** The model open in the window when it has no twins (the tab shows another base), else null. */
    private String openModelName;
    private final ReadOnlyStringWrapper openModelNote = new ReadOnlyStringWrapper(this, "openModelNote");

    /**
     * A line for the tab's intro when it shows another model than the window's: "imdb-han, the
     * model open in the window, has no twins; shown: imdb-bilstm and its twins." Null otherwise.
     */
    public String openModelNote() {
        return openModelNote.get();
    }

    /** {@link #openModelNote} as a property (the view rewrites its intro when it changes). */
    public ReadOnlyStringProperty openModelNoteProperty() {
        return openModelNote.getReadOnlyProperty();
    }

    private void updateNote() {
        ModelCatalog.Entry chosen = base.get();
        openModelNote.set(openModelName == null || chosen == null ? null : openModelName
                + ", the model open in the window, has no twins; shown: " + chosen.name() + " and its twins.");
    }

    private void changed(Duration delay) {
        stale = true;
        if (!active.get()) {
            runner.cancel();
            return;
        }
        ModelCatalog.Entry chosen = base.get();
        if (chosen == null) {
            message.set(noTwins());
            return;
        }
        String t = text.get() == null ? "" : text.get();
        List<ModelCatalog.Entry> twins = catalog.twinsOf(chosen.card().name());
        message.set(READING + " the text with " + chosen.name() + " and its " + twins.size() + " twins ...");
        stale = false;
        runner.submit(delay, context -> {
            TwinsComputation.Loaded b = new TwinsComputation.Loaded(chosen.card(), open(chosen.path()));
            List<TwinsComputation.Loaded> loaded = new ArrayList<>();
            for (ModelCatalog.Entry e : twins) {
                context.cancellation().throwIfCancelled();
                loaded.add(new TwinsComputation.Loaded(e.card(), open(e.path())));
            }
            return TwinsComputation.compute(b, loaded, t, context.cancellation());
        }, r -> {
            result.set(r);
            message.set(null);
            blind.reset(r.blindCandidates().size());
        }, error -> {
            result.set(null);
            message.set(describe(error));
        });
    }

    /** Whether the models are reading the text now (a result or a message other than progress follows). */
    public boolean computing() {
        String m = message.get();
        return m != null && m.startsWith(READING);
    }

    /** Stops the computation under way and the worker. */
    @Override
    public void close() {
        runner.close();
    }

    private AttentionClassifier open(Path path) {
        return opened.computeIfAbsent(path, opener::apply);
    }

    private static String describe(Throwable error) {
        if (error instanceof IllegalArgumentException && error.getMessage() != null) {
            return "Nothing to compare: " + error.getMessage() + ".";
        }
        String m = error.getMessage();
        return "Could not read the text with the twins: " + (m == null ? error.getClass().getSimpleName() : m);
    }

    private String noTwins() {
        return "No model here has twins (counterfactual models made with workbench train --twin-of, "
                + "--attention uniform, --seeds ...)" + catalog.directory().map(d -> " in " + d).orElse("") + ".";
    }
}
