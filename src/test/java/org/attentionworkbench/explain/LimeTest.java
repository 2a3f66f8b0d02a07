package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.model.AttentionModel;
import org.junit.jupiter.api.Test;

/** LIME (Ribeiro et al. 2016) as the lime package does it for text, docs/methods.md section 3. */
class LimeTest {

    @Test
    void limeRecoversTheWeightsOfAModelLinearInWhichWordsArePresent() {
        Map<String, Double> beta = new LinkedHashMap<>();
        beta.put("great", 0.12);
        beta.put("awful", -0.15);
        beta.put("plot", 0.01);
        beta.put("acting", -0.04);
        beta.put("the", 0.0);
        beta.put("fine", 0.07);
        beta.put("boring", -0.09);
        beta.put("music", 0.03);
        LinearPresenceClassifier model = new LinearPresenceClassifier(0.5, beta);
        // "the" twice: LIME's features are words, so both of its tokens get its one weight
        List<String> tokens = List.of("the", "plot", "is", "great", "but", "the", "acting", "is", "awful", "music", "fine",
                "boring");
        EncodedDocument doc = model.encode(tokens);
        PerturbationSettings settings = PerturbationSettings.defaults().withLimeSamples(3000).withLimeReruns(3);
        Lime.Result r = new Lime(model).explain(doc, 1, settings, 7);
        assertEquals(10, r.features(), "distinct words");
        double[] w = r.weights();
        for (int i = 0; i < tokens.size(); i++) {
            double expected = beta.getOrDefault(tokens.get(i), 0.0);
            // Ridge (lambda 1) shrinks a little: well under 1e-3 with 3,000 samples
            assertEquals(expected, w[i], 1e-3, "token " + i + " '" + tokens.get(i) + "'");
        }
        assertEquals(w[0], w[5], 0.0, "one weight per word");
        // the local model is the linear model itself: intercept c, a perfect fit
        assertEquals(0.5, r.intercept(), 2e-3);
        assertTrue(r.score() > 0.999, "R^2 " + r.score());
        // an exactly linear model leaves the reruns almost nothing to disagree on
        assertNotNull(r.spread());
        for (double s : r.spread()) assertTrue(s < 5e-4, "spread " + s);
        // explaining the other class mirrors every weight: y_neg = 1 - y_pos
        double[] neg = new Lime(model).explain(doc, 0, settings, 7).weights();
        for (int i = 0; i < tokens.size(); i++) assertEquals(-w[i], neg[i], 1e-9);
    }

    @Test
    void theBandIsTheStandardDeviationOfEachWeightOverRunsWithSuccessiveSeeds() {
        AttentionModel model = Shipped.model("sst2-cnn");
        EncodedDocument doc = model.encode("the acting is wooden and the plot is a mess , but the score is lovely");
        PerturbationSettings settings = PerturbationSettings.defaults().withLimeSamples(200).withLimeReruns(3);
        int c = doc.predicted();
        Lime.Result band = new Lime(model).explain(doc, c, settings, 11);
        double[][] runs = new double[3][];
        for (int r = 0; r < 3; r++) {
            runs[r] = new Lime(model).explain(doc, c, settings.withLimeReruns(1), 11 + r).weights();
        }
        assertNull(new Lime(model).explain(doc, c, settings.withLimeReruns(1), 11).spread(), "one run, no band");
        double[] spread = band.spread();
        boolean someSpread = false;
        for (int i = 0; i < doc.size(); i++) {
            // 1e-6: the runs are batched together, and a float model's outputs move in the 7th digit with the batch
            assertEquals(runs[0][i], band.weights()[i], 1e-6, "the weights are the first run's");
            double mean = (runs[0][i] + runs[1][i] + runs[2][i]) / 3;
            double ss = 0;
            for (double[] run : runs) ss += (run[i] - mean) * (run[i] - mean);
            assertEquals(Math.sqrt(ss / 2), spread[i], 1e-6);
            someSpread |= spread[i] > 1e-4;
        }
        assertTrue(someSpread, "200 samples of a real model leave the runs disagreeing somewhere");
    }

    @Test
    void theKernelIsTheLimePackagesOnOneHundredTimesTheCosineDistance() {
        // keeping 1 of 4 words: cosine distance 1 - sqrt(1/4) = 0.5, D = 50, sqrt(exp(-50^2/25^2)) = e^-2
        assertEquals(0.5, Lime.cosineDistance(1, 4), 1e-15);
        assertEquals(Math.exp(-2), Lime.kernel(100 * Lime.cosineDistance(1, 4), 25), 1e-15);
        assertEquals(1, Lime.cosineDistance(0, 4), 0.0, "nothing kept: scikit-learn's distance to a zero vector");
        assertEquals(1, Lime.kernel(0, 25), 0.0);
    }
}
