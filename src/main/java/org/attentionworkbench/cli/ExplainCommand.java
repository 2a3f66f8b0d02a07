package org.attentionworkbench.cli;

import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.figures.GridExporter;
import org.attentionworkbench.figures.PanelContents;
import org.attentionworkbench.figures.PanelFigures;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.PerturbationSettings;
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

    @Option(names = "--ig-rule", defaultValue = "riemann", paramLabel = "RULE",
            description = "How integrated gradients integrates along the path: riemann (the literature's right "
                    + "Riemann sum, --ig-steps steps) or gauss-legendre (--ig-steps Gauss-Legendre nodes, exact for "
                    + "polynomials of degree 2m-1); default ${DEFAULT-VALUE}.")
    String igRule;

    @Option(names = "--target", paramLabel = "CLASS",
            description = "The class every saliency method explains: a class name of the model or its index "
                    + "(default: the predicted class).")
    String target;

    @Option(names = "--lime-samples", defaultValue = "" + PerturbationSettings.DEFAULT_LIME_SAMPLES, paramLabel = "N",
            description = "Perturbed texts per LIME run, the text itself included (default ${DEFAULT-VALUE}; "
                    + "the lime package uses 5000).")
    int limeSamples;

    @Option(names = "--lime-kernel-width", defaultValue = "25", paramLabel = "W",
            description = "Width of LIME's kernel sqrt(exp(-D^2/W^2)) on 100 x the cosine distance; 25 is the "
                    + "lime package's text default (default ${DEFAULT-VALUE}).")
    double limeKernelWidth;

    @Option(names = "--lime-reruns", defaultValue = "" + PerturbationSettings.DEFAULT_LIME_RERUNS, paramLabel = "R",
            description = "LIME runs with seeds --seed .. --seed+R-1 for the stability band (the spread of each "
                    + "token's weight); 1 = no band (default ${DEFAULT-VALUE}).")
    int limeReruns;

    @Option(names = "--shap-samples", defaultValue = "" + PerturbationSettings.DEFAULT_SHAP_SAMPLES, paramLabel = "N",
            description = "Coalitions KernelSHAP evaluates (default ${DEFAULT-VALUE}; at least 2^n - 2 gives exact "
                    + "Shapley values).")
    int shapSamples;

    @Option(names = "--shap-exact-limit", defaultValue = "" + PerturbationSettings.DEFAULT_SHAP_EXACT_LIMIT,
            paramLabel = "N", description = "Up to this many tokens, exact Shapley values by enumerating all 2^n "
                    + "coalitions instead of KernelSHAP (default ${DEFAULT-VALUE}).")
    int shapExactLimit;

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
                    + "(kendall), faithfulness, perturbation (LIME and KernelSHAP), all (default).")
    String only;

    @Option(names = "--figure", paramLabel = "FILE",
            description = "Also draw the Compare tab's panels (original, adversarial, permuted and uniform attention, "
                    + "saliency) as one figure: FILE ending .png, .svg or .pdf, drawn by the window's painter "
                    + "(default: no figure).")
    Path figure;

    @Option(names = "--figure-method", paramLabel = "METHOD", defaultValue = "gradient",
            description = "The saliency method of the figure's saliency panel: "
                    + "gradient, gradient_l2, grad_x_input, integrated_gradients, leave_one_out, occlusion, lime, "
                    + "kernel_shap (default ${DEFAULT-VALUE}).")
    String figureMethod;

    @Mixin
    TokenLimitOption maxTokens = new TokenLimitOption();

    /**
     * The Compare tab's panels as one grid figure, laid out and painted as the window's "Export
     * grid" does (figures.PanelContents / PanelFigures / GridExporter): the adversary is the
     * certified one for two classes, the permutation the one drawn by --seed.
     */
    private void writeFigure(Explanation e) throws java.io.IOException {
        writeFigure(e, null);
    }

    /** @param hierarchy a hierarchical model's two levels (its panels drawn a row per sentence), or null */
    private void writeFigure(Explanation e, HierarchicalDocument hierarchy) throws java.io.IOException {
        SaliencyMethod method = SaliencyMethod.fromId(figureMethod).orElseThrow();
        PanelContents.Choices choices = new PanelContents.Choices(AdversaryKind.EXACT, method, e.settings().seed());
        PanelFigures.Panels panels = PanelFigures.panels(e, choices);
        new GridExporter().hierarchical(hierarchy).write(panels.figures(), figure);
        spec.commandLine().getErr().printf(Locale.ROOT, "figure: %d panels written to %s%s%n", panels.figures().size(),
                figure, panels.missing().isEmpty() ? "" : " (not computed, so not drawn: "
                        + String.join(", ", panels.missing()) + "; see --only)");
    }

    @Override
    public Integer call() throws Exception {
        checkOptions();
        TokenLimit tokenLimit = maxTokens.limit();
        Path archive = ModelCatalog.fromEnvironment().resolve(model);
        // Everything but the target class, which is looked up in the model's classes once it is loaded.
        ExplainSettings common = ExplainSettings.defaults().withSeed(seed).withEpsilon(epsilon).withIgSteps(igSteps)
                .withIgBaseline(igBaseline).withOccluder(occluder).withPermutations(permutations)
                .withAdversarialSteps(adversarialSteps).withQuadraticLimit(quadraticLimit)
                .withAdversarialVariant(variant(adversarialVariant))
                .withSections(only == null ? EnumSet.allOf(Section.class) : Section.parseList(only))
                .withIgRule(rule(igRule))
                .withPerturbation(new PerturbationSettings(limeSamples, limeKernelWidth, limeReruns, shapSamples,
                        shapExactLimit));
        if (HanModel.isHierarchical(archive)) {
            if (target != null) throw new UserException("--target is for flat models: a hierarchical model's"
                    + " sentence-level analyses explain its predicted class");
            return explainHierarchical(archive, tokenLimit, common);
        }
        AttentionModel m = ModelLoader.load(archive).withTokenLimit(tokenLimit);
        Document d = input.resolve(m.labels(), "model " + m.card().name());
        String text = d.text();
        int label = d.hasLabel() ? d.label() : -1;
        String source = input.text != null ? "text" : input.data() + " #" + input.index() + " (" + d.id() + ")";
        if (m.tokenizer().tokenize(text).isEmpty()) throw new UserException("the text has no tokens to explain");
        CutNotice.forText(spec.commandLine().getErr(), m, text);
        UnknownWords.noticeIfAllUnknown(spec.commandLine().getErr(), m, text);
        ExplainSettings settings = common.withTarget(target == null ? -1
                : targetIndex(target, m.labels(), m.card().name()));
        long t0 = System.nanoTime();
        EncodedDocument doc = m.encode(text);
        double encodeMs = (System.nanoTime() - t0) / 1e6;
        Explanation e = ExplanationEngine.parallel(m).explain(doc, label, settings, p -> { }, Cancellation.NEVER);
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
        if (figure != null) writeFigure(e, doc);
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
        m.put("ig_rule", s.igRule().id());
        m.put("target", s.target() >= 0 ? s.target() : null);
        m.put("lime_samples", s.perturbation().limeSamples());
        m.put("lime_kernel_width", s.perturbation().limeKernelWidth());
        m.put("lime_reruns", s.perturbation().limeReruns());
        m.put("shap_samples", s.perturbation().shapSamples());
        m.put("shap_exact_limit", s.perturbation().shapExactLimit());
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
        OptionCheck.range("--lime-samples", limeSamples, 2, PerturbationSettings.MAX_SAMPLES,
                "perturbed texts per LIME run, the text itself among them");
        OptionCheck.range("--lime-reruns", limeReruns, 1, 100, "LIME runs for the stability band; 1 = no band");
        OptionCheck.range("--shap-samples", shapSamples, 1, PerturbationSettings.MAX_SAMPLES,
                "coalitions KernelSHAP evaluates");
        OptionCheck.range("--shap-exact-limit", shapExactLimit, 0, PerturbationSettings.MAX_EXACT,
                "tokens up to which all 2^n coalitions are enumerated");
        if (!(limeKernelWidth > 0) || Double.isInfinite(limeKernelWidth)) {
            throw new UserException("--lime-kernel-width: " + limeKernelWidth + " must be a positive number");
        }
        rule(igRule);
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

    /** The class {@code --target} names (a class name or an index); one that the model lacks is said in one line. */
    static int targetIndex(String name, List<String> labels, String model) {
        int c = org.attentionworkbench.data.ClassAlignment.classIndex(name, labels);
        if (c < 0) {
            List<String> named = new ArrayList<>();
            for (int i = 0; i < labels.size(); i++) named.add(i + " = " + labels.get(i));
            throw new UserException("--target: model " + model + " has no class '" + name + "' (its classes: "
                    + String.join(", ", named) + ")");
        }
        return c;
    }

    /** The integration rule named on the command line. */
    static IntegratedGradients.Rule rule(String name) {
        try {
            return IntegratedGradients.Rule.parse(name);
        } catch (IllegalArgumentException e) {
            throw new UserException("--ig-rule: " + e.getMessage());
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
        // "1 token", "1 sentence": the unit is given in the plural
        out.printf(Locale.ROOT, "%s on %s: %d %s%n", modelName, source, doc.size(),
                doc.size() == 1 ? unit.substring(0, unit.length() - 1) : unit);
        out.printf(Locale.ROOT, "prediction %s (%.1f%%)%s%n", labels.get(doc.predicted()), 100 * y[doc.predicted()],
                e.trueLabel() >= 0 ? ", true label " + labels.get(e.trueLabel()) : "");
        if (e.settings().target() >= 0) {
            out.printf(Locale.ROOT, "saliency explains class %s (%.1f%%), as asked%n", labels.get(e.explainedClass()),
                    100 * y[e.explainedClass()]);
        }
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
            out.printf(Locale.ROOT, "integrated gradients (%s, %d points) completeness error %.2e (%.2f%% of |f(x) - f(b)|)%n",
                    e.integratedGradients().rule().id(), e.integratedGradients().steps(),
                    e.integratedGradients().completenessError(), 100 * e.integratedGradients().relativeCompletenessError());
            if (e.lrp() != null) {
                out.printf(Locale.ROOT, "LRP (eps %.0e) of the %s logit %.4f: tokens %.4f, biases %.4f, stabilisers %.2e;"
                        + " conservation error %.1e%n", e.lrp().epsilon(), e.document().labels().get(e.lrp().target()),
                        e.lrp().logit(), e.lrp().total(), e.lrp().biasRelevance(), e.lrp().stabiliserRelevance(),
                        e.lrp().conservationError());
            }
            if (e.lime() != null) {
                out.printf(Locale.ROOT, "LIME: %d samples x %d runs, %d words, local R^2 %.3f, mean spread of a weight %s%n",
                        e.lime().samples(), e.lime().reruns(), e.lime().features(), e.lime().score(),
                        Double.isNaN(e.lime().meanSpread()) ? "n/a (one run)"
                                : String.format(Locale.ROOT, "%.2e", e.lime().meanSpread()));
            }
            if (e.kernelShap() != null) {
                out.printf(Locale.ROOT, "Shapley values (%s, %d coalitions): sum error %.2e against f(x) - f(empty) = %.4f%n",
                        e.kernelShap().exact() ? "exact" : "KernelSHAP", e.kernelShap().coalitions(),
                        e.kernelShap().sumError(), e.kernelShap().fullOutput() - e.kernelShap().emptyOutput());
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
