package org.attentionworkbench.model;

import org.attentionworkbench.explain.EncodedDocument;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.function.Consumer;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.Tokenizer;
import org.attentionworkbench.text.Vocabulary;
import org.attentionworkbench.data.BuildInfo;
import org.nd4j.linalg.api.buffer.DataType;
import org.nd4j.linalg.api.ndarray.INDArray;
import org.nd4j.linalg.factory.Nd4j;

/**
 * Trains an attention classifier: builds the vocabulary, initialises embeddings (optionally from
 * GloVe), runs Adam over length-bucketed mini-batches, evaluates on dev after every epoch and keeps
 * the best checkpoint, then tests it and writes the archive with its card.
 *
 * <p>Interruptions: a checkpoint directory {@code OUT.checkpoint/} beside the output holds the
 * current weights, the optimiser state, the best weights and the position in the data order; with
 * {@code resume} a new run continues from there. The data order of each epoch depends only on the
 * seed and the epoch, so a resumed run sees exactly the batches the interrupted one would have.
 */
public final class Trainer {

    private final Tokenizer tokenizer = new Tokenizer();
    private final Consumer<String> log;
    private final Consumer<TrainingProgress> progress;

    /**
     * @param log      receives one-line messages (vocabulary size, GloVe hits, checkpoints)
     * @param progress receives throughput reports during epochs and one report per epoch
     */
    public Trainer(Consumer<String> log, Consumer<TrainingProgress> progress) {
        this.log = log;
        this.progress = progress;
    }

    /** The checkpoint directory used for an output archive. */
    public static Path checkpointDir(Path out) {
        return out.resolveSibling(out.getFileName() + ".checkpoint");
    }

    /**
     * Trains and writes {@code out}; the checkpoint folder is removed once the archive is written.
     *
     * @param resume continue from {@link #checkpointDir(Path)} if it holds a checkpoint
     * @return the trained model (best dev checkpoint) with its card
     */
    public AttentionModel train(TrainingData data, TrainingOptions opt, Path out, boolean resume) throws IOException {
        return train(data, opt, out, resume, false);
    }

