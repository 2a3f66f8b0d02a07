package org.attentionworkbench.model;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attentionworkbench.text.Vocabulary;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * The libnd4j LSTM leaks native memory on every call (DL4J-NOTES.md); ours must not. Resident
 * memory is measured around 1,000 encode + gradient calls and must grow by less than 100 MB.
 * The figures are printed so the check can be read in the build log.
 */
class MemoryStabilityTest {

    private static final int CALLS = 1000;

    @ParameterizedTest
    @EnumSource(EncoderType.class)
    void residentMemoryStaysFlatOverEncodeAndGradientCalls(EncoderType type) throws IOException {
        assumeTrue(Files.isReadable(Path.of("/proc/self/status")), "needs Linux /proc to read resident memory");
        List<String> tokens = new ArrayList<>();
        tokens.add(Vocabulary.PAD);
        tokens.add(Vocabulary.UNK);
        for (int i = 0; i < 500; i++) tokens.add("w" + i);
        Vocabulary vocab = Vocabulary.of(tokens);
        ModelConfig cfg = new ModelConfig(type, vocab.size(), 32, type == EncoderType.CNN ? 16 : 32,
                List.of(1, 3, 5), 32, 2, 400);
        AttentionNetwork net = AttentionNetwork.create(cfg, 5, DataType.FLOAT);
        ModelCard card = new ModelCard("mem", "none", List.of("neg", "pos"), type.id(), 32, 32, 400, vocab.size(),
                0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 5, "", "", "random", "");
        AttentionModel model = new AttentionModel(vocab, net, card);
        Random r = new Random(1);
        List<List<String>> docs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            List<String> doc = new ArrayList<>();
            int n = 40 + r.nextInt(40);
            for (int i = 0; i < n; i++) doc.add("w" + r.nextInt(520)); // some unknown words too
            docs.add(doc);
        }
        for (int i = 0; i < 200; i++) call(model, docs.get(i % docs.size()));   // warm-up: JIT, workspaces, heap sizing
        long before = residentKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < CALLS; i++) call(model, docs.get(i % docs.size()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = residentKb();
        double growthMb = (after - before) / 1024.0;
        System.out.printf("memory %s: resident %.1f MB -> %.1f MB (%+.1f MB) over %d encode+gradient calls in %.1f s%n",
                type.id(), before / 1024.0, after / 1024.0, growthMb, CALLS, seconds);
        assertTrue(growthMb < 100, type + " resident memory grew by " + growthMb + " MB");
    }

    private static void call(AttentionModel model, List<String> doc) {
        EncodedDocument e = model.encode(doc);
        model.inputGradients(e, e.predicted(), true);
    }

    private static long residentKb() throws IOException {
        System.gc();
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IOException("no VmRSS in /proc/self/status");
    }
}
