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
        FlatSubject subject = new FlatSubject(current, twin);
        Outcome run = runEpochs(subject, data, opt, ckpt, adam, state, best, trainIds, trainLabels, started);
        best = run.best();
        int bestEpoch = run.bestEpoch();
        double bestDev = run.bestDev();

        // The best dev checkpoint becomes the model; test it and write the card.
        ParameterSet bestParams = new ParameterSet();
        for (Map.Entry<String, INDArray> e : best.entrySet()) bestParams.put(e.getKey(), e.getValue());
        AttentionNetwork bestNet = new AttentionNetwork(net.config(), bestParams, net.dataType(), attentionSource);
        double trainSeconds = run.seconds();
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

    /**
     * Trains a hierarchical attention network (docs/methods.md section 10) with the loop, optimiser,
     * checkpoints and card of {@link #train}: cross-entropy only (no twin objectives). The
     * documents are cut to {@code opt.maxLength()} tokens, then split into sentences by the model's
     * rule on the vocabulary's tokens.
     *
     * @return the trained model (best dev checkpoint) with its card, also written to {@code out}
     */
    public HanModel trainHierarchical(TrainingData data, TrainingOptions opt, HanOptions han, Path out, boolean resume,
                                      boolean keepCheckpoint) throws IOException {
        if (!opt.objective().equals(TrainingObjective.STANDARD)) {
            throw new IllegalArgumentException("a hierarchical model is trained with cross-entropy only, not as a twin");
        }
        long started = System.nanoTime();
        Path ckpt = checkpointDir(out);
        log.accept("checkpoints go to " + ckpt + (keepCheckpoint ? " (kept after training)"
                : " (removed when training finishes; kept if it is interrupted, for --resume)"));
        List<List<String>> trainTokens = tokenizeAll(data.train(), opt.maxLength());
        Checkpoint state = resume ? Checkpoint.read(ckpt) : null;
        HanModel current;
        AdamOptimizer adam;
        if (state != null) {
            current = HanModel.load(ckpt.resolve("current.zip"));
            adam = readOptimizer(ckpt, opt, state.adamStep());
            log.accept("resuming from " + ckpt + " at epoch " + (state.epoch() + 1) + ", batch " + state.batch());
        } else {
            if (resume) log.accept("no checkpoint in " + ckpt + ": starting from scratch");
            Vocabulary vocab = Vocabulary.build(trainTokens, opt.minCount(), opt.maxVocab(), Set.of());
            HanNetwork net = HanNetwork.create(han.config(opt, vocab.size(), data.labels().size()), opt.seed(),
                    DataType.FLOAT);
            log.accept(String.format("vocabulary %d tokens; hierarchical network %s, %,d parameters", vocab.size(),
                    net.config().describe(), net.parameters().count()));
            if (opt.embeddings() != null) initialiseFromGlove(net.parameters().get("emb"), vocab, opt.embeddings());
            current = new HanModel(vocab, net, hanCard(opt, han, data, vocab, 0, Double.NaN, 0));
            adam = new AdamOptimizer(opt.learningRate(), opt.weightDecay(), opt.clipNorm());
            state = Checkpoint.start();
        }
        Vocabulary vocab = current.vocabulary();
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
                ? HanModel.load(ckpt.resolve("best.zip")).network().parameters().asMap() : null;
        Outcome run = runEpochs(new HanSubject(current), data, opt, ckpt, adam, state, best, trainIds, trainLabels,
                started);
        ParameterSet bestParams = new ParameterSet();
        run.best().forEach(bestParams::put);
        HanModel model = new HanModel(vocab, new HanNetwork(current.config(), bestParams, DataType.FLOAT),
                hanCard(opt, han, data, vocab, run.bestEpoch(), run.bestDev(), run.seconds()));
        if (!data.test().isEmpty()) {
            ClassificationMetrics m = metrics(model.classify(data.test().stream().map(Document::text).toList()),
                    data.test(), model.labels().size());
            model = model.withCard(model.card().withTest(data.test().size(), m.accuracy(), m.macroF1()));
            log.accept(String.format("test accuracy %.4f, macro-F1 %.4f on %d documents", m.accuracy(), m.macroF1(),
                    data.test().size()));
        }
        model.save(out);
        log.accept("wrote " + out);
        if (!keepCheckpoint) removeCheckpoint(ckpt);
        return model;
    }

    /** The flat card of these options, with the hierarchical encoder's name and settings. */
    private static ModelCard hanCard(TrainingOptions opt, HanOptions han, TrainingData data, Vocabulary vocab,
                                     int bestEpoch, double dev, double seconds) {
        ModelCard c = provisionalCard(opt, data, vocab, bestEpoch, dev, opt.epochs(), seconds);
        String notes = c.notes() + ", word encoder " + han.wordEncoder().id() + ", sentence encoder "
                + han.sentenceEncoder().id() + ", at most " + han.maxSentences() + " sentences of "
                + han.maxSentenceLength() + " tokens";
        return new ModelCard(c.name(), c.dataset(), c.labels(), "han(" + han.wordEncoder().id() + "/"
                + han.sentenceEncoder().id() + ")", c.embedding_dim(), c.hidden_size(), c.max_length(), c.vocab_size(),
                c.train_size(), c.dev_size(), c.test_size(), c.dev_accuracy(), c.test_accuracy(), c.test_macro_f1(),
                c.epochs(), c.train_seconds(), c.seed(), c.data_sha256(), c.created(), c.embeddings(), notes,
                han.toMap(opt), c.app_version(), c.nd4j_version());
    }

    /** A hierarchical network in training: cross-entropy on the documents' sentences. */
    private static final class HanSubject implements TrainingSubject {
        private final HanModel current;

        HanSubject(HanModel current) {
            this.current = current;
        }

        @Override
        public ParameterSet parameters() {
            return current.network().parameters();
        }

        @Override
        public double step(AdamOptimizer adam, List<int[]> docs, int[] labels) {
            HanNetwork net = current.network();
            try (var ws = Workspaces.open("train")) {
                List<List<int[]>> sentences = docs.stream().map(current::sentenceIds).toList();
                HanNetwork.Pass pass = net.forward(sentences);
                INDArray probs = pass.probs();
                int b = labels.length;
                double[][] p = HostCopy.rows(probs);
                double loss = 0;
                INDArray d = probs.dup();
                for (int j = 0; j < b; j++) {
                    loss -= Math.log(Math.max(p[j][labels[j]], 1e-30));
                    d.putScalar(j, labels[j], p[j][labels[j]] - 1);
                }
                d.divi(b);
                ParameterSet grads = new ParameterSet();
                net.backward(pass, d, grads);
                adam.update(net.parameters(), grads);
                return loss;
            }
        }

        @Override
        public double devScore(List<Document> dev) {
            return metrics(current.classify(dev.stream().map(Document::text).toList()), dev,
                    current.labels().size()).accuracy();
        }

        @Override
        public String devMeasure() {
            return "dev accuracy";
        }

        @Override
        public void save(Path file) {
            current.save(file);
        }

        @Override
        public void saveWith(Map<String, INDArray> weights, Path file) {
            ParameterSet bp = new ParameterSet();
            weights.forEach(bp::put);
            new HanModel(current.vocabulary(), new HanNetwork(current.config(), bp, DataType.FLOAT), current.card())
                    .save(file);
        }
    }

    /**
     * What the epoch loop trains: a flat attention network under its objective, or a hierarchical
     * one. The loop (batches, progress, dev selection, checkpoints, resumption) is the same for both.
     */
    interface TrainingSubject {
        /** The weights being trained (updated in place). */
        ParameterSet parameters();

        /** One Adam step on a batch of token-id documents; returns the summed loss. */
        double step(AdamOptimizer adam, List<int[]> docs, int[] labels);

        /** The dev score the best epoch is chosen by (higher is better). */
        double devScore(List<Document> dev);

        /** What {@link #devScore} measures, in words. */
        String devMeasure();

        /** Writes the current weights to {@code file} (a checkpoint's current.zip). */
        void save(Path file);

        /** Writes {@code weights} (same names and shapes) to {@code file} (a checkpoint's best.zip). */
        void saveWith(Map<String, INDArray> weights, Path file);
    }

    /** A flat network: the twins' objectives, or plain cross-entropy. */
    private static final class FlatSubject implements TrainingSubject {
        private final AttentionModel current;
        private final TwinRun twin;

        FlatSubject(AttentionModel current, TwinRun twin) {
            this.current = current;
            this.twin = twin;
        }

        @Override
        public ParameterSet parameters() {
            return current.network().parameters();
        }

        @Override
        public double step(AdamOptimizer adam, List<int[]> docs, int[] labels) {
            return Trainer.step(current.network(), adam, docs, labels, twin);
        }

        @Override
        public double devScore(List<Document> dev) {
            return twin.devScore(current, dev);
        }

        @Override
        public String devMeasure() {
            return twin.devMeasure();
        }

        @Override
        public void save(Path file) {
            current.save(file);
        }

        @Override
        public void saveWith(Map<String, INDArray> weights, Path file) {
            ParameterSet bp = new ParameterSet();
            weights.forEach(bp::put);
            new AttentionModel(current.vocabulary(), new AttentionNetwork(current.config(), bp, DataType.FLOAT,
                    current.network().attentionSource()), current.card()).save(file);
        }
    }

    /** The end of the epoch loop: the best epoch's weights, its dev score, and the training seconds so far. */
    record Outcome(Map<String, INDArray> best, double bestDev, int bestEpoch, double seconds) { }

    /**
     * The epochs from {@code state} on: length-bucketed batches in a seeded order, Adam steps,
     * progress reports, a dev score after every epoch (the best weights kept), checkpoints every
     * {@code checkpointMinutes} and after every epoch.
     */
    private Outcome runEpochs(TrainingSubject subject, TrainingData data, TrainingOptions opt, Path ckpt,
                              AdamOptimizer adam, Checkpoint state, Map<String, INDArray> best, List<int[]> trainIds,
                              List<Integer> trainLabels, long started) throws IOException {
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
                lossSum += subject.step(adam, docs, labels);
                lossCount += members.length;
                windowExamples += members.length;
                double windowSec = (System.nanoTime() - windowStart) / 1e9;
                if (windowSec >= 5 || k == batches.size() - 1) {
                    double rate = windowExamples / windowSec;
                    long remaining = (long) (batches.size() - k - 1) * opt.batchSize()
                            + (long) (opt.epochs() - epoch - 1) * trainIds.size();
                    progress.accept(new TrainingProgress(epoch + 1, opt.epochs(), k + 1, batches.size(), rate,
                            lossSum / lossCount, Double.NaN, false, remaining / rate, subject.devMeasure()));
                    windowStart = System.nanoTime();
                    windowExamples = 0;
                }
                if ((System.nanoTime() - lastCheckpoint) / 60e9 >= opt.checkpointMinutes() && k + 1 < batches.size()) {
                    double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
                    writeCheckpoint(ckpt, subject, adam, new Checkpoint(epoch, k + 1, bestDev, bestEpoch, elapsed,
                            lossSum, lossCount, adam.step()), best);
                    lastCheckpoint = System.nanoTime();
                }
            }
            double dev = subject.devScore(data.dev());
            boolean improved = dev > bestDev;
            if (improved) {
                bestDev = dev;
                bestEpoch = epoch + 1;
                best = copy(subject.parameters().asMap());
            }
            progress.accept(new TrainingProgress(epoch + 1, opt.epochs(), batches.size(), batches.size(), 0,
                    lossSum / Math.max(1, lossCount), dev, improved, 0, subject.devMeasure()));
            double elapsed = elapsedBefore + (System.nanoTime() - started) / 1e9;
            writeCheckpoint(ckpt, subject, adam, new Checkpoint(epoch + 1, 0, bestDev, bestEpoch, elapsed, 0, 0,
                    adam.step()), best);
            lastCheckpoint = System.nanoTime();
            state = Checkpoint.start();
        }

        return new Outcome(best, bestDev, bestEpoch, elapsedBefore + (System.nanoTime() - started) / 1e9);
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
        return metrics(model.classify(docs.stream().map(Document::text).toList()), docs, model.labels().size());
    }

    /** Accuracy, macro-F1 and confusion of a hierarchical model on labelled documents. */
    public static ClassificationMetrics evaluate(HanModel model, List<Document> docs) {
        return metrics(model.classify(docs.stream().map(Document::text).toList()), docs, model.labels().size());
    }

    /** Accuracy, macro-F1 and confusion of output distributions against the documents' labels. */
    static ClassificationMetrics metrics(List<double[]> probs, List<Document> docs, int classes) {
        int[] gold = new int[docs.size()];
        int[] pred = new int[docs.size()];
        for (int i = 0; i < gold.length; i++) {
            gold[i] = docs.get(i).label();
            pred[i] = EncodedDocument.argmax(probs.get(i));
        }
        return ClassificationMetrics.of(gold, pred, classes);
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
        double[][] p = HostCopy.rows(probs);
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
        initialiseFromGlove(net.parameters().get("emb"), vocab, glove);
        net.parameters().changed();
    }

    /** Overwrites the rows of the embedding table {@code emb} ([V, D]) whose words GloVe has. */
    private void initialiseFromGlove(INDArray emb, Vocabulary vocab, Path glove) throws IOException {
        int d = (int) emb.size(1);
        GloveEmbeddings.Table table = GloveEmbeddings.read(glove, vocab, d);
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

    private void writeCheckpoint(Path dir, TrainingSubject subject, AdamOptimizer adam, Checkpoint state,
                                 Map<String, INDArray> best) throws IOException {
        Files.createDirectories(dir);
        subject.save(dir.resolve("current.zip"));
        if (best != null) subject.saveWith(best, dir.resolve("best.zip"));
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
