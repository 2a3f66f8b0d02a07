package org.attentionworkbench.cli;

import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Random;
import java.util.concurrent.Callable;
import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.AttentionSource;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.model.TrainingOptions;
import org.attentionworkbench.roar.Roar;
import org.attentionworkbench.roar.RoarReport;
import org.attentionworkbench.roar.RoarRow;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench roar}: RemOve And Retrain (Hooker et al. 2019; docs/methods.md section 9). Each
 * method's top k% tokens are removed from train, dev and test, a model is retrained with the
 * original's settings, and its test accuracy is set beside the original model's on the same
 * degraded test (in-place erasure). Resumes from the output folder's roar.csv.
 */
@Command(name = "roar", mixinStandardHelpOptions = true,
        description = "Remove each method's top-k%% tokens, retrain, and plot test accuracy against k beside in-place "
                + "erasure (Hooker et al. 2019's ROAR), random removal as the control.")
final class RoarCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, required = true, paramLabel = "MODEL",
            description = "The original model: a shipped model's name or a .zip archive; its card gives the retraining settings.")
    String model;

    @Option(names = "--data", required = true, paramLabel = "TRAIN", description = "Training data (e.g. sst2:train).")
    String train;

    @Option(names = "--dev", required = true, paramLabel = "DEV", description = "Dev data for checkpoint selection (e.g. sst2:dev).")
    String dev;

    @Option(names = "--test", required = true, paramLabel = "TEST", description = "Test data (e.g. sst2:test).")
    String test;

    @Option(names = "--out", required = true, paramLabel = "DIR",
            description = "Folder for roar.csv, roar.md, roar.png and roar.svg; a roar.csv already there is resumed.")
    Path out;

    @Option(names = "--methods", split = ",", paramLabel = "M",
            defaultValue = "attention,gradient,integrated_gradients,lrp,leave_one_out,random",
            description = "Rankings: attention, random or saliency method ids (default ${DEFAULT-VALUE}).")
    List<String> methods;

    @Option(names = "--k", split = ",", paramLabel = "PERCENT", defaultValue = "10,50,90,30,70",
            description = "Percentages of each document's tokens removed, run in this order (default ${DEFAULT-VALUE}: "
                    + "coarse first, so an interrupted run still spans the range).")
    List<Integer> ks;

    @Option(names = "--embeddings", paramLabel = "GLOVE",
            description = "The GloVe file the model's card names, for the retrained models (default: none; "
                    + "required when the card names one).")
    Path embeddings;

    @Option(names = "--epochs", paramLabel = "N", description = "Epochs of each retraining (default: the card's).")
    Integer epochs;

    @Option(names = "--limit", paramLabel = "N",
            description = "Use a seeded sample of N training documents (and N/4 of dev and test) (default: all).")
    Integer limit;

    @Option(names = "--seed", defaultValue = "1", description = "Seed of the random ranking and of --limit (default ${DEFAULT-VALUE}).")
    long seed;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        if (ks.isEmpty()) throw new UserException("--k needs at least one percentage");
        for (int k : ks) OptionCheck.range("--k", k, 1, 99, "percent of each document's tokens removed");
        if (epochs != null) OptionCheck.range("--epochs", epochs, 1, 1000, "passes over the training data");
        if (limit != null) OptionCheck.range("--limit", limit, 4, Integer.MAX_VALUE, "training documents");
        if (methods.stream().distinct().count() != methods.size()) throw new UserException("--methods names a method twice");
        AttentionModel m = AttentionModel.load(ModelCatalog.fromEnvironment().resolve(model));
        if (m.config().attention() != AttentionSource.LEARNED) {
            throw new UserException("model " + m.name() + " reads with " + m.config().attention().id()
                    + " attention; ROAR retrains models with learned attention only");
        }
        String cardGlove = m.card().embeddings();
        boolean cardHasGlove = cardGlove != null && !cardGlove.isBlank() && !cardGlove.equals("random");
        if (cardHasGlove && embeddings == null) {
            throw new UserException("model " + m.name() + " was trained from " + cardGlove
                    + "; give that file with --embeddings so the retrained models start the same way");
        }
        if (embeddings != null && !Files.isRegularFile(embeddings)) {
            throw new UserException("--embeddings " + embeddings + " is not a file");
        }
        if (embeddings != null && cardHasGlove && !embeddings.getFileName().toString().equals(cardGlove)) {
            err.println("note: the card names " + cardGlove + ", --embeddings gives " + embeddings.getFileName());
        }
        Roar.Splits splits = new Roar.Splits(m.labels(), sample(load(train, m), limit),
                sample(load(dev, m), limit == null ? null : Math.max(2, limit / 4)),
                sample(load(test, m), limit == null ? null : Math.max(2, limit / 4)));
        TrainingOptions opt = Roar.trainingOptions(m, embeddings, epochs);
        err.printf(Locale.ROOT, "ROAR of %s: train %,d, dev %,d, test %,d; methods %s; k %s; retraining %s, %d epochs,"
                + " batch %d, lr %s, seed %d%n", m.name(), splits.train().size(), splits.dev().size(),
                splits.test().size(), methods, ks, opt.encoder().id(), opt.epochs(), opt.batchSize(),
                opt.learningRate(), opt.seed());
        RoarReport report = new RoarReport(out);
        List<RoarRow> rows = new ArrayList<>(report.read());
        if (!rows.isEmpty()) err.println("resuming: " + rows.size() + " rows already in " + report.csv());
        String title = m.name() + " on " + train;
        Roar roar = new Roar(m, opt, splits, methods, seed, out.resolve("work"), err::println);
        if (RoarReport.find(rows, RoarReport.ORIGINAL, 0).isEmpty()) {
            double acc = roar.baselineAccuracy();
            rows.add(0, new RoarRow(RoarReport.ORIGINAL, 0, 0, acc, acc, -1, 0, 0));
            report.write(rows, title);
        }
        long t0 = System.nanoTime();
        roar.rank();
        err.printf(Locale.ROOT, "ranked every document by %d methods in %.0f s%n", methods.size(),
                (System.nanoTime() - t0) / 1e9);
        for (int k : ks) {
            for (String method : methods) {
                if (RoarReport.find(rows, method, k).isPresent()) continue;
                RoarRow r = roar.point(method, k);
                rows.add(r);
                report.write(rows, title);
                err.printf(Locale.ROOT, "%-22s k=%2d%%: retrained %.1f%%, in place %.1f%% (%.0f s, best epoch %d)%n",
                        method, k, 100 * r.retrainedAccuracy(), 100 * r.inPlaceAccuracy(), r.trainSeconds(),
                        r.bestEpoch());
                err.flush();
            }
        }
        try (var work = Files.list(out.resolve("work"))) {
            if (work.findAny().isEmpty()) Files.delete(out.resolve("work"));
        } catch (java.nio.file.NoSuchFileException ignored) {
            // nothing was retrained in this run
        }
        spec.commandLine().getOut().printf("wrote %s, roar.md, roar.png and roar.svg%n", report.csv());
        return 0;
    }

    private static List<Document> load(String spec, AttentionModel m) throws Exception {
        List<Document> docs = ClassAlignment.align(DatasetLoader.load(spec), m.labels(), "model " + m.name()).documents();
        if (docs.stream().anyMatch(d -> !d.hasLabel())) throw new UserException(spec + " has unlabelled documents");
        return docs;
    }

    private List<Document> sample(List<Document> all, Integer n) {
        if (n == null || n >= all.size()) return all;
        List<Document> copy = new ArrayList<>(all);
        Collections.shuffle(copy, new Random(seed));
        return copy.subList(0, n);
    }
}
