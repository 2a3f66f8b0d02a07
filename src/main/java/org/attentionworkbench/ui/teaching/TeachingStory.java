package org.attentionworkbench.ui.teaching;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.Saliency;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.ui.teaching.TeachingStep.BarsPanel;
import org.attentionworkbench.ui.teaching.TeachingStep.HeatmapPanel;
import org.attentionworkbench.ui.teaching.TeachingStep.Kind;
import org.attentionworkbench.ui.teaching.TeachingStep.Panel;

/**
 * The guided story of teaching mode, told on one document: attention as a heatmap; shuffle it and
 * the prediction barely moves; an adversarial attention that looks nothing alike and predicts the
 * same; erase the top token; rankings compared; saliency side by side; uniform attention. Every
 * caption quotes this document's numbers; a section not computed (yet) says so instead.
 * Pure: no JavaFX, so the story is testable and the same in an exported slide.
 */
public final class TeachingStory {

    /** The most steps a story has (the last needs a uniform-trained twin). */
    public static final int LENGTH = Kind.values().length;

    private TeachingStory() {
    }

    /** The seven steps for {@code e}. */
    public static List<TeachingStep> of(Explanation e) {
        return List.of(attention(e), shuffle(e), adversary(e), eraseTop(e), rankings(e), saliency(e), uniform(e));
    }

    /**
     * The steps for {@code e}, with Wiegreffe &amp; Pinter's step on a model trained with uniform
     * attention last when {@code twin} is given and read the same tokens (skipped otherwise).
     */
    public static List<TeachingStep> of(Explanation e, UniformTwinEvidence twin) {
        List<TeachingStep> steps = new ArrayList<>(of(e));
        if (twin != null && twin.size() == e.document().size()) steps.add(trainedUniform(e, twin));
        return List.copyOf(steps);
    }

    private static TeachingStep trainedUniform(Explanation e, UniformTwinEvidence twin) {
        EncodedDocument d = e.document();
        double[] y = twin.probabilities();
        int pred = argmax(y);
        String verdict = twin.asWell()
                ? String.format(Locale.ROOT, "On the test set it scores %s against this model's %s: it does as well, "
                        + "so this task does not need attention to be solved (Wiegreffe & Pinter 2019).",
                        percent(twin.accuracy()), percent(twin.baseAccuracy()))
                : String.format(Locale.ROOT, "On the test set it scores %s against this model's %s: clearly worse, so "
                        + "here the learned attention carries real weight for the task (Wiegreffe & Pinter's test).",
                        percent(twin.accuracy()), percent(twin.baseAccuracy()));
        String here = pred == d.predicted()
                ? String.format(Locale.ROOT, " On this text it says \"%s\" (%.0f%%), as this model does.",
                        d.labels().get(pred), 100 * y[pred])
                : String.format(Locale.ROOT, " On this text the decision flips: it says \"%s\" (%.0f%%) where this "
                        + "model says \"%s\".", d.labels().get(pred), 100 * y[pred], d.labels().get(d.predicted()));
        String caption = "A model trained with no attention at all: every word always weighs the same. " + verdict + here;
        double[] u = new double[d.size()];
        Arrays.fill(u, 1.0 / Math.max(1, u.length));
        double originalMax = Arrays.stream(d.attention()).max().orElse(0);
        return new TeachingStep(Kind.TRAINED_UNIFORM, twin.asWell()
                ? "8. Trained without attention, just as good" : "8. Trained without attention, clearly worse",
                caption, List.of(original(e, "this model's attention"),
                        new HeatmapPanel(twin.name() + ", trained with uniform attention (on the original's scale)",
                                d.tokens(), u, d.labels(), y, originalMax),
                        new BarsPanel("test accuracy", List.of("this model", twin.name() + " (uniform)"),
                                new double[] {twin.baseAccuracy(), twin.accuracy()})));
    }

    private static TeachingStep attention(Explanation e) {
        EncodedDocument d = e.document();
        int top = argmax(d.attention());
        String caption = String.format(Locale.ROOT,
                "The model says \"%s\" (%.0f%%). Darker words got more attention; \"%s\" got the most (%.2f). "
                        + "Is this why the model decided? The next steps test it.",
                d.labels().get(d.predicted()), 100 * d.probabilities()[d.predicted()], d.tokens().get(top),
                d.attention()[top]);
        return new TeachingStep(Kind.ATTENTION, "1. Attention as a heatmap", caption,
                List.of(original(e, "the model's attention")));
    }

