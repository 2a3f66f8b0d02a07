package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

import org.attentionworkbench.text.Document;

/**
 * Reads the IMDB review folders as users download them: {@code aclImdb/{train,test}/{neg,pos}/<id>_<rating>.txt}.
 * The path may be the {@code aclImdb} root (then {@link ReadOptions#split()} picks {@code train} or
 * {@code test}; it is required) or a split folder itself. Classes are {@code neg}=0, {@code pos}=1;
 * {@code unsup/} and the {@code .feat} files are ignored. Documents come neg first, then pos, each by
 * numeric id, so the order does not depend on the file system; ids are {@code <split>/<neg|pos>/<file>}.
 */
public final class AclImdbFolderReader implements DatasetReader {

    /** Class folder names in class-index order. */
    public static final List<String> LABELS = List.of("neg", "pos");

    private static final Pattern FILE_NAME = Pattern.compile("(\\d+)_(\\d+)\\.txt");

    /** Whether {@code folder} looks like an aclImdb root or split folder. */
    public static boolean looksLikeAclImdb(Path folder) {
        return isSplitFolder(folder)
                || isSplitFolder(folder.resolve("train")) || isSplitFolder(folder.resolve("test"));
    }

    private static boolean isSplitFolder(Path folder) {
        return Files.isDirectory(folder.resolve("pos")) && Files.isDirectory(folder.resolve("neg"));
    }

    @Override
    public Dataset read(Path path, ReadOptions options) throws IOException {
        if (!Files.isDirectory(path)) {
            throw new DatasetException("aclImdb folder not found: " + path.toAbsolutePath());
        }
        Path splitFolder = path;
        if (!isSplitFolder(path)) {
            if (options.split() == null) {
                throw new DatasetException(path.toAbsolutePath() + " is an aclImdb root; choose a split "
                        + "(e.g. " + path + ":train or :test)");
            }
            splitFolder = path.resolve(options.split());
            if (!isSplitFolder(splitFolder)) {
                throw new DatasetException("no aclImdb split \"" + options.split() + "\" (folders pos/ and neg/) in "
                        + path.toAbsolutePath());
            }
        }
        String split = splitFolder.toAbsolutePath().normalize().getFileName().toString();
        MalformedPolicy policy = new MalformedPolicy(splitFolder, options);
        List<Document> docs = new ArrayList<>();
        for (int label = 0; label < LABELS.size(); label++) {
            String cls = LABELS.get(label);
            for (Path file : reviewFiles(splitFolder.resolve(cls), policy)) {
                String text = TextFile.readString(file,
                        (number, lenient, detail) -> policy.malformed(file, number, detail));
                if (text == null) {
                    continue; // skipped as malformed and counted
                }
                docs.add(new Document(split + "/" + cls + "/" + file.getFileName(), text, label));
            }
        }
        if (docs.isEmpty()) {
            throw new DatasetFormatException(splitFolder, 0, "no <id>_<rating>.txt review files in pos/ or neg/");
        }
        List<String> names = options.labelNames().isEmpty() ? LABELS : options.labelNames();
        return new Dataset("aclImdb/" + split, names, docs, policy.skipped());
    }

    private static List<Path> reviewFiles(Path folder, MalformedPolicy policy) throws IOException {
        List<Path> files = new ArrayList<>();
        List<Path> all;
        try (Stream<Path> list = Files.list(folder)) {
            all = list.filter(Files::isRegularFile).toList();
        }
        for (Path f : all) {
            String name = f.getFileName().toString();
            if (FILE_NAME.matcher(name).matches()) {
                files.add(f);
            } else if (name.endsWith(".txt")) {
                // A review file that does not follow <id>_<rating>.txt is most likely a wrong folder.
                policy.malformed(0, "review file name " + f + " is not <id>_<rating>.txt");
            }
        }
        files.sort(Comparator.comparingLong(AclImdbFolderReader::numericId)
                .thenComparing(p -> p.getFileName().toString()));
        return files;
    }

    private static long numericId(Path file) {
        Matcher m = FILE_NAME.matcher(file.getFileName().toString());
        return m.matches() ? Long.parseLong(m.group(1)) : Long.MAX_VALUE;
    }
}
