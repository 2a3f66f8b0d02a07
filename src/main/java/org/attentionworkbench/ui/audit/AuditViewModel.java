package org.attentionworkbench.ui.audit;

import java.io.IOException;
import java.nio.file.FileSystemException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyBooleanProperty;
import javafx.beans.property.ReadOnlyBooleanWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.property.SimpleStringProperty;
import javafx.beans.property.StringProperty;
import javafx.beans.value.ObservableValue;
import javafx.collections.FXCollections;
import javafx.collections.ListChangeListener;
import javafx.collections.ObservableList;
import org.attentionworkbench.ui.FxTasks;
import org.attentionworkbench.audit.AuditException;
import org.attentionworkbench.audit.AuditPlan;
import org.attentionworkbench.audit.AuditProgress;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.GroupBy;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetException;
import org.attentionworkbench.explain.SanityCheck;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.task.LatestTaskRunner;

/**
 * State of the Audit tab: the plan being edited (models, data, sections, limit, threads, output
 * folder), the run (progress, cancel) and its results (rows, summary, figures, tables).
 *
 * <p>The run is one {@link LatestTaskRunner} task; its worker threads leave rows and progress in an
 * {@link AuditInbox}, which has the run publish a collection to the FX thread at most every half second. Summary,
 * figures and tables are rebuilt from all rows on a second runner, one build at a time, so the FX
 * thread only swaps finished results in.
 */
public final class AuditViewModel implements AutoCloseable {

    /** The datasets offered in the data field. */
    public static final List<String> DATASETS = List.of("imdb:test", "sst2:test", "sst5:test", "20newsgroups:test");

    /** Seed of the document sample: the command line's default, so both audit the same documents. */
    static final long SAMPLE_SEED = 1;

    /** What opening a row asks for: the document, and the model that computed the row. */
    public record OpenRequest(Document document, String model) { }

    private final Path auditsRoot;
    private final LatestTaskRunner runner = FxTasks.runner("audit-run");
    private final LatestTaskRunner builder = FxTasks.runner("audit-results");

    private final ObservableList<ModelChoice> models = FXCollections.observableArrayList();
    private final StringProperty data = new SimpleStringProperty(this, "data", "sst2:test");
    private final Map<Section, BooleanProperty> sections = new EnumMap<>(Section.class);
    private final IntegerProperty limit = new SimpleIntegerProperty(this, "limit", 100);
    private final IntegerProperty threads = new SimpleIntegerProperty(this, "threads",
            Runtime.getRuntime().availableProcessors());
    private final IntegerProperty sanity = new SimpleIntegerProperty(this, "sanity", 0);
    private final javafx.beans.property.ReadOnlyObjectWrapper<java.util.Map<String, SanityCheck.Result>> sanityResults =
            new javafx.beans.property.ReadOnlyObjectWrapper<>(this, "sanityResults", java.util.Map.of());
    private final BooleanProperty restart = new SimpleBooleanProperty(this, "restart");
    private final ObjectProperty<GroupBy> groupBy = new SimpleObjectProperty<>(this, "groupBy", GroupBy.PREDICTED);
    private final StringProperty folder = new SimpleStringProperty(this, "folder", "");
    private final BooleanProperty folderChosen = new SimpleBooleanProperty(this, "folderChosen");

    private final ReadOnlyBooleanWrapper running = new ReadOnlyBooleanWrapper(this, "running");
    private final ReadOnlyStringWrapper message = new ReadOnlyStringWrapper(this, "message",
            "Choose models, data and sections, then Run.");
    private final ReadOnlyBooleanWrapper error = new ReadOnlyBooleanWrapper(this, "error");
    private final ReadOnlyObjectWrapper<AuditProgress> progress = new ReadOnlyObjectWrapper<>(this, "progress");
    private final ObservableList<AuditRow> rows = FXCollections.observableArrayList();
    private final ReadOnlyObjectWrapper<AuditResults> results = new ReadOnlyObjectWrapper<>(this, "results");
    private final ReadOnlyObjectWrapper<Dataset> dataset = new ReadOnlyObjectWrapper<>(this, "dataset");
    private final ReadOnlyObjectWrapper<Path> reportFolder = new ReadOnlyObjectWrapper<>(this, "reportFolder");

    private AuditInbox inbox = new AuditInbox(this::collect);
    /** The current run's token: Cancel stops it after the documents in progress, and its outcome still arrives. */
    private Cancellation cancelled = new Cancellation();
    private AuditPlan plan;
    private boolean building;
    private String suggestedData = data.get();
    private Consumer<OpenRequest> onOpen = r -> { };

