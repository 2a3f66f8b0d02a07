package org.attentionworkbench.explain;

/**
 * The token-importance methods of docs/methods.md section 3, with their JSON / command-line names.
 * Every list of methods (the Compare panel's picker, the JSON, the audit's columns, the token-values
 * export) iterates over these values, so a new method is added here and computed in
 * {@link ExplanationEngine}.
 */
public enum SaliencyMethod {
    /** |grad_i . e_i| of the predicted-class probability, attention held fixed. */
    GRADIENT("gradient", false, "gradient"),
    /** ||grad_i||_2, attention held fixed. */
    GRADIENT_L2("gradient_l2", false, "gradient L2"),
    /** grad_i . e_i, signed. */
    GRAD_X_INPUT("grad_x_input", true, "gradient \u00d7 input"),
    /** Integrated gradients, signed. */
    INTEGRATED_GRADIENTS("integrated_gradients", true, "integrated gradients"),
    /** |y_c(x) - y_c(x without token i)|, the token really deleted. */
    LEAVE_ONE_OUT("leave_one_out", false, "leave-one-out"),
    /** |y_c(x) - y_c(x with token i replaced)|, by UNK or the zero vector. */
    OCCLUSION("occlusion", false, "occlusion"),
    /** LIME's local linear weights (Ribeiro et al. 2016), words removed, signed. */
    LIME("lime", true, "LIME"),
    /** Shapley values by KernelSHAP (Lundberg &amp; Lee 2017), tokens removed, signed; exact for short texts. */
    KERNEL_SHAP("kernel_shap", true, "KernelSHAP"),
    /** Layer-wise relevance propagation of the class logit (epsilon rule, Arras et al. 2017), signed. */
    LRP("lrp", true, "LRP");

    private final String id;
    private final boolean signed;
    private final String label;

    SaliencyMethod(String id, boolean signed, String label) {
        this.id = id;
        this.signed = signed;
        this.label = label;
    }

    /** The name figures and tables print ("gradient \u00d7 input", "LIME"). */
    public String label() {
        return label;
    }

    /** The name used in JSON and on the command line. */
    public String id() {
        return id;
    }

    /** The method whose {@link #id()} is {@code id}, if any (a saved session names it by id). */
    public static java.util.Optional<SaliencyMethod> fromId(String id) {
        for (SaliencyMethod m : values()) if (m.id.equals(id)) return java.util.Optional.of(m);
        return java.util.Optional.empty();
    }

    /** Whether scores can be negative (a diverging colour scale suits them). */
    public boolean signed() {
        return signed;
    }
}
