package org.attentionworkbench.explain;

import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.attentionworkbench.model.AttentionModel;

/** Shipped models and shared real datasets for tests; a missing file skips the test. */
final class Shipped {

    private Shipped() {
    }

    /** A shipped model archive by name (models/NAME.zip), or a skipped test. */
    static AttentionModel model(String name) {
        Path p = Path.of(System.getProperty("workbench.models.dir", "models"), name + ".zip");
        assumeTrue(Files.isRegularFile(p), "shipped model missing: " + p);
        return AttentionModel.load(p);
    }

    /** A file under the shared datasets folder, or a skipped test. */
    static Path sharedFile(String relative) {
        String prop = System.getProperty("workbench.shared.datasets");
        Path f = Path.of(prop != null ? prop : "../shared/datasets").resolve(relative);
        assumeTrue(Files.isRegularFile(f), "shared dataset file not found: " + f.toAbsolutePath());
        return f;
    }

    /** A real labelled sentence. */
    record Row(int label, String text, List<String> tokens) { }

    /**
     * The first {@code count} rows of a label&lt;TAB&gt;text file whose text tokenises (with the
     * model's tokenizer) to 1..maxTokens tokens, in file order.
     */
    static List<Row> shortRows(AttentionModel model, String relative, int maxTokens, int count) {
        List<Row> out = new ArrayList<>();
        try {
            for (String line : Files.readAllLines(sharedFile(relative), StandardCharsets.UTF_8)) {
                int tab = line.indexOf('\t');
                if (tab < 0) continue;
                List<String> tokens = model.tokenizer().tokenize(line.substring(tab + 1));
                if (tokens.isEmpty() || tokens.size() > maxTokens) continue;
                out.add(new Row(Integer.parseInt(line.substring(0, tab).trim()), line.substring(tab + 1), tokens));
                if (out.size() == count) break;
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }
}
