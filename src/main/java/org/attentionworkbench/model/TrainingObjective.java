package org.attentionworkbench.model;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * What a training run optimises beyond the plain cross-entropy: the counterfactual twins of
 * docs/methods.md section 8 (Wiegreffe &amp; Pinter 2019; Pruthi et al. 2020).
 *
 * @param attention     where alpha comes from: learned, uniform (W&amp;P test 1) or frozen (test 3)
 * @param attentionFrom for frozen attention: the base archive whose attention is imposed
 * @param adversarialTo W&amp;P test 4: train to match this model's predictions (TVD) while diverging
 *                      from its attention (KL), loss TVD(y, y_base) - lambda KL(alpha || alpha_base)
 * @param lambda        the weight of the KL term of the adversarial objective
 * @param impermissible Pruthi et al.: words whose attention mass is penalised, loss
 *                      CE - penalty log(1 - mass on these words); empty for none
 * @param penalty       the weight of that penalty
 * @param twinOf        the model this one is a counterfactual of, for the card and the vocabulary
 *                      (the base of a frozen or adversarial run is its twin-of by default); null
 *                      for a model that is nobody's twin
 */
public record TrainingObjective(AttentionSource attention, Path attentionFrom, Path adversarialTo, double lambda,
                                List<String> impermissible, double penalty, Path twinOf) {

    /** Plain cross-entropy with learned attention: every model that is not a twin. */
    public static final TrainingObjective STANDARD =
            new TrainingObjective(AttentionSource.LEARNED, null, null, 0, List.of(), 0, null);

    public TrainingObjective {
        if (attention == null) attention = AttentionSource.LEARNED;
        impermissible = List.copyOf(impermissible);
        if ((attention == AttentionSource.FROZEN) != (attentionFrom != null)) {
            throw new IllegalArgumentException("frozen attention needs the model to take it from, and only it does");
        }
        if (adversarialTo != null && attention != AttentionSource.LEARNED) {
            throw new IllegalArgumentException("an adversarial model learns its own attention: not with "
                    + attention.id() + " attention");
        }
        if (!impermissible.isEmpty() && (attention != AttentionSource.LEARNED || adversarialTo != null)) {
            throw new IllegalArgumentException("deceptive attention (impermissible words) is its own objective:"
                    + " not with " + (adversarialTo != null ? "an adversarial one" : attention.id() + " attention"));
        }
        if (!(lambda >= 0) || !(penalty >= 0) || Double.isInfinite(lambda) || Double.isInfinite(penalty)) {
            throw new IllegalArgumentException("lambda and penalty must be finite and not negative");
        }
        if (twinOf == null) twinOf = attentionFrom != null ? attentionFrom : adversarialTo;
    }

    /**
     * The card's name of the objective: {@code uniform}, {@code frozen}, {@code adversarial},
     * {@code deceptive}, {@code seed} (the base's training again, another seed), or null for a
     * model that is nobody's twin.
     */
    public String name() {
        if (attention == AttentionSource.UNIFORM) return "uniform";
        if (attention == AttentionSource.FROZEN) return "frozen";
        if (adversarialTo != null) return "adversarial";
        if (!impermissible.isEmpty()) return "deceptive";
        return twinOf != null ? "seed" : null;
    }

    /** Whether the base model's outputs enter the loss itself (the adversarial objective). */
    boolean needsBaseOutputs() {
        return adversarialTo != null;
    }

    /** The settings by their snake_case names, for the card's training options. */
    Map<String, Object> toMap() {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("attention", attention.id());
        if (attentionFrom != null) m.put("attention_from", attentionFrom.getFileName().toString());
        if (adversarialTo != null) {
            m.put("adversarial_to", adversarialTo.getFileName().toString());
            m.put("lambda", lambda);
        }
        if (!impermissible.isEmpty()) {
            m.put("impermissible", impermissible);
            m.put("penalty", penalty);
        }
        if (twinOf != null) m.put("twin_of", twinOf.getFileName().toString());
        return m;
    }
}
