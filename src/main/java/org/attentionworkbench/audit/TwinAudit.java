package org.attentionworkbench.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.Divergences;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.TwinComparison;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Document;

/**
 * A base model against its counterfactual twins over a labelled dataset (docs/methods.md section 8;
 * {@code workbench audit --twins}): Wiegreffe &amp; Pinter's accuracy table, each document's
 * attention JSD to the base for every twin, the seeds' spread next to the adversarial twin's JSD
 * (their variance calibration), and for a deceptive twin Pruthi et al.'s impermissible mass with
 * the checks that show whether the model still relies on those words (erasing them, gradient
 * saliency).
 */
public final class TwinAudit {

    /** Gradient saliency is computed on at most this many documents per deceptive twin (one backward each). */
    public static final int SALIENCY_DOCUMENTS = 500;

    /** A model of the comparison: its name, its card (objective and settings) and the model itself. */
    public record Member(String name, ModelCard card, AttentionClassifier model) {

        /** The card's objective, {@code base} for the base itself. */
        public String objective() {
            return card.objective() == null ? "base" : card.objective();
        }

        /** The settings that tell twins of one objective apart ({@link ModelCard#twinSettings()}). */
        public String settings() {
            return card.twinSettings();
        }

        /** The impermissible words of a deceptive twin, else none. */
        public Set<String> impermissible() {
            return card.impermissibleWords();
        }
    }

    /** One model's line of the accuracy table (the base's own line has agreement 1, TVD and JSD 0). */
    public record ModelRow(String name, String objective, String settings, int documents, double accuracy,
                           double agreement, double meanTvd, double meanJsd) { }

    /** One document: the base's prediction and, per twin (in {@link Report#twins()} order), TVD and JSD. */
    public record DocumentRow(String id, int label, int basePredicted, double[] tvd, double[] jsd, double seedJsd,
                              double seedSpread) { }

    /**
     * A deceptive twin against the base on the documents that hold an impermissible word.
     *
     * @param attentionMass     mean attention on the impermissible words
     * @param saliencyMass      mean share of |gradient x input| on them
     * @param accuracy          accuracy on these documents
     * @param accuracyErased    accuracy once the impermissible words are deleted
     * @param tvdErased         mean TVD between the outputs with and without them
     */
    public record RelianceRow(String name, int documents, double attentionMass, double saliencyMass, double accuracy,
                              double accuracyErased, double tvdErased) { }

    /** Everything the report shows. */
    public record Report(String dataset, String base, List<String> labels, List<String> twins, List<ModelRow> models,
                         List<DocumentRow> documents, Map<String, List<RelianceRow>> reliance, List<String> seeds,
                         String adversarial) { }

    private final Member base;
    private final List<Member> twins;

    public TwinAudit(Member base, List<Member> twins) {
        if (twins.isEmpty()) throw new IllegalArgumentException("the model " + base.name() + " has no twins to compare");
        this.base = base;
        this.twins = List.copyOf(twins);
    }