    /**
     * @param entries    the window's models (the catalog's and any opened archive)
     * @param current    the window's current model: checked by default, and its data suggested
     * @param auditsRoot the folder under which default output folders are made
     */
    public AuditViewModel(ObservableList<ModelCatalog.Entry> entries, ObservableValue<ModelCatalog.Entry> current,
                          Path auditsRoot) {
        this.auditsRoot = auditsRoot;
        for (Section s : Section.values()) {
            BooleanProperty on = new SimpleBooleanProperty(this, s.id(), true);
            on.addListener((o, a, b) -> suggestFolder());
            sections.put(s, on);
        }
        entries.addListener((ListChangeListener<ModelCatalog.Entry>) c -> syncModels(entries));
        syncModels(entries);
        current.addListener((o, a, e) -> currentChanged(e));
        currentChanged(current.getValue());
        data.addListener((o, a, b) -> suggestFolder());
        limit.addListener((o, a, b) -> suggestFolder());
        folderChosen.addListener((o, a, chosen) -> {
            if (!chosen) suggestFolder();
        });
        suggestFolder();
    }

    /** Whether the user ticked or unticked a model; until then the tick follows the window's model. */
    private boolean modelsPickedByHand;
    /** True while the tick is moved to follow the window, so that this is not taken for a pick. */
    private boolean followingWindow;

    private void syncModels(List<ModelCatalog.Entry> entries) {
        Map<ModelCatalog.Entry, ModelChoice> old = new LinkedHashMap<>();
        for (ModelChoice m : models) old.put(m.entry(), m);
        List<ModelChoice> now = new ArrayList<>();
        for (ModelCatalog.Entry e : entries) {
            ModelChoice m = old.get(e);
            if (m == null) {
                m = new ModelChoice(e);
                m.selectedProperty().addListener((o, a, b) -> {
                    if (!followingWindow) modelsPickedByHand = true;
                    suggestFolder();
                });
            }
            now.add(m);
        }
        models.setAll(now);
    }

    /**
     * Until the user ticks a model by hand, the audit is of the window's model on its own kind of
     * data: the tick follows the open model (the catalog's default was ticked first at start-up
     * and then stayed when the remembered model was opened).
     */
    private void currentChanged(ModelCatalog.Entry e) {
        if (e == null || running.get()) return;
        if (!modelsPickedByHand) {
            followingWindow = true;
            try {
                for (ModelChoice m : models) m.selectedProperty().set(m.entry().equals(e));
            } finally {
                followingWindow = false;
            }
        }
        String prefix = e.name().toLowerCase(Locale.ROOT);
        String suggestion = DATASETS.stream().filter(d -> prefix.startsWith(d.substring(0, d.indexOf(':'))))
                .findFirst().orElse(null);
        if (suggestion != null && data.get().equals(suggestedData)) {
            suggestedData = suggestion;
            data.set(suggestion);
        }
    }

    /** Default output folder: one per data, models, limit and sections, so a re-run resumes it. */
    private void suggestFolder() {
        if (folderChosen.get()) return;
        folder.set(auditsRoot.resolve(defaultFolderName()).toString());
    }

    String defaultFolderName() {
        String d = data.get() == null ? "" : data.get().trim();
        int slash = Math.max(d.lastIndexOf('/'), d.lastIndexOf('\\'));
        StringBuilder b = new StringBuilder(slug(slash >= 0 ? d.substring(slash + 1) : d));
        List<String> chosen = checkedModels();
        b.append('-').append(chosen.isEmpty() ? "none" : slug(String.join("+", chosen)));
        b.append("-n").append(limit.get() == 0 ? "all" : Integer.toString(limit.get()));
        Set<Section> s = checkedSections();
        if (s.size() < Section.values().length) {
            b.append('-').append(s.stream().map(x -> x.id().substring(0, 4)).collect(Collectors.joining("+")));
        }
        return b.toString();
    }

    private static String slug(String s) {
        String out = s.replaceAll("[^A-Za-z0-9._+-]+", "-").replaceAll("^-+|-+$", "");
        return out.isEmpty() ? "data" : out;
    }

    List<String> checkedModels() {
        return models.stream().filter(m -> m.selectedProperty().get()).map(ModelChoice::name).toList();
    }

    Set<Section> checkedSections() {
        Set<Section> out = java.util.EnumSet.noneOf(Section.class);
        sections.forEach((s, on) -> {
            if (on.get()) out.add(s);
        });
        return out;
    }

