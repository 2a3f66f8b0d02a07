package org.attentionworkbench.cli;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.model.ModelLoader;
import org.attentionworkbench.model.HanModel;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.explain.Prediction;
import org.attentionworkbench.text.TokenLimit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** {@code workbench predict}: label, class probabilities and most attended tokens of one text. */
@Command(name = "predict", mixinStandardHelpOptions = true,
        description = "Classify one text and show what the model attended to.")
final class PredictCommand implements Callable<Integer> {

    @Spec
    CommandSpec spec;

    @Option(names = {"-m", "--model"}, paramLabel = "MODEL", defaultValue = ModelCatalog.DEFAULT_MODEL,
            description = "A shipped model's name, a path to a .zip archive, or a bundle's NAME.safetensors (NAME.vocab.txt and"
                    + " NAME.config.json beside it; docs/import.md) (default: ${DEFAULT-VALUE}).")
    String model;

    @Option(names = {"-t", "--text"}, paramLabel = "TEXT",
            description = "The text to classify; read from standard input when absent.")
    String text;

    @Option(names = "--json", description = "Print JSON instead of text.")
    boolean json;

    @Option(names = {"-k", "--top"}, paramLabel = "K", defaultValue = "5",
            description = "How many of the most attended tokens to show (default: ${DEFAULT-VALUE}).")
    int top;

    @Mixin
    TokenLimitOption maxTokens = new TokenLimitOption();

    @Override
    public Integer call() throws IOException {
        OptionCheck.range("--top", top, 0, Integer.MAX_VALUE, "how many of the most attended tokens to show");
        TokenLimit tokenLimit = maxTokens.limit();
        Path archive = ModelCatalog.fromEnvironment().resolve(model);
        String input = text != null ? text : readStdin();
        Prediction p;
        String name;
        int unknown;
        if (HanModel.isHierarchical(archive)) {
            // A hierarchical model's token weights are beta_j * alpha_ji (docs/methods.md section 10).
            HanModel h = HanModel.load(archive).withTokenLimit(tokenLimit);
            int total = h.tokenizer().tokenize(input).size();
            if (tokenLimit.cuts(total)) spec.commandLine().getErr().println("note: " + tokenLimit.note(total));
            if (total == 0) throw new UserException("the text has no tokens to classify");
            p = h.predict(input);
            name = h.name();
            unknown = org.attentionworkbench.text.UnknownTokens.count(h.vocabulary().ids(h.tokens(input)));
        } else {
            AttentionModel m = ModelLoader.load(archive).withTokenLimit(tokenLimit);
            CutNotice.forText(spec.commandLine().getErr(), m, input);
            UnknownWords.noticeIfAllUnknown(spec.commandLine().getErr(), m, input);
            p = m.predict(input);
            name = m.card().name();
            unknown = UnknownWords.count(m, input);
        }
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            Map<String, Object> root = toJson(name, p);
            root.put("unknown_tokens", unknown);
            JsonOutput.print(out, root);
        } else {
            printText(out, p);
        }
        out.flush();
        return 0;
    }

    private Map<String, Object> toJson(String modelName, Prediction p) {
        Map<String, Object> probs = new LinkedHashMap<>();
        double[] pr = p.probabilities();
        for (int c = 0; c < pr.length; c++) probs.put(p.labels().get(c), pr[c]);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("model", modelName);
        root.put("label", p.label());
        root.put("confidence", p.confidence());
        root.put("probabilities", probs);
        root.put("tokens", p.tokens().size());
        root.put("top_tokens", p.topTokens(top).stream().map(t -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("index", t.index()); // 0-based, as in "tokens" of the Prediction
            m.put("token", t.token());
            m.put("weight", t.weight());
            return m;
        }).toList());
        return root;
    }

    private void printText(PrintWriter out, Prediction p) {
        out.printf(Locale.ROOT, "label:  %s (%.1f%%)%n", p.label(), 100 * p.confidence());
        double[] pr = p.probabilities();
        int width = p.labels().stream().mapToInt(String::length).max().orElse(5);
        for (int c = 0; c < pr.length; c++) {
            out.printf(Locale.ROOT, "  %-" + width + "s  %5.1f%%  %s%n", p.labels().get(c), 100 * pr[c],
                    "#".repeat((int) Math.round(pr[c] * 30)));
        }
        List<Prediction.TokenWeight> tops = p.topTokens(top);
        if (!tops.isEmpty()) {
            out.printf("most attended of %d tokens:%n", p.tokens().size());
            for (Prediction.TokenWeight t : tops) {
                out.printf(Locale.ROOT, "  %-16s %.4f  (index %d)%n", t.token(), t.weight(), t.index());
            }
        }
    }

    private static String readStdin() throws IOException {
        if (System.console() != null) {
            throw new UserException("give the text with --text \"...\" (or pipe it to standard input)");
        }
        try (InputStream in = System.in) {
            return strictUtf8(in.readAllBytes());
        }
    }

    /**
     * Standard input decoded by the rule for dataset files: strict UTF-8, an invalid byte is an error
     * naming where it is. Decoded leniently, each invalid byte became U+FFFD, an unknown token that
     * then headed the most attended tokens; a warning would still print that answer, so it is refused.
     */
    static String strictUtf8(byte[] bytes) throws UserException {
        CharsetDecoder decoder = StandardCharsets.UTF_8.newDecoder()
                .onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        CharBuffer out = CharBuffer.allocate(bytes.length); // UTF-8 never yields more chars than bytes
        CoderResult r = decoder.decode(in, out, true);
        if (!r.isError()) {
            r = decoder.flush(out);
        }
        if (r.isError()) {
            int at = in.position();
            int line = 1;
            for (int i = 0; i < at; i++) {
                if (bytes[i] == '\n') line++;
            }
            throw new UserException(String.format(Locale.ROOT, "standard input is not valid UTF-8: byte 0x%02X at "
                    + "byte offset %d (line %d); convert it to UTF-8 (e.g. iconv -f latin1 -t utf-8) or give the "
                    + "text with --text", bytes[at] & 0xff, at, line));
        }
        return out.flip().toString();
    }
}
