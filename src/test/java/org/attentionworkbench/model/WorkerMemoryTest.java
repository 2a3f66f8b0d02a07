package org.attentionworkbench.model;

import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.memory.MemoryWorkspace;
import org.nd4j.linalg.factory.Nd4j;

/**
 * An audit worker's per-document work (encoding, gradients, integrated gradients, and batches of
 * variants as leave-one-out, occlusion and faithfulness make them; not the CNN's windowed readouts,
 * whose batches have a row-step budget) opens no ND4J workspace on its
 * thread, whatever the documents' and variants' lengths: it all runs on the plain-Java pass, so
 * the audit's native memory cannot creep as longer reviews come along (the workspaces of the
 * padded ND4J batches once grew by 300 MB over half a BiLSTM audit and had to be reserved up front).
 */
class WorkerMemoryTest {

    private static final int LONGEST = 150;

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void anAuditWorkerOpensNoWorkspace(EncoderType type) throws Exception {
        AttentionModel model = TestModels.model(type, DataType.FLOAT, 11);
        AtomicReference<Object> result = new AtomicReference<>();
        // Workspaces are per thread: a fresh thread starts with none, as an audit worker does.
        Thread worker = new Thread(() -> {
            try {
                work(model);
                result.set(sizes());
            } catch (Throwable e) {
                result.set(e);
            } finally {
                model.releaseThreadMemory();
            }
        });
        worker.start();
        worker.join();
        if (result.get() instanceof Throwable e) throw new AssertionError(e);
        assertEquals(Map.of(), result.get(), "workspaces opened by an audit worker's work");
    }

    /** What an audit worker does with documents of up to LONGEST tokens. */
    private static void work(AttentionModel model) {
        Random r = new Random(5);
        int vocab = model.vocabulary().size();
        for (int n : new int[] {1, 2, 7, 40, 99, LONGEST - 1, LONGEST, 3, 64}) {
            List<String> tokens = new ArrayList<>();
            for (int i = 0; i < n; i++) tokens.add(model.vocabulary().token(2 + r.nextInt(vocab - 2)));
            EncodedDocument doc = model.encode(tokens);
            model.inputGradients(doc, doc.predicted(), false);
            model.inputGradients(doc, doc.predicted(), true);
            model.integratedGradients(doc, doc.predicted(), IntegratedGradients.Baseline.ZERO, 50);
            // Variants as leave-one-out, occlusion and faithfulness batch them: up to 512 per pass,
            // 512 of one length (for the longest document, more row-steps than the budget allows
            // in one pass, so passes of the largest size run) and 200 of mixed lengths.
            List<int[]> variants = new ArrayList<>();
            for (int v = 0; v < 712; v++) {
                int len = v < 512 ? Math.max(1, n - 1) : 1 + r.nextInt(n);
                int[] ids = new int[len];
                System.arraycopy(doc.ids(), 0, ids, 0, len);
                variants.add(ids);
            }
            model.outputs(variants, 512);
        }
    }

    private static Map<String, Long> sizes() {
        Map<String, Long> out = new TreeMap<>();
        for (MemoryWorkspace w : Nd4j.getWorkspaceManager().getAllWorkspacesForCurrentThread()) {
            out.put(w.getId(), w.getCurrentSize());
        }
        return out;
    }
}
