package org.attentionworkbench.explain;

import java.util.EnumSet;
import java.util.Set;

/**
 * Every setting of an explanation; the defaults are what the literature did (docs/methods.md).
 *
 * @param seed                  seed of permutations, adversarial initialisation, random rankings
 * @param epsilon               output tolerance of the adversaries (TVD)
 * @param igSteps               integrated-gradients Riemann steps
 * @param igBaseline            integrated-gradients baseline
 * @param permutations          number of random permutations P
 * @param adversarialCandidates K of the published search
 * @param adversarialSteps      Adam steps of the published search
 * @param occluder              what occlusion puts in a token's place
 * @param topKMeanLength        mean document length for the top-k distance's k (0: this document's length)
 * @param sections              what to compute
 * @param quadraticLimit        longest document (tokens) for which leave-one-out, occlusion and
 *                              faithfulness are computed: they re-run the model on n variants of n
 *                              tokens, O(n^2) work (a 5,000-token paste would take minutes); 0 = no limit
 * @param adversarialVariant    optimiser and diversity weight of the search (default: the published code's)
 * @param target                the class whose probability every saliency method explains; -1 (the
 *                              default) is the predicted class, as in the literature
 * @param igRule                how integrated gradients integrates along the path (Riemann sum, the
 *                              literature's, or Gauss-Legendre with {@code igSteps} nodes)
 * @param perturbation          LIME's and KernelSHAP's sample counts, kernel width and reruns
 * @param lrpEpsilon            the stabiliser eps of LRP's epsilon rule (default {@link Lrp#DEFAULT_EPSILON})
 */
