package org.attentionworkbench.ui.analysis;

import org.attentionworkbench.explain.AdversaryKind;
import java.time.Duration;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.Map;
import javafx.beans.property.DoubleProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ObjectProperty;
import javafx.beans.property.ReadOnlyLongProperty;
import javafx.beans.property.ReadOnlyLongWrapper;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleDoubleProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.beans.property.SimpleObjectProperty;
import javafx.beans.value.ObservableValue;
import org.attentionworkbench.explain.ExactAdversary;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.task.TaskContext;

/**
 * The explanation of the current text under the current model, computed in the background and
 * published progressively. This is the API the window's analysis views bind to (comparison grid,
 * eraser, charts, browser): keep it stable.
 *
 * <h2>Outputs (read-only, changed on the FX thread only)</h2>
 * <ul>
 *   <li>{@link #documentProperty()}: the encoded current text, published as soon as the encoder has
 *       run (before any section); null while there is no model or no token. It is the window's
 *       one encoder pass per text: the prediction shown is read from it too.</li>
 *   <li>{@link #explanationProperty()}: the explanation of that document. It is replaced by a newer
 *       immutable partial {@link Explanation} after every finished section ({@link Explanation#has}
 *       says which are there), so views can show the cheap parts at once. Null while the engine has
 *       not finished its first section; when non-null, {@code explanation.document()} is the
 *       document shown by {@link #documentProperty()}.</li>
 *   <li>{@link #progressProperty()}: sections done / total and the one being computed.</li>
 *   <li>{@link #errorProperty()}: a user-facing message when the last run failed, else null.</li>
 * </ul>
 *
 * <h2>Inputs</h2>
 * The model and text observed (from the workbench view model), and the settings below. Typing
 * re-explains after {@link #DEBOUNCE}; a new model, a new seed or new base settings re-explain at
 * once. Any new request makes the running one stale: its cancellation flag turns true (the engine
 * stops at its next check) and nothing it still produces is published.
 *
 * <p>Epsilon only affects the adversaries, which are re-decodes (milliseconds): when the current
 * explanation is complete, changing epsilon re-runs only {@link Section#ADVERSARIAL} on the cached
 * document and merges it into the explanation; while a full run is still going it restarts that run.
 * The adversary kind and the saliency method are choices of what to show: they never recompute.
 */
public final class AnalysisViewModel implements AutoCloseable {

    /** Pause after the last keystroke before the text is explained. */
    public static final Duration DEBOUNCE = Duration.ofMillis(300);

    private final ObservableValue<AttentionClassifier> model;
    private final ObservableValue<String> text;
    private final LatestTaskRunner runner;
    /** Incremented on the FX thread by each request; a run whose number is not the latest is stale. */

    private final ReadOnlyObjectWrapper<EncodedDocument> document = new ReadOnlyObjectWrapper<>(this, "document");
    private final ReadOnlyObjectWrapper<Explanation> explanation = new ReadOnlyObjectWrapper<>(this, "explanation");
    private final ReadOnlyObjectWrapper<AnalysisProgress> progress =
            new ReadOnlyObjectWrapper<>(this, "progress", AnalysisProgress.IDLE);
    private final ReadOnlyStringWrapper error = new ReadOnlyStringWrapper(this, "error");
    private final ReadOnlyLongWrapper encodeMillis = new ReadOnlyLongWrapper(this, "encodeMillis");
    private final DoubleProperty epsilon = new SimpleDoubleProperty(this, "epsilon", ExactAdversary.DEFAULT_EPSILON);
    private final LongProperty seed = new SimpleLongProperty(this, "seed", 1);
    private final ObjectProperty<AdversaryKind> adversaryKind =
            new SimpleObjectProperty<>(this, "adversaryKind", AdversaryKind.EXACT);
    private final ObjectProperty<SaliencyMethod> saliencyMethod =
            new SimpleObjectProperty<>(this, "saliencyMethod", SaliencyMethod.GRADIENT);
    private final ObjectProperty<ExplainSettings> baseSettings =
            new SimpleObjectProperty<>(this, "baseSettings", ExplainSettings.defaults());

    /**
     * A view model whose partial and final results arrive where {@code runner} delivers (the FX
     * thread for the window's runners, see {@code FxTasks}).
     *
     * @param model  the current model (null while none is loaded)
     * @param text   the current text
     * @param runner the runner of explanations (its own: explanations must not make other work stale)
     */
    public AnalysisViewModel(ObservableValue<AttentionClassifier> model, ObservableValue<String> text,
                             LatestTaskRunner runner) {
        this.model = model;
        this.text = text;
        this.runner = runner;
        model.addListener(o -> explain(Duration.ZERO));
        text.addListener(o -> explain(DEBOUNCE));
        seed.addListener(o -> explain(Duration.ZERO));
        baseSettings.addListener(o -> explain(Duration.ZERO));
        epsilon.addListener(o -> epsilonChanged());
    }

    /**
     * The current document's two levels where the model is hierarchical (its documents are at the
     * sentence level: {@link AttentionClassifier#hierarchy}), else null. Cheap: runs no model.
     */
    public org.attentionworkbench.explain.HierarchicalDocument hierarchy() {
        EncodedDocument d = document.get();
        AttentionClassifier m = model.getValue();
        return d == null || m == null ? null : m.hierarchy(d);
    }