    /** Starts (or resumes) the audit the settings describe; a setting that cannot work is said in the message. */
    public void run() {
        if (running.get()) return;
        AuditPlan p;
        Path out;
        try {
            p = plan();
            out = Path.of(folder.get().trim());
        } catch (IllegalArgumentException e) { // also InvalidPathException
            fail(e.getMessage());
            return;
        }
        Map<String, Path> archives = new LinkedHashMap<>();
        for (ModelChoice m : models) archives.putIfAbsent(m.name(), m.entry().path());
        plan = p;
        inbox = new AuditInbox(this::collect);
        cancelled = new Cancellation();
        rows.clear();
        results.set(null);
        sanityResults.set(java.util.Map.of());
        progress.set(null);
        reportFolder.set(null);
        running.set(true);
        say("Reading " + p.data() + " ...", false);
        AuditInbox in = inbox;
        Cancellation stop = cancelled;
        Map<String, Path> frozen = Collections.unmodifiableMap(archives);
        runner.submit(new AuditJob(p, Math.max(1, threads.get()), out, restart.get(), frozen::get, in, stop,
                        Math.max(0, sanity.get()), line -> say(line, false)),
                this::finished, this::failed);
        restart.set(false); // starting over is a one-off: the next Run continues this one
    }

    private AuditPlan plan() {
        List<String> chosen = checkedModels();
        if (chosen.isEmpty()) throw new IllegalArgumentException("Check at least one model.");
        Set<Section> s = checkedSections();
        if (s.isEmpty()) throw new IllegalArgumentException("Check at least one section.");
        String d = data.get() == null ? "" : data.get().trim();
        if (d.isEmpty()) throw new IllegalArgumentException("Name the data: a dataset such as sst2:test, or a file.");
        if (folder.get() == null || folder.get().isBlank()) throw new IllegalArgumentException("Choose an output folder.");
        GroupBy g = groupBy.get() == null ? GroupBy.PREDICTED : groupBy.get();
        return AuditPlan.of(chosen, d, limit.get(), SAMPLE_SEED).withSections(s).withGroupBy(g);
    }

    /** Stops the run after the documents in progress; what was computed stays in the folder. */
    public void cancel() {
        if (!running.get()) return;
        cancelled.cancel();
        say("Stopping after the documents in progress ...", false);
    }

    private void finished(AuditJob.Outcome o) {
        stopPolling();
        var r = o.result();
        if (r.cancelled()) {
            say(String.format(Locale.ROOT, "Cancelled: %d rows are in %s. Run again to continue.", r.rowsTotal(),
                    o.folder()), false);
        } else {
            reportFolder.set(o.folder());
            sanityResults.set(o.sanity());
            say(String.format(Locale.ROOT, "Finished: %d rows (%d this run, %.2f documents/s). Report (summary.json, "
                    + "tables, figures) written to %s", r.rowsTotal(), r.rowsThisRun(), r.docsPerSecond(), o.folder()),
                    false);
        }
    }

    private void failed(Throwable e) {
        stopPolling();
        fail(describe(e));
    }

    private void stopPolling() {
        collect();
        running.set(false);
    }

    /** Takes what the workers left in the inbox; rebuilds the results if rows came. */
    private void collect() {
        Dataset d = inbox.takeDataset();
        if (d != null) {
            dataset.set(d);
            if (message.get().startsWith("Reading")) say("Auditing " + d.name() + " ...", false);
        }
        AuditProgress p = inbox.takeProgress();
        if (p != null) progress.set(p);
        List<AuditRow> fresh = new ArrayList<>();
        if (inbox.drainRows(fresh)) rows.addAll(fresh);
        rebuild();
    }

    /** One build at a time: a build slower than the collections must still get to be shown. */
    private void rebuild() {
        Dataset d = dataset.get();
        AuditResults shown = results.get();
        if (building || d == null || plan == null || (shown != null && shown.rows() == rows.size())) return;
        if (shown == null && rows.isEmpty()) return;
        building = true;
        List<AuditRow> snapshot = List.copyOf(rows);
        List<String> m = plan.models();
        String name = plan.data();
        GroupBy g = plan.groupBy(); // the run's, so that the tab shows what its report files say
        builder.submit(() -> AuditResults.of(m, d.labels(), snapshot, name, g), r -> {
            building = false;
            results.set(r);
            rebuild(); // rows that came during the build
        }, e -> {
            building = false;
            say("Could not summarise the rows: " + describe(e), true);
        });
    }

