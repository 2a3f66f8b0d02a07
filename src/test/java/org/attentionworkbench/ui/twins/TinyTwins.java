package org.attentionworkbench.ui.twins;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.model.AttentionSource;
import org.attentionworkbench.model.EncoderType;
import org.attentionworkbench.model.ModelConfig;
import org.attentionworkbench.model.Trainer;
import org.attentionworkbench.model.TrainingData;
import org.attentionworkbench.model.TrainingObjective;
import org.attentionworkbench.model.TrainingOptions;
import org.attentionworkbench.text.Document;

/**
 * A tiny real base model and its twins, trained once per test run on a real SST-2 sample (every
 * k-th sentence; the shipped twins are never used in tests): {@code tiny-base}, its uniform twin
 * {@code tiny-base-uniform} and two seed twins {@code tiny-base-seed2}, {@code tiny-base-seed3}.
 */
public final class TinyTwins {

    /** The base's name. */
    public static final String BASE = "tiny-base";

    private static Path dir;

    private TinyTwins() {
    }

    /** The models directory holding the four archives, or null without the SST-2 files. */
    public static synchronized Path directory() throws IOException {
        if (dir != null) return dir;
        String prop = System.getProperty("workbench.shared.datasets");
        Path sst = Path.of(prop != null ? prop : "../shared/datasets").resolve("sst");
        if (!Files.isRegularFile(sst.resolve("sst2_train.tsv"))) return null;
        List<Document> train = read(sst.resolve("sst2_train.tsv"), 11, 500);
        List<Document> dev = read(sst.resolve("sst2_dev.tsv"), 4, 100);
        List<Document> test = read(sst.resolve("sst2_test.tsv"), 9, 150);
        TrainingData data = new TrainingData(List.of("negative", "positive"), train, dev, test, "tiny-twins-sample");
        Path out = Files.createTempDirectory("tiny-twins");
        Trainer trainer = new Trainer(s -> { }, p -> { });
        // lr 1e-2: two epochs of a few batches must learn something.
        TrainingOptions base = new TrainingOptions(BASE, "SST-2 sample", EncoderType.AVERAGE, 20, 16,
                ModelConfig.DEFAULT_KERNELS, 16, 60, 1, 3000, 32, 2, 1e-2, 1e-5, 5.0, 42, null, 10);
        Path basePath = out.resolve(BASE + ".zip");
        trainer.train(data, base, basePath, false);
        trainer.train(data, base.with(BASE + "-uniform",
                new TrainingObjective(AttentionSource.UNIFORM, null, null, 0, List.of(), 0, basePath), 42),
                out.resolve(BASE + "-uniform.zip"), false);
        for (int seed = 2; seed <= 3; seed++) {
            trainer.train(data, base.with(BASE + "-seed" + seed,
                    new TrainingObjective(AttentionSource.LEARNED, null, null, 0, List.of(), 0, basePath), seed),
                    out.resolve(BASE + "-seed" + seed + ".zip"), false);
        }
        dir = out;
        return dir;
    }

    private static List<Document> read(Path file, int every, int count) throws IOException {
        List<Document> docs = new ArrayList<>();
        List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        for (int i = 0; i < lines.size() && docs.size() < count; i += every) {
            String line = lines.get(i);
            int tab = line.indexOf('\t');
            docs.add(new Document(file.getFileName() + ":" + (i + 1), line.substring(tab + 1),
                    Integer.parseInt(line.substring(0, tab))));
        }
        return docs;
    }
}
