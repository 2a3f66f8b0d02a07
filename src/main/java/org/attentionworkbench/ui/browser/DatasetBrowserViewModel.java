package org.attentionworkbench.ui.browser;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.Executor;
import java.util.function.Predicate;
import javafx.application.Platform;
import javafx.beans.binding.Bindings;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.transformation.FilteredList;
import org.attentionworkbench.explain.DocumentFigures;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.task.LatestTaskRunner;

/**
 * State and background work of the dataset browser. Opening a dataset reads it off the FX thread;
 * then, with a model, predictions are computed for every row in batches, and after them the
 * per-document figures for the rows the user looks at (visible rows first, then the first rows of
 * the table), a few at a time. Opening another dataset or setting another model makes all of
 * that stale at once ({@link LatestTaskRunner}): nothing of the old dataset reaches the new rows.
 *
 * <p>Rows are filtered by misclassification, true class, token length and a text search.
 */
public final class DatasetBrowserViewModel implements AutoCloseable {

    /** Rows classified per background batch (a batch is one forward pass). */
    static final int PREDICTION_BATCH = 256;
    /** Rows whose figures are computed per background task: small, so scrolling is answered soon. */
    static final int FIGURE_BATCH = 4;
    /** Rows at the top of the table whose figures are computed even if not scrolled to. */
    static final int EAGER_FIGURES = 40;

    private final LatestTaskRunner loader;
    private final LatestTaskRunner analysis;
    private final Tokenizer tokenizer = new Tokenizer();

    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ObjectProperty<AttentionClassifier> model = new SimpleObjectProperty<>(this, "model");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message", "");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyBooleanWrapper busy = new ReadOnlyBooleanWrapper(this, "busy");
    private final ObservableList<BrowserRow> rows = FXCollections.observableArrayList();
    private final FilteredList<BrowserRow> filtered = new FilteredList<>(rows);

    private final BooleanProperty misclassifiedOnly = new SimpleBooleanProperty(this, "misclassifiedOnly");
    private final IntegerProperty classFilter = new SimpleIntegerProperty(this, "classFilter", -1);
    private final DoubleProperty minLength = new SimpleDoubleProperty(this, "minLength", 0);
    private final DoubleProperty maxLength = new SimpleDoubleProperty(this, "maxLength", Double.MAX_VALUE);
    private final StringProperty search = new SimpleStringProperty(this, "search", "");
    private final ReadOnlyObjectWrapper<Integer> maxTokens = new ReadOnlyObjectWrapper<>(this, "maxTokens", 1);

    private final IntegerProperty predictionsVersion = new SimpleIntegerProperty(this, "predictionsVersion");
    private final Set<BrowserRow> wanted = new LinkedHashSet<>();
    private boolean figuresRunning;
    /** The dataset as read, before its labels met the model's classes; null before one is opened. */
    private Loaded read;
    /** Why the dataset's labels are not compared with the model's predictions, or null. */
    private String labelProblem;
    /** The figures are computed at the engine's defaults: the browser offers no control for them. */
    private final double epsilon = ExactAdversary.DEFAULT_EPSILON;
    private final long seed = 1;

    /** A view model delivering results on the FX thread. */
    public DatasetBrowserViewModel() {
        this(Platform::runLater);
    }

    /** A view model delivering results through {@code deliverer} (tests: {@code Runnable::run}). */
    public DatasetBrowserViewModel(Executor deliverer) {
        this.loader = new LatestTaskRunner("dataset-loader", deliverer);
        this.analysis = new LatestTaskRunner("dataset-analysis", deliverer);
        // predictionsVersion: the misclassified filter must re-run when predictions arrive.
        filtered.predicateProperty().bind(Bindings.createObjectBinding(this::predicate,
                misclassifiedOnly, classFilter, minLength, maxLength, search, predictionsVersion));
        model.addListener((o, a, b) -> modelChanged());
    }

    /** Opens a dataset file, folder or spec ("sst2:test"); errors end up in {@link #messageProperty()}. */
    public void open(String spec) {
        analysis.cancel();
        busy.set(true);
        setMessage("Reading " + spec + " ...", false);
        loader.submit(() -> read(spec), l -> {
            lastOpened.set(spec);
            loaded(l);
        }, e -> {
            busy.set(false);
            setMessage(userMessage(spec, e), true);
        });
    }

    private final javafx.beans.property.ReadOnlyStringWrapper lastOpened =
            new javafx.beans.property.ReadOnlyStringWrapper(this, "lastOpened");

    /** The spec or path of the dataset last opened from disk (not the built-in examples); null before. */
    public javafx.beans.property.ReadOnlyStringProperty lastOpenedProperty() {
        return lastOpened.getReadOnlyProperty();
    }

    /** Opens a file or folder. */
    public void open(Path path) {
        open(path.toAbsolutePath().toString());
    }

