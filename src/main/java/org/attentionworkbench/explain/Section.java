package org.attentionworkbench.explain;

import java.util.EnumSet;
import java.util.Locale;
import java.util.Set;

/**
 * The parts of an explanation, in the order the engine computes them (cheap re-decodes first, so
 * a window can show them while the model-side saliency is still running).
 */
public enum Section {
    /** Uniform-attention baseline. */
    UNIFORM,
    /** P random permutations of the attention. */
    PERMUTATION,
    /** Single-weight erasure, the rankings with flip curves, and the exact minimal flip set. */
    ERASURE,
    /** Adversarial attention: the published search and, for two classes, the exact adversary. */
    ADVERSARIAL,
    /** Gradient, its L2 variant, gradient x input, integrated gradients, leave-one-out, occlusion. */
    SALIENCY,
    /** Kendall tau-b and top-k distance of each saliency method against attention (needs SALIENCY). */
    AGREEMENT,
    /** ERASER comprehensiveness, sufficiency and AOPC (needs SALIENCY). */
    FAITHFULNESS,
    /**
     * The perturbation methods, LIME (with its stability band) and Shapley values: hundreds of
     * model passes, so last, where they do not hold back the other saliency methods in a window;
     * their agreement and faithfulness are added to those sections' results when those ran.
     */
    PERTURBATION;

    /** The command-line name. */
    public String id() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** Parses a comma-separated list of section names (also "all", and "kendall" for AGREEMENT). */
    public static Set<Section> parseList(String list) {
        Set<Section> out = EnumSet.noneOf(Section.class);
        for (String part : list.split(",")) {
            String p = part.trim().toLowerCase(Locale.ROOT);
            if (p.isEmpty()) continue;
            if (p.equals("all")) return EnumSet.allOf(Section.class);
            if (p.equals("kendall")) p = "agreement";
            if (p.equals("single_weight") || p.equals("oracle")) p = "erasure";
            boolean found = false;
            for (Section s : values()) {
                if (s.id().equals(p)) {
                    out.add(s);
                    found = true;
                }
            }
            if (!found) {
                throw new IllegalArgumentException("unknown section '" + part.trim() + "' (expected any of "
                        + String.join(", ", java.util.Arrays.stream(values()).map(Section::id).toList()) + ", all)");
            }
        }
        return out;
    }

    /** The sections plus what they need. */
    public static Set<Section> withPrerequisites(Set<Section> sections) {
        Set<Section> out = sections.isEmpty() ? EnumSet.noneOf(Section.class) : EnumSet.copyOf(sections);
        if (out.contains(AGREEMENT) || out.contains(FAITHFULNESS)) out.add(SALIENCY);
        return out;
    }
}