    /**
     * Trains and writes {@code out}.
     *
     * @param resume         continue from {@link #checkpointDir(Path)} if it holds a checkpoint
     * @param keepCheckpoint keep the checkpoint folder after success (to continue with more epochs
     *                       later); it is always kept when training fails or is interrupted, where
     *                       {@code --resume} needs it
     * @return the trained model (best dev checkpoint) with its card
     */
    public AttentionModel train(TrainingData data, TrainingOptions opt, Path out, boolean resume,
                                boolean keepCheckpoint) throws IOException {
        long started = System.nanoTime();
        Path ckpt = checkpointDir(out);
        log.accept("checkpoints go to " + ckpt + (keepCheckpoint ? " (kept after training)"
                : " (removed when training finishes; kept if it is interrupted, for --resume)"));
        List<List<String>> trainTokens = tokenizeAll(data.train(), opt.maxLength());
        TwinRun twin = TwinRun.open(opt.objective(), data.labels(), log);
        AttentionNetwork attentionSource = twin.attentionSource();

        Checkpoint state = resume ? Checkpoint.read(ckpt) : null;
        AttentionModel current;
        AdamOptimizer adam;
        if (state != null) {
            current = ModelArchive.load(ckpt.resolve("current.zip"), attentionSource);
            adam = readOptimizer(ckpt, opt, state.adamStep());
            log.accept("resuming from " + ckpt + " at epoch " + (state.epoch() + 1) + ", batch " + state.batch());
        } else {
            if (resume) log.accept("no checkpoint in " + ckpt + ": starting from scratch");
            // A twin reads with its base's vocabulary: the same ids, so that attention can be imposed,
            // compared and diverged from position by position.
            Vocabulary vocab = twin.base() != null ? twin.base().vocabulary()
                    : Vocabulary.build(trainTokens, opt.minCount(), opt.maxVocab(), Set.of());
            ModelConfig cfg = twin.config(new ModelConfig(opt.encoder(), vocab.size(), opt.embeddingDim(),
                    opt.hiddenSize(), opt.kernelWidths(), opt.attentionSize(), data.labels().size(), opt.maxLength())
                    .withAttentionScore(opt.attentionScore()));
            AttentionNetwork net = AttentionNetwork.create(cfg, opt.seed(), DataType.FLOAT, attentionSource);
            log.accept(String.format("vocabulary %d tokens; network %,d parameters", vocab.size(),
                    net.parameters().count()));
            if (opt.embeddings() != null) initialiseFromGlove(net, vocab, opt.embeddings());
            twin.initialise(net, log);
            current = new AttentionModel(vocab, net, provisionalCard(opt, data, vocab, 0, Double.NaN, 0, 0));
            adam = new AdamOptimizer(opt.learningRate(), opt.weightDecay(), opt.clipNorm());
            state = Checkpoint.start();
        }
        AttentionNetwork net = current.network();
        Vocabulary vocab = current.vocabulary();
        twin.useVocabulary(vocab, log);
        List<int[]> trainIds = new ArrayList<>();
        List<Integer> trainLabels = new ArrayList<>();
        for (int i = 0; i < trainTokens.size(); i++) {
            if (trainTokens.get(i).isEmpty()) continue;
            trainIds.add(vocab.ids(trainTokens.get(i)));
            trainLabels.add(data.train().get(i).label());
        }
        if (trainIds.size() < trainTokens.size()) {
            log.accept((trainTokens.size() - trainIds.size()) + " empty training documents skipped");
        }
        Map<String, INDArray> best = state.bestEpoch() > 0
                ? ModelArchive.load(ckpt.resolve("best.zip"), attentionSource).network().parameters().asMap() : null;
        double bestDev = state.bestDev();
        int bestEpoch = state.bestEpoch();
        double elapsedBefore = state.elapsedSeconds();
        long lastCheckpoint = System.nanoTime();

        for (int epoch = state.epoch(); epoch < opt.epochs(); epoch++) {
            List<int[]> batches = plan(trainIds, opt.batchSize(), opt.seed(), epoch);
            double lossSum = state.epoch() == epoch ? state.lossSum() : 0;
            long lossCount = state.epoch() == epoch ? state.lossCount() : 0;
            int startBatch = state.epoch() == epoch ? state.batch() : 0;
            long windowStart = System.nanoTime();
            int windowExamples = 0;
            for (int k = startBatch; k < batches.size(); k++) {
                int[] members = batches.get(k);
                List<int[]> docs = new ArrayList<>(members.length);
                int[] labels = new int[members.length];
                for (int j = 0; j < members.length; j++) {
                    docs.add(trainIds.get(members[j]));
                    labels[j] = trainLabels.get(members[j]);
                }
                lossSum += step(net, adam, docs, labels, twin);
                lossCount += members.length;
                windowExamples += members.length;
                double windowSec = (System.nanoTime() - windowStart) / 1e9;
                if (windowSec >= 5 || k == batches.size() - 1) {
                    double rate = windowExamples / windowSec;
                    long remaining = (long) (batches.size() - k - 1) * opt.batchSize()
                            + (long) (opt.epochs() - epoch - 1) * trainIds.size();
                    progress.accept(new TrainingProgress(epoch + 1, opt.epochs(), k + 1, batches.size(), rate,
                            lossSum / lossCount, Double.NaN, false, remaining / rate, twin.devMeasure()));
                    windowStart = System.nanoTime();
                    windowExamples = 0;
                }
                if ((System.nanoTime() - lastCheckpoint) / 60e9 >= opt.checkpointMinutes() && k + 1 < batches.size()) {
                    double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                    writeCheckpoint(ckpt, current, adam, new Checkpoint(epoch, k + 1, bestDev, bestEpoch, elapsed,
                            lossSum, lossCount, adam.step()), best, vocab);
                    lastCheckpoint = System.nanoTime();
                }
            }
            double dev = twin.devScore(current, data.dev());
            boolean improved = dev > bestDev;
            if (improved) {
                bestDev = dev;
                bestEpoch = epoch + 1;
                best = copy(net.parameters().asMap());
            }
            progress.accept(new TrainingProgress(epoch + 1, opt.epochs(), batches.size(), batches.size(), 0,
                    lossSum / Math.max(1, lossCount), dev, improved, 0, twin.devMeasure()));
            double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
            writeCheckpoint(ckpt, current, adam, new Checkpoint(epoch + 1, 0, bestDev, bestEpoch, elapsed, 0, 0,
                    adam.step()), best, vocab);
            lastCheckpoint = System.nanoTime();
            state = Checkpoint.start();
        }

        // The best dev checkpoint becomes the model; test it and write the card.
        ParameterSet bestParams = new ParameterSet();
        for (Map.Entry<String, INDArray> e : best.entrySet()) bestParams.put(e.getKey(), e.getValue());
        AttentionNetwork bestNet = new AttentionNetwork(net.config(), bestParams, net.dataType(), attentionSource);
        double trainSeconds = elapsedBefore + (System.nanoTime() - started) / 1e9;
        ModelCard card = provisionalCard(opt, data, vocab, bestEpoch, bestDev, opt.epochs(), trainSeconds);
        AttentionModel model = new AttentionModel(vocab, bestNet, card);
        if (twin.objective().needsBaseOutputs()) {
            // The dev score of an adversarial run is its objective, not an accuracy: the card says accuracy.
            card = provisionalCard(opt, data, vocab, bestEpoch, accuracy(model, data.dev()), opt.epochs(), trainSeconds);
            model = model.withCard(card);
        }
        if (!data.test().isEmpty()) {
            ClassificationMetrics m = evaluate(model, data.test());
            model = model.withCard(card.withTest(data.test().size(), m.accuracy(), m.macroF1()));
            log.accept(String.format("test accuracy %.4f, macro-F1 %.4f on %d documents", m.accuracy(), m.macroF1(),
                    data.test().size()));
        }
        if (twin.objective().name() != null) {
            List<Document> measured = data.test().isEmpty() ? data.dev() : data.test();
            model = model.withCard(model.card().withTwin(twin.record(model, measured, data.test().isEmpty()
                    ? "dev" : "test")));
            log.accept("twin of " + model.card().baseModel() + ": " + model.card().twin());
        }
        model.save(out);
        log.accept("wrote " + out);
        if (!keepCheckpoint) removeCheckpoint(ckpt);
        return model;
    }