    /** Shows a dataset already in memory (e.g. the built-in examples). */
    public void show(Dataset d) {
        loader.cancel();
        analysis.cancel();
        loaded(new Loaded(d, lengths(d)));
    }

    private record Loaded(Dataset dataset, int[] lengths) { }

    private Loaded read(String spec) throws Exception {
        Dataset d = DatasetLoader.load(spec);
        return new Loaded(d, lengths(d));
    }

    private int[] lengths(Dataset d) {
        int[] out = new int[d.size()];
        for (int i = 0; i < out.length; i++) out[i] = tokenizer.tokenize(d.documents().get(i).text()).size();
        return out;
    }

    private void loaded(Loaded read) {
        this.read = read;
        showRows(alignedToModel(read));
    }

    private void modelChanged() {
        if (read != null) {
            showRows(alignedToModel(read));
        } else {
            restartAnalysis();
        }
    }

    /**
     * The dataset with the model's classes (the one label rule of {@link ClassAlignment}); when its
     * labels are not the model's classes, the documents without labels (shown, but never counted as
     * right or wrong against the wrong classes) and {@link #labelProblem} says why.
     */
    private Loaded alignedToModel(Loaded l) {
        AttentionClassifier m = model.get();
        labelProblem = null;
        if (m == null) return l;
        try {
            return new Loaded(ClassAlignment.align(l.dataset(), m.labels(), "model " + m.name()), l.lengths());
        } catch (DatasetException e) {
            labelProblem = e.getMessage();
            List<Document> docs = l.dataset().documents().stream()
                    .map(d -> Document.unlabelled(d.id(), d.text())).toList();
            return new Loaded(new Dataset(l.dataset().name(), l.dataset().labels(), docs, l.dataset().skipped()),
                    l.lengths());
        }
    }

    private void showRows(Loaded l) {
        List<BrowserRow> fresh = new ArrayList<>(l.dataset().size());
        int longest = 1;
        for (int i = 0; i < l.dataset().size(); i++) {
            fresh.add(new BrowserRow(i, l.dataset().documents().get(i), l.lengths()[i]));
            longest = Math.max(longest, l.lengths()[i]);
        }
        wanted.clear();
        rows.setAll(fresh);
        maxTokens.set(longest);
        dataset.set(l.dataset());
        String skipped = l.dataset().skipped() > 0 ? " (" + l.dataset().skipped() + " malformed lines skipped)" : "";
        TokenLimit limit = TokenLimit.DEFAULT; // the window reads by the default rule
        long cut = java.util.Arrays.stream(l.lengths()).filter(limit::cuts).count();
        String cutNote = cut == 0 ? "" : String.format(Locale.ROOT, "; %,d longer than %,d tokens are read up to"
                + " their first %,d, in every tab", cut, limit.max(), limit.max());
        setMessage(String.format(Locale.ROOT, "%s: %,d documents, %d classes%s%s%s", l.dataset().name(),
                l.dataset().size(), l.dataset().numClasses(), skipped, cutNote, labelNote()), labelProblem != null);
        // Not busy only once the rows and their message are in place: a watcher that sees busy fall
        // must not read the previous dataset's rows or the 'Reading ...' line.
        busy.set(false);
        restartAnalysis();
    }

    private void restartAnalysis() {
        analysis.cancel();
        figuresRunning = false;
        wanted.clear();
        for (BrowserRow r : rows) r.clearResults();
        predictionsVersion.set(predictionsVersion.get() + 1);
        if (model.get() != null && !rows.isEmpty()) predictFrom(0);
    }

    private void predictFrom(int start) {
        AttentionClassifier m = model.get();
        List<BrowserRow> batch = List.copyOf(rows.subList(start, Math.min(rows.size(), start + PREDICTION_BATCH)));
        busy.set(true);
        analysis.submit(() -> m.classify(batch.stream().map(r -> r.document().text()).toList()), probs -> {
            for (int i = 0; i < batch.size(); i++) batch.get(i).setPrediction(probs.get(i));
            int next = start + batch.size();
            if (next < rows.size()) {
                predictFrom(next);
            } else {
                busy.set(false);
                predictionsVersion.set(predictionsVersion.get() + 1);
                setMessage(message.get().replaceAll(" - .*$", "") + " - " + accuracyText(), labelProblem != null);
                nextFigures();
            }
        }, e -> {
            busy.set(false);
            setMessage("The model could not classify this dataset: " + e.getMessage(), true);
        });
    }

    private String labelNote() {
        return labelProblem == null ? "" : "; labels not compared: " + labelProblem;
    }

    private String accuracyText() {
        long labelled = rows.stream().filter(r -> r.document().hasLabel()).count();
        if (labelled == 0) return "no labels";
        long wrong = rows.stream().filter(BrowserRow::misclassified).count();
        return String.format(Locale.ROOT, "accuracy %.3f, %,d misclassified", 1 - (double) wrong / labelled, wrong);
    }

