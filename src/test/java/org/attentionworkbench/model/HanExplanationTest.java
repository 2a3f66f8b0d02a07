package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.attentionworkbench.cli.Main;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.Erasure;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.HierarchicalDocument;
import org.attentionworkbench.explain.MinimalFlipSet;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.task.Cancellation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * A HAN's explanation: attention sums to 1 at both levels (and their product over the document),
 * erasure at the sentence level checked against the network itself for every subset of sentences
 * (and the flip oracle against that brute force), sentence-level leave-one-out against the whole
 * model re-reading the text without the sentence, every section of the engine on the sentence
 * level, and {@code workbench explain --json} on a HAN archive.
 */
class HanExplanationTest {

    /** Four sentences, split by the model's rule: "the w9 w10 ." "w11 !" "w12 w13 w14 !" "café w20 well-made ." ("?" is not in the tiny vocabulary, so it would not split) */
    private static final List<String> SENTENCES = List.of("the w9 w10 .", "w11 !", "w12 w13 w14 !", "café w20 well-made .");
    private static final String TEXT = String.join(" ", SENTENCES);

    /** A double-precision BiLSTM/BiLSTM HAN with large random weights (peaked attention, outputs far from uniform). */
    private static HanModel model(long seed) {
        HanModel m = HanNetworkTest.tinyModel(LevelEncoder.BILSTM, LevelEncoder.BILSTM, DataType.DOUBLE);
        SplittableRandom r = new SplittableRandom(seed);
        for (INDArray p : m.network().parameters().asMap().values()) {
            double[] v = new double[(int) p.length()];
            for (int i = 0; i < v.length; i++) v[i] = r.nextDouble(-1.5, 1.5);
            p.assign(Nd4j.createFromArray(v).reshape(p.shape()));
        }
        m.network().parameters().get("emb").getRow(0).assign(0);
        return m;
    }

    @Test
    void attentionSumsToOneAtBothLevelsAndTheProductOverTheDocument() {
        HierarchicalDocument doc = model(3).read(TEXT).document();
        assertEquals(SENTENCES, doc.sentenceTexts());
        double[] beta = doc.sentenceAttention();
        assertEquals(1.0, java.util.Arrays.stream(beta).sum(), 1e-12);
        double total = 0;
        for (int j = 0; j < SENTENCES.size(); j++) {
            double[] alpha = doc.wordAttention()[j];
            assertEquals(doc.sentences().get(j).size(), alpha.length);
            assertEquals(1.0, java.util.Arrays.stream(alpha).sum(), 1e-12, "sentence " + j);
            for (int i = 0; i < alpha.length; i++) {
                assertEquals(beta[j] * alpha[i], doc.tokenAttention()[j][i], 1e-15);
                total += doc.tokenAttention()[j][i];
            }
        }
        assertEquals(1.0, total, 1e-12);
        assertEquals(14, doc.tokensRead());
    }

    /**
     * Every subset S of the sentences erased: the engine's re-decode of the sentence-level document
     * against y = softmax(W_o sum_{j not in S} beta_j s_j / sum_{j not in S} beta_j + b_o) computed
     * from the network's own sentence states and decoder; and the oracle's minimal flip set against
     * the smallest flipping subset.
     */
    @Test
    void sentenceErasureMatchesTheNetworkForEverySubsetAndTheOracleIsMinimal() {
        int flipping = 0;
        for (long seed = 1; seed <= 6; seed++) {
            HanModel m = model(seed);
            HierarchicalDocument doc = m.read(TEXT).document();
            EncodedDocument sentences = doc.sentenceLevel();
            HanNetwork.Reading r = m.network().read(m.sentenceIds(m.vocabulary().ids(m.tokens(TEXT))));
            INDArray wo = m.network().parameters().get("out.W");
            double[] b = m.network().bias();
            double[] beta = r.sentenceAttention();
            int n = beta.length;
            int smallest = Integer.MAX_VALUE;
            for (int mask = 1; mask < (1 << n); mask++) {
                List<Integer> erased = new ArrayList<>();
                double kept = 0;
                double[] d = new double[r.sentenceStates()[0].length];
                for (int j = 0; j < n; j++) {
                    if ((mask & (1 << j)) != 0) {
                        erased.add(j);
                        continue;
                    }
                    kept += beta[j];
                    for (int q = 0; q < d.length; q++) d[q] += beta[j] * r.sentenceStates()[j][q];
                }
                for (int q = 0; q < d.length; q++) d[q] = kept > 0 ? d[q] / kept : 0;
                double[] logits = Nd4j.createFromArray(new double[][] {d}).mmul(wo).toDoubleVector();
                for (int c = 0; c < logits.length; c++) logits[c] += b[c];
                double[] expected = EncodedDocument.softmax(logits);
                Erasure.Result er = Erasure.erase(sentences, erased.stream().mapToInt(Integer::intValue).toArray());
                assertArrayEquals(expected, er.probabilities(), 1e-9, "seed " + seed + ", erased " + erased);
                if (er.flipped()) smallest = Math.min(smallest, erased.size());
            }
            MinimalFlipSet.Result oracle = MinimalFlipSet.find(sentences);
            assertEquals(smallest != Integer.MAX_VALUE, oracle.flippable(), "seed " + seed);
            if (oracle.flippable()) {
                assertEquals(smallest, oracle.size(), "seed " + seed);
                flipping++;
            }
        }
        assertTrue(flipping >= 2, "the check needs documents whose decision erasure can flip; " + flipping + " of 6");
    }