    private static TeachingStep shuffle(Explanation e) {
        EncodedDocument d = e.document();
        // One shuffle to look at, seeded like the engine so the same document always shows the same one.
        int[] perm = permutation(d.size(), e.settings().seed());
        double[] shuffled = new double[d.size()];
        for (int i = 0; i < shuffled.length; i++) shuffled[i] = d.attention()[perm[i]];
        double[] y = d.decode(shuffled);
        int shown = argmax(y);
        // The sentence about the shuffle on screen follows its own numbers: it may flip the decision.
        String thisOne = shown == d.predicted()
                ? String.format(Locale.ROOT, " The shuffle shown still says \"%s\" (%.0f%%).", d.labels().get(shown),
                        100 * y[shown])
                : String.format(Locale.ROOT, " The shuffle shown flips the decision to \"%s\" (%.0f%%).",
                        d.labels().get(shown), 100 * y[shown]);
        String caption;
        if (e.permutation() != null) {
            caption = String.format(Locale.ROOT,
                    "We give the weights to other words at random. Over %d shuffles the output moves by a median of "
                            + "%.3f (total variation).%s If attention explained the decision, moving it should matter.",
                    e.permutation().tvds().length, e.permutation().medianTvd(), thisOne);
        } else {
            caption = "We give the weights to other words at random and decode again." + thisOne
                    + " (Permutation test not computed.)";
        }
        return new TeachingStep(Kind.SHUFFLE, "2. Shuffle the attention", caption, List.of(
                original(e, "original attention"),
                new HeatmapPanel("shuffled attention", d.tokens(), shuffled, d.labels(), y)));
    }

    private static TeachingStep adversary(Explanation e) {
        EncodedDocument d = e.document();
        double[] adv = null;
        double jsd = Double.NaN;
        String how = "";
        if (e.exactAdversary() != null) {
            adv = e.exactAdversary().attention();
            jsd = e.exactAdversary().jsd();
            how = "exact two-class adversary";
        } else if (e.adversarial() != null) {
            adv = e.adversarial().epsilonMaxAttention();
            jsd = e.adversarial().epsilonMaxJsd();
            how = "adversarial search";
        }
        if (adv == null) {
            return new TeachingStep(Kind.ADVERSARY, "3. A different attention, the same answer",
                    "(Adversarial attention not computed yet.)", List.of(original(e, "original attention")));
        }
        double[] y = d.decode(adv);
        int pred = argmax(y);
        double moved = org.attentionworkbench.explain.Divergences.tvd(d.probabilities(), y);
        String caption;
        String title;
        if (pred == d.predicted()) {
            title = "3. A different attention, the same answer";
            caption = String.format(Locale.ROOT,
                    "This attention (%s) is as different from the original as possible (JSD %.3f of at most %.3f) "
                            + "while the output moves by %.3f (at most %.2f allowed): it still says \"%s\" (%.0f%%). "
                            + "Two very different pictures, one decision.",
                    how, jsd, Math.log(2), moved, e.settings().epsilon(), d.labels().get(pred), 100 * y[pred]);
        } else {
            // A document near the boundary: a move within epsilon crosses it. Saying "one decision"
            // here contradicted the bars on the same screen.
            title = "3. A different attention, a different answer";
            caption = String.format(Locale.ROOT,
                    "This attention (%s) is as different from the original as possible (JSD %.3f of at most %.3f) "
                            + "with the output moving by %.3f (at most %.2f allowed), and that small move flips the "
                            + "decision from \"%s\" to \"%s\" (%.0f%%): the original was close to the boundary.",
                    how, jsd, Math.log(2), moved, e.settings().epsilon(), d.labels().get(d.predicted()),
                    d.labels().get(pred), 100 * y[pred]);
        }
        return new TeachingStep(Kind.ADVERSARY, title, caption, List.of(
                original(e, "original attention"),
                new HeatmapPanel("adversarial attention", d.tokens(), adv, d.labels(), y)));
    }

    private static TeachingStep eraseTop(Explanation e) {
        EncodedDocument d = e.document();
        int top = argmax(d.attention());
        if (d.size() < 2) {
            return new TeachingStep(Kind.ERASE_TOP, "4. Erase the top word",
                    "With a single word there is nothing left to attend to after erasing it.",
                    List.of(original(e, "original attention")));
        }
        Erasure.Result r = Erasure.erase(d, top);
        double[] rest = d.attention();
        double keep = 1 - rest[top];
        rest[top] = 0;
        for (int i = 0; i < rest.length; i++) rest[i] = keep > 0 ? rest[i] / keep : 1.0 / (rest.length - 1);
        rest[top] = 0;
        String caption = String.format(Locale.ROOT,
                "We erase \"%s\", the most attended word, and renormalise the rest. The prediction %s "
                        + "\"%s\" (%.0f%%; output moved by %.3f).",
                d.tokens().get(top), r.flipped() ? "FLIPS to" : "stays", d.labels().get(r.predicted()),
                100 * r.probabilities()[r.predicted()], r.tvd());
        return new TeachingStep(Kind.ERASE_TOP, "4. Erase the top word", caption, List.of(
                original(e, "original attention"),
                new HeatmapPanel("\"" + d.tokens().get(top) + "\" erased", d.tokens(), rest, d.labels(),
                        r.probabilities())));
    }

