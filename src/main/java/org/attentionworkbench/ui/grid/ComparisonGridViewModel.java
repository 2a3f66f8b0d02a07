package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContents;
import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import java.util.EnumMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.StringJoiner;
import javafx.beans.Observable;
import javafx.beans.property.BooleanProperty;
import javafx.beans.property.IntegerProperty;
import javafx.beans.property.LongProperty;
import javafx.beans.property.ReadOnlyObjectProperty;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.property.ReadOnlyStringProperty;
import javafx.beans.property.ReadOnlyStringWrapper;
import javafx.beans.property.SimpleBooleanProperty;
import javafx.beans.property.SimpleIntegerProperty;
import javafx.beans.property.SimpleLongProperty;
import javafx.collections.FXCollections;
import javafx.collections.ObservableList;
import javafx.collections.ObservableSet;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.HeatmapPainter;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;

/**
 * State of the comparison grid: which panels are shown in which order, the shared hover, the
 * colour-scale mode, the permutation shown, and each panel's content derived from the
 * {@link AnalysisViewModel}. Everything here changes on the FX thread.
 *
 * <p>Shared scale means one colour scale for all attention panels (max over them), so that equal
 * colours mean equal weights across panels; saliency keeps its own scale because its units differ.
 */
public final class ComparisonGridViewModel {

    private final AnalysisViewModel analysis;
    private final ObservableList<PanelKind> order = FXCollections.observableArrayList(PanelKind.values());
    private final ObservableSet<PanelKind> hidden = FXCollections.observableSet();
    private final ObservableList<PanelKind> shown = FXCollections.observableArrayList(PanelKind.values());
    /** One wrapper, kept: a wrapper made per call is only weakly listened to and would be collected. */
    private final ObservableList<PanelKind> shownView = FXCollections.unmodifiableObservableList(shown);
    private final BooleanProperty sharedScale = new SimpleBooleanProperty(this, "sharedScale", false);
    private final IntegerProperty hovered = new SimpleIntegerProperty(this, "hovered", -1);
    private final LongProperty permutationSeed = new SimpleLongProperty(this, "permutationSeed", 1);
    private final ReadOnlyObjectWrapper<Map<PanelKind, PanelContent>> contents =
            new ReadOnlyObjectWrapper<>(this, "contents", Map.of());
    private final ReadOnlyStringWrapper hoverInfo = new ReadOnlyStringWrapper(this, "hoverInfo", "");

    /** @param analysis the explanation shown */
    public ComparisonGridViewModel(AnalysisViewModel analysis) {
        this.analysis = analysis;
        order.addListener((Observable o) -> updateShown());
        hidden.addListener((Observable o) -> updateShown());
        for (Observable o : List.<Observable>of(analysis.documentProperty(), analysis.explanationProperty(),
                analysis.adversaryKindProperty(), analysis.saliencyMethodProperty(), permutationSeed, sharedScale)) {
            o.addListener(x -> recompute());
        }
        analysis.documentProperty().addListener(o -> hovered.set(-1));
        hovered.addListener(o -> updateHoverInfo());
        contents.addListener(o -> updateHoverInfo());
        recompute();
    }

    private void updateShown() {
        shown.setAll(order.filtered(k -> !hidden.contains(k)));
    }

    private void recompute() {
        EncodedDocument doc = analysis.documentProperty().get();
        if (doc == null) {
            contents.set(Map.of());
            return;
        }
        PanelContents.Choices choices = new PanelContents.Choices(analysis.adversaryKindProperty().get(),
                analysis.saliencyMethodProperty().get(), permutationSeed.get());
        Map<PanelKind, PanelContent> out = new EnumMap<>(PanelKind.class);
        for (PanelKind k : PanelKind.values()) {
            out.put(k, PanelContents.of(k, doc, analysis.explanationProperty().get(), choices));
        }
        if (sharedScale.get()) {
            double max = out.values().stream().filter(c -> c.kind().attention() && c.available())
                    .mapToDouble(c -> c.scale().max()).max().orElse(0);
            out.replaceAll((k, c) -> k.attention() && c.available()
                    ? c.withScale(AttentionPalette.Scale.sequential(max)) : c);
        }
        contents.set(Map.copyOf(out));
    }

