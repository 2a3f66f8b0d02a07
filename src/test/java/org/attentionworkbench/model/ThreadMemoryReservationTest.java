package org.attentionworkbench.model;

import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.EncodedDocument;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * {@link AttentionModel#reserveThreadMemory}: after it, no workspace it sized grows, whatever the
 * documents (up to the length reserved for), batch sizes and lengths of variants the thread then
 * runs: the audit's memory is fixed at its start.
 */
class ThreadMemoryReservationTest {

    private static final int LONGEST = 150;

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void noReservedWorkspaceGrowsAfterTheReservation(EncoderType type) throws Exception {
        AttentionModel model = TestModels.model(type, DataType.FLOAT, 11);
        AtomicReference<Object> result = new AtomicReference<>();
        // Workspaces are per thread: a fresh thread starts with none, as an audit worker does.
        Thread worker = new Thread(() -> {
            try {
                model.reserveThreadMemory(LONGEST);
                Map<String, Long> reserved = sizes();
                work(model);
                result.set(List.of(reserved, sizes()));
            } catch (Throwable e) {
                result.set(e);
            } finally {
                model.releaseThreadMemory();
            }
        });
        worker.start();
        worker.join();
        if (result.get() instanceof Throwable e) throw new AssertionError(e);
        @SuppressWarnings("unchecked")
        List<Map<String, Long>> both = (List<Map<String, Long>>) result.get();
        Map<String, Long> reserved = both.get(0);
        Map<String, Long> after = both.get(1);
        // Only the CNN still classifies in padded ND4J batches; the other encoders need no workspace.
        if (type == EncoderType.CNN) assertTrue(reserved.getOrDefault("classify", 0L) > 0, "classify was not reserved: " + reserved);
        assertEquals(reserved.keySet(), after.keySet(), "a workspace the reservation did not size appeared");
        reserved.forEach((name, size) -> assertEquals(size, after.get(name),
                "workspace " + name + " grew after the reservation: " + reserved + " -> " + after));
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
