package org.attentionworkbench.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.explain.AttentionClassifier;
import org.attentionworkbench.explain.Divergences;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.explain.PlainJavaClassifier;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The twins audit's figures recomputed independently from the models' own predictions and
 * attention: accuracy and agreement, every document's JSD and TVD to the base, the seeds' mean JSD,
 * and the deceptive reliance table (accuracy with the impermissible words deleted).
 */
class TwinAuditTest {

    private static final List<String> LABELS = List.of("neg", "pos");
    private static final List<Document> DOCS = List.of(
            new Document("d1", "the film was great and the acting was wonderful", 1),
            new Document("d2", "a dull plot and awful acting", 0),
            new Document("d3", "it is a good movie but the plot is boring", 1),
            new Document("d4", "bad bad bad", 0),
            new Document("d5", "the movie was fun", 1),
            new Document("d6", "not great , not good , dull", 0));

    private static ModelCard card(String name, Map<String, Object> twin) {
        return new ModelCard(name, "test", LABELS, "plain", 6, 5, 50, 30, 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0,
                0, 1, "", "", "random", "", null, null, null, twin);
    }

    private static Map<String, Object> twin(String objective, Object... extra) {
        Map<String, Object> m = new HashMap<>();
        m.put("base_model", "plain-sentiment");
        m.put("objective", objective);
        for (int i = 0; i < extra.length; i += 2) m.put((String) extra[i], extra[i + 1]);
        return m;
    }

    @Test
    void everyFigureIsTheModelsOwn(@TempDir Path dir) {
        PlainJavaClassifier base = PlainJavaClassifier.sentiment();
        List<String> words = new ArrayList<>();
        for (Document d : DOCS) for (String t : base.tokens(d.text())) if (!words.contains(t)) words.add(t);
        AttentionClassifier seed = PlainJavaClassifier.random(words, LABELS, 3);
        AttentionClassifier adversarial = PlainJavaClassifier.random(words, LABELS, 5);
        AttentionClassifier deceptive = PlainJavaClassifier.random(words, LABELS, 7);
        List<TwinAudit.Member> twins = List.of(
                new TwinAudit.Member("seed", card("seed", twin("seed")), seed),
                new TwinAudit.Member("adv", card("adv", twin("adversarial", "lambda", 0.1)), adversarial),
                new TwinAudit.Member("dec", card("dec", twin("deceptive", "penalty", 1.0,
                        "impermissible", List.of("great", "Bad"))), deceptive));
        TwinAudit.Report r = new TwinAudit(new TwinAudit.Member("base", card("base", null), base), twins)
                .run("six reviews", DOCS, m -> { }, Cancellation.NEVER);

        assertEquals(4, r.models().size());
        assertEquals(accuracy(base, DOCS), r.models().get(0).accuracy(), 1e-12);
        assertEquals(1.0, r.models().get(0).agreement(), 0);
        for (int k = 0; k < twins.size(); k++) {
            AttentionClassifier t = twins.get(k).model();
            TwinAudit.ModelRow row = r.models().get(k + 1);
            assertEquals(accuracy(t, DOCS), row.accuracy(), 1e-12, row.name());
            double jsdSum = 0;
            int agree = 0;
            for (int i = 0; i < DOCS.size(); i++) {
                EncodedDocument b = base.encode(DOCS.get(i).text());
                EncodedDocument e = t.encode(DOCS.get(i).text());
                double jsd = Divergences.jsd(e.attention(), b.attention());
                assertEquals(jsd, r.documents().get(i).jsd()[k], 1e-9, row.name() + " " + DOCS.get(i).id());
                assertEquals(Divergences.tvd(e.probabilities(), b.probabilities()), r.documents().get(i).tvd()[k], 1e-9);
                jsdSum += jsd;
                if (e.predicted() == b.predicted()) agree++;
            }
            assertEquals(jsdSum / DOCS.size(), row.meanJsd(), 1e-9);
            assertEquals((double) agree / DOCS.size(), row.agreement(), 1e-12);
        }
        for (int i = 0; i < DOCS.size(); i++) {
            assertEquals(r.documents().get(i).jsd()[0], r.documents().get(i).seedJsd(), 1e-12, "one seed: its own JSD");
        }
        assertEquals(List.of("seed"), r.seeds());
        assertEquals("adv", r.adversarial());

        // Reliance: d1, d4 and d6 hold "great" or "bad"; d4 is nothing but "bad" and keeps its words.
        List<TwinAudit.RelianceRow> rel = r.reliance().get("dec");
        assertEquals(2, rel.size());
        TwinAudit.RelianceRow own = rel.get(1);
        assertEquals(3, own.documents());
        int right = 0;
        int kept = 0;
        for (Document d : List.of(DOCS.get(0), DOCS.get(5))) {
            String erased = String.join(" ", deceptive.tokens(d.text()).stream()
                    .filter(w -> !w.equals("great") && !w.equals("bad")).toList());
            if (deceptive.predict(erased).predicted() == d.label()) right++;
            kept++;
        }
        assertEquals((double) right / kept, own.accuracyErased(), 1e-12);

        List<Path> files = TwinReport.write(r, dir, "workbench audit --twins ...");
        assertTrue(files.stream().allMatch(Files::isRegularFile));
        assertTrue(files.contains(dir.resolve("twins-seeds-vs-adversarial.png")));
        String md = TwinReport.markdown(r, null);
        assertTrue(md.contains("| adv | adversarial | lambda 0.1 |"), md);
    }

    private static double accuracy(AttentionClassifier m, List<Document> docs) {
        int right = 0;
        for (Document d : docs) if (m.predict(d.text()).predicted() == d.label()) right++;
        return (double) right / docs.size();
    }
}
