package org.attentionworkbench.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.explain.Section;

/**
 * The audit's tables, each as CSV (long format, for scripts) and LaTeX (booktabs, for papers).
 * With several models, each table compares them side by side.
 */
public final class AuditTables {

    /** The table names, {@code table_<name>.csv} / {@code .tex}. */
    public static final List<String> NAMES = List.of("kendall", "topk", "flip_fractions", "single_weight", "aopc",
            "counterfactual", "methods");

    private final AuditSummary s;
    private final String dataName;

    public AuditTables(AuditSummary summary, String dataName) {
        this.s = summary;
        this.dataName = dataName;
    }

    /** The explanation sections a table is made from (an audit that computed none of them does not write it). */
    public static Set<Section> needs(String table) {
        return switch (table) {
            case "kendall", "topk", "methods" -> EnumSet.of(Section.AGREEMENT);
            case "flip_fractions", "single_weight" -> EnumSet.of(Section.ERASURE);
            case "aopc" -> EnumSet.of(Section.FAITHFULNESS);
            case "counterfactual" -> EnumSet.of(Section.PERMUTATION, Section.ADVERSARIAL);
            default -> throw new IllegalArgumentException("no table " + table);
        };
    }

    /**
     * Writes into {@code dir} every table one of whose sections was {@code computed}; returns the
     * files written. A table none of whose sections ran is not written (its rows would be empty), and
     * an earlier run's file of it is removed, so the folder never shows a stale one beside the new report.
     */
    public List<Path> write(Path dir, Set<Section> computed) throws IOException {
        List<Path> out = new ArrayList<>();
        for (String name : NAMES) {
            Path csv = dir.resolve("table_" + name + ".csv");
            Path tex = dir.resolve("table_" + name + ".tex");
            if (java.util.Collections.disjoint(needs(name), computed)) {
                java.nio.file.Files.deleteIfExists(csv);
                java.nio.file.Files.deleteIfExists(tex);
                continue;
            }
            ReportFile.write(csv, csv(name).getBytes(StandardCharsets.UTF_8));
            ReportFile.write(tex, latex(name).getBytes(StandardCharsets.UTF_8));
            out.add(csv);
            out.add(tex);
        }
        return out;
    }

