package org.attentionworkbench.bench;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.SaliencyCalculator;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.ModelLoader;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The equal-error integrated-gradients row times the fewest Gauss-Legendre nodes that match 50 Riemann steps. */
class PeerSectionTest {

    private static final String TEXT = "The plot is thin and the dialogue clumsy, but two performances are"
            + " superb and the last twenty minutes are as tense as anything this year.";

    @ParameterizedTest
    @ValueSource(strings = {"imdb-bilstm", "imdb-average"})
    void equalErrorNodesAreTheFewestThatReachTheRiemannSumsError(String name) throws Exception {
        AttentionModel model = ModelLoader.load(ModelCatalog.fromEnvironment().resolve(name));
        EncodedDocument doc = model.encode(TEXT);
        SaliencyCalculator calc = new SaliencyCalculator(model);
        double riemann = calc.integratedGradients(doc, IntegratedGradients.Baseline.ZERO, PeerSection.RIEMANN_STEPS)
                .completenessError();
        int m = PeerSection.equalErrorNodes(model, doc);
        assertTrue(m >= 1 && m < PeerSection.RIEMANN_STEPS, "nodes " + m);
        assertTrue(gaussLegendreError(calc, doc, m) <= riemann, "m nodes reach the Riemann sum's error");
        for (int fewer = 1; fewer < m; fewer++) {
            assertTrue(gaussLegendreError(calc, doc, fewer) > riemann, fewer + " nodes do not");
        }
        assertEquals(m, PeerSection.equalErrorNodes(model, doc), "remembered");
        assertTrue(PeerSection.INTEGRATED_GRADIENTS_EQUAL_ERROR.runOurs(model, doc) > 0);
    }

    private static double gaussLegendreError(SaliencyCalculator calc, EncodedDocument doc, int nodes) {
        return calc.integratedGradients(doc, -1, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.GAUSS_LEGENDRE, nodes).completenessError();
    }
}
