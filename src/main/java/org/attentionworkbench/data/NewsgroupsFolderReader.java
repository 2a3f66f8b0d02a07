package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.attentionworkbench.text.Document;

/**
 * Reads the 20 Newsgroups "bydate" folder layout of the original archive,
 * {@code 20news-bydate-train/<group>/<msgnum>}. Messages are Latin-1 (as in the archive) and their
 * white space is collapsed to single spaces, which is how the preprocessed {@code train.tsv.gz} was
 * made, so both sources give the model the same text. Classes are the manifest's names or the sorted
 * group folders; ids are {@code group/msgnum}.
 */
public final class NewsgroupsFolderReader implements DatasetReader {

    private static final Pattern SPACES = Pattern.compile("\\s+");

    @Override
    public Dataset read(Path folder, ReadOptions options) throws IOException {
        if (!Files.isDirectory(folder)) {
            throw new DatasetException("20 Newsgroups folder not found: " + folder.toAbsolutePath());
        }
        List<String> groups;
        try (Stream<Path> list = Files.list(folder)) {
            groups = list.filter(Files::isDirectory).map(p -> p.getFileName().toString()).sorted().toList();
        }
        List<String> classes = options.labelNames().isEmpty() ? groups : options.labelNames();
        MalformedPolicy policy = new MalformedPolicy(folder, options);
        List<Document> docs = new ArrayList<>();
        for (String group : groups) {
            int label = classes.indexOf(group);
            if (label < 0) {
                policy.malformed(0, "unknown group folder \"" + group + "\"");
                continue;
            }
            List<Path> messages;
            try (Stream<Path> list = Files.list(folder.resolve(group))) {
                messages = list.filter(Files::isRegularFile)
                        .sorted(Comparator.comparing((Path p) -> p.getFileName().toString().length())
                                .thenComparing(p -> p.getFileName().toString()))
                        .toList();
            }
            for (Path m : messages) {
                String text = new String(Files.readAllBytes(m), StandardCharsets.ISO_8859_1);
                text = SPACES.matcher(text).replaceAll(" ").strip();
                docs.add(new Document(group + "/" + m.getFileName(), text, label));
            }
        }
        if (docs.isEmpty()) {
            throw new DatasetFormatException(folder, 0, "no <group>/<message> files");
        }
        return new Dataset(folder.getFileName().toString(), classes, docs, policy.skipped());
    }
}