    /** One table as CSV. */
    public String csv(String name) {
        StringBuilder b = new StringBuilder();
        switch (name) {
            case "kendall" -> {
                b.append("model,method,class,group_by,n,mean,sd,frac_significant\n");
                for (String m : s.models()) {
                    for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
                        for (String c : groups()) {
                            AuditSummary.KendallCell k = s.kendall(m, method, c);
                            b.append(row(m, method.id(), c == null ? "all" : c, s.groupBy().id(), k.tau().n(), k.tau().mean(),
                                    k.tau().sd(), k.fracSignificant()));
                        }
                    }
                }
            }
            case "topk" -> {
                b.append("model,method,class,group_by,k,mean_length,n,mean,sd\n");
                for (String m : s.models()) {
                    for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
                        for (String c : groups()) {
                            Stats st = s.stats(m, AuditColumns.topK(method),
                                    r -> c == null || s.group(r).equals(c));
                            b.append(row(m, method.id(), c == null ? "all" : c, s.groupBy().id(), s.topK(m),
                                    s.topKMeanLength(m),
                                    st.n(), st.mean(), st.sd()));
                        }
                    }
                }
            }
            case "flip_fractions" -> {
                b.append("model,ranking,n,never_flipped,length_one,q1,median,q3,mean,counted_per\n");
                for (String m : s.models()) {
                    for (String r : AuditColumns.RANKINGS) {
                        AuditSummary.FlipCell f = s.flips(m, r);
                        Stats st = f.fractions();
                        b.append(row(m, r, st.n(), f.neverFlipped(), f.lengthOne(), st.quantile(0.25), st.median(),
                                st.quantile(0.75), st.mean(), f.perDocument() == 1 ? "document" : "shuffle"));
                    }
                }
            }
            case "single_weight" -> {
                b.append("model,n,top_flips_random_flips,top_flips_random_not,top_not_random_flips,top_not_random_not,"
                        + "mean_delta_js,mean_delta_alpha\n");
                for (String m : s.models()) {
                    AuditSummary.FlipTable t = s.singleWeight(m);
                    b.append(row(m, t.n(), t.percent()[0][0], t.percent()[0][1], t.percent()[1][0], t.percent()[1][1],
                            s.stats(m, "delta_js", r -> true).mean(), s.stats(m, "delta_alpha", r -> true).mean()));
                }
            }
            case "aopc" -> {
                b.append("model,method,n,comprehensiveness_mean,comprehensiveness_sd,sufficiency_mean,sufficiency_sd\n");
                for (String m : s.models()) {
                    for (String method : AuditColumns.FAITHFULNESS_METHODS) {
                        Stats c = s.stats(m, AuditColumns.aopcComprehensiveness(method), r -> true);
                        Stats su = s.stats(m, AuditColumns.aopcSufficiency(method), r -> true);
                        b.append(row(m, method, c.n(), c.mean(), c.sd(), su.mean(), su.sd()));
                    }
                }
            }
            case "counterfactual" -> {
                b.append("model,quantity,group,n,mean,sd,q1,median,q3\n");
                for (String m : s.models()) {
                    cfRow(b, m, "perm_median_tvd", "all", s.stats(m, "perm_median_tvd", r -> true));
                    for (int i = 0; i < AuditSummary.MAX_ALPHA_EDGES.length - 1; i++) {
                        cfRow(b, m, "perm_median_tvd", "max_alpha " + AuditSummary.binLabel(i), s.permutationBin(m, i));
                    }
                    cfRow(b, m, "adv_jsd_search", "all", s.stats(m, "adv_jsd_search", r -> true));
                    cfRow(b, m, "adv_jsd_exact", "all", s.stats(m, "adv_jsd_exact", r -> true));
                }
            }
            case "methods" -> {
                b.append("model,method,n,tau_mean,tau_sd,frac_significant,aopc_comprehensiveness,aopc_sufficiency\n");
                for (String m : s.models()) {
                    for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
                        AuditSummary.KendallCell k = s.kendall(m, method, null);
                        b.append(row(m, method.id(), k.tau().n(), k.tau().mean(), k.tau().sd(), k.fracSignificant(),
                                s.stats(m, AuditColumns.aopcComprehensiveness(method.id()), r -> true).mean(),
                                s.stats(m, AuditColumns.aopcSufficiency(method.id()), r -> true).mean()));
                    }
                }
            }
            default -> throw new IllegalArgumentException("no table " + name);
        }
        return b.toString();
    }

    /**
     * Every saliency method side by side, all documents: Kendall tau against attention (mean +- sd,
     * fraction significant) and AOPC comprehensiveness, so that LIME and KernelSHAP read beside the
     * gradient methods and leave-one-out.
     */
    private String methodsLatex() {
        List<String> models = s.models();
        StringBuilder b = begin("Every saliency method on " + tex(dataName) + ", all documents: Kendall $\\tau$ with"
                + " attention (mean $\\pm$ sd, fraction with $p \\le 0.05$) and ERASER AOPC comprehensiveness.",
                "tab:audit-methods");
        b.append("\\begin{tabular}{l").append("rrr".repeat(models.size())).append("}\n\\toprule\n");
        b.append("Method");
        for (String m : models) b.append(" & \\multicolumn{3}{c}{").append(tex(m)).append('}');
        b.append(" \\\\\n");
        for (int i = 0; i < models.size(); i++) b.append(" & $\\tau$ & Sig. Frac. & AOPC");
        b.append(" \\\\\n\\midrule\n");
        for (SaliencyMethod method : AuditColumns.TAU_METHODS) {
            b.append(methodName(method));
            for (String m : models) {
                AuditSummary.KendallCell k = s.kendall(m, method, null);
                b.append(" & ").append(f2(k.tau().mean())).append(" $\\pm$ ").append(f2(k.tau().sd()))
                        .append(" & ").append(f2(k.fracSignificant())).append(" & ")
                        .append(f2(s.stats(m, AuditColumns.aopcComprehensiveness(method.id()), r -> true).mean()));
            }
            b.append(" \\\\\n");
        }
        return end(b);
    }

    private static void cfRow(StringBuilder b, String m, String q, String group, Stats st) {
        b.append(row(m, q, group, st.n(), st.mean(), st.sd(), st.quantile(0.25), st.median(), st.quantile(0.75)));
    }

    /** One table as a LaTeX booktabs tabular in a table environment. */
    public String latex(String name) {
        return switch (name) {
            case "kendall" -> kendallLatex();
            case "topk" -> topKLatex();
            case "flip_fractions" -> flipLatex();
            case "single_weight" -> singleWeightLatex();
            case "aopc" -> aopcLatex();
            case "counterfactual" -> counterfactualLatex();
            case "methods" -> methodsLatex();
            default -> throw new IllegalArgumentException("no table " + name);
        };
    }

    /** Jain and Wallace (2019), Table 2: per class, mean +- sd of tau and the fraction significant. */
    private String kendallLatex() {
        List<String> models = s.models();
        List<SaliencyMethod> methods = List.of(SaliencyMethod.GRADIENT, SaliencyMethod.LEAVE_ONE_OUT);
        StringBuilder b = begin("Kendall $\\tau$ between attention and gradient / leave-one-out importance on "
                + tex(dataName) + ": mean $\\pm$ sd over documents and the fraction with $p \\le 0.05$ (Sig.\\ Frac.),"
                + " by " + s.groupBy().label() + groupingNote() + "; layout of Jain and Wallace (2019), Table 2.",
                "tab:audit-kendall");
        b.append("\\begin{tabular}{l").append("rr".repeat(models.size() * methods.size())).append("}\n\\toprule\n");
        b.append("Class");
        for (SaliencyMethod m : methods) {
            b.append(" & \\multicolumn{").append(2 * models.size()).append("}{c}{").append(methodName(m)).append('}');
        }
        b.append(" \\\\\n");
        int col = 2;
        for (int i = 0; i < methods.size(); i++) {
            for (int j = 0; j < models.size(); j++, col += 2) {
                b.append("\\cmidrule(lr){").append(col).append('-').append(col + 1).append('}');
            }
        }
        b.append('\n');
        for (int i = 0; i < methods.size(); i++) {
            for (String m : models) b.append(" & \\multicolumn{2}{c}{").append(tex(m)).append('}');
        }
        b.append(" \\\\\n");
        for (int i = 0; i < methods.size() * models.size(); i++) b.append(" & Mean $\\pm$ Std. & Sig. Frac.");
        b.append(" \\\\\n\\midrule\n");
        for (String c : groups()) {
            b.append(c == null ? "All" : tex(c));
            for (SaliencyMethod method : methods) {
                for (String m : models) {
                    AuditSummary.KendallCell k = s.kendall(m, method, c);
                    b.append(" & ").append(f2(k.tau().mean())).append(" $\\pm$ ").append(f2(k.tau().sd()))
                            .append(" & ").append(f2(k.fracSignificant()));
                }
            }
            b.append(" \\\\\n");
        }
        return end(b);
    }

    /** The top-k Kendall distance (a secondary view of Table 2), with the k each model used. */
    private String topKLatex() {
        List<String> models = s.models();
        List<SaliencyMethod> methods = List.of(SaliencyMethod.GRADIENT, SaliencyMethod.LEAVE_ONE_OUT);
        StringBuilder ks = new StringBuilder();
        for (String m : models) {
            if (ks.length() > 0) ks.append(", ");
            ks.append(tex(m)).append(": $k = ").append(s.topK(m) < 0 ? "--" : String.valueOf(s.topK(m)))
                    .append("$ (mean length ").append(f1(s.topKMeanLength(m))).append(')');
        }
        StringBuilder b = begin("Top-$k$ Kendall distance (Fagin et al., 2003; $p = 0.5$, normalised to [0, 1], 0 ="
                + " the same top $k$ in the same order) between attention and gradient / leave-one-out importance on "
                + tex(dataName) + ", mean $\\pm$ sd over documents by " + s.groupBy().label() + groupingNote() + "; $k = \\max(10, \\lceil 0.1 \\cdot$ mean"
                + " length$\\rceil)$ over the audited sample, " + ks + ".", "tab:audit-topk");
        b.append("\\begin{tabular}{l").append("r".repeat(models.size() * methods.size())).append("}\n\\toprule\n");
        b.append("Class");
        for (SaliencyMethod m : methods) {
            b.append(" & \\multicolumn{").append(models.size()).append("}{c}{").append(methodName(m)).append('}');
        }
        b.append(" \\\\\n");
        for (int i = 0; i < methods.size(); i++) for (String m : models) b.append(" & ").append(tex(m));
        b.append(" \\\\\n\\midrule\n");
        for (String c : groups()) {
            b.append(c == null ? "All" : tex(c));
            for (SaliencyMethod method : methods) {
                for (String m : models) {
                    Stats st = s.stats(m, AuditColumns.topK(method), r -> c == null || s.group(r).equals(c));
                    b.append(" & ").append(f2(st.mean())).append(" $\\pm$ ").append(f2(st.sd()));
                }
            }
            b.append(" \\\\\n");
        }
        return end(b);
    }

    private String flipLatex() {
        StringBuilder b = begin("Fraction of tokens erased (from the top of each ranking) before the decision first flips"
                + " on " + tex(dataName) + ": quartiles over the documents that flip; documents never flipped and"
                + " documents of one token are counted apart. Each of the " + AuditColumns.RANDOM_SHUFFLES
                + " random shuffles of a document is its own ranking: for Random, $n$ and Never flipped count"
                + " shuffles (" + AuditColumns.RANDOM_SHUFFLES + " per document).", "tab:audit-flips");
        b.append("\\begin{tabular}{llrrrrrr}\n\\toprule\n");
        b.append("Model & Ranking & $n$ & Q1 & Median & Q3 & Never flipped & Length 1 \\\\\n\\midrule\n");
        for (int i = 0; i < s.models().size(); i++) {
            String m = s.models().get(i);
            if (i > 0) b.append("\\midrule\n");
            for (String r : AuditColumns.RANKINGS) {
                AuditSummary.FlipCell f = s.flips(m, r);
                Stats st = f.fractions();
                b.append(r.equals(AuditColumns.RANKINGS.get(0)) ? tex(m) : "").append(" & ").append(rankingName(r))
                        .append(" & ").append(st.n()).append(" & ").append(f2(st.quantile(0.25))).append(" & ")
                        .append(f2(st.median())).append(" & ").append(f2(st.quantile(0.75))).append(" & ")
                        .append(f.neverFlipped()).append(" & ").append(f.lengthOne()).append(" \\\\\n");
            }
        }
        return end(b);
    }

    private String singleWeightLatex() {
        StringBuilder b = begin("Erasing the single most attended token $i^*$ against a random other token $r$ on "
                + tex(dataName) + " (Serrano and Smith, 2019): percent of documents in each cell.", "tab:audit-single");
        b.append("\\begin{tabular}{lllrr}\n\\toprule\n");
        b.append(" & & & \\multicolumn{2}{c}{Erase $r$} \\\\\n\\cmidrule(lr){4-5}\n");
        b.append("Model & $n$ & Erase $i^*$ & Flip & No flip \\\\\n\\midrule\n");
        for (String m : s.models()) {
            AuditSummary.FlipTable t = s.singleWeight(m);
            b.append(tex(m)).append(" & ").append(t.n()).append(" & Flip & ").append(f1(t.percent()[0][0]))
                    .append(" & ").append(f1(t.percent()[0][1])).append(" \\\\\n");
            b.append(" & & No flip & ").append(f1(t.percent()[1][0])).append(" & ").append(f1(t.percent()[1][1]))
                    .append(" \\\\\n");
        }
        return end(b);
    }

    private String aopcLatex() {
        StringBuilder b = begin("ERASER faithfulness on " + tex(dataName) + ": AOPC of comprehensiveness (higher is"
                + " more faithful) and sufficiency (lower is more faithful), mean over documents, k in"
                + " \\{1, 5, 10, 20, 50\\}\\%.", "tab:audit-aopc");
        b.append("\\begin{tabular}{l").append("rr".repeat(s.models().size())).append("}\n\\toprule\n");
        b.append("Ranking");
        for (String m : s.models()) b.append(" & \\multicolumn{2}{c}{").append(tex(m)).append('}');
        b.append(" \\\\\n");
        for (String m : s.models()) b.append(" & Comp. & Suff.");
        b.append(" \\\\\n\\midrule\n");
        for (String method : AuditColumns.FAITHFULNESS_METHODS) {
            b.append(faithfulnessName(method));
            for (String m : s.models()) {
                b.append(" & ").append(f3(s.stats(m, AuditColumns.aopcComprehensiveness(method), r -> true).mean()))
                        .append(" & ").append(f3(s.stats(m, AuditColumns.aopcSufficiency(method), r -> true).mean()));
            }
            b.append(" \\\\\n");
        }
        return end(b);
    }

    private String counterfactualLatex() {
        StringBuilder b = begin("Counterfactual attention on " + tex(dataName) + ": median over documents of the"
                + " permutation median TVD, by the document's max attention; and the $\\epsilon$-max JSD of the"
                + " adversarial attention (published search, and the certified exact maximum for two classes).",
                "tab:audit-counterfactual");
        b.append("\\begin{tabular}{l").append("r".repeat(s.models().size())).append("}\n\\toprule\n");
        b.append("Quantity");
        for (String m : s.models()) b.append(" & ").append(tex(m));
        b.append(" \\\\\n\\midrule\n");
        b.append("Permutation median TVD, all");
        for (String m : s.models()) b.append(" & ").append(f3(s.stats(m, "perm_median_tvd", r -> true).median()));
        b.append(" \\\\\n");
        for (int i = 0; i < AuditSummary.MAX_ALPHA_EDGES.length - 1; i++) {
            b.append("\\quad max $\\alpha \\in ").append(AuditSummary.binLabel(i)).append("$");
            for (String m : s.models()) {
                Stats st = s.permutationBin(m, i);
                b.append(" & ").append(f3(st.median())).append(" ($n$=").append(st.n()).append(')');
            }
            b.append(" \\\\\n");
        }
        b.append("$\\epsilon$-max JSD, search (median)");
        for (String m : s.models()) b.append(" & ").append(f3(s.stats(m, "adv_jsd_search", r -> true).median()));
        b.append(" \\\\\n$\\epsilon$-max JSD, exact (median)");
        for (String m : s.models()) b.append(" & ").append(f3(s.stats(m, "adv_jsd_exact", r -> true).median()));
        b.append(" \\\\\n");
        return end(b);
    }

    /** Says where the grouping comes from, so that a reader comparing with the paper knows. */
    private String groupingNote() {
        return s.groupBy() == GroupBy.PREDICTED ? " (as in the published code)" : "";
    }

    private List<String> groups() {
        List<String> g = new ArrayList<>(s.classes());
        g.add(null);
        return g;
    }

    private static StringBuilder begin(String caption, String label) {
        StringBuilder b = new StringBuilder();
        b.append("% Generated by workbench audit. Needs \\usepackage{booktabs}.\n");
        b.append("\\begin{table}[t]\n\\centering\n\\small\n\\caption{").append(caption).append("}\n\\label{")
                .append(label).append("}\n");
        return b;
    }

    private static String end(StringBuilder b) {
        return b.append("\\bottomrule\n\\end{tabular}\n\\end{table}\n").toString();
    }

    static String methodName(SaliencyMethod m) {
        return switch (m) {
            case GRADIENT -> "Gradient";
            case GRADIENT_L2 -> "Gradient (L2)";
            case GRAD_X_INPUT -> "Gradient $\\times$ input";
            case INTEGRATED_GRADIENTS -> "Integrated gradients";
            case LEAVE_ONE_OUT -> "Leave-one-out";
            case OCCLUSION -> "Occlusion";
            case LRP -> "LRP ($\\epsilon$)";
            default -> tex(m.label()); // LIME, KernelSHAP and later methods: their own label
        };
    }

    static String rankingName(String r) {
        return switch (r) {
            case "attention" -> "Attention";
            case "random" -> "Random";
            case "gradient" -> "$\\partial d / \\partial \\alpha$";
            case "gradient_x_attention" -> "$\\partial d / \\partial \\alpha \\cdot \\alpha$";
            case "oracle" -> "Oracle (minimal)";
            default -> tex(r);
        };
    }

    static String faithfulnessName(String method) {
        if (method.equals("attention")) return "Attention";
        for (SaliencyMethod m : SaliencyMethod.values()) if (m.id().equals(method)) return methodName(m);
        return tex(method);
    }

    /** Escapes LaTeX's special characters in plain text. */
    static String tex(String s) {
        StringBuilder b = new StringBuilder();
        for (char c : s.toCharArray()) {
            switch (c) {
                case '_', '&', '%', '$', '#', '{', '}' -> b.append('\\').append(c);
                case '\\' -> b.append("\\textbackslash{}");
                case '~' -> b.append("\\textasciitilde{}");
                case '^' -> b.append("\\textasciicircum{}");
                default -> b.append(c);
            }
        }
        return b.toString();
    }

    private static String row(Object... fields) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < fields.length; i++) {
            if (i > 0) b.append(',');
            Object f = fields[i];
            if (f instanceof Double d) {
                b.append(DocumentsCsv.number(d));
            } else {
                b.append(DocumentsCsv.quote(String.valueOf(f)));
            }
        }
        return b.append('\n').toString();
    }

    private static String f1(double v) {
        return fmt("%.1f", v);
    }

    private static String f2(double v) {
        return fmt("%.2f", v);
    }

    private static String f3(double v) {
        return fmt("%.3f", v);
    }

    private static String fmt(String f, double v) {
        return Double.isFinite(v) ? String.format(Locale.ROOT, f, v) : "--";
    }
}
