package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.EnumSet;
import java.util.Map;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.task.Cancellation;
import org.junit.jupiter.api.Test;

/** Every saliency method explains the class asked for, and the report says which. */
class TargetClassTest {

    private static final String TEXT = "the acting is wooden and the plot is a mess , but the score is lovely";

    @Test
    void everyMethodExplainsTheRequestedClass() {
        AttentionModel model = Shipped.model("sst5-bilstm"); // five classes: the rules differ by class
        EncodedDocument doc = model.encode(TEXT);
        int other = (doc.predicted() + 2) % doc.numClasses();
        ExplainSettings settings = ExplainSettings.defaults().withIgSteps(8)
                .withPerturbation(PerturbationSettings.defaults().withLimeSamples(100).withLimeReruns(2)
                        .withShapSamples(100))
                .withSections(EnumSet.of(Section.SALIENCY, Section.AGREEMENT, Section.FAITHFULNESS, Section.PERTURBATION))
                .withTarget(other);
        Explanation e = new ExplanationEngine(model).explain(doc, -1, settings, p -> { }, Cancellation.NEVER);
        assertEquals(other, e.explainedClass());
        assertArrayEquals(model.inputGradients(doc, other, true).gradientTimesInputAbs(),
                e.saliency(SaliencyMethod.GRADIENT).orElseThrow().scores(), 1e-12);
        assertArrayEquals(model.integratedGradients(doc, other, IntegratedGradients.Baseline.ZERO, 8).attributions(),
                e.saliency(SaliencyMethod.INTEGRATED_GRADIENTS).orElseThrow().scores(), 1e-9);
        assertEquals(doc.probabilities()[other], e.kernelShap().fullOutput(), 1e-12);
        double[] loo = e.saliency(SaliencyMethod.LEAVE_ONE_OUT).orElseThrow().scores();
        EncodedDocument without0 = model.encode(doc.tokens().subList(1, doc.size()));
        assertEquals(Math.abs(doc.probabilities()[other] - without0.probabilities()[other]), loo[0], 1e-5);
        // the predicted class's explanation is another one
        Explanation predicted = new ExplanationEngine(model).explain(doc, -1, settings.withTarget(-1), p -> { },
                Cancellation.NEVER);
        assertEquals(doc.predicted(), predicted.explainedClass());
        assertNotEquals(predicted.saliency(SaliencyMethod.GRADIENT).orElseThrow().scores()[0],
                e.saliency(SaliencyMethod.GRADIENT).orElseThrow().scores()[0]);
        // comprehensiveness at 50% is measured on the requested class's probability
        boolean[] top = new boolean[doc.size()];
        for (int i : TopK.indices(doc.attention(), 0.5)) top[i] = true;
        java.util.List<String> rest = new java.util.ArrayList<>();
        for (int i = 0; i < doc.size(); i++) if (!top[i]) rest.add(doc.tokens().get(i));
        assertEquals(doc.probabilities()[other] - model.encode(rest).probabilities()[other],
                e.faithfulness().get("attention").comprehensiveness()[4], 1e-5);
        // LIME and Shapley values come last and still join agreement and faithfulness
        assertEquals(java.util.Set.of("attention", "gradient", "gradient_l2", "grad_x_input", "integrated_gradients",
                "leave_one_out", "occlusion", "lrp", "lime", "kernel_shap"), e.faithfulness().keySet());
        assertEquals(other, e.lrp().target(), "LRP explains the requested class too");
        assertEquals(EnumSet.allOf(SaliencyMethod.class), EnumSet.copyOf(e.kendall().keySet()));
        // the token-values export carries both methods and LIME's band
        org.attentionworkbench.figures.TokenValuesTable table = org.attentionworkbench.figures.TokenValuesTable.of(e);
        int lime = table.columns().indexOf("lime");
        assertEquals(java.util.List.of("lime", "lime_spread", "kernel_shap"), table.columns().subList(lime, lime + 3));
        assertArrayEquals(e.lime().spread(), table.values().get(lime + 1 - 2), 0.0);
        Map<String, Object> report = ExplanationReport.toMap(e);
        @SuppressWarnings("unchecked")
        Map<String, Object> target = (Map<String, Object>) report.get("target");
        assertEquals(doc.labels().get(other), target.get("label"));
        assertEquals(other, target.get("index"));
        assertEquals(true, target.get("requested"));
        assertEquals(false, ((Map<?, ?>) ExplanationReport.toMap(predicted).get("target")).get("requested"));
    }

    @Test
    void aClassTheModelLacksIsRefused() {
        AttentionModel model = Shipped.model("sst2-cnn");
        EncodedDocument doc = model.encode(TEXT);
        IllegalArgumentException x = assertThrows(IllegalArgumentException.class, () -> new ExplanationEngine(model)
                .explain(doc, -1, ExplainSettings.defaults().withSections(EnumSet.of(Section.SALIENCY)).withTarget(2),
                        p -> { }, Cancellation.NEVER));
        assertEquals("no class 2: the model has 2 classes (0 to 1)", x.getMessage());
    }
}
