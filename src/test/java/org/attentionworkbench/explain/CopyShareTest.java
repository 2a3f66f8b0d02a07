package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CancellationException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.task.Cancellation;
import org.junit.jupiter.api.Test;

/** Copies shared out between an owner and an assisting thread give exactly the outputs of one call. */
class CopyShareTest {

    private static final String TEXT = "the plot is tired and the acting is worse , but the music is n't bad at all ,"
            + " and the last scene , quiet and sad , stays with you for days .";

    @Test
    void anAssistedRunGivesTheSameOutputsAsOneCall() throws Exception {
        AttentionModel model = ModelLoader.load(ModelCatalog.fromEnvironment().resolve("sst2-bilstm"));
        EncodedDocument doc = model.encode(TEXT);
        List<int[]> kept = copies(doc.size(), 700);
        List<double[]> direct = model.subsequenceOutputs(doc, kept);
        CopyShare share = new CopyShare();
        ExecutorService owner = Executors.newSingleThreadExecutor();
        try {
            Future<List<double[]>> shared = owner.submit(() -> share.outputs(model, doc, kept));
            while (!shared.isDone()) share.assist(Cancellation.NEVER);
            List<double[]> out = shared.get();
            assertEquals(direct.size(), out.size());
            // Exactly: a FLOAT BiLSTM's copies run side by side in groups fixed by position
            // (model.LstmCopies), the same as the chunks handed out here.
            for (int i = 0; i < out.size(); i++) assertArrayEquals(direct.get(i), out.get(i), 0.0, "copy " + i);
        } finally {
            owner.shutdownNow();
        }
        share.assist(Cancellation.NEVER); // no job: returns at once
    }

    @Test
    void aCancelledOwnerStops() throws Exception {
        AttentionModel model = ModelLoader.load(ModelCatalog.fromEnvironment().resolve("sst2-bilstm"));
        EncodedDocument doc = model.encode(TEXT);
        Cancellation cancelled = Cancellation.when(() -> true);
        CopyShare share = new CopyShare();
        Exception e = assertThrows(Exception.class, () -> cancelled.callAs(() -> share.outputs(model, doc,
                copies(doc.size(), 300))));
        assertTrue(e instanceof CancellationException, e.toString());
    }

    private static List<int[]> copies(int n, int count) {
        SplittableRandom r = new SplittableRandom(3);
        List<int[]> kept = new ArrayList<>();
        for (int k = 0; k < count; k++) {
            List<Integer> p = new ArrayList<>();
            for (int t = 0; t < n; t++) if (r.nextDouble() < 0.6) p.add(t);
            kept.add(p.stream().mapToInt(Integer::intValue).toArray());
        }
        return kept;
    }
}