    /**
     * Runs the comparison on labelled documents (empty ones are skipped).
     *
     * @param log one line per step
     */
    public Report run(String datasetName, List<Document> docs, Consumer<String> log, Cancellation cancel) {
        List<Document> kept = new ArrayList<>();
        List<List<String>> tokens = new ArrayList<>();
        for (Document d : docs) {
            List<String> t = base.model().tokens(d.text());
            if (t.isEmpty() || !d.hasLabel()) continue;
            kept.add(d);
            tokens.add(t);
        }
        if (kept.isEmpty()) throw new AuditException("no labelled, non-empty documents to compare the twins on");
        int n = kept.size();
        List<List<TwinComparison.Document>> byTwin = new ArrayList<>();
        for (Member t : twins) {
            cancel.throwIfCancelled();
            log.accept("reading " + n + " documents with " + t.name() + " and " + base.name());
            byTwin.add(TwinComparison.compare(t.model(), base.model(), tokens, t.impermissible()));
        }
        List<ModelRow> rows = new ArrayList<>();
        List<TwinComparison.Document> any = byTwin.get(0);
        rows.add(new ModelRow(base.name(), "base", "", n, accuracy(kept, any, true), 1, 0, 0));
        for (int k = 0; k < twins.size(); k++) {
            List<TwinComparison.Document> c = byTwin.get(k);
            int agree = 0;
            for (TwinComparison.Document d : c) if (d.twinLabel() == d.baseLabel()) agree++;
            rows.add(new ModelRow(twins.get(k).name(), twins.get(k).objective(), twins.get(k).settings(), n,
                    accuracy(kept, c, false), (double) agree / n, TwinComparison.mean(c, TwinComparison.Document::tvd),
                    TwinComparison.mean(c, TwinComparison.Document::jsd)));
        }
        List<Integer> seedIdx = new ArrayList<>();
        int adversarial = -1;
        for (int k = 0; k < twins.size(); k++) {
            if ("seed".equals(twins.get(k).objective())) seedIdx.add(k);
            if (adversarial < 0 && "adversarial".equals(twins.get(k).objective())) adversarial = k;
        }
        List<DocumentRow> docRows = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            double[] tvd = new double[twins.size()];
            double[] jsd = new double[twins.size()];
            for (int k = 0; k < twins.size(); k++) {
                tvd[k] = byTwin.get(k).get(i).tvd();
                jsd[k] = byTwin.get(k).get(i).jsd();
            }
            double seedJsd = Double.NaN;
            double spread = Double.NaN;
            if (!seedIdx.isEmpty()) {
                List<double[]> runs = new ArrayList<>();
                runs.add(byTwin.get(0).get(i).baseAttention());
                double s = 0;
                for (int k : seedIdx) {
                    s += jsd[k];
                    runs.add(byTwin.get(k).get(i).twinAttention());
                }
                seedJsd = s / seedIdx.size();
                spread = TwinComparison.spread(runs);
            }
            docRows.add(new DocumentRow(kept.get(i).id(), kept.get(i).label(), byTwin.get(0).get(i).baseLabel(), tvd,
                    jsd, seedJsd, spread));
        }
        Map<String, List<RelianceRow>> reliance = new java.util.LinkedHashMap<>();
        for (Member t : twins) {
            if (t.impermissible().isEmpty()) continue;
            cancel.throwIfCancelled();
            log.accept("erasure and saliency of " + t.impermissible().size() + " impermissible words: " + t.name());
            reliance.put(t.name(), List.of(reliance(base, t.impermissible(), kept, tokens, cancel),
                    reliance(t, t.impermissible(), kept, tokens, cancel)));
        }
        return new Report(datasetName, base.name(), base.model().labels(), twins.stream().map(Member::name).toList(), rows, docRows, reliance,
                seedIdx.stream().map(k -> twins.get(k).name()).toList(),
                adversarial < 0 ? null : twins.get(adversarial).name());
    }

    private static double accuracy(List<Document> docs, List<TwinComparison.Document> c, boolean ofBase) {
        int right = 0;
        for (int i = 0; i < docs.size(); i++) {
            if ((ofBase ? c.get(i).baseLabel() : c.get(i).twinLabel()) == docs.get(i).label()) right++;
        }
        return (double) right / docs.size();
    }

    /** How much a model relies on the impermissible words, on the documents that hold one. */
    private static RelianceRow reliance(Member m, Set<String> words, List<Document> docs, List<List<String>> tokens,
                                        Cancellation cancel) {
        List<Integer> with = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) {
            boolean[] f = TwinComparison.flagged(tokens.get(i), words);
            for (boolean b : f) {
                if (b) {
                    with.add(i);
                    break;
                }
            }
        }
        if (with.isEmpty()) return new RelianceRow(m.name(), 0, Double.NaN, Double.NaN, Double.NaN, Double.NaN, Double.NaN);
        List<int[]> full = new ArrayList<>();
        List<int[]> erased = new ArrayList<>();
        List<Integer> erasable = new ArrayList<>();
        for (int i : with) {
            List<String> t = tokens.get(i);
            List<String> rest = t.stream().filter(w -> !words.contains(w.toLowerCase(Locale.ROOT))).toList();
            full.add(m.model().ids(t));
            erased.add(m.model().ids(rest.isEmpty() ? t : rest));
            erasable.add(rest.isEmpty() ? 0 : 1);
        }
        List<double[]> out = m.model().outputs(full, 32);
        List<double[]> outErased = m.model().outputs(erased, 32);
        List<org.attentionworkbench.explain.Readout> read = m.model().readouts(full);
        int right = 0;
        int rightErased = 0;
        double tvd = 0;
        double mass = 0;
        int kept = 0;
        for (int j = 0; j < with.size(); j++) {
            int label = docs.get(with.get(j)).label();
            if (EncodedDocument.argmax(out.get(j)) == label) right++;
            mass += TwinComparison.mass(read.get(j).attention(), TwinComparison.flagged(tokens.get(with.get(j)), words));
            if (erasable.get(j) == 0) continue;
            kept++;
            if (EncodedDocument.argmax(outErased.get(j)) == label) rightErased++;
            tvd += Divergences.tvd(out.get(j), outErased.get(j));
        }
        double saliency = 0;
        int salient = Math.min(with.size(), SALIENCY_DOCUMENTS);
        for (int j = 0; j < salient; j++) {
            cancel.throwIfCancelled();
            List<String> t = tokens.get(with.get(j));
            EncodedDocument e = m.model().encode(t);
            double[] s = m.model().inputGradients(e, e.predicted(), false).gradientTimesInputAbs();
            double total = 0;
            for (double v : s) total += v;
            saliency += total > 0 ? TwinComparison.mass(s, TwinComparison.flagged(t, words)) / total : 0;
        }
        return new RelianceRow(m.name(), with.size(), mass / with.size(), saliency / salient,
                (double) right / with.size(), kept == 0 ? Double.NaN : (double) rightErased / kept,
                kept == 0 ? Double.NaN : tvd / kept);
    }
}