    /** A message for the user, never a stack trace. */
    static String describe(Throwable e) {
        String m = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
        // The audit's messages are written for the command line's "workbench: ..." prefix: a sentence here.
        if (e instanceof AuditException) return m.isEmpty() ? m : Character.toUpperCase(m.charAt(0)) + m.substring(1);
        if (e instanceof DatasetException) return "Cannot read the data: " + m;
        if (e instanceof FileSystemException f) {
            return "Cannot use the output folder: " + f.getFile() + (f.getReason() == null ? "" : " (" + f.getReason() + ")");
        }
        if (e instanceof IOException) return "Cannot read or write the audit's files: " + m;
        if (e instanceof IllegalArgumentException) return m;
        return "The audit failed: " + m;
    }

    private void fail(String text) {
        say(text, true);
    }

    private void say(String text, boolean isError) {
        message.set(text);
        error.set(isError);
    }

    /** Opens the document of a row in the comparison grid (through {@link #setOnOpen}). */
    public void open(AuditRow row) {
        Dataset d = dataset.get();
        if (row == null) return;
        if (d == null || row.index() < 0 || row.index() >= d.size()) {
            say("The document of row " + row.id() + " is not in the data read for this audit.", true);
            return;
        }
        onOpen.accept(new OpenRequest(d.documents().get(row.index()), row.model()));
    }

    /** Called with the document and model of a row or point the user opens. */
    public void setOnOpen(Consumer<OpenRequest> onOpen) {
        this.onOpen = onOpen == null ? r -> { } : onOpen;
    }

    public ObservableList<ModelChoice> models() {
        return models;
    }

    /** The data: a dataset spec ({@code sst2:test}) or a path. */
    public StringProperty dataProperty() {
        return data;
    }

    /** Whether a section is computed for every document. */
    public BooleanProperty sectionProperty(Section s) {
        return sections.get(s);
    }

    /** Documents per model; 0 = all. */
    public IntegerProperty limitProperty() {
        return limit;
    }

    public IntegerProperty threadsProperty() {
        return threads;
    }

    /**
     * Documents at the head of the sample the sanity check's cascade runs on after the report
     * (sanity.csv, table_sanity.tex, fig_sanity_MODEL); 0, the default, runs none.
     */
    public IntegerProperty sanityProperty() {
        return sanity;
    }

    /** The last finished run's sanity checks by model (empty when none was asked for). */
    public javafx.beans.property.ReadOnlyObjectProperty<java.util.Map<String, SanityCheck.Result>> sanityResultsProperty() {
        return sanityResults.getReadOnlyProperty();
    }

    /**
     * How the per-class tables and figures group documents (default: by the predicted class, as the
     * published code). Not part of the rows: Run on the same folder with another grouping rebuilds
     * the report without computing anything.
     */
    public ObjectProperty<GroupBy> groupByProperty() {
        return groupBy;
    }

    /** Discard the rows in the folder at the next Run. */
    public BooleanProperty restartProperty() {
        return restart;
    }

    /** The output folder (the default follows the settings until the user chooses one). */
    public StringProperty folderProperty() {
        return folder;
    }

    /** Whether the user chose the folder; false returns to the default. */
    public BooleanProperty folderChosenProperty() {
        return folderChosen;
    }

    public ReadOnlyBooleanProperty runningProperty() {
        return running.getReadOnlyProperty();
    }

    /** What the tab says: what is happening, where the report is, or what went wrong. */
    public ReadOnlyStringProperty messageProperty() {
        return message.getReadOnlyProperty();
    }

    /** Whether {@link #messageProperty()} reports a problem. */
    public ReadOnlyBooleanProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** The latest progress of the run, null before the first. */
    public ReadOnlyObjectProperty<AuditProgress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** The rows of the audit in the folder, growing during a run. */
    public ObservableList<AuditRow> rows() {
        return rows;
    }

    /** Summary, figures and tables of the rows, null until the first rows are summarised. */
    public ReadOnlyObjectProperty<AuditResults> resultsProperty() {
        return results.getReadOnlyProperty();
    }

    /** The data of the current run, null before it is read. */
    public ReadOnlyObjectProperty<Dataset> datasetProperty() {
        return dataset.getReadOnlyProperty();
    }

    /** Where the last finished run wrote its report, null otherwise. */
    public ReadOnlyObjectProperty<Path> reportFolderProperty() {
        return reportFolder.getReadOnlyProperty();
    }

    /** Stops a run (its rows stay in the folder) and the background threads. */
    @Override
    public void close() {
        cancelled.cancel();
        runner.close();
        builder.close();
    }
}
