package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.attentionworkbench.text.Document;

/**
 * Reads {@code label<TAB>text} lines (plain or gzip), no header: the format of the IMDB and SST
 * files. Labels are class indices {@code 0, 1, ...} or class names (see {@link LabelIndex}); the text is
 * everything after the first tab. Document ids
 * are {@code <file name>:<line>}.
 */
public final class LabelledTsvReader implements DatasetReader {

    @Override
    public Dataset read(Path file, ReadOptions options) throws IOException {
        MalformedPolicy policy = new MalformedPolicy(file, options);
        LabelIndex labels = new LabelIndex(options.labelNames());
        List<Document> docs = new ArrayList<>();
        String idPrefix = file.getFileName() + ":";
        String[] error = new String[1];
        TextFile.forEachLine(file, policy, (number, line) -> {
            int tab = line.indexOf('\t');
            if (tab < 0) {
                policy.malformed(number, line.isBlank() ? "empty line" : "missing tab between label and text");
                return;
            }
            int label = labels.parse(line.substring(0, tab), error);
            if (label < 0) {
                policy.malformed(number, error[0]);
                return;
            }
            docs.add(new Document(idPrefix + number, line.substring(tab + 1), label));
        });
        return new Dataset(file.getFileName().toString(), labels.names(), labels.finish(docs), policy.skipped());
    }
}
