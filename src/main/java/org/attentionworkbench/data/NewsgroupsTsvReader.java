package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.TreeSet;

import org.attentionworkbench.text.Document;

/**
 * Reads the 20 Newsgroups TSV, {@code group<TAB>msgnum<TAB>text}, no header. Class names come from,
 * in order: the options, a {@code classes.txt} beside the file (one group a line), or the sorted
 * distinct groups of the file. Document ids are {@code group/msgnum}, the original file path.
 */
public final class NewsgroupsTsvReader implements DatasetReader {

    /** The class list file looked for next to the TSV. */
    public static final String CLASSES_FILE = "classes.txt";

    @Override
    public Dataset read(Path file, ReadOptions options) throws IOException {
        List<String> known = options.labelNames().isEmpty() ? classesBeside(file) : options.labelNames();
        MalformedPolicy policy = new MalformedPolicy(file, options);
        List<String[]> rows = new ArrayList<>();
        TextFile.forEachLine(file, policy, (number, line) -> {
            String[] f = line.split("\t", 3);
            if (f.length < 3) {
                policy.malformed(number, "expected 3 tab-separated columns (group, msgnum, text), found " + f.length);
                return;
            }
            if (f[0].isBlank() || f[1].isBlank()) {
                policy.malformed(number, "empty group or message number");
                return;
            }
            if (!known.isEmpty() && !known.contains(f[0])) {
                policy.malformed(number, "unknown group \"" + LabelIndex.abbreviate(f[0]) + "\"");
                return;
            }
            rows.add(f);
        });
        List<String> classes = known;
        if (classes.isEmpty()) {
            TreeSet<String> groups = new TreeSet<>();
            rows.forEach(r -> groups.add(r[0]));
            classes = List.copyOf(groups);
        }
        List<Document> docs = new ArrayList<>(rows.size());
        for (String[] r : rows) {
            docs.add(new Document(r[0] + "/" + r[1], r[2], classes.indexOf(r[0])));
        }
        return new Dataset(file.getFileName().toString(), classes, docs, policy.skipped());
    }

    private static List<String> classesBeside(Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        Path classesFile = parent == null ? null : parent.resolve(CLASSES_FILE);
        if (classesFile == null || !Files.isRegularFile(classesFile)) {
            return List.of();
        }
        List<String> names = new ArrayList<>();
        TextFile.forEachLine(classesFile, (number, line) -> {
            if (!line.isBlank()) {
                names.add(line.strip());
            }
        });
        return names;
    }
}
