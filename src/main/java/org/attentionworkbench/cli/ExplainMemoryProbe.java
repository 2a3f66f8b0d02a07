package org.attentionworkbench.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.explain.EncodedDocument;

/**
 * Child-process half of {@code workbench bench}'s memory figure: runs N full explanations of one
 * text and prints resident memory before and after. {@link BenchCommand} starts it in a JVM with a
 * fixed, pre-touched heap so that the growth it reports is native memory, not the heap resizing.
 * Arguments: model archive, N, text file.
 */
public final class ExplainMemoryProbe {

    private ExplainMemoryProbe() {
    }

    public static void main(String[] args) throws Exception {
        AttentionModel model = ModelLoader.load(Path.of(args[0]));
        int n = Integer.parseInt(args[1]);
        String text = Files.readString(Path.of(args[2]));
        ExplanationEngine engine = new ExplanationEngine(model);
        ExplainSettings settings = ExplainSettings.defaults();
        EncodedDocument warm = model.encode(text);
        for (int i = 0; i < 3; i++) engine.explain(warm, -1, settings, p -> { }, Cancellation.NEVER);
        long before = residentKb();
        long t0 = System.nanoTime();
        for (int i = 0; i < n; i++) {
            EncodedDocument doc = model.encode(text);
            engine.explain(doc, -1, settings, p -> { }, Cancellation.NEVER);
        }
        double seconds = (System.nanoTime() - t0) / 1e9;
        long after = residentKb();
        System.out.printf("MEMORY %d %d %d %.3f%n", before, after, n, seconds);
    }

    static long residentKb() throws Exception {
        System.gc();
        Thread.sleep(300); // ND4J frees native buffers on its deallocator thread after a collection
        double mb = org.attentionworkbench.audit.ResidentMemory.read();
        return Double.isNaN(mb) ? -1 : Math.round(mb * 1024);
    }
}
