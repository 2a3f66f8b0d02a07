package org.attentionworkbench.audit;

import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.explain.ErasureRanking;
import org.attentionworkbench.explain.SaliencyMethod;

/**
 * The columns of {@code documents.csv}, in file order. The first {@link #IDENTITY} columns say which
 * document and model a row is about; every other column is a number (empty when not computed, e.g.
 * a ranking that never flips the decision or leave-one-out skipped on a very long document).
 */
public final class AuditColumns {

    /** Columns that identify the row and its prediction. */
    public static final List<String> IDENTITY = List.of("model", "doc_index", "id", "true_label", "prediction",
            "confidence", "length");

    /** Saliency methods whose Kendall tau against attention is recorded (docs/methods.md section 4). */
    public static final List<SaliencyMethod> TAU_METHODS = List.of(SaliencyMethod.GRADIENT,
            SaliencyMethod.LEAVE_ONE_OUT, SaliencyMethod.INTEGRATED_GRADIENTS, SaliencyMethod.GRADIENT_L2,
            SaliencyMethod.GRAD_X_INPUT, SaliencyMethod.OCCLUSION, SaliencyMethod.LIME, SaliencyMethod.KERNEL_SHAP,
            SaliencyMethod.LRP);

    /** Erasure rankings (docs/methods.md section 6), in the order of tables and box plots. */
    public static final List<String> RANKINGS = List.of("attention", "random", "gradient", "gradient_x_attention",
            "oracle");

    /** Shuffles of the random ranking per document, each its own ranking in the corpus statistics. */
    public static final int RANDOM_SHUFFLES = ErasureRanking.DEFAULT_SHUFFLES;

    /** Rankings scored by ERASER faithfulness: attention, then every saliency method. */
    public static final List<String> FAITHFULNESS_METHODS;

    /** Parts of the run that are timed, {@code ms_<part>}. */
    public static final List<String> TIMED_PARTS = List.of("encode", "uniform", "permutation", "single_weight",
            "rankings", "oracle", "adversarial_exact", "adversarial_gradient", "gradient", "integrated_gradients", "lrp",
            "leave_one_out", "occlusion", "lime", "kernel_shap", "agreement", "faithfulness", "total");

    /** The numeric columns, in file order. */
    public static final List<String> VALUES;

    static {
        List<String> f = new ArrayList<>();
        f.add("attention");
        for (SaliencyMethod m : SaliencyMethod.values()) f.add(m.id());
        FAITHFULNESS_METHODS = List.copyOf(f);

        List<String> v = new ArrayList<>();
        for (SaliencyMethod m : TAU_METHODS) {
            v.add(tau(m));
            v.add(p(m));
        }
        v.add("topk_mean_length");
        v.add("topk_k");
        for (SaliencyMethod m : TAU_METHODS) v.add(topK(m));
        v.add("perm_median_tvd");
        v.add("max_alpha");
        v.add("adv_jsd_search");
        v.add("adv_jsd_exact");
        for (String r : RANKINGS) v.add(flip(r));
        v.add("random_flipped_shuffles");
        for (int sh = 1; sh <= RANDOM_SHUFFLES; sh++) v.add(randomShuffle(sh));
        v.add("oracle_size");
        v.add("sw_top_index");
        v.add("sw_random_index");
        v.add("delta_js");
        v.add("delta_alpha");
        v.add("sw_top_flips");
        v.add("sw_random_flips");
        for (String m : FAITHFULNESS_METHODS) {
            v.add(aopcComprehensiveness(m));
            v.add(aopcSufficiency(m));
        }
        v.add("ig_relative_completeness_error");
        v.add("lime_mean_spread");
        v.add("shap_relative_sum_error");
        for (String t : TIMED_PARTS) v.add(ms(t));
        VALUES = List.copyOf(v);
    }

    /** Every column, identity first. */
    public static List<String> all() {
        List<String> out = new ArrayList<>(IDENTITY);
        out.addAll(VALUES);
        return out;
    }

    public static String tau(SaliencyMethod m) {
        return "tau_" + m.id();
    }

    public static String p(SaliencyMethod m) {
        return "p_" + m.id();
    }

    /** Normalised top-k Kendall distance (Fagin et al., p = 0.5) of a method's top k against attention's. */
    public static String topK(SaliencyMethod m) {
        return "topk_" + m.id();
    }

    /** Fraction of tokens removed before the first flip under a ranking. */
    public static String flip(String ranking) {
        return "flip_frac_" + ranking;
    }

    /** k* / n of random shuffle {@code s} (1-based), empty when that shuffle never flips. */
    public static String randomShuffle(int s) {
        return "flip_frac_random_s" + s;
    }

    public static String aopcComprehensiveness(String method) {
        return "aopc_comp_" + method;
    }

    public static String aopcSufficiency(String method) {
        return "aopc_suff_" + method;
    }

    public static String ms(String part) {
        return "ms_" + part;
    }

    private AuditColumns() {
    }
}