    /**
     * Asks for the figures of these rows first (the view passes the rows scrolled into sight).
     * Starts the background queue if it is idle.
     */
    public void request(List<BrowserRow> visible) {
        for (BrowserRow r : visible) if (!r.figuresRequested()) wanted.add(r);
        if (!figuresRunning && predictionsDone()) nextFigures();
    }

    private boolean predictionsDone() {
        return model.get() != null && !rows.isEmpty() && rows.get(rows.size() - 1).predictedProperty().get() >= 0;
    }

    private void nextFigures() {
        AttentionClassifier m = model.get();
        List<BrowserRow> batch = new ArrayList<>();
        for (BrowserRow r : wanted) {
            if (batch.size() == FIGURE_BATCH) break;
            if (!r.figuresRequested()) batch.add(r);
        }
        for (int i = 0; i < Math.min(EAGER_FIGURES, filtered.size()) && batch.size() < FIGURE_BATCH; i++) {
            BrowserRow r = filtered.get(i);
            if (!r.figuresRequested() && !batch.contains(r)) batch.add(r);
        }
        wanted.removeAll(batch);
        if (m == null || batch.isEmpty()) {
            figuresRunning = false;
            return;
        }
        batch.forEach(BrowserRow::markFiguresRequested);
        figuresRunning = true;
        ExplanationEngine engine = new ExplanationEngine(m);
        ExplainSettings settings = ExplainSettings.defaults().withEpsilon(epsilon).withSeed(seed);
        List<String> texts = batch.stream().map(r -> r.document().text()).toList();
        analysis.submit(java.time.Duration.ZERO, context -> {
            List<DocumentFigures> out = new ArrayList<>(texts.size());
            for (String t : texts) {
                context.throwIfCancelled();
                out.add(m.tokens(t).isEmpty() ? null : engine.figures(m.encode(t), settings));
            }
            return out;
        }, figs -> {
            for (int i = 0; i < batch.size(); i++) batch.get(i).setFigures(figs.get(i));
            nextFigures();
        }, e -> {
            figuresRunning = false;
            setMessage("Figures could not be computed: " + e.getMessage(), true);
        });
    }

    private Predicate<BrowserRow> predicate() {
        boolean mis = misclassifiedOnly.get();
        int cls = classFilter.get();
        double lo = minLength.get();
        double hi = maxLength.get();
        String q = search.get() == null ? "" : search.get().strip().toLowerCase(Locale.ROOT);
        return r -> (!mis || r.misclassified())
                && (cls < 0 || r.document().label() == cls)
                && r.length() >= lo && r.length() <= hi
                && (q.isEmpty() || r.document().text().toLowerCase(Locale.ROOT).contains(q)
                        || r.document().id().toLowerCase(Locale.ROOT).contains(q));
    }

    private static String userMessage(String spec, Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // DatasetExceptions already speak to the user; anything else gets the context it lacks.
        return e instanceof org.attentionworkbench.data.DatasetException ? "Cannot open " + spec + ": " + m
                : "Cannot open " + spec + " (" + m + ")";
    }

    private void setMessage(String text, boolean isError) {
        // The flag first: whoever sees the new message (the view's style, a test) sees its kind with it.
        error.set(isError);
        message.set(text);
    }

    /** The model predictions and figures come from; setting it recomputes them. */
    public ObjectProperty<AttentionClassifier> modelProperty() {
        return model;
    }

    /** The dataset shown, null before one was opened. */
    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** A one-line status: what is loaded, or what went wrong. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} reports an error. */
    public ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Whether loading or classification is running. */
    public ReadOnlyBooleanProperty busyProperty() {
        return busy.getReadOnlyProperty();
    }

    /** All rows of the dataset. */
    public ObservableList<BrowserRow> rows() {
        return FXCollections.unmodifiableObservableList(rows);
    }

    /** The rows passing the filters (wrap in a SortedList for a table). */
    public FilteredList<BrowserRow> filteredRows() {
        return filtered;
    }

    /** Longest document of the dataset, in tokens (the length slider's maximum). */
    public ReadOnlyObjectProperty<Integer> maxTokensProperty() {
        return maxTokens.getReadOnlyProperty();
    }

    public BooleanProperty misclassifiedOnlyProperty() {
        return misclassifiedOnly;
    }

    /** True class shown, -1 for all. */
    public IntegerProperty classFilterProperty() {
        return classFilter;
    }

    public DoubleProperty minLengthProperty() {
        return minLength;
    }

    public DoubleProperty maxLengthProperty() {
        return maxLength;
    }

    /** Case-insensitive text (or id) search. */
    public StringProperty searchProperty() {
        return search;
    }

    /** The documents of the dataset, for an {@code onOpen} consumer that needs the neighbours. */
    public List<Document> documents() {
        Dataset d = dataset.get();
        return d == null ? List.of() : d.documents();
    }

    @Override
    public void close() {
        loader.close();
        analysis.close();
    }
}