    private static TeachingStep rankings(Explanation e) {
        ErasureRanking.Report r = e.rankings();
        if (r == null) {
            return new TeachingStep(Kind.RANKINGS, "5. Which words matter? Rankings compared",
                    "(Erasure rankings not computed yet.)", List.of(original(e, "original attention")));
        }
        List<String> names = new ArrayList<>(List.of("by attention", "at random", "by gradient"));
        List<Double> values = new ArrayList<>(List.of(r.attention().fraction(), r.random().meanFraction(),
                r.gradient().fraction()));
        if (e.oracle() != null && e.oracle().flippable()) {
            names.add("smallest flip set");
            values.add((double) e.oracle().indices().length / e.size());
        }
        String caption = String.format(Locale.ROOT,
                "Erase words one by one until the decision flips. In attention order %s, in random order %s, "
                        + "in gradient order %s. A faithful ranking flips soonest.",
                takes(r.attention().fraction()), takes(r.random().meanFraction()), takes(r.gradient().fraction()));
        return new TeachingStep(Kind.RANKINGS, "5. Which words matter? Rankings compared", caption, List.of(
                original(e, "original attention"),
                new BarsPanel("fraction of the text erased before the decision flips (shorter is better)", names,
                        values.stream().mapToDouble(Double::doubleValue).toArray())));
    }

    private static TeachingStep saliency(Explanation e) {
        EncodedDocument d = e.document();
        Saliency s = e.saliency().get(SaliencyMethod.INTEGRATED_GRADIENTS);
        if (s == null) s = e.saliency().get(SaliencyMethod.GRADIENT);
        if (s == null && !e.saliency().isEmpty()) s = e.saliency().values().iterator().next();
        if (s == null) {
            return new TeachingStep(Kind.SALIENCY, "6. Attention next to saliency",
                    "(Saliency not computed yet: it needs the model and takes a few seconds.)",
                    List.of(original(e, "original attention")));
        }
        double[] mag = s.scores();
        for (int i = 0; i < mag.length; i++) mag[i] = Math.abs(mag[i]);
        KendallTau.Result tau = e.kendall().get(s.method());
        if (tau == null && d.size() >= 2) tau = KendallTau.compute(d.attention(), mag);
        String caption = tau == null ? "Gradient-based saliency asks the model which inputs change the output."
                : String.format(Locale.ROOT,
                        "Saliency (%s) asks the model which words change its output. Its ranking agrees with "
                                + "attention with Kendall tau = %.2f (1 = same order, 0 = unrelated).",
                        s.method().id().replace('_', ' '), tau.tau());
        return new TeachingStep(Kind.SALIENCY, "6. Attention next to saliency", caption, List.of(
                original(e, "attention"),
                new HeatmapPanel("|" + s.method().id().replace('_', ' ') + "|", d.tokens(), mag, d.labels(), null)));
    }

    private static TeachingStep uniform(Explanation e) {
        EncodedDocument d = e.document();
        double[] u = new double[d.size()];
        Arrays.fill(u, 1.0 / Math.max(1, u.length));
        double[] y = e.uniform() != null ? e.uniform().probabilities() : d.decode(u);
        int pred = argmax(y);
        String caption = pred == d.predicted()
                ? String.format(Locale.ROOT, "Every word gets the same weight. The model still says \"%s\" (%.0f%%). "
                        + "When attention can be switched off, its picture is a decoration, not an explanation.",
                        d.labels().get(pred), 100 * y[pred])
                : String.format(Locale.ROOT, "Every word gets the same weight, and the decision flips from \"%s\" "
                        + "to \"%s\" (%.0f%%). Here the weighting does carry the decision: this model needs its "
                        + "attention for this text.", d.labels().get(d.predicted()), d.labels().get(pred), 100 * y[pred]);
        // Drawn on the original's colour scale, as the Compare tab does: on its own scale a flat
        // 1/n would be painted as dark as the original's most attended word.
        double originalMax = Arrays.stream(d.attention()).max().orElse(0);
        return new TeachingStep(Kind.UNIFORM, "7. Uniform attention", caption, List.of(
                original(e, "original attention"),
                new HeatmapPanel("uniform attention (on the original's scale)", d.tokens(), u, d.labels(), y,
                        originalMax)));
    }

    private static HeatmapPanel original(Explanation e, String heading) {
        EncodedDocument d = e.document();
        return new HeatmapPanel(heading, d.tokens(), d.attention(), d.labels(), d.probabilities());
    }

    /** "it takes 12% of the text" or "it never flips". */
    private static String takes(double fraction) {
        return Double.isNaN(fraction) ? "it never flips" : "it takes " + percent(fraction) + " of the text";
    }

    private static String percent(double fraction) {
        return Double.isNaN(fraction) ? "never"
                : String.format(Locale.ROOT, fraction < 0.1 ? "%.1f%%" : "%.0f%%", 100 * fraction);
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    /** A seeded Fisher-Yates permutation of 0..n-1. */
    static int[] permutation(int n, long seed) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) p[i] = i;
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = n - 1; i > 0; i--) {
            int j = r.nextInt(i + 1);
            int t = p[i];
            p[i] = p[j];
            p[j] = t;
        }
        return p;
    }
}