    @Test
    void sentenceLeaveOneOutIsTheModelReadingTheTextWithoutThatSentence() {
        HanModel m = model(4);
        HanModel.Reading r = m.read(TEXT);
        AttentionClassifier level = r.sentenceLevel();
        List<double[]> loo = level.leaveOneOutOutputs(r.document().sentenceLevel());
        for (int j = 0; j < SENTENCES.size(); j++) {
            List<String> rest = new ArrayList<>(SENTENCES);
            rest.remove(j);
            double[] direct = m.classify(List.of(String.join(" ", rest))).get(0);
            assertArrayEquals(direct, loo.get(j), 1e-9, "without sentence " + j);
        }
    }

    @Test
    void everySectionOfTheEngineRunsOnTheSentenceLevel() {
        HanModel m = model(5);
        HanModel.Reading r = m.read(TEXT);
        ExplainSettings settings = ExplainSettings.defaults().withAdversarialSteps(100);
        Explanation e = new ExplanationEngine(r.sentenceLevel()).explain(r.document().sentenceLevel(), -1, settings,
                p -> { }, Cancellation.NEVER);
        for (Section s : Section.values()) assertTrue(e.has(s), s.name());
        assertEquals(4, e.size());
        // Completeness of integrated gradients over the sentence vectors (zero baseline), 50 steps.
        assertTrue(e.integratedGradients().completenessError() < 0.05 * Math.max(1e-3,
                Math.abs(e.integratedGradients().output() - e.integratedGradients().baselineOutput())) + 1e-3,
                "IG completeness error " + e.integratedGradients().completenessError());
    }

    @TempDir
    Path dir;

    @Test
    void explainJsonOfAHanGivesBothLevelsAndTheSentenceLevelTools() throws Exception {
        Path zip = dir.resolve("tiny-han.zip");
        model(3).save(zip);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Main.commandLine(new PrintWriter(out, true), new PrintWriter(err, true))
                .execute("explain", "-m", zip.toString(), "--text", TEXT, "--json", "--adversarial-steps", "50");
        assertEquals(0, exit, err.toString());
        JsonNode j = new ObjectMapper().readTree(out.toString());
        assertEquals("sentence", j.get("level").asText());
        assertEquals("han(bilstm/bilstm)", j.get("architecture").asText());
        assertEquals(SENTENCES.size(), j.get("tokens").size());
        JsonNode sentences = j.get("hierarchy").get("sentences");
        assertEquals(SENTENCES.size(), sentences.size());
        double beta = 0;
        for (JsonNode s : sentences) {
            beta += s.get("sentence_attention").asDouble();
            double alpha = 0;
            for (JsonNode a : s.get("word_attention")) alpha += a.asDouble();
            assertEquals(1.0, alpha, 1e-9);
            assertEquals(s.get("tokens").size(), s.get("token_attention").size());
        }
        assertEquals(1.0, beta, 1e-9);
        assertTrue(j.has("erasure") || j.toString().contains("oracle"), j.toString());

        StringWriter summary = new StringWriter();
        exit = Main.commandLine(new PrintWriter(summary, true), new PrintWriter(err, true))
                .execute("explain", "-m", zip.toString(), "--text", TEXT, "--only", "erasure");
        assertEquals(0, exit, err.toString());
        assertTrue(summary.toString().contains("is hierarchical (han(bilstm/bilstm)): 4 sentences of 14 tokens"),
                summary.toString());
        assertTrue(summary.toString().contains(": 4 sentences"), summary.toString());

        // predict ranks tokens by beta x alpha, which sums to 1 over the 14 tokens.
        StringWriter p = new StringWriter();
        exit = Main.commandLine(new PrintWriter(p, true), new PrintWriter(err, true))
                .execute("predict", "-m", zip.toString(), "--text", TEXT, "--json", "--top", "14");
        assertEquals(0, exit, err.toString());
        JsonNode pj = new ObjectMapper().readTree(p.toString());
        assertEquals(14, pj.get("tokens").asInt());
        double sum = 0;
        for (JsonNode t : pj.get("top_tokens")) sum += t.get("weight").asDouble();
        assertEquals(1.0, sum, 1e-9);
    }
}