    /** The files a checkpoint folder holds; nothing else is deleted with it. */
    private static final List<String> CHECKPOINT_FILES = List.of("current.zip", "best.zip", "adam.bin", "state.json");

    /**
     * Deletes the checkpoint's own files and then the folder if it is empty: never a recursive delete,
     * so a folder that a user put something else into keeps it (and stays, with a message).
     */
    private void removeCheckpoint(Path ckpt) throws IOException {
        if (!Files.isDirectory(ckpt)) return;
        for (String f : CHECKPOINT_FILES) Files.deleteIfExists(ckpt.resolve(f));
        try (var left = Files.list(ckpt)) {
            if (left.findAny().isPresent()) {
                log.accept("left " + ckpt + " in place: it holds files that are not the checkpoint's");
                return;
            }
        }
        Files.delete(ckpt);
        log.accept("removed the checkpoint " + ckpt);
    }

    /** Accuracy, macro-F1 and confusion of a model on labelled documents (truncated to maxLength). */
    public static ClassificationMetrics evaluate(AttentionModel model, List<Document> docs) {
        List<double[]> probs = model.classify(docs.stream().map(Document::text).toList());
        int[] gold = new int[docs.size()];
        int[] pred = new int[docs.size()];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = docs.get(i).label();
            pred[i] = EncodedDocument.argmax(probs.get(i));
        }
        return ClassificationMetrics.of(gold, pred, model.labels().size());
    }

    private static double accuracy(AttentionModel model, List<Document> docs) {
        return evaluate(model, docs).accuracy();
    }

    /** One Adam step on a batch; returns the summed loss. */
    private static double step(AttentionNetwork net, AdamOptimizer adam, List<int[]> docs, int[] labels, TwinRun twin) {
        try (var ws = Workspaces.open("train")) {
            if (twin.objective().equals(TrainingObjective.STANDARD)) return stepInWorkspace(net, adam, docs, labels);
            AttentionNetwork.Batch batch = net.batch(docs);
            AttentionNetwork.Pass pass = net.forward(batch);
            TwinLosses.LossGradient lg = twin.loss(batch, pass, docs, labels);
            INDArray dLogits = Nd4j.createFromArray(lg.dLogits()).castTo(net.dataType());
            INDArray dAlpha = lg.dAlpha() == null ? null : Nd4j.createFromArray(lg.dAlpha()).castTo(net.dataType());
            ParameterSet grads = new ParameterSet();
            net.backward(pass, dLogits, dAlpha, false, grads);
            adam.update(net.parameters(), grads);
            return lg.loss();
        }
    }

    private static double stepInWorkspace(AttentionNetwork net, AdamOptimizer adam, List<int[]> docs, int[] labels) {
        AttentionNetwork.Pass pass = net.forward(net.batch(docs));
        INDArray probs = pass.probs();
        int b = labels.length;
        double[][] p = probs.castTo(DataType.DOUBLE).toDoubleMatrix();
        double loss = 0;
        INDArray d = probs.dup();
        for (int j = 0; j < b; j++) {
            loss -= Math.log(Math.max(p[j][labels[j]], 1e-30));
            d.putScalar(j, labels[j], p[j][labels[j]] - 1);
        }
        d.divi(b);
        ParameterSet grads = new ParameterSet();
        net.backward(pass, d, false, grads);
        adam.update(net.parameters(), grads);
        return loss;
    }

    /**
     * The batches of one epoch: a seeded shuffle, then pools of 50 batches sorted by length (less
     * padding), cut into batches whose order is shuffled again.
     */
    static List<int[]> plan(List<int[]> docs, int batchSize, long seed, int epoch) {
        Random rnd = new Random(seed * 1_000_003L + epoch);
        List<Integer> order = new ArrayList<>();
        for (int i = 0; i < docs.size(); i++) order.add(i);
        Collections.shuffle(order, rnd);
        List<int[]> batches = new ArrayList<>();
        int pool = batchSize * 50;
        for (int start = 0; start < order.size(); start += pool) {
            List<Integer> chunk = new ArrayList<>(order.subList(start, Math.min(order.size(), start + pool)));
            chunk.sort((a, c) -> Integer.compare(docs.get(a).length, docs.get(c).length));
            for (int s = 0; s < chunk.size(); s += batchSize) {
                batches.add(chunk.subList(s, Math.min(chunk.size(), s + batchSize)).stream()
                        .mapToInt(Integer::intValue).toArray());
            }
        }
        Collections.shuffle(batches, rnd);
        return batches;
    }

    private List<List<String>> tokenizeAll(List<Document> docs, int maxLength) {
        List<List<String>> out = new ArrayList<>(docs.size());
        for (Document d : docs) {
            List<String> t = tokenizer.tokenize(d.text());
            out.add(t.size() > maxLength ? new ArrayList<>(t.subList(0, maxLength)) : t);
        }
        return out;
    }

    private void initialiseFromGlove(AttentionNetwork net, Vocabulary vocab, Path glove) throws IOException {
        int d = net.config().embeddingDim();
        GloveEmbeddings.Table table = GloveEmbeddings.read(glove, vocab, d);
        INDArray emb = net.parameters().get("emb");
        float[] values = emb.castTo(DataType.FLOAT).data().asFloat();
        for (int id = 0; id < vocab.size(); id++) {
            if (table.found()[id]) System.arraycopy(table.values(), id * d, values, id * d, d);
        }
        emb.assign(Nd4j.createFromArray(values).reshape(emb.shape()));
        log.accept(String.format("GloVe vectors for %d of %d vocabulary words (%.1f%%)", table.hits(), vocab.size(),
                100.0 * table.hits() / vocab.size()));
    }

    private static Map<String, INDArray> copy(Map<String, INDArray> params) {
        Map<String, INDArray> out = new java.util.LinkedHashMap<>();
        for (Map.Entry<String, INDArray> e : params.entrySet()) out.put(e.getKey(), e.getValue().dup());
        return out;
    }

    private static ModelCard provisionalCard(TrainingOptions opt, TrainingData data, Vocabulary vocab, int bestEpoch,
                                             double devAccuracy, int epochs, double seconds) {
        String notes = "best dev epoch " + bestEpoch + " of " + epochs + "; batch " + opt.batchSize()
                + ", Adam lr " + opt.learningRate() + ", weight decay " + opt.weightDecay()
                + " (none on attention), grad-norm clip " + opt.clipNorm()
                + (opt.attentionScore() == AttentionScore.DOT ? ", dot-product attention"
                        : ", attention size " + opt.attentionSize())
                + (opt.encoder() == EncoderType.CNN ? ", kernel widths " + opt.kernelWidths() : "");
        return new ModelCard(opt.name(), opt.dataset(), data.labels(), opt.encoder().id(), opt.embeddingDim(),
                opt.hiddenSize(), opt.maxLength(), vocab.size(), data.train().size(), data.dev().size(), 0,
                devAccuracy, Double.NaN, Double.NaN, epochs, Math.round(seconds * 10) / 10.0, opt.seed(),
                data.dataSha256(), Instant.now().truncatedTo(ChronoUnit.SECONDS).toString(),
                opt.embeddings() == null ? "random" : opt.embeddings().getFileName().toString(), notes,
                opt.toMap(), BuildInfo.appVersion(), BuildInfo.nd4jVersion());
    }

    private void writeCheckpoint(Path dir, AttentionModel current, AdamOptimizer adam, Checkpoint state,
                                 Map<String, INDArray> best, Vocabulary vocab) throws IOException {
        Files.createDirectories(dir);
        current.save(dir.resolve("current.zip"));
        if (best != null) {
            ParameterSet bp = new ParameterSet();
            best.forEach(bp::put);
            new AttentionModel(vocab, new AttentionNetwork(current.config(), bp, DataType.FLOAT,
                    current.network().attentionSource()), current.card())
                    .save(dir.resolve("best.zip"));
        }
        ParameterSet moments = new ParameterSet();
        adam.firstMoments().asMap().forEach((k, v) -> moments.put("m." + k, v));
        adam.secondMoments().asMap().forEach((k, v) -> moments.put("v." + k, v));
        ModelArchive.writeAtomically(dir.resolve("adam.bin"), ModelArchive.weightBytes(moments));
        ModelArchive.writeAtomically(dir.resolve("state.json"), ModelArchive.JSON.writeValueAsBytes(state));
        log.accept("checkpoint: epoch " + (state.epoch() + (state.batch() > 0 ? 1 : 0)) + ", batch " + state.batch()
                + " -> " + dir);
    }

    private static AdamOptimizer readOptimizer(Path dir, TrainingOptions opt, long step) throws IOException {
        Path f = dir.resolve("adam.bin");
        ParameterSet all = ModelArchive.readWeights(f, Files.readAllBytes(f));
        ParameterSet m = new ParameterSet();
        ParameterSet v = new ParameterSet();
        for (Map.Entry<String, INDArray> e : all.asMap().entrySet()) {
            String k = e.getKey();
            (k.startsWith("m.") ? m : v).put(k.substring(2), e.getValue());
        }
        return new AdamOptimizer(opt.learningRate(), opt.weightDecay(), opt.clipNorm(), m, v, step);
    }

    /** Where a run stands: epoch (0-based, the one in progress) and batches done in it. */
    record Checkpoint(int epoch, int batch, double bestDev, int bestEpoch, double elapsedSeconds, double lossSum,
                      long lossCount, long adamStep) {

        static Checkpoint start() {
            return new Checkpoint(0, 0, Double.NEGATIVE_INFINITY, 0, 0, 0, 0, 0);
        }

        static Checkpoint read(Path dir) throws IOException {
            Path f = dir.resolve("state.json");
            if (!Files.isRegularFile(f) || !Files.isRegularFile(dir.resolve("current.zip"))) return null;
            JsonNode n = ModelArchive.JSON.readTree(f.toFile());
            if (n instanceof ObjectNode o && o.path("bestDev").isTextual()) o.put("bestDev", Double.NEGATIVE_INFINITY);
            return ModelArchive.JSON.treeToValue(n, Checkpoint.class);
        }

    }
}
