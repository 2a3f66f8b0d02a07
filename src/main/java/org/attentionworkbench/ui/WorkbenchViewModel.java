package org.attentionworkbench.ui;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.function.Function;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.text.UnknownTokens;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * State of the window: the model choice, the review text and what the model says about it. Views
 * bind to its properties; all of them change on the FX thread only, work runs on two
 * {@link LatestTaskRunner}s (model loading, analysis).
 *
 * <p>The analysis is the {@link AnalysisViewModel} this view model owns ({@link #analysis()}): it
 * encodes the text once and explains that document, and the prediction shown here is read from the
 * same encoded document. Running a separate prediction would pass every keystroke through the
 * encoder twice, on two threads queueing for the model's lock.
 *
 * <p>Typing re-analyses after a {@link #DEBOUNCE} pause; choosing a model loads it and re-analyses
 * at once. Results of stale work are dropped, so what is shown always belongs to the current text
 * and model.
 */
public final class WorkbenchViewModel implements AutoCloseable {

    /** Pause after the last keystroke before the text is analysed (the analysis's own debounce). */
    public static final Duration DEBOUNCE = AnalysisViewModel.DEBOUNCE;

    /** The review the window starts with, so that it shows something at once. */
    public static final String EXAMPLE_REVIEW = "A wonderful, funny film: the cast is great and the story "
            + "never drags. The ending felt a bit rushed, but I loved every minute of it.";

    private final ModelCatalog catalog;
    private final LatestTaskRunner loader;

    private final ObservableList<ModelCatalog.Entry> models = FXCollections.observableArrayList();
    private final ObjectProperty<ModelCatalog.Entry> selectedModel = new SimpleObjectProperty<>(this, "selectedModel");
    private final StringProperty text = new SimpleStringProperty(this, "text", EXAMPLE_REVIEW);
    private final ReadOnlyObjectWrapper<AttentionClassifier> model = new ReadOnlyObjectWrapper<>(this, "model");
    private final ReadOnlyObjectWrapper<Prediction> prediction = new ReadOnlyObjectWrapper<>(this, "prediction");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message");
    private final ReadOnlyStringWrapper status = new ReadOnlyStringWrapper(this, "status", "");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ReadOnlyBooleanWrapper waitingForText = new ReadOnlyBooleanWrapper(this, "waitingForText");
    private final ReadOnlyStringWrapper problem = new ReadOnlyStringWrapper(this, "problem");
    private final AnalysisViewModel analysis;
    private final Function<Path, ? extends AttentionClassifier> modelLoader;
    /** True from a request for a new document until it (or the failure to encode it) arrives. */
    private boolean awaitingDocument;

    /** The entry whose model is loaded or loading; a selection equal to it needs no new load. */
    private ModelCatalog.Entry loadingEntry;

    /**
     * @param catalog  the shipped models
     * @param loader   runner for model loading
     * @param analyser runner of the analysis (encoding and explaining the text); its deliverer
     *                 is where the analysis publishes its partial results
     */
    public WorkbenchViewModel(ModelCatalog catalog, LatestTaskRunner loader, LatestTaskRunner analyser) {
        this(catalog, ModelLoader::open, loader, analyser);
    }

    /**
     * @param catalog     the shipped models
     * @param modelLoader opens a catalogue entry's archive as a model (on the loader's thread)
     * @param loader      runner for model loading
     * @param analyser    runner of the analysis
     */
    public WorkbenchViewModel(ModelCatalog catalog, Function<Path, ? extends AttentionClassifier> modelLoader,
                              LatestTaskRunner loader, LatestTaskRunner analyser) {
        this.catalog = catalog;
        this.modelLoader = modelLoader;
        this.loader = loader;
        this.analysis = new AnalysisViewModel(model.getReadOnlyProperty(), text, analyser);
        // A hierarchical model (HAN) opens at its sentence level with its word level beside (ModelLoader.open).
        models.setAll(catalog.entries());
        selectedModel.addListener((obs, old, entry) -> {
            if (entry != null && entry != loadingEntry) load(entry);
        });
        text.addListener((obs, old, t) -> analysisRequested(model.get()));
        analysis.documentProperty().addListener((obs, old, doc) -> encoded(doc));
        analysis.errorProperty().addListener((obs, old, error) -> {
            if (error != null) analysisFailed(error);
        });
    }

    /**
     * Opens the first model: {@code requested} if given (a path, possibly outside the catalog),
     * else the catalog's default; with none, says so in the window.
     */
    public void start(Optional<Path> requested) {
        if (requested.isPresent()) {
            Path path = requested.get();
            setBusy("Opening " + path.getFileName() + " ...");
            // Reading the card touches the disk: off the FX thread like everything else.
            loader.submit(() -> catalog.entryFor(path), this::adopt, this::loadFailed);
            return;
        }
        Optional<ModelCatalog.Entry> first = catalog.defaultEntry();
        if (first.isPresent()) {
            selectedModel.set(first.get());
        } else {
            message.set("No model to open: " + catalog.emptyReason() + ".");
            status.set("No models found");
        }
    }

    /**
     * Opens a model archive from disk (it joins the picker). A missing, corrupt or foreign archive
     * leaves the current model and says why in the window.
     */
    public void openArchive(Path path) {
        setBusy("Opening " + path.getFileName() + " ...");
        loader.submit(() -> catalog.entryFor(path), this::adopt, error -> {
            busy.set(false);
            if (model.get() == null) {
                loadFailed(error);
            } else {
                // Keep working with the current model and its results; say why in the status bar.
                status.set("Could not open the model: " + describe(error));
            }
        });
    }

    private void adopt(ModelCatalog.Entry entry) {
        if (!models.contains(entry)) models.add(entry);
        if (entry.equals(selectedModel.get())) {
            load(entry); // already selected (e.g. by a restored session): no change event would load it
        } else {
            selectedModel.set(entry);
        }
    }

    private void load(ModelCatalog.Entry entry) {
        loadingEntry = entry;
        setBusy("Loading model " + entry.name() + " ...");
        if (model.get() == null) message.set("Loading " + entry.name() + " ...");
        long t0 = System.nanoTime();
        loader.<AttentionClassifier>submit(() -> modelLoader.apply(entry.path()), loaded -> {
            prediction.set(null);
            status.set(String.format(Locale.ROOT, "Loaded %s in %.1f s", entry.name(), (System.nanoTime() - t0) / 1e9));
            busy.set(false);
            // The waiting state first: setting the model starts the analysis, whose document may
            // arrive at once where results are delivered on the worker thread (tests).
            analysisRequested(loaded);
            model.set(loaded);
        }, this::loadFailed);
    }

    private void loadFailed(Throwable error) {
        awaitingDocument = false;
        busy.set(false);
        model.set(null);
        prediction.set(null);
        message.set("Could not open the model: " + describe(error));
        status.set("Model not loaded");
    }

    /** Shows that {@code m}'s analysis of the current text is under way, or why there is none. */
    private void analysisRequested(AttentionClassifier m) {
        if (m == null) return;
        String t = text.get() == null ? "" : text.get();
        boolean empty = m.tokenizer().tokenize(t).isEmpty();
        waitingForText.set(empty);
        if (empty) {
            // Not an error: the user has simply not typed anything yet.
            awaitingDocument = false;
            busy.set(false);
            prediction.set(null);
            message.set("Type a review to see what the model attends to.");
            status.set("Waiting for text");
            return;
        }
        awaitingDocument = true;
        setBusy("Analysing ...");
    }

    /** The analysis encoded the current text: its output is the prediction shown. */
    private void encoded(EncodedDocument doc) {
        AttentionClassifier m = model.get();
        if (doc == null || m == null) return;
        awaitingDocument = false;
        busy.set(false);
        message.set(null);
        Prediction p = Prediction.of(doc);
        prediction.set(p);
        // Tokenising again only when the document reached the limit: then the text may have been cut.
        TokenLimit limit = m.tokenLimit();
        String cut = doc.size() < limit.max() ? ""
                : limit.note(m.tokenizer().tokenize(text.get() == null ? "" : text.get()).size());
        String unknown = UnknownTokens.note(doc.size(), UnknownTokens.count(doc.ids()), m.name());
        // A hierarchical model's document is its sentence level: its tokens are sentences.
        String unit = analysis.hierarchy() != null ? "sentences" : "tokens";
        status.set(String.format(Locale.ROOT, "%s (%.1f%%) · %d %s · %d ms with %s%s%s",
                p.label(), 100 * p.confidence(), p.tokens().size(), unit, analysis.encodeMillisProperty().get(),
                m.name(), cut.isEmpty() ? "" : " · " + cut, unknown.isEmpty() ? "" : " · " + unknown));
    }

    /**
     * The analysis failed. Before its document arrived, the text could not be encoded: there is
     * nothing to show, so say why in place of the results. A later section's failure leaves the
     * prediction; the status bar shows the analysis's error.
     */
    private void analysisFailed(String error) {
        if (!awaitingDocument) return;
        awaitingDocument = false;
        busy.set(false);
        prediction.set(null);
        message.set(error);
        status.set("Analysis failed");
    }

    private void setBusy(String what) {
        busy.set(true);
        status.set(what);
    }

    private static String describe(Throwable error) {
        return error.getMessage() != null ? error.getMessage() : error.getClass().getSimpleName();
    }

    /** The models to choose from. */
    public ObservableList<ModelCatalog.Entry> models() {
        return models;
    }

    /** The models directory's catalog (bases and their twins for the Twins tab). */
    public ModelCatalog catalog() {
        return catalog;
    }

    /** The chosen model; setting it loads that model. */
    public ObjectProperty<ModelCatalog.Entry> selectedModelProperty() {
        return selectedModel;
    }

    /** The review text; changing it re-analyses after {@link #DEBOUNCE}. */
    public StringProperty textProperty() {
        return text;
    }

    /** The explanation of the current text under the current model (its encoded document included). */
    public AnalysisViewModel analysis() {
        return analysis;
    }

    /** The loaded model, null while none is. */
    public ReadOnlyObjectProperty<AttentionClassifier> modelProperty() {
        return model.getReadOnlyProperty();
    }

    /** The prediction for the current text, null when there is none to show. */
    public ReadOnlyObjectProperty<Prediction> predictionProperty() {
        return prediction.getReadOnlyProperty();
    }

    /** A calm message to show instead of results (no model, empty text, an error), or null. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** One line about what is happening, with timings. */
    public ReadOnlyStringProperty statusProperty() {
        return status.getReadOnlyProperty();
    }

    /**
     * A problem with the window's own files (autosave, preferences), or null. Kept apart from
     * {@link #statusProperty()}, which every analysis rewrites, so that it stays in sight until
     * it is over.
     */
    public ReadOnlyStringProperty problemProperty() {
        return problem.getReadOnlyProperty();
    }

    /** Shows {@code text} as the current {@link #problemProperty() problem} (FX thread). */
    public void reportProblem(String text) {
        problem.set(text);
    }

    /** Clears the problem if it is still {@code text} (a newer one stays) (FX thread). */
    public void clearProblem(String text) {
        if (text != null && text.equals(problem.get())) problem.set(null);
    }

    /** Whether background work is under way. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /**
     * Whether the loaded model found no tokens in the text, so that no analysis will run until
     * the text changes. The window waits calmly; a snapshot has nothing to wait for.
     */
    public ReadOnlyBooleanProperty waitingForTextProperty() {
        return waitingForText.getReadOnlyProperty();
    }

    @Override
    public void close() {
        loader.close();
        analysis.close();
    }
}
