package org.attentionworkbench.explain;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The JSON shape of an {@link Explanation} as plain maps and lists (serialised by the caller), as
 * documented for {@code workbench explain --json}. NaN and infinities become null. Everything but
 * {@code timings_ms} is a function of the document, the model and the settings: the same seed
 * gives the same report.
 */
public final class ExplanationReport {

    private ExplanationReport() {
    }

    /** The report of an explanation; sections not computed are left out. */
    public static Map<String, Object> toMap(Explanation e) {
        EncodedDocument doc = e.document();
        List<String> labels = doc.labels();
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("tokens", doc.tokens());
        root.put("label", e.trueLabel() >= 0 ? labels.get(e.trueLabel()) : null);
        // map(), not Map.of: Map.of's iteration order changes from JVM to JVM, so the same report
        // would serialise as different texts in two runs of the command.
        root.put("prediction", map("label", labels.get(doc.predicted()), "probs", probs(labels, doc.probabilities())));
        root.put("attention", nums(doc.attention()));
        int target = e.explainedClass();
        // Which class every saliency method explains: the prediction unless one was asked for.
        root.put("target", map("label", labels.get(target), "index", target, "requested", e.settings().target() >= 0));
        if (e.has(Section.SALIENCY) || e.has(Section.PERTURBATION)) {
            Map<String, Object> sal = new LinkedHashMap<>();
            e.saliency().forEach((m, s) -> sal.put(m.id(), nums(s.scores())));
            root.put("saliency", sal);
        }
        if (e.has(Section.SALIENCY) && e.integratedGradients() != null) {
            root.put("ig_completeness_error", num(e.integratedGradients().completenessError()));
            root.put("ig_relative_completeness_error", num(e.integratedGradients().relativeCompletenessError()));
            if (e.lrp() != null) {
                Lrp r = e.lrp();
                root.put("lrp_target", labels.get(r.target()));
                root.put("lrp_epsilon", num(r.epsilon()));
                root.put("lrp_logit", num(r.logit()));
                root.put("lrp_token_sum", num(r.total()));
                root.put("lrp_bias", num(r.biasRelevance()));
                root.put("lrp_stabiliser", num(r.stabiliserRelevance()));
                root.put("lrp_conservation_error", num(r.conservationError()));
            }
            root.put("ig_rule", map("rule", e.integratedGradients().rule().id(), "points", e.integratedGradients().steps()));
        }
        if (e.has(Section.PERTURBATION)) {
            Lime.Result lime = e.lime();
            if (lime != null) {
                root.put("lime", map("samples", lime.samples(), "kernel_width", lime.kernelWidth(),
                        "features", lime.features(), "reruns", lime.reruns(), "intercept", num(lime.intercept()),
                        "score", num(lime.score()), "spread", lime.spread() == null ? null : nums(lime.spread()),
                        "mean_spread", num(lime.meanSpread())));
            }
            KernelShap.Result shap = e.kernelShap();
            if (shap != null) {
                root.put("kernel_shap", map("exact", shap.exact(), "coalitions", shap.coalitions(),
                        "f_x", num(shap.fullOutput()), "f_empty", num(shap.emptyOutput()),
                        "sum_error", num(shap.sumError()), "relative_sum_error", num(shap.relativeSumError())));
            }
        }
        if (e.has(Section.AGREEMENT)) {
            Map<String, Object> k = new LinkedHashMap<>();
            e.kendall().forEach((m, r) -> k.put(m.id(), map("tau", num(r.tau()), "p", num(r.pValue()))));
            root.put("kendall", k);
            Map<String, Object> t = new LinkedHashMap<>();
            e.topK().forEach((m, r) -> t.put(m.id(), map("k", r.k(), "distance", num(r.raw()),
                    "normalised", num(r.normalised()))));
            root.put("topk_distance", t);
        }
        if (e.has(Section.PERMUTATION)) {
            root.put("permutation", map("median_tvd", num(e.permutation().medianTvd()),
                    "max_attention", num(e.permutation().maxAttention()), "tvds", nums(e.permutation().tvds())));
        }
        if (e.has(Section.ADVERSARIAL)) {
            Map<String, Object> adv = new LinkedHashMap<>();
            adv.put("epsilon", e.settings().epsilon());
            adv.put("variant", e.settings().adversarialVariant().id());
            AdversarialSearch.Result g = e.adversarial();
            double[] ga = g.epsilonMaxAttention();
            adv.put("gradient", map("jsd", num(g.epsilonMaxJsd()),
                    "tvd", num(Divergences.tvd(doc.decode(ga), doc.probabilities())),
                    "attention", nums(ga), "candidate", g.epsilonMaxIndex()));
            if (e.exactAdversary() != null) {
                ExactAdversary.Result x = e.exactAdversary();
                adv.put("exact", map("jsd", num(x.jsd()), "tvd", num(x.tvd()), "attention", nums(x.attention()),
                        "vertices", x.verticesExamined()));
            }
            root.put("adversarial", adv);
        }
        if (e.has(Section.UNIFORM)) {
            UniformBaseline.Result u = e.uniform();
            root.put("uniform", map("probs", probs(labels, u.probabilities()), "jsd", num(u.outputJsd()),
                    "tvd", num(u.outputTvd()), "flipped", u.flipped(), "attention_jsd", num(u.attentionJsd())));
        }
        if (e.has(Section.ERASURE)) {
            Erasure.SingleWeight sw = e.singleWeight();
            root.put("single_weight", sw == null ? null : map("top_index", sw.top(), "random_index", sw.random(),
                    "delta_js", num(sw.deltaJs()), "delta_alpha", num(sw.deltaAlpha()), "top_flips", sw.topFlips(),
                    "random_flips", sw.randomFlips()));
            Map<String, Object> er = new LinkedHashMap<>();
            ErasureRanking.Report r = e.rankings();
            er.put("attention", curve(r.attention()));
            er.put("random", map("removed", null, "fraction", num(r.random().meanFraction()),
                    "flipped", r.random().flippedShuffles() > 0, "flipped_shuffles", r.random().flippedShuffles(),
                    "curve", nums(r.random().meanCurve())));
            er.put("gradient", curve(r.gradient()));
            er.put("gradient_x_attention", curve(r.gradientTimesAttention()));
            er.put("oracle", curve(e.oracle().ranking()));
            root.put("erasure", er);
        }
        if (e.has(Section.FAITHFULNESS)) {
            Map<String, Object> f = new LinkedHashMap<>();
            e.faithfulness().forEach((name, res) -> f.put(name, map(
                    "comprehensiveness", byK(res.comprehensiveness()), "sufficiency", byK(res.sufficiency()),
                    "aopc", map("comprehensiveness", num(res.aopcComprehensiveness()),
                            "sufficiency", num(res.aopcSufficiency())))));
            root.put("faithfulness", f);
        }
        if (!e.notes().isEmpty()) root.put("notes", e.notes());
        Map<String, Object> t = new LinkedHashMap<>();
        e.timingsMs().forEach((k, v) -> t.put(k, Math.round(v * 1000) / 1000.0));
        root.put("timings_ms", t);
        return root;
    }

    private static Map<String, Object> curve(ErasureRanking.Curve c) {
        return map("removed", c.flipped() ? c.flipCount() : null, "fraction", c.flipped() ? num(c.fraction()) : null,
                "flipped", c.flipped(), "curve", nums(c.curve()));
    }

    private static Map<String, Object> byK(double[] values) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int j = 0; j < values.length; j++) {
            m.put(Math.round(Faithfulness.FRACTIONS[j] * 100) + "%", num(values[j]));
        }
        return m;
    }

    private static Map<String, Object> probs(List<String> labels, double[] p) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int c = 0; c < p.length; c++) m.put(labels.get(c), num(p[c]));
        return m;
    }

    private static Map<String, Object> map(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    private static List<Object> nums(double[] v) {
        List<Object> out = new ArrayList<>(v.length);
        for (double x : v) out.add(num(x));
        return out;
    }

    private static Object num(double v) {
        return Double.isFinite(v) ? v : null;
    }
}
