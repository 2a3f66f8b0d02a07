package org.attentionworkbench.ui.twins;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.TwinComparison;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.task.Cancellation;

/**
 * Computes a {@link TwinsResult}: each model reads the base's tokens of the text with its own
 * vocabulary; the divergences to the base come from {@link TwinComparison}, tau from
 * {@link KendallTau}. No JavaFX: runs on the Twins tab's worker thread and in tests.
 */
public final class TwinsComputation {

    /** The objective shown for the base model itself. */
    public static final String BASE = "base";
    /** The objective of a seed twin. */
    public static final String SEED = "seed";

    /** A model with its card. */
    public record Loaded(ModelCard card, AttentionClassifier model) { }

    private TwinsComputation() {
    }

    /**
     * The base and its twins on {@code text}.
     *
     * @throws IllegalArgumentException if the text has no tokens
     */
    public static TwinsResult compute(Loaded base, List<Loaded> twins, String text, Cancellation cancellation) {
        List<String> tokens = base.model().tokens(text);
        if (tokens.isEmpty()) throw new IllegalArgumentException("the text has no words to compare");
        double[] baseOut = output(base.model(), tokens);
        double[] baseAttention = base.model().readouts(List.of(base.model().ids(tokens))).get(0).attention();
        ModelFigures baseFigures = new ModelFigures(base.card().name(), BASE, "", base.model().labels(), baseOut,
                EncodedDocument.argmax(baseOut), base.card().test_accuracy(), baseAttention, Double.NaN, Double.NaN,
                Double.NaN, Double.NaN);
        List<ModelFigures> others = new ArrayList<>();
        List<ModelFigures> seeds = new ArrayList<>();
        for (Loaded twin : twins) {
            cancellation.throwIfCancelled();
            ModelFigures f = figures(twin, base.model(), tokens);
            (SEED.equals(f.objective()) ? seeds : others).add(f);
        }
        return new TwinsResult(tokens, baseFigures, others, seeds.isEmpty() ? null : band(seeds));
    }

    private static ModelFigures figures(Loaded twin, AttentionClassifier base, List<String> tokens) {
        Map<String, Object> record = twin.card().twin();
        Set<String> impermissible = twin.card().impermissibleWords();
        TwinComparison.Document d = TwinComparison.compare(twin.model(), base, List.of(tokens), impermissible).get(0);
        double[] out = output(twin.model(), tokens);
        double tau = tokens.size() < 2 ? Double.NaN : KendallTau.compute(d.twinAttention(), d.baseAttention()).tau();
        double accuracy = number(record.get("accuracy"));
        if (Double.isNaN(accuracy)) accuracy = twin.card().test_accuracy();
        return new ModelFigures(twin.card().name(), twin.card().objective(), twin.card().twinSettings(), twin.model().labels(),
                out, d.twinLabel(), accuracy, d.twinAttention(), d.jsd(), d.tvd(), tau,
                impermissible.isEmpty() ? Double.NaN : d.twinMass());
    }

    private static double[] output(AttentionClassifier model, List<String> tokens) {
        return model.outputs(List.of(model.ids(tokens)), 1).get(0);
    }

    private static SeedBand band(List<ModelFigures> seeds) {
        int n = seeds.get(0).attention().length;
        double[] mean = new double[n];
        double[] min = new double[n];
        double[] max = new double[n];
        java.util.Arrays.fill(min, Double.POSITIVE_INFINITY);
        java.util.Arrays.fill(max, Double.NEGATIVE_INFINITY);
        List<double[]> attentions = new ArrayList<>();
        double accuracy = 0;
        double jsd = 0;
        for (ModelFigures s : seeds) {
            double[] a = s.attention();
            attentions.add(a);
            for (int i = 0; i < n; i++) {
                mean[i] += a[i] / seeds.size();
                min[i] = Math.min(min[i], a[i]);
                max[i] = Math.max(max[i], a[i]);
            }
            accuracy += s.accuracy() / seeds.size();
            jsd += s.jsd() / seeds.size();
        }
        return new SeedBand(seeds, mean, min, max, TwinComparison.spread(attentions), accuracy, jsd);
    }

    static double number(Object o) {
        return o instanceof Number n ? n.doubleValue() : Double.NaN;
    }
}
