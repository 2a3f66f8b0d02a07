package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Test;

/** Integrated gradients' path integral by Gauss-Legendre quadrature beside the Riemann sum. */
class IntegratedGradientsRuleTest {

    @Test
    void gaussLegendreIntegratesPolynomialsOfDegreeTwoMMinusOneExactly() {
        for (int m = 1; m <= 12; m++) {
            Quadrature q = Quadrature.gaussLegendre(m);
            double[] a = q.nodes();
            double[] w = q.weights();
            for (int deg = 0; deg <= 2 * m - 1; deg++) {
                double s = 0;
                for (int k = 0; k < m; k++) s += w[k] * Math.pow(a[k], deg);
                assertEquals(1.0 / (deg + 1), s, 1e-13, "m " + m + ", x^" + deg);
            }
            double s = 0;
            for (int k = 0; k < m; k++) s += w[k] * Math.pow(a[k], 2 * m);
            assertTrue(Math.abs(s - 1.0 / (2 * m + 1)) > 1e-15, "not exact one degree higher, m " + m);
        }
        Quadrature two = Quadrature.gaussLegendre(2);
        assertEquals((1 - 1 / Math.sqrt(3)) / 2, two.nodes()[0], 1e-15);
        assertEquals(0.5, two.weights()[0], 1e-15);
        Quadrature r = Quadrature.riemann(4);
        assertEquals(1.0, r.nodes()[3], 0.0);
        assertEquals(0.25, r.weights()[0], 0.0);
    }

    @Test
    void eightGaussLegendreNodesBeatTwoHundredFiftySixRiemannStepsOnARealModel() {
        AttentionModel model = Shipped.model("sst2-bilstm");
        EncodedDocument doc = model.encode("the acting is wooden and the plot is a mess , but the score is lovely "
                + "and i did n't hate it .");
        int c = doc.predicted();
        IntegratedGradients gl = model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.GAUSS_LEGENDRE, 8);
        IntegratedGradients r8 = model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.RIEMANN, 8);
        IntegratedGradients r256 = model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.RIEMANN, 256);
        assertEquals(IntegratedGradients.Rule.GAUSS_LEGENDRE, gl.rule());
        assertEquals(8, gl.steps());
        // measured: 7.9e-5 for 8 nodes, 9.2e-2 for 8 steps and 3.0e-3 for 256
        assertTrue(gl.completenessError() < r256.completenessError(),
                "GL 8 " + gl.completenessError() + " vs Riemann 256 " + r256.completenessError());
        assertTrue(r8.completenessError() > 100 * gl.completenessError(),
                "Riemann 8 " + r8.completenessError() + " vs GL 8 " + gl.completenessError());
        // both rules integrate the same path: the attributions agree as the Riemann sum converges
        IntegratedGradients r2048 = model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.RIEMANN, 2048);
        IntegratedGradients gl32 = model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO,
                IntegratedGradients.Rule.GAUSS_LEGENDRE, 32);
        double[] a = r2048.attributions();
        double[] b = gl32.attributions();
        for (int i = 0; i < a.length; i++) assertEquals(b[i], a[i], 2e-3, "token " + i);
        // the Riemann path is the old one
        assertEquals(model.integratedGradients(doc, c, IntegratedGradients.Baseline.ZERO, 8).completenessError(),
                r8.completenessError(), 1e-12);
    }
}