public record ExplainSettings(long seed, double epsilon, int igSteps, IntegratedGradients.Baseline igBaseline,
                              int permutations, int adversarialCandidates, int adversarialSteps,
                              SaliencyCalculator.Occluder occluder, double topKMeanLength, Set<Section> sections,
                              int quadraticLimit, AdversarialSearch.Variant adversarialVariant, int target,
                              IntegratedGradients.Rule igRule, PerturbationSettings perturbation,
                              double lrpEpsilon) {

    public ExplainSettings {
        if (target < -1) throw new IllegalArgumentException("target must be a class index, or -1 for the predicted class");
        if (igRule == null) throw new IllegalArgumentException("no integrated-gradients rule");
        if (perturbation == null) throw new IllegalArgumentException("no LIME / KernelSHAP settings");
        if (adversarialVariant == null) throw new IllegalArgumentException("no adversarial variant");
        if (!(topKMeanLength >= 0)) throw new IllegalArgumentException("topKMeanLength must be >= 0");
        sections = Set.copyOf(Section.withPrerequisites(sections));
        // 0 adversarial steps is refused as 0 permutations are: a "search" that did not search
        // would be reported as a result. The maxima keep memory and time bounded (every TVD of
        // the permutation test is held for its median and the report).
        if (igSteps < 1 || igSteps > MAX_IG_STEPS) {
            throw new IllegalArgumentException("integrated-gradients steps must be from 1 to " + MAX_IG_STEPS);
        }
        if (permutations < 1 || permutations > MAX_PERMUTATIONS) {
            throw new IllegalArgumentException("permutations must be from 1 to " + MAX_PERMUTATIONS);
        }
        if (adversarialSteps < 1 || adversarialSteps > MAX_ADVERSARIAL_STEPS) {
            throw new IllegalArgumentException("adversarial steps must be from 1 to " + MAX_ADVERSARIAL_STEPS);
        }
        if (adversarialCandidates < 1) throw new IllegalArgumentException("adversarial candidates must be positive");
        if (!(epsilon >= 0 && epsilon <= 1)) throw new IllegalArgumentException("epsilon (a TVD) must be from 0 to 1");
        if (quadraticLimit < 0) throw new IllegalArgumentException("quadraticLimit must be >= 0");
        if (!(lrpEpsilon >= 0 && lrpEpsilon <= 1)) throw new IllegalArgumentException("the LRP epsilon must be from 0 to 1");
    }

    /** Most permutations P: 1,000 times the literature's 100, 800 KB of TVDs. */
    public static final int MAX_PERMUTATIONS = 100_000;

    /** Most Adam steps of the adversarial search: 200 times the published 500. */
    public static final int MAX_ADVERSARIAL_STEPS = 100_000;

    /** Most integrated-gradients steps: 200 times the literature's 50 (each step is a model pass). */
    public static final int MAX_IG_STEPS = 10_000;

    /** Default {@link #quadraticLimit()}: about 10 s of leave-one-out with the BiLSTM on two cores. */
    public static final int DEFAULT_QUADRATIC_LIMIT = 1000;

    /** Whether the O(n^2) methods run for a document of {@code n} tokens. */
    public boolean quadraticAllowed(int n) {
        return quadraticLimit == 0 || n <= quadraticLimit;
    }

    public ExplainSettings withQuadraticLimit(int limit) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, limit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    /** The literature's settings, every section. */
    public static ExplainSettings defaults() {
        return new ExplainSettings(1, ExactAdversary.DEFAULT_EPSILON, 50, IntegratedGradients.Baseline.ZERO,
                PermutationTest.DEFAULT_PERMUTATIONS, 5, 500, SaliencyCalculator.Occluder.UNK, 0,
                EnumSet.allOf(Section.class), DEFAULT_QUADRATIC_LIMIT, AdversarialSearch.Variant.PUBLISHED, -1,
                IntegratedGradients.Rule.RIEMANN, PerturbationSettings.defaults(), Lrp.DEFAULT_EPSILON);
    }

    public ExplainSettings withSeed(long s) {
        return new ExplainSettings(s, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withEpsilon(double e) {
        return new ExplainSettings(seed, e, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withIgSteps(int steps) {
        return new ExplainSettings(seed, epsilon, steps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withPermutations(int p) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, p, adversarialCandidates, adversarialSteps,
                occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withSections(Set<Section> s) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, s, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withIgBaseline(IntegratedGradients.Baseline b) {
        return new ExplainSettings(seed, epsilon, igSteps, b, permutations, adversarialCandidates, adversarialSteps,
                occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withOccluder(SaliencyCalculator.Occluder o) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, o, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withAdversarialSteps(int steps) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates, steps,
                occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    public ExplainSettings withAdversarialVariant(AdversarialSearch.Variant v) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, v, target, igRule, perturbation, lrpEpsilon);
    }

    /**
     * The mean document length that sets the top-k distance's k = max(10, 10% of it) (docs/methods.md
     * section 4): a corpus audit passes its sample's mean, so that every document uses the same k
     * as in the published code; 0 uses each document's own length.
     */
    public ExplainSettings withTopKMeanLength(double meanLength) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, meanLength, sections, quadraticLimit, adversarialVariant, target, igRule, perturbation, lrpEpsilon);
    }

    /** These settings with another LRP stabiliser eps. */
    public ExplainSettings withLrpEpsilon(double e) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule,
                perturbation, e);
    }

    /**
     * The class every saliency method explains: {@code index} (a class of the model: the engine
     * refuses one past its last class), or -1 for the predicted class.
     */
    public ExplainSettings withTarget(int index) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, index, igRule,
                perturbation, lrpEpsilon);
    }

    /** Integrated gradients by the Riemann sum (default) or Gauss-Legendre quadrature, {@link #igSteps()} points. */
    public ExplainSettings withIgRule(IntegratedGradients.Rule rule) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, rule,
                perturbation, lrpEpsilon);
    }

    /** LIME's and KernelSHAP's settings. */
    public ExplainSettings withPerturbation(PerturbationSettings p) {
        return new ExplainSettings(seed, epsilon, igSteps, igBaseline, permutations, adversarialCandidates,
                adversarialSteps, occluder, topKMeanLength, sections, quadraticLimit, adversarialVariant, target, igRule, p, lrpEpsilon);
    }

    /** The class explained in {@code doc}: the requested one, else the predicted one. */
    public int targetOf(EncodedDocument doc) {
        if (target >= doc.numClasses()) {
            throw new IllegalArgumentException("no class " + target + ": the model has " + doc.numClasses()
                    + " classes (0 to " + (doc.numClasses() - 1) + ")");
        }
        return target >= 0 ? target : doc.predicted();
    }
}
