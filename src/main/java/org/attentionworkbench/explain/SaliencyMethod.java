package org.attentionworkbench.explain;

/** The token-importance methods of docs/methods.md section 3, with their JSON / command-line names. */
public enum SaliencyMethod {
    /** |grad_i . e_i| of the predicted-class probability, attention held fixed. */
    GRADIENT("gradient", false),
    /** ||grad_i||_2, attention held fixed. */
    GRADIENT_L2("gradient_l2", false),
    /** grad_i . e_i, signed. */
    GRAD_X_INPUT("grad_x_input", true),
    /** Integrated gradients, signed. */
    INTEGRATED_GRADIENTS("integrated_gradients", true),
    /** |y_c(x) - y_c(x without token i)|, the token really deleted. */
    LEAVE_ONE_OUT("leave_one_out", false),
    /** |y_c(x) - y_c(x with token i replaced)|, by UNK or the zero vector. */
    OCCLUSION("occlusion", false),
    /** Layer-wise relevance propagation of the class logit (epsilon rule, Arras et al. 2017), signed. */
    LRP("lrp", true);

    private final String id;
    private final boolean signed;

    SaliencyMethod(String id, boolean signed) {
        this.id = id;
        this.signed = signed;
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
