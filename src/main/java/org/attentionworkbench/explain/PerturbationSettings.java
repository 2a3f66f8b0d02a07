package org.attentionworkbench.explain;

/**
 * Settings of the perturbation methods, LIME and KernelSHAP (docs/methods.md section 3). Their
 * random draws come from the explanation's seed ({@link ExplainSettings#seed()}); LIME's reruns
 * use the seeds seed, seed + 1, ..., seed + reruns - 1.
 *
 * @param limeSamples      perturbed texts per LIME run, the text itself included (the lime package: 5,000)
 * @param limeKernelWidth  width of LIME's exponential kernel on 100 x the cosine distance (the lime
 *                         package's text default: 25)
 * @param limeReruns       LIME runs with different seeds for the stability band (1: no band)
 * @param shapSamples      coalitions KernelSHAP evaluates, the full and empty ones not counted
 * @param shapExactLimit   up to this many tokens, exact Shapley values by enumerating all 2^n coalitions
 */
public record PerturbationSettings(int limeSamples, double limeKernelWidth, int limeReruns, int shapSamples,
                                   int shapExactLimit) {

    /** Most samples of either method: each is a forward pass of the model. */
    public static final int MAX_SAMPLES = 1_000_000;

    /** Most tokens for exact Shapley values (2^n forward passes). */
    public static final int MAX_EXACT = 20;

    /** Default {@link #limeSamples()}. */
    public static final int DEFAULT_LIME_SAMPLES = 500;

    /** The lime package's kernel width for text (LimeTextExplainer(kernel_width=25)). */
    public static final double DEFAULT_LIME_KERNEL_WIDTH = 25;

    /** Default {@link #limeReruns()}. */
    public static final int DEFAULT_LIME_RERUNS = 5;

    /** Default {@link #shapSamples()}. */
    public static final int DEFAULT_SHAP_SAMPLES = 500;

    /** Default {@link #shapExactLimit()}: 1,024 coalitions. */
    public static final int DEFAULT_SHAP_EXACT_LIMIT = 10;

    public PerturbationSettings {
        if (limeSamples < 2 || limeSamples > MAX_SAMPLES) {
            throw new IllegalArgumentException("LIME samples must be from 2 to " + MAX_SAMPLES);
        }
        if (!(limeKernelWidth > 0) || Double.isInfinite(limeKernelWidth)) {
            throw new IllegalArgumentException("LIME kernel width must be positive");
        }
        if (limeReruns < 1 || limeReruns > 100) throw new IllegalArgumentException("LIME reruns must be from 1 to 100");
        if (shapSamples < 1 || shapSamples > MAX_SAMPLES) {
            throw new IllegalArgumentException("KernelSHAP samples must be from 1 to " + MAX_SAMPLES);
        }
        if (shapExactLimit < 0 || shapExactLimit > MAX_EXACT) {
            throw new IllegalArgumentException("the exact Shapley limit must be from 0 to " + MAX_EXACT + " tokens");
        }
    }

    /** The defaults above. */
    public static PerturbationSettings defaults() {
        return new PerturbationSettings(DEFAULT_LIME_SAMPLES, DEFAULT_LIME_KERNEL_WIDTH, DEFAULT_LIME_RERUNS,
                DEFAULT_SHAP_SAMPLES, DEFAULT_SHAP_EXACT_LIMIT);
    }

    public PerturbationSettings withLimeSamples(int s) {
        return new PerturbationSettings(s, limeKernelWidth, limeReruns, shapSamples, shapExactLimit);
    }

    public PerturbationSettings withLimeKernelWidth(double w) {
        return new PerturbationSettings(limeSamples, w, limeReruns, shapSamples, shapExactLimit);
    }

    public PerturbationSettings withLimeReruns(int r) {
        return new PerturbationSettings(limeSamples, limeKernelWidth, r, shapSamples, shapExactLimit);
    }

    public PerturbationSettings withShapSamples(int s) {
        return new PerturbationSettings(limeSamples, limeKernelWidth, limeReruns, s, shapExactLimit);
    }

    public PerturbationSettings withShapExactLimit(int n) {
        return new PerturbationSettings(limeSamples, limeKernelWidth, limeReruns, shapSamples, n);
    }
}
