package org.attentionworkbench.cli;

import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.figures.GridExporter;
import org.attentionworkbench.figures.PanelContents;
import org.attentionworkbench.figures.PanelFigures;
import org.attentionworkbench.explain.IntegratedGradients;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionworkbench.audit.Provenance;
import org.attentionworkbench.explain.AdversarialSearch;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.ExplanationReport;
import org.attentionworkbench.explain.KendallTau;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.HanModel;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.ArgGroup;
import org.attentionworkbench.text.TokenLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code workbench explain}: every analysis of docs/methods.md for one document, as a summary or JSON. */
@Command(name = "explain", mixinStandardHelpOptions = true,
        description = "Explain one prediction: saliency, agreement with attention, permutations, adversaries, "
                + "erasure, faithfulness.")
final class ExplainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = ModelCatalog.DEFAULT_MODEL,
            description = "A shipped model's name, a path to a .zip archive, or a bundle's NAME.safetensors (NAME.vocab.txt and"
                    + " NAME.config.json beside it; docs/import.md) (default: ${DEFAULT-VALUE}).")
    String model;

    @ArgGroup(exclusive = true, multiplicity = "1")
    DocumentSource input;

    @Option(names = "--json", description = "Print one JSON object instead of a summary.")
    boolean json;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of permutations, adversaries, random rankings (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--epsilon", defaultValue = "0.05", description = "Adversaries' output tolerance, TVD (default ${DEFAULT-VALUE}).")
    double epsilon;

    @Option(names = "--ig-steps", defaultValue = "50", description = "Integrated-gradients steps (default ${DEFAULT-VALUE}).")
    int igSteps;

    @Option(names = "--ig-baseline", defaultValue = "ZERO", description = "ZERO, PAD or UNK (default ${DEFAULT-VALUE}).")
    IntegratedGradients.Baseline igBaseline;

    @Option(names = "--occlusion", defaultValue = "UNK", description = "Occlude with UNK or ZERO (default ${DEFAULT-VALUE}).")
    SaliencyCalculator.Occluder occluder;

    @Option(names = "--permutations", defaultValue = "100", description = "Random permutations P (default ${DEFAULT-VALUE}).")
    int permutations;

    @Option(names = "--adversarial-steps", defaultValue = "500", description = "Adam steps of the published search (default ${DEFAULT-VALUE}).")
    int adversarialSteps;

    @Option(names = "--adversarial-variant", defaultValue = "published", paramLabel = "VARIANT",
            description = "Adversarial search as the authors' code does it (published: Adam with AMSGrad, diversity "
                    + "averaged over all K^2 candidate pairs) or ours (plain Adam, over the K(K-1) distinct pairs); "
                    + "default ${DEFAULT-VALUE}.")
    String adversarialVariant;

    @Option(names = "--quadratic-limit", defaultValue = "1000", paramLabel = "N",
            description = "Longest document for leave-one-out, occlusion and faithfulness, which re-run the model "
                    + "n times; 0 = no limit (default ${DEFAULT-VALUE}).")
    int quadraticLimit;

    @Option(names = "--only", paramLabel = "SECTIONS",
            description = "Comma-separated sections: uniform, permutation, erasure, adversarial, saliency, agreement "
                    + "(kendall), faithfulness, all (default).")
    String only;

    @Option(names = "--figure", paramLabel = "FILE",
            description = "Also draw the Compare tab's panels (original, adversarial, permuted and uniform attention, "
                    + "saliency) as one figure: FILE ending .png, .svg or .pdf, drawn by the window's painter "
                    + "(default: no figure).")
    Path figure;

    @Option(names = "--figure-method", paramLabel = "METHOD", defaultValue = "gradient",
            description = "The saliency method of the figure's saliency panel: "
                    + "gradient, gradient_l2, grad_x_input, integrated_gradients, leave_one_out, occlusion "
                    + "(default ${DEFAULT-VALUE}).")
    String figureMethod;

    @Mixin
    TokenLimitOption maxTokens = new TokenLimitOption();

    /**
     * The Compare tab's panels as one grid figure, laid out and painted as the window's "Export
     * grid" does (figures.PanelContents / PanelFigures / GridExporter): the adversary is the
     * certified one for two classes, the permutation the one drawn by --seed.
     */
    private void writeFigure(Explanation e) throws java.io.IOException {
        SaliencyMethod method = SaliencyMethod.fromId(figureMethod).orElseThrow();
        PanelContents.Choices choices = new PanelContents.Choices(AdversaryKind.EXACT, method, e.settings().seed());
        PanelFigures.Panels panels = PanelFigures.panels(e, choices);
        new GridExporter().write(panels.figures(), figure);
        spec.commandLine().getErr().printf(Locale.ROOT, "figure: %d panels written to %s%s%n", panels.figures().size(),
                figure, panels.missing().isEmpty() ? "" : " (not computed, so not drawn: "
                        + String.join(", ", panels.missing()) + "; see --only)");
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        TokenLimit tokenLimit = maxTokens.limit();
        Path archive = ModelCatalog.fromEnvironment().resolve(model);
        ExplainSettings settings = ExplainSettings.defaults().withSeed(seed).withEpsilon(epsilon).withIgSteps(igSteps)
                .withIgBaseline(igBaseline).withOccluder(occluder).withPermutations(permutations)
                .withAdversarialSteps(adversarialSteps).withQuadraticLimit(quadraticLimit)
                .withAdversarialVariant(variant(adversarialVariant))
                .withSections(only == null ? EnumSet.allOf(Section.class) : Section.parseList(only));
        if (HanModel.isHierarchical(archive)) return explainHierarchical(archive, tokenLimit, settings);
        AttentionModel m = ModelLoader.load(archive).withTokenLimit(tokenLimit);
        Document d = input.resolve(m.labels(), "model " + m.card().name());
        String text = d.text();
        int label = d.hasLabel() ? d.label() : -1;
        String source = input.text != null ? "text" : input.data() + " #" + input.index() + " (" + d.id() + ")";
        if (m.tokenizer().tokenize(text).isEmpty()) throw new UserException("the text has no tokens to explain");
        CutNotice.forText(spec.commandLine().getErr(), m, text);
        UnknownWords.noticeIfAllUnknown(spec.commandLine().getErr(), m, text);
        long t0 = System.nanoTime();
        EncodedDocument doc = m.encode(text);
        double encodeMs = (System.nanoTime() - t0) / 1e6;
        Explanation e = new ExplanationEngine(m).explain(doc, label, settings, p -> { }, Cancellation.NEVER);
        PrintWriter out = spec.commandLine().getOut();
        if (figure != null) writeFigure(e);
        if (json) {
            // Only for JSON: the report boxes every number (all P TVDs among them), which the
            // text summary does not need.
            Map<String, Object> report = ExplanationReport.toMap(e);
            @SuppressWarnings("unchecked")
            Map<String, Object> timings = (Map<String, Object>) report.get("timings_ms");
            timings.put("encode", Math.round(encodeMs * 1000) / 1000.0);
            report.put("model", m.card().name());
            report.put("unknown_tokens", UnknownWords.count(m, text));
            report.put("settings", settingsMap(settings, tokenLimit));
            report.put("provenance", Provenance.of(List.of(model), name -> archive).toMap());
            JsonOutput.print(out, report);
        } else {
            printSummary(out, m.card().name(), "tokens", source, e, encodeMs);
        }
        out.flush();
        return 0;
    }

    /**
     * A hierarchical model (docs/methods.md section 10): every analysis on its sentence level, whose
     * tokens are the document's sentences (beta and the sentence vectors held fixed, as Serrano &amp;
     * Smith erased at the sentence level), with the two-level attention beside it: beta, the word
     * attention within each sentence and their product.
     */
    private Integer explainHierarchical(Path archive, TokenLimit tokenLimit, ExplainSettings settings) throws Exception {
        HanModel h = HanModel.load(archive).withTokenLimit(tokenLimit);
        Document d = input.resolve(h.labels(), "model " + h.name());
        String text = d.text();
        int label = d.hasLabel() ? d.label() : -1;
        String source = input.text != null ? "text" : input.data() + " #" + input.index() + " (" + d.id() + ")";
        int total = h.tokenizer().tokenize(text).size();
        if (total == 0) throw new UserException("the text has no tokens to explain");
        PrintWriter err = spec.commandLine().getErr();
        if (tokenLimit.cuts(total)) err.println("note: " + tokenLimit.note(total));
        long t0 = System.nanoTime();
        HanModel.Reading r = h.read(text);
        double encodeMs = (System.nanoTime() - t0) / 1e6;
        HierarchicalDocument doc = r.document();
        if (doc.tokensRead() < doc.tokensGiven()) {
            err.printf(Locale.ROOT, "note: only the first %,d sentences (%,d of %,d tokens) are read: the model's limit"
                    + " of %,d sentences%n", doc.sentences().size(), doc.tokensRead(), doc.tokensGiven(),
                    h.config().maxSentences());
        }
        int unknown = org.attentionworkbench.text.UnknownTokens.count(h.vocabulary().ids(h.tokens(text)));
        String allUnknown = org.attentionworkbench.text.UnknownTokens.note(h.tokens(text).size(), unknown, h.name());
        if (!allUnknown.isEmpty()) err.println("note: " + allUnknown);
        err.flush();
        Explanation e = new ExplanationEngine(r.sentenceLevel()).explain(doc.sentenceLevel(), label, settings, p -> { },
                Cancellation.NEVER);
        PrintWriter out = spec.commandLine().getOut();
        if (figure != null) writeFigure(e);
        if (json) {
            Map<String, Object> report = ExplanationReport.toMap(e);
            @SuppressWarnings("unchecked")
            Map<String, Object> timings = (Map<String, Object>) report.get("timings_ms");
            timings.put("encode", Math.round(encodeMs * 1000) / 1000.0);
            report.put("model", h.name());
            report.put("architecture", h.config().describe());
            report.put("level", "sentence");
            report.put("level_note", "tokens, attention and every analysis here are at the sentence level: the"
                    + " sentences are the tokens, beta their attention, with the sentence vectors held fixed; the"
                    + " word level is under hierarchy");
            report.put("hierarchy", doc.toMap());
            report.put("unknown_tokens", unknown);
            report.put("settings", settingsMap(settings, tokenLimit));
            report.put("provenance", Provenance.of(List.of(model), name -> archive).toMap());
            JsonOutput.print(out, report);
        } else {
            out.printf(Locale.ROOT, "%s is hierarchical (%s): %d sentences of %d tokens; the analyses below are at the"
                    + " sentence level (sentences as tokens, beta and the sentence vectors held fixed)%n", h.name(),
                    h.config().describe(), doc.sentences().size(), doc.tokensRead());
            double[][] product = doc.tokenAttention();
            List<double[]> ranked = new ArrayList<>();
            for (int j = 0; j < product.length; j++) for (int i = 0; i < product[j].length; i++) ranked.add(new double[] {j, i, product[j][i]});
            ranked.sort((a, b) -> Double.compare(b[2], a[2]));
            StringBuilder sb = new StringBuilder("most attended tokens (beta x alpha):");
            for (int k = 0; k < Math.min(5, ranked.size()); k++) {
                double[] t = ranked.get(k);
                sb.append(String.format(Locale.ROOT, " %s %.3f", doc.sentences().get((int) t[0]).get((int) t[1]), t[2]));
            }
            out.println(sb);
            printSummary(out, h.name(), "sentences", source, e, encodeMs);
        }
        out.flush();
        return 0;
    }

    /** Every setting the explanation was computed with, by the option's name, for the JSON's provenance. */
    static Map<String, Object> settingsMap(ExplainSettings s, TokenLimit limit) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("seed", s.seed());
        m.put("epsilon", s.epsilon());
        m.put("ig_steps", s.igSteps());
        m.put("ig_baseline", s.igBaseline().name().toLowerCase(Locale.ROOT));
        m.put("occlusion", s.occluder().name().toLowerCase(Locale.ROOT));
        m.put("permutations", s.permutations());
        m.put("adversarial_candidates", s.adversarialCandidates());
        m.put("adversarial_steps", s.adversarialSteps());
        m.put("adversarial_variant", s.adversarialVariant().id());
        m.put("top_k_mean_length", s.topKMeanLength());
        m.put("quadratic_limit", s.quadraticLimit());
        m.put("max_tokens", limit.max());
        List<String> sections = new ArrayList<>();
        for (Section x : Section.values()) if (s.sections().contains(x)) sections.add(x.id());
        m.put("sections", sections);
        return m;
    }

    /** Every numeric option within its meaningful range, before the model is loaded. */
    private void checkOptions() {
        OptionCheck.range("--permutations", permutations, 1, ExplainSettings.MAX_PERMUTATIONS,
                "random permutations of the attention; the literature used 100");
        OptionCheck.range("--adversarial-steps", adversarialSteps, 1, ExplainSettings.MAX_ADVERSARIAL_STEPS,
                "Adam steps of the adversarial search, 500 in the published code; 0 would not search at all");
        OptionCheck.range("--ig-steps", igSteps, 1, ExplainSettings.MAX_IG_STEPS,
                "integrated-gradients steps; the literature used 50");
        OptionCheck.range("--epsilon", epsilon, 0, 1, false, "a total variation distance between outputs");
        OptionCheck.range("--quadratic-limit", quadraticLimit, 0, Integer.MAX_VALUE, "tokens; 0 = no limit");
        // --index is checked against the data's size where it is read (DocumentSource names the range).
        if (SaliencyMethod.fromId(figureMethod).isEmpty()) {
            throw new UserException("--figure-method: no saliency method '" + figureMethod + "' (expected one of "
                    + String.join(", ", java.util.Arrays.stream(SaliencyMethod.values()).map(SaliencyMethod::id).toList())
                    + ")");
        }
        if (figure != null && !figure.getFileName().toString().toLowerCase(Locale.ROOT).matches(".*\\.(png|svg|pdf)")) {
            throw new UserException("--figure: " + figure + " must end in .png, .svg or .pdf");
        }
    }

    /** The variant named on the command line; a wrong name is the user's error, said in one line. */
    static AdversarialSearch.Variant variant(String name) {
        try {
            return AdversarialSearch.Variant.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserException("--adversarial-variant: " + e.getMessage());
        }
    }

    /** @param unit what the explanation's tokens are: "tokens", or "sentences" for a hierarchical model's sentence level */
    private static void printSummary(PrintWriter out, String modelName, String unit, String source, Explanation e,
                                     double encodeMs) {
        EncodedDocument doc = e.document();
        List<String> labels = doc.labels();
        double[] y = doc.probabilities();
        out.printf(Locale.ROOT, "%s on %s: %d %s%n", modelName, source, doc.size(), unit);
        out.printf(Locale.ROOT, "prediction %s (%.1f%%)%s%n", labels.get(doc.predicted()), 100 * y[doc.predicted()],
                e.trueLabel() >= 0 ? ", true label " + labels.get(e.trueLabel()) : "");
        double[] a = doc.attention();
        int[] top = org.attentionworkbench.explain.TopK.descending(a);
        StringBuilder sb = new StringBuilder("most attended:");
        for (int i = 0; i < Math.min(5, top.length); i++) {
            sb.append(String.format(Locale.ROOT, " %s %.3f", shown(doc.tokens().get(top[i])), a[top[i]]));
        }
        out.println(sb);
        if (e.has(Section.AGREEMENT)) {
            out.println("Kendall tau-b of attention with |saliency| (p):");
            e.kendall().forEach((method, r) -> {
                if (r.undefinedReason() != null) {
                    out.printf(Locale.ROOT, "  %-22s n/a  (%s)%n", method.id(), r.undefinedReason());
                } else {
                    out.printf(Locale.ROOT, "  %-22s %+.3f  (p = %.3g)%s%n", method.id(), r.tau(), r.pValue(),
                            r.significant() ? "" : "  not significant");
                }
            });
            out.printf(Locale.ROOT, "integrated gradients completeness error %.2e (%.2f%% of |f(x) - f(b)|)%n",
                    e.integratedGradients().completenessError(), 100 * e.integratedGradients().relativeCompletenessError());
            if (e.lrp() != null) {
                out.printf(Locale.ROOT, "LRP (eps %.0e) of the %s logit %.4f: tokens %.4f, biases %.4f, stabilisers %.2e;"
                        + " conservation error %.1e%n", e.lrp().epsilon(), e.document().labels().get(e.lrp().target()),
                        e.lrp().logit(), e.lrp().total(), e.lrp().biasRelevance(), e.lrp().stabiliserRelevance(),
                        e.lrp().conservationError());
            }
        }
        if (e.has(Section.PERMUTATION)) {
            out.printf(Locale.ROOT, "permutations: median output TVD %.4f over %d (max attention %.3f)%n",
                    e.permutation().medianTvd(), e.permutation().tvds().length, e.permutation().maxAttention());
        }
        if (e.has(Section.UNIFORM)) {
            out.printf(Locale.ROOT, "uniform attention: output TVD %.4f, JSD %.4f%s%n", e.uniform().outputTvd(),
                    e.uniform().outputJsd(), e.uniform().flipped() ? ", decision flips" : "");
        }
        if (e.has(Section.ADVERSARIAL)) {
            out.printf(Locale.ROOT, "adversarial attention within TVD %.2f: published search JSD %.4f%s%n",
                    e.settings().epsilon(), e.adversarial().epsilonMaxJsd(), e.exactAdversary() == null ? ""
                            : String.format(Locale.ROOT, ", exact (certified) JSD %.4f", e.exactAdversary().jsd()));
        }
        if (e.has(Section.ERASURE)) {
            if (e.singleWeight() != null) {
                out.printf(Locale.ROOT, "erase top token '%s': DeltaJS %.4f vs a random token; flips: top %s, random %s%n",
                        shown(doc.tokens().get(e.singleWeight().top())), e.singleWeight().deltaJs(),
                        e.singleWeight().topFlips() ? "yes" : "no", e.singleWeight().randomFlips() ? "yes" : "no");
            }
            out.println("tokens erased before the decision flips:");
            printCurve(out, "attention", e.rankings().attention().flipped(), e.rankings().attention().flipCount(), doc.size());
            out.printf(Locale.ROOT, "  %-22s %s%n", "random (5 shuffles)", e.rankings().random().flippedShuffles() > 0
                    ? String.format(Locale.ROOT, "%.1f%% on average", 100 * e.rankings().random().meanFraction()) : "never flips");
            printCurve(out, "dd/dalpha", e.rankings().gradient().flipped(), e.rankings().gradient().flipCount(), doc.size());
            printCurve(out, "dd/dalpha x alpha", e.rankings().gradientTimesAttention().flipped(),
                    e.rankings().gradientTimesAttention().flipCount(), doc.size());
            printCurve(out, "oracle (minimal)", e.oracle().flippable(), e.oracle().size(), doc.size());
        }
        if (e.has(Section.FAITHFULNESS)) {
            out.println("faithfulness, AOPC over k = 1,5,10,20,50% (comprehensiveness / sufficiency):");
            e.faithfulness().forEach((name, r) -> out.printf(Locale.ROOT, "  %-22s %+.4f / %+.4f%n", name,
                    r.aopcComprehensiveness(), r.aopcSufficiency()));
        }
        for (String note : e.notes()) out.println("note: " + note);
        StringBuilder t = new StringBuilder(String.format(Locale.ROOT, "timings (ms): encode %.0f", encodeMs));
        e.timingsMs().forEach((k, v) -> t.append(String.format(Locale.ROOT, ", %s %.0f", k, v)));
        out.println(t);
    }

    /** A token as the summary shows it; a hierarchical model's sentence cut to 60 characters. */
    private static String shown(String token) {
        return token.length() <= 60 ? token : "\"" + token.substring(0, 57) + "...\"";
    }

    private static void printCurve(PrintWriter out, String name, boolean flipped, int count, int n) {
        out.printf(Locale.ROOT, "  %-22s %s%n", name, flipped
                ? String.format(Locale.ROOT, "%d of %d (%.1f%%)", count, n, 100.0 * count / n) : "never flips");
    }
}
