package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/** dd/dalpha_i, d = max_k softmax(logits(alpha))_k, against central finite differences. */
class AttentionGradientTest {

    @Test
    void matchesCentralDifferences() {
        for (int classes : new int[] {2, 3, 5}) {
            for (long seed = 0; seed < 10; seed++) {
                EncodedDocument doc = TestDocs.random(9, classes, 100 + seed);
                double[] g = AttentionGradient.atOriginal(doc);
                double[] alpha = doc.attention();
                double h = 1e-6;
                for (int i = 0; i < alpha.length; i++) {
                    double[] up = alpha.clone(), down = alpha.clone();
                    up[i] += h;
                    down[i] -= h;
                    double fd = (max(doc.decode(up)) - max(doc.decode(down))) / (2 * h);
                    assertEquals(fd, g[i], 1e-7 * Math.max(1, Math.abs(fd)), "C=" + classes + " seed " + seed + " i " + i);
                }
                double[] ga = AttentionGradient.timesAttention(doc);
                for (int i = 0; i < alpha.length; i++) assertEquals(g[i] * alpha[i], ga[i], 1e-17);
            }
        }
    }

    private static double max(double[] p) {
        double m = p[0];
        for (double v : p) m = Math.max(m, v);
        return m;
    }
}
