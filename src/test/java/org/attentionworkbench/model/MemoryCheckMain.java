package org.attentionworkbench.model;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs 1,000 encode + gradient calls on a small model and prints resident memory before and after.
 * Started in its own JVM by {@link MemoryStabilityTest} with a fixed, pre-touched heap, so that the
 * growth it reports is native memory (what the libnd4j LSTM leaked), not the Java heap resizing.
 * Exit code 0 when the growth is under the limit.
 */
public final class MemoryCheckMain {

    static final double LIMIT_MB = 100;

    private MemoryCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        EncoderType type = EncoderType.parse(args[0]);
        int calls = Integer.parseInt(args[1]);
        List<String> tokens = new ArrayList<>(List.of(Vocabulary.PAD, Vocabulary.UNK));
        for (int i = 0; i < 500; i++) tokens.add("w" + i);
        Vocabulary vocab = Vocabulary.of(tokens);
        ModelConfig cfg = new ModelConfig(type, vocab.size(), 32, type == EncoderType.CNN ? 16 : 32,
                List.of(1, 3, 5), 32, 2, 400);
        ModelCard card = new ModelCard("memory-check", "none", List.of("neg", "pos"), type.id(), 32, 32, 400,
                vocab.size(), 0, 0, 0, Double.NaN, Double.NaN, Double.NaN, 0, 0, 5, "", "", "random", "");
        AttentionModel model = new AttentionModel(vocab, AttentionNetwork.create(cfg, 5, DataType.FLOAT), card);
        Random r = new Random(1);
        List<List<String>> docs = new ArrayList<>();
        for (int d = 0; d < 20; d++) {
            List<String> doc = new ArrayList<>();
            int n = 30 + r.nextInt(30);
            for (int i = 0; i < n; i++) doc.add("w" + r.nextInt(520)); // some unknown words too
            docs.add(doc);
        }
        for (int i = 0; i < 200; i++) call(model, docs.get(i % docs.size()));   // warm-up: JIT, workspaces, caches
        long before = residentKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) call(model, docs.get(i % docs.size()));
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = residentKb();
        double growth = (after - before) / 1024.0;
        System.out.printf("memory %s: resident %.1f MB -> %.1f MB (%+.1f MB, limit %.0f MB) over %d encode+gradient"
                + " calls in %.1f s%n", type.id(), before / 1024.0, after / 1024.0, growth, LIMIT_MB, calls, seconds);
        System.exit(growth < LIMIT_MB ? 0 : 1);
    }

    private static void call(AttentionModel model, List<String> doc) {
        EncodedDocument e = model.encode(doc);
        model.inputGradients(e, e.predicted(), true);
    }

    private static long residentKb() throws Exception {
        System.gc();
        Thread.sleep(300); // let ND4J's deallocator thread release what the collection freed
        for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
            if (line.startsWith("VmRSS:")) return Long.parseLong(line.replaceAll("[^0-9]", ""));
        }
        throw new IllegalStateException("no VmRSS in /proc/self/status");
    }
}
