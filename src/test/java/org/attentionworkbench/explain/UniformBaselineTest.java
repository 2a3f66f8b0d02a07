package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class UniformBaselineTest {

    @Test
    void decodesUniformAttentionAndComparesBothSides() {
        EncodedDocument doc = TestDocs.random(8, 3, 31);
        double[] u = new double[8];
        Arrays.fill(u, 0.125);
        double[] yu = doc.decode(u);
        UniformBaseline.Result r = UniformBaseline.of(doc);
        assertArrayEquals(yu, r.probabilities(), 1e-15);
        assertEquals(Divergences.jsd(yu, doc.probabilities()), r.outputJsd(), 1e-15);
        assertEquals(Divergences.tvd(yu, doc.probabilities()), r.outputTvd(), 1e-15);
        assertEquals(Divergences.jsd(u, doc.attention()), r.attentionJsd(), 1e-15);
        assertEquals(TestDocs.argmaxLowestIndex(yu), r.predicted());
        assertEquals(r.predicted() != doc.predicted(), r.flipped());
    }

    @Test
    void uniformAttentionIsItsOwnBaseline() {
        double[] alpha = {0.25, 0.25, 0.25, 0.25};
        EncodedDocument doc = TestDocs.of(alpha, new double[][] {{1, 0}, {0, 2}, {3, 1}, {-1, 1}}, new double[] {0.1, 0});
        UniformBaseline.Result r = UniformBaseline.of(doc);
        assertEquals(0, r.attentionJsd(), 0);
        assertEquals(0, r.outputTvd(), 1e-15);
    }
}