    /** The model explained (null while none is loaded). */
    public ObservableValue<AttentionClassifier> model() {
        return model;
    }

    /** Explains the current text now (also the first time, when model and text are already set). */
    public void refresh() {
        explain(Duration.ZERO);
    }

    /** The settings a run uses: the base settings with this view model's seed and epsilon. */
    public ExplainSettings settings() {
        return baseSettings.get().withSeed(seed.get()).withEpsilon(epsilon.get());
    }

    private void explain(Duration delay) {
        AttentionClassifier m = model.getValue();
        String t = text.getValue() == null ? "" : text.getValue();
        if (m == null || m.tokenizer().tokenize(t).isEmpty()) {
            runner.cancel();
            explanation.set(null);
            document.set(null);
            error.set(null);
            progress.set(AnalysisProgress.IDLE);
            return;
        }
        ExplainSettings asked = settings();
        // A class the (new) model lacks is not asked of it: its predicted class is explained
        // until the picker follows the model.
        ExplainSettings settings = asked.target() >= m.labels().size() ? asked.withTarget(-1) : asked;
        int total = settings.sections().size();
        progress.set(new AnalysisProgress(true, 0, total, null));
        runner.submit(delay, context -> {
            long t0 = System.nanoTime();
            EncodedDocument doc = m.encode(t);
            long millis = (System.nanoTime() - t0) / 1_000_000;
            context.publish(() -> {
                explanation.set(null);
                encodeMillis.set(millis); // before the document, so its listeners read the matching time
                document.set(doc);
            });
            return run(context, ExplanationEngine.parallel(m), doc, settings);
        }, this::finished, this::failed);
    }

    private void epsilonChanged() {
        Explanation current = explanation.get();
        AttentionClassifier m = model.getValue();
        boolean complete = current != null && !progress.get().running()
                && current.completed().containsAll(current.settings().sections());
        if (!complete || m == null || !current.has(Section.ADVERSARIAL)) {
            explain(Duration.ZERO);
            return;
        }
        ExplainSettings only = settings().withSections(EnumSet.of(Section.ADVERSARIAL));
        progress.set(new AnalysisProgress(true, 0, 1, Section.ADVERSARIAL));
        runner.submit(Duration.ZERO, context -> current.withAdversaries(run(context, ExplanationEngine.parallel(m), current.document(), only)),
                this::finished, this::failed);
    }

    /** Runs the engine, publishing each section's partial explanation; stops once the task is stale. */
    private Explanation run(TaskContext context, ExplanationEngine engine, EncodedDocument doc, ExplainSettings settings) {
        return engine.explain(doc, -1, settings, p -> context.publish(() -> {
            explanation.set(p.partial());
            progress.set(new AnalysisProgress(true, p.done(), p.total(), next(p.section(), settings)));
        }), context.cancellation());
    }

    private static Section next(Section finished, ExplainSettings settings) {
        for (Section s : Section.values()) {
            if (s.ordinal() > finished.ordinal() && settings.sections().contains(s)) return s;
        }
        return null;
    }

    /** The latest run's result (the runner delivers only the latest run's). */
    private void finished(Explanation done) {
        explanation.set(done);
        document.set(done.document());
        error.set(null);
        progress.set(new AnalysisProgress(false, done.completed().size(), done.completed().size(), null));
    }

    private void failed(Throwable failure) {
        error.set("Could not explain the text: "
                + (failure.getMessage() != null ? failure.getMessage() : failure.getClass().getSimpleName()));
        progress.set(new AnalysisProgress(false, progress.get().done(), progress.get().total(), null));
    }

    /** The encoded current text, null while there is none; see the class comment. */
    public ReadOnlyObjectProperty<EncodedDocument> documentProperty() {
        return document.getReadOnlyProperty();
    }

    /** How long the encoder pass of {@link #documentProperty()}'s document took, in milliseconds. */
    public ReadOnlyLongProperty encodeMillisProperty() {
        return encodeMillis.getReadOnlyProperty();
    }

    /** The (possibly partial) explanation of {@link #documentProperty()}, null until its first section. */
    public ReadOnlyObjectProperty<Explanation> explanationProperty() {
        return explanation.getReadOnlyProperty();
    }

    /** Progress of the current run, for the status bar. */
    public ReadOnlyObjectProperty<AnalysisProgress> progressProperty() {
        return progress.getReadOnlyProperty();
    }

    /** A user-facing message when the last run failed, else null. */
    public ReadOnlyStringProperty errorProperty() {
        return error.getReadOnlyProperty();
    }

    /** Output tolerance (TVD) of the adversaries; default 0.05. */
    public DoubleProperty epsilonProperty() {
        return epsilon;
    }

    /** Seed of permutations, adversarial initialisation and random rankings; default 1. */
    public LongProperty seedProperty() {
        return seed;
    }

    /** Which adversary the views show. */
    public ObjectProperty<AdversaryKind> adversaryKindProperty() {
        return adversaryKind;
    }

    /** Which saliency method the views show. */
    public ObjectProperty<SaliencyMethod> saliencyMethodProperty() {
        return saliencyMethod;
    }

    /** Every other engine setting (seed and epsilon are taken from their own properties). */
    public ObjectProperty<ExplainSettings> baseSettingsProperty() {
        return baseSettings;
    }

    @Override
    public void close() {
        runner.close();
    }
}
