package org.attentionworkbench.model;

import org.attentionworkbench.explain.IntegratedGradients;
import org.attentionworkbench.explain.EncodedDocument;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.attentionworkbench.text.Vocabulary;
import org.nd4j.linalg.api.buffer.DataType;

/**
 * Runs 1,000 encode + gradient calls on a small model and prints resident memory before and after;
 * with "new-shapes", batched calls on documents of a new length each time instead.
 * Started in its own JVM by {@link MemoryStabilityTest} with a fixed, pre-touched heap, so that the
 * growth it reports is native memory (what the libnd4j LSTM leaked), not the Java heap resizing.
 * Exit code 0 when the growth is under the limit.
 */
public final class MemoryCheckMain {

    static final double LIMIT_MB = 100;

    /**
     * Limit of the new-shapes run. Measured: +1 to +22 MB over 100 calls; with just two of the
     * per-shape-cached ops put back (the context sum and the input mask) the average encoder
     * grew by 61 MB.
     */
    static final double NEW_SHAPES_LIMIT_MB = 50;

    private MemoryCheckMain() {
    }

    public static void main(String[] args) throws Exception {
        EncoderType type = EncoderType.parse(args[0]);
        int calls = Integer.parseInt(args[1]);
        boolean newShapes = args.length > 2 && args[2].equals("new-shapes");
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
        if (newShapes) {
            // Every call a length not seen before, batched as the audit batches variants: libnd4j
            // caches per-shape tables it never frees, so this is where a cache leak shows.
            // The first calls also grow what is allocated once (JIT code, the ops' constant
            // tables); they are the warm-up, and only what comes after them is measured.
            for (int i = 0; i < SHAPES_WARM_UP; i++) batchedCall(model, r, SHAPES_FROM + i);
        } else {
            for (int i = 0; i < 200; i++) call(model, docs.get(i % docs.size()));   // warm-up: JIT, workspaces, caches
        }
        long before = residentKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < calls; i++) {
            if (newShapes) batchedCall(model, r, SHAPES_FROM + SHAPES_WARM_UP + i);
            else call(model, docs.get(i % docs.size()));
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = residentKb();
        double growth = (after - before) / 1024.0;
        double limit = newShapes ? NEW_SHAPES_LIMIT_MB : LIMIT_MB;
        System.out.printf("memory %s: resident %.1f MB -> %.1f MB (%+.1f MB, limit %.0f MB) over %d %s"
                + " calls in %.1f s%n", type.id(), before / 1024.0, after / 1024.0, growth, limit, calls,
                newShapes ? "batched calls of new lengths" : "encode+gradient", seconds);
        System.exit(growth < limit ? 0 : 1);
    }

    /** Shortest document of the new-shapes run; call i has SHAPES_FROM + i tokens. */
    static final int SHAPES_FROM = 20;

    /** Variants classified per new-shapes call: as many as the audit batches, so that tables sized by rows show. */
    static final int VARIANTS = 512;

    /** New-shapes calls before the measurement starts. */
    static final int SHAPES_WARM_UP = 50;

    /** Encode, gradient, integrated gradients (10 steps) and {@link #VARIANTS} variants, all of length n. */
    private static void batchedCall(AttentionModel model, Random r, int n) {
        List<String> doc = new ArrayList<>();
        for (int i = 0; i < n; i++) doc.add("w" + r.nextInt(520));
        EncodedDocument e = model.encode(doc);
        model.inputGradients(e, e.predicted(), false);
        model.integratedGradients(e, e.predicted(), IntegratedGradients.Baseline.ZERO, 10);
        List<int[]> variants = new ArrayList<>();
        for (int v = 0; v < VARIANTS; v++) {
            int[] ids = e.ids().clone();
            ids[v % n] = Vocabulary.UNK_ID;
            variants.add(ids);
        }
        model.outputs(variants, VARIANTS);
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