    private void updateHoverInfo() {
        int i = hovered.get();
        EncodedDocument doc = analysis.documentProperty().get();
        if (doc == null || i < 0 || i >= doc.size()) {
            hoverInfo.set(doc == null ? "" : "Hover a token to see its value in every panel.");
            return;
        }
        StringJoiner line = new StringJoiner("  \u00b7  ");
        line.add(String.format(Locale.ROOT, "\u201c%s\u201d token %d of %d%s", doc.tokens().get(i), i + 1, doc.size(),
                org.attentionworkbench.figures.UnknownTokenMarks.isUnknown(doc, i)
                        ? " (" + org.attentionworkbench.figures.UnknownTokenMarks.NOTE + ")" : ""));
        for (PanelKind k : PanelKind.values()) {
            line.add(valueLine(k, i));
        }
        hoverInfo.set(line.toString());
    }

    /** "name value" of token {@code i} in panel {@code kind}, as the info line and tooltips show it. */
    public String valueLine(PanelKind kind, int i) {
        PanelContent c = contents.get().get(kind);
        String name = kind == PanelKind.SALIENCY && c != null && c.available() ? c.caption()
                : kind.title().replace(" attention", "").toLowerCase(Locale.ROOT);
        String value = c == null || !c.available() ? "\u2026" : HeatmapPainter.formatWeight(c.values()[i]);
        return name + " " + value + band(kind, i);
    }

    /** " \u00b1 sd" of token i's LIME weight over the reruns, when the saliency panel shows LIME with a band. */
    private String band(PanelKind kind, int i) {
        org.attentionworkbench.explain.Explanation e = analysis.explanationProperty().get();
        if (kind != PanelKind.SALIENCY || e == null || e.lime() == null || e.lime().spread() == null
                || analysis.saliencyMethodProperty().get() != org.attentionworkbench.explain.SaliencyMethod.LIME
                || i >= e.lime().spread().length) {
            return "";
        }
        return " \u00b1 " + HeatmapPainter.formatWeight(e.lime().spread()[i]);
    }

    /** Shows a new permutation, drawn from the current seed (so a sequence of re-rolls is reproducible). */
    public void reroll() {
        permutationSeed.set(new SplittableRandom(permutationSeed.get()).nextLong() & Long.MAX_VALUE);
    }

    /** Moves a panel one place earlier in the order (no-op at the top). */
    public void moveUp(PanelKind kind) {
        int i = order.indexOf(kind);
        if (i > 0) swap(i, i - 1);
    }

    /** Moves a panel one place later in the order (no-op at the bottom). */
    public void moveDown(PanelKind kind) {
        int i = order.indexOf(kind);
        if (i >= 0 && i < order.size() - 1) swap(i, i + 1);
    }

    private void swap(int i, int j) {
        PanelKind[] a = order.toArray(PanelKind[]::new);
        PanelKind t = a[i];
        a[i] = a[j];
        a[j] = t;
        order.setAll(a); // one change event, so listeners never see a duplicate
    }

    /** Shows or hides a panel. */
    public void setShown(PanelKind kind, boolean show) {
        if (show) hidden.remove(kind);
        else hidden.add(kind);
    }

    /** The analysis shown. */
    public AnalysisViewModel analysis() {
        return analysis;
    }

    /** All panels in their order, shown or not (what the panel list edits). */
    public ObservableList<PanelKind> order() {
        return order;
    }

    /** The hidden panels. */
    public ObservableSet<PanelKind> hidden() {
        return hidden;
    }

    /** The shown panels in order (derived: edit through {@link #setShown} and the move methods). */
    public ObservableList<PanelKind> shown() {
        return shownView;
    }

    /** One colour scale for all attention panels (true) or one per panel (false, default). */
    public BooleanProperty sharedScaleProperty() {
        return sharedScale;
    }

    /** Index of the hovered token in every panel, -1 for none. */
    public IntegerProperty hoveredProperty() {
        return hovered;
    }

    /** Each panel's content; empty while there is no document. */
    public ReadOnlyObjectProperty<Map<PanelKind, PanelContent>> contentsProperty() {
        return contents.getReadOnlyProperty();
    }

    /** The hovered token's value under every panel, one line. */
    public ReadOnlyStringProperty hoverInfoProperty() {
        return hoverInfo.getReadOnlyProperty();
    }
}
