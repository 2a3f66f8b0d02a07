package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import org.attentionworkbench.data.ClassAlignment;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.data.DatasetLoader;
import org.attentionworkbench.data.ReadOptions;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.EncoderType;
import org.attentionworkbench.model.HanConfig;
import org.attentionworkbench.model.HanModel;
import org.attentionworkbench.model.HanOptions;
import org.attentionworkbench.model.LevelEncoder;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.model.Trainer;
import org.attentionworkbench.model.TrainingData;
import org.attentionworkbench.model.TrainingOptions;
import org.attentionworkbench.model.TrainingProgress;
import org.attentionworkbench.text.Document;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * {@code workbench train}: trains an attention classifier and writes its archive with the card.
 * Progress (examples/s, loss, dev accuracy, ETA) goes to stderr; an interrupted run continues with
 * {@code --resume}.
 */
@Command(name = "train", mixinStandardHelpOptions = true,
        description = "Train an attention classifier (keeps the best dev checkpoint, writes the card).")
public final class TrainCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = "--data", required = true, paramLabel = "TRAIN",
            description = "Training data: a manifest name[:split] (e.g. imdb:train) or a file/folder.")
    String train;

    @Option(names = "--dev", paramLabel = "DEV",
            description = "Dev data for checkpoint selection; default: hold out --dev-fraction of TRAIN.")
    String dev;

    @Option(names = "--test", paramLabel = "TEST", description = "Test data, evaluated once at the end (default: none; the card then has no test figures).")
    String test;

    @Option(names = "--dev-fraction", defaultValue = "0.1",
            description = "Fraction of TRAIN held out as dev when --dev is absent (default ${DEFAULT-VALUE}).")
    double devFraction;

    @Option(names = "--encoder", required = true, description = "bilstm, cnn or average (also: mlp, the average encoder),"
            + " or han: a hierarchical attention network (Serrano & Smith 2019), whose levels --word-encoder and"
            + " --sentence-encoder choose.")
    String encoder;

    @Option(names = "--word-encoder", defaultValue = "bilstm", paramLabel = "ENCODER",
            description = "With --encoder han: the encoder of the words within a sentence, bilstm, cnn or none"
                    + " (attention over the embeddings themselves; S&S's rnn, conv, noenc) (default ${DEFAULT-VALUE}).")
    String wordEncoder;

    @Option(names = "--sentence-encoder", defaultValue = "bilstm", paramLabel = "ENCODER",
            description = "With --encoder han: the encoder of the sentence vectors, bilstm, cnn or none"
                    + " (default ${DEFAULT-VALUE}).")
    String sentenceEncoder;

    @Option(names = "--max-sentences", defaultValue = "400", paramLabel = "N",
            description = "With --encoder han: most sentences read of a document (default ${DEFAULT-VALUE}).")
    int maxSentences;

    @Option(names = "--max-sentence-length", defaultValue = "100", paramLabel = "N",
            description = "With --encoder han: most tokens of a sentence; a longer one is cut into pieces of N"
                    + " (default ${DEFAULT-VALUE}).")
    int maxSentenceLength;

    @Option(names = "--embeddings", paramLabel = "GLOVE", description = "GloVe text file (.txt or .txt.gz) whose vectors initialise the embeddings; default: none, random"
                    + " embeddings (normal, sd 0.1).")
    Path embeddings;

    @Option(names = "--out", required = true, paramLabel = "ZIP", description = "Output archive, e.g. models/NAME.zip.")
    Path out;

    @Option(names = "--name", description = "Model name for the card (default: the archive's file name).")
    String name;

    @Option(names = "--labels", paramLabel = "NAMES", split = ",",
            description = "Class names in class-index order, e.g. World,Sports,Business,Sci/Tech: integer labels 0, 1, ..."
                    + " are these classes, and labels that are names must be among them (any case). Default: the data's"
                    + " own (a manifest's names, a file's names sorted, or 0..max for integer labels).")
    List<String> labelNames;

    @Option(names = "--labels-file", paramLabel = "FILE",
            description = "Class names one per line (blank lines and # comments ignored), as for --labels (default: none).")
    Path labelsFile;

    @Option(names = "--only-labels", paramLabel = "NAMES", split = ",",
            description = "Train on these classes of the data only, in this class-index order (names any case), e.g."
                    + " rec.sport.baseball,rec.sport.hockey; the same subset is taken of --dev and --test and the card's"
                    + " data names it (TRAIN+only-labels=NAMES). Default: all the data's classes.")
    List<String> onlyLabels;

    @Option(names = "--strip-headers",
            description = "Remove each message's Usenet header block (From:, Subject:, ... Lines: N), as Jain & Wallace"
                    + " did for 20 Newsgroups; also for --dev and --test, and the card's data says so"
                    + " (TRAIN+strip-headers). Default: off, texts as read.")
    boolean stripHeaders;

    @Option(names = "--epochs", defaultValue = "8", description = "Passes over the training data (default ${DEFAULT-VALUE}).")
    int epochs;

    @Option(names = "--batch-size", defaultValue = "32", description = "Documents per Adam step (default ${DEFAULT-VALUE}).")
    int batchSize;

    @Option(names = "--lr", defaultValue = "0.001", description = "Adam learning rate (default ${DEFAULT-VALUE}).")
    double learningRate;

    @Option(names = "--weight-decay", defaultValue = "0.00001",
            description = "Adam weight decay, not applied to the attention parameters (default ${DEFAULT-VALUE}).")
    double weightDecay;

    @Option(names = "--clip-norm", defaultValue = "5.0",
            description = "Gradients are clipped to this global L2 norm (default ${DEFAULT-VALUE}).")
    double clipNorm;

    @Option(names = "--embedding-dim", defaultValue = "100",
            description = "Embedding size; must match --embeddings when given (default ${DEFAULT-VALUE}).")
    int embeddingDim;

    @Option(names = "--hidden", description = "Hidden size (default: 64 per LSTM direction, 32 filters per CNN width, 128 average).")
    Integer hidden;

    @Option(names = "--attention-size", defaultValue = "64",
            description = "Size of the additive attention's hidden layer, the W in tanh(W h + b) (default ${DEFAULT-VALUE}).")
    int attentionSize;

    @Option(names = "--attention-score", defaultValue = "tanh", paramLabel = "tanh|dot",
            description = "How attention scores each encoded vector h: tanh (additive, v . tanh(W h + b); default)"
                    + " or dot (scaled dot product (w . h) / sqrt(width of h), Jain & Wallace's --attention dot;"
                    + " --attention-size is then not used).")
    String attentionScore;

    @Option(names = "--max-length", defaultValue = "400", description = "Training truncation length (default ${DEFAULT-VALUE}).")
    int maxLength;

    @Option(names = "--min-count", defaultValue = "2",
            description = "Words seen fewer times in the training data become UNK (default ${DEFAULT-VALUE}).")
    int minCount;

    @Option(names = "--max-vocab", defaultValue = "20000",
            description = "Most frequent words kept in the vocabulary, PAD and UNK included (default ${DEFAULT-VALUE}).")
    int maxVocab;

    @Option(names = "--seed", defaultValue = "1",
            description = "Seed of the initialisation, the shuffles and the dev hold-out: same seed, same model (default ${DEFAULT-VALUE}).")
    long seed;

    @Option(names = "--limit", description = "Use only the first N training documents (after a seeded shuffle); default: all.")
    Integer limit;

    @Option(names = "--resume", description = "Continue an interrupted run from OUT.checkpoint/.")
    boolean resume;

    @Option(names = "--force", description = "Replace the output archive(s) if they exist (default: refuse, unless --resume).")
    boolean force;

    @Option(names = "--keep-checkpoint",
            description = "Keep OUT.checkpoint/ after training finishes (it is removed by default; an interrupted run always keeps it).")
    boolean keepCheckpoint;

    @Option(names = "--checkpoint-minutes", defaultValue = "10",
            description = "Minutes between mid-epoch checkpoints; one is also written after every epoch (default ${DEFAULT-VALUE}).")
    double checkpointMinutes;

    @Option(names = "--skip-malformed", description = "Skip (and count) malformed lines instead of stopping.")
    boolean skipMalformed;

    @Option(names = "--attention", defaultValue = "learned", paramLabel = "SOURCE",
            description = "Where attention comes from: learned (default), uniform (1/n in training and use: Wiegreffe &"
                    + " Pinter's test 1) or frozen:MODEL (MODEL's attention imposed, the rest trained: their test 3).")
    String attention;

    @Option(names = "--twin-of", paramLabel = "MODEL",
            description = "The model this one is a counterfactual twin of: its vocabulary is used and its card names it"
                    + " (default: the MODEL of frozen: or --adversarial-to).")
    Path twinOf;

    @Option(names = "--seeds", defaultValue = "1", paramLabel = "N",
            description = "Train N models with seeds --seed, --seed+1, ... (OUT-seedS.zip each): the attention's"
                    + " spread across seeds (default ${DEFAULT-VALUE}).")
    int seeds;

    @Option(names = "--adversarial-to", paramLabel = "MODEL",
            description = "Train a model whose predictions match MODEL's while its attention diverges: loss"
                    + " TVD(y, y_MODEL) - lambda KL(alpha || alpha_MODEL) (Wiegreffe & Pinter's test 4; default: none,"
                    + " cross-entropy on the labels).")
    Path adversarialTo;

    @Option(names = "--lambda", split = ",", paramLabel = "L",
            description = "Weight(s) of the KL term of --adversarial-to; several (0.1,0.5,1) train one model each"
                    + " (OUT-lambdaL.zip) and print the TVD / JSD trade-off (default 1).")
    List<Double> lambdas;

    @Option(names = "--impermissible", paramLabel = "WORDS|FILE",
            description = "Deceptive attention (Pruthi et al. 2020): comma-separated words, or a file of one word per"
                    + " line, whose attention mass is penalised by -penalty log(1 - mass) (default: none).")
    String impermissible;

    @Option(names = "--penalty", defaultValue = "1.0", paramLabel = "L",
            description = "Weight of the impermissible-mass penalty (default ${DEFAULT-VALUE}).")
    double penalty;

    @Override
    public Integer call() throws Exception {
        PrintWriter err = spec.commandLine().getErr();
        checkOptions();
        HanOptions han = hierarchical();
        // A HAN's flat options name the encoder whose hidden size default and kernel widths apply.
        EncoderType type = han == null ? EncoderType.parse(encoder)
                : han.wordEncoder() == LevelEncoder.CNN || han.sentenceEncoder() == LevelEncoder.CNN
                ? EncoderType.CNN : EncoderType.BILSTM;
        ReadOptions ro = skipMalformed ? ReadOptions.skippingMalformed() : ReadOptions.defaults();
        if (onlyLabels != null && onlyLabels.size() < 2) {
            throw new UserException("--only-labels needs at least two classes, got " + onlyLabels);
        }
        // The subset and header removal are part of each spec, so the card's data reads back the same documents.
        String selection = org.attentionworkbench.data.DataSelection.suffix(onlyLabels, stripHeaders);
        String train = this.train + selection;
        String dev = this.dev == null ? null : this.dev + selection;
        String test = this.test == null ? null : this.test + selection;
        Dataset trainSet = withClassNames(DatasetLoader.load(train, ro));
        List<Document> trainDocs = new ArrayList<>(trainSet.documents());
        List<Document> devDocs;
        if (dev != null) {
            devDocs = ClassAlignment.align(DatasetLoader.load(dev, ro), trainSet.labels(),
                    "the training data " + train).documents();
        } else {
            // Seeded hold-out: the same seed always gives the same dev split.
            java.util.Collections.shuffle(trainDocs, new Random(seed));
            int nDev = (int) Math.round(trainDocs.size() * devFraction);
            if (nDev < 1 || nDev >= trainDocs.size()) throw new IllegalArgumentException("--dev-fraction leaves no dev or no train data");
            devDocs = new ArrayList<>(trainDocs.subList(0, nDev));
            trainDocs = new ArrayList<>(trainDocs.subList(nDev, trainDocs.size()));
        }
        if (limit != null && limit < trainDocs.size()) {
            if (dev != null) java.util.Collections.shuffle(trainDocs, new Random(seed));
            trainDocs = new ArrayList<>(trainDocs.subList(0, limit));
        }
        // Dev and test files may name or number their classes differently: match them to the training classes.
        List<Document> testDocs = test == null ? List.of()
                : ClassAlignment.align(DatasetLoader.load(test, ro), trainSet.labels(), "the training data " + train)
                        .documents();
        String sha = sha256(trainDocs, devDocs, testDocs);
        TrainingData data = new TrainingData(trainSet.labels(), trainDocs, devDocs, testDocs, sha);
        String modelName = name != null ? name : out.getFileName().toString().replaceFirst("\\.zip$", "");
        TrainingOptions d = TrainingOptions.defaults(modelName, train, type);
        TrainingOptions opt = new TrainingOptions(modelName, describe(train, dev, test), type, embeddingDim,
                hidden != null ? hidden : d.hiddenSize(), d.kernelWidths(), attentionSize, maxLength, minCount,
                maxVocab, batchSize, epochs, learningRate, weightDecay, clipNorm, seed, embeddings, checkpointMinutes)
                .withAttentionScore(attentionScoreOption());
        if (embeddings != null && !Files.isRegularFile(embeddings)) {
            throw new UserException("--embeddings " + embeddings + (Files.exists(embeddings) ? " is not a file"
                    : " does not exist") + "; give a GloVe .txt or .txt.gz file");
        }
        if (han != null) {
            if (!resume) ExistingOutput.refuseUnlessForced(force, out);
            err.printf("train %,d, dev %,d, test %,d documents; %d classes %s%n", trainDocs.size(), devDocs.size(),
                    testDocs.size(), trainSet.labels().size(), trainSet.labels());
            ProgressPrinter printer = new ProgressPrinter(err);
            HanModel model = new Trainer(printer::message, printer::progress).trainHierarchical(data, opt, han, out,
                    resume, keepCheckpoint);
            report(err, model.card());
            return 0;
        }
        List<TwinRuns.Run> runs = TwinRuns.plan(opt, out, attention, twinOf, seeds, adversarialTo, lambdas,
                impermissible, penalty);
        if (!resume) ExistingOutput.refuseUnlessForced(force, runs.stream().map(TwinRuns.Run::out).toArray(Path[]::new));
        err.printf("train %,d, dev %,d, test %,d documents; %d classes %s%n", trainDocs.size(), devDocs.size(),
                testDocs.size(), trainSet.labels().size(), trainSet.labels());
        ProgressPrinter printer = new ProgressPrinter(err);
        List<ModelCard> cards = new ArrayList<>();
        for (TwinRuns.Run run : runs) {
            if (runs.size() > 1 && resume && Files.isRegularFile(run.out())) {
                err.println("already trained: " + run.out() + " (--resume skips it)");
                cards.add(org.attentionworkbench.model.ModelArchive.readCard(run.out()));
                continue;
            }
            if (runs.size() > 1) err.println("== " + run.options().name() + " -> " + run.out());
            AttentionModel model = new Trainer(printer::message, printer::progress).train(data, run.options(),
                    run.out(), resume, keepCheckpoint);
            report(err, model.card());
            cards.add(model.card());
        }
        if (lambdas != null && lambdas.size() > 1) TwinRuns.printTradeOff(err, cards);
        return 0;
    }

    /**
     * The hierarchical settings when --encoder is han, else null (and then the han-only options must
     * be at their defaults). A HAN is trained with cross-entropy: the twin options are refused.
     */
    private HanOptions hierarchical() {
        boolean han = encoder.trim().equalsIgnoreCase("han");
        if (!han) {
            if (!wordEncoder.equals("bilstm") || !sentenceEncoder.equals("bilstm")
                    || maxSentences != HanConfig.DEFAULT_MAX_SENTENCES
                    || maxSentenceLength != HanConfig.DEFAULT_MAX_SENTENCE_LENGTH) {
                throw new UserException("--word-encoder, --sentence-encoder, --max-sentences and --max-sentence-length"
                        + " set up a hierarchical model: give --encoder han with them");
            }
            return null;
        }
        if (!attention.equals("learned") || twinOf != null || seeds != 1 || adversarialTo != null || lambdas != null
                || impermissible != null) {
            throw new UserException("--encoder han trains a hierarchical model with cross-entropy; the twin options"
                    + " (--attention, --twin-of, --seeds, --adversarial-to, --lambda, --impermissible) are for flat models");
        }
        try {
            return new HanOptions(LevelEncoder.parse(wordEncoder), LevelEncoder.parse(sentenceEncoder), maxSentences,
                    maxSentenceLength);
        } catch (IllegalArgumentException e) {
            throw new UserException("--word-encoder / --sentence-encoder: " + e.getMessage());
        }
    }

    private static void report(PrintWriter err, ModelCard c) {
        // Without --test the card's test figures are NaN ("not evaluated"): say so in words, not "test NaN".
        String test = c.test_size() > 0
                ? String.format(java.util.Locale.ROOT, "test %.4f macro-F1 %.4f", c.test_accuracy(), c.test_macro_f1())
                : "no test data (--test)";
        err.printf(java.util.Locale.ROOT, "done: %s dev %.4f %s in %.0f s%n", c.name(), c.dev_accuracy(), test,
                c.train_seconds());
    }

    /**
     * The training data under the class names of --labels or --labels-file, by the one label rule
     * (integer labels are indices into the names, names match ignoring case); as read without them.
     */
    private Dataset withClassNames(Dataset read) throws IOException {
        if (labelNames != null && labelsFile != null) {
            throw new UserException("give the class names with --labels or with --labels-file, not both");
        }
        List<String> names = labelNames;
        if (labelsFile != null) {
            if (!Files.isRegularFile(labelsFile)) throw new UserException("--labels-file " + labelsFile + " is not a file");
            names = Files.readAllLines(labelsFile, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(l -> !l.isEmpty() && !l.startsWith("#")).toList();
        }
        if (names == null) return read;
        names = names.stream().map(String::strip).toList();
        java.util.Set<String> seen = new java.util.HashSet<>();
        for (String n : names) {
            if (n.isEmpty()) throw new UserException("a class name is empty in " + names);
            if (!seen.add(n.toLowerCase(java.util.Locale.ROOT))) {
                throw new UserException("the class name \"" + n + "\" is given twice (names are matched ignoring case)");
            }
        }
        if (names.size() < 2) throw new UserException("a classifier needs at least two class names, got " + names);
        return ClassAlignment.align(read, names, "the class names given (" + String.join(", ", names) + ")");
    }

    private org.attentionworkbench.model.AttentionScore attentionScoreOption() {
        try {
            return org.attentionworkbench.model.AttentionScore.parse(attentionScore);
        } catch (IllegalArgumentException e) {
            throw new UserException("--attention-score must be tanh or dot, not '" + attentionScore + "'");
        }
    }

    /** Every numeric option within its meaningful range, before any data is read. */
    private void checkOptions() {
        OptionCheck.range("--dev-fraction", devFraction, 0, 1, true, "the share of TRAIN held out, below 1");
        if (devFraction >= 1) throw new UserException("--dev-fraction must be below 1, not " + devFraction
                + " (the share of TRAIN held out; the rest is trained on)");
        OptionCheck.range("--epochs", epochs, 1, 1000, "passes over the training data");
        OptionCheck.range("--batch-size", batchSize, 1, 4096, "documents per step");
        OptionCheck.range("--lr", learningRate, 0, 10, true, "Adam's learning rate; the default is 0.001");
        OptionCheck.range("--weight-decay", weightDecay, 0, 1, false, "L2 weight decay; the default is 0.00001");
        OptionCheck.range("--clip-norm", clipNorm, 0, 1e6, true, "gradient-norm clip; the default is 5");
        OptionCheck.range("--embedding-dim", embeddingDim, 1, 4096, "word vector size");
        if (hidden != null) OptionCheck.range("--hidden", hidden, 1, 4096, "hidden units");
        OptionCheck.range("--attention-size", attentionSize, 1, 4096, "units of the attention layer");
        OptionCheck.range("--max-length", maxLength, 1, org.attentionworkbench.text.TokenLimit.MAX_TOKENS,
                "tokens a training document is cut to");
        OptionCheck.range("--min-count", minCount, 1, Integer.MAX_VALUE, "occurrences a word needs to be in the vocabulary");
        OptionCheck.range("--max-vocab", maxVocab, 3, 10_000_000, "words in the vocabulary, with <pad> and <unk>");
        if (limit != null) OptionCheck.range("--limit", limit, 1, Integer.MAX_VALUE, "training documents");
        OptionCheck.range("--checkpoint-minutes", checkpointMinutes, 0, 1e6, true, "minutes between checkpoints");
        OptionCheck.range("--seeds", seeds, 1, 100, "models trained with consecutive seeds");
        OptionCheck.range("--max-sentences", maxSentences, 1, HanConfig.MAX_SENTENCES, "sentences read of a document");
        OptionCheck.range("--max-sentence-length", maxSentenceLength, 1, HanConfig.MAX_SENTENCES, "tokens of a sentence");
        OptionCheck.range("--penalty", penalty, 0, 1e6, false, "weight of the impermissible-mass penalty");
        if (lambdas != null) {
            for (double l : lambdas) OptionCheck.range("--lambda", l, 0, 1e6, false, "weight of the KL term");
            if (adversarialTo == null) throw new UserException("--lambda weighs the KL term of --adversarial-to; give that too");
        }
    }

    private String describe(String train, String dev, String test) {
        return train + (dev != null ? " (dev " + dev + ")" : " (dev: " + Math.round(devFraction * 100) + "% held out)")
                + (test != null ? ", test " + test : "");
    }

    private static String sha256(List<Document> train, List<Document> dev, List<Document> test) throws Exception {
        MessageDigest md = MessageDigest.getInstance("SHA-256");
        for (List<Document> split : List.of(train, dev, test)) {
            for (Document doc : split) {
                md.update((doc.label() + "\t" + doc.text() + "\n").getBytes(StandardCharsets.UTF_8));
            }
            md.update((byte) 0);
        }
        return HexFormat.of().formatHex(md.digest());
    }

    /** Prints progress lines on stderr: overwritten in place on a terminal, one per report otherwise. */
    private static final class ProgressPrinter {
        private final PrintWriter err;
        private final boolean terminal = System.console() != null;

        ProgressPrinter(PrintWriter err) {
            this.err = err;
        }

        void message(String m) {
            if (terminal) err.print("\r\033[K");
            err.println(m);
            err.flush();
        }

        void progress(TrainingProgress p) {
            if (p.endOfEpoch()) {
                message(String.format("epoch %d/%d: loss %.4f, %s %.4f%s", p.epoch(), p.epochs(), p.loss(),
                        p.devMeasure(), p.devAccuracy(), p.best() ? " (best so far)" : ""));
                return;
            }
            String line = String.format("epoch %d/%d  batch %d/%d  %.1f ex/s  loss %.4f  ETA %s", p.epoch(), p.epochs(),
                    p.batch(), p.batches(), p.examplesPerSecond(), p.loss(), duration(p.etaSeconds()));
            if (terminal) {
                err.print("\r\033[K" + line);
            } else {
                err.println(line);
            }
            err.flush();
        }

        private static String duration(double s) {
            long sec = Math.round(s);
            return sec >= 3600 ? String.format("%dh%02dm", sec / 3600, (sec % 3600) / 60)
                    : String.format("%dm%02ds", sec / 60, sec % 60);
        }
    }
}
