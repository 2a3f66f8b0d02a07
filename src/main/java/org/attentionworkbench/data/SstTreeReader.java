package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

import org.attentionworkbench.text.Document;

/**
 * Reads Stanford Sentiment Treebank PTB trees, one tree a line, e.g.
 * {@code (3 (2 It) (4 (2 's) (3 lovely)))}. The sentence is the leaves joined by single spaces with
 * the PTB escapes undone ({@code -LRB- -RRB- \/ \*}), which reproduces the preprocessed SST TSV files
 * exactly; the label is the root's.
 *
 * <p>{@link Granularity#FINE} keeps the five root labels (SST-5). {@link Granularity#BINARY} drops
 * neutral roots (2) and maps 0,1 to 0 (negative) and 3,4 to 1 (positive), giving SST-2; dropped
 * neutral sentences are a filter, not malformed lines, so they are not counted in
 * {@link Dataset#skipped()}.
 */
public final class SstTreeReader implements DatasetReader {

    /** Five-class or binary labels. */
    public enum Granularity { FINE, BINARY }

    /** SST-5 class names in label order. */
    public static final List<String> FINE_LABELS =
            List.of("very negative", "negative", "neutral", "positive", "very positive");
    /** SST-2 class names in label order. */
    public static final List<String> BINARY_LABELS = List.of("neg", "pos");

    private final Granularity granularity;

    public SstTreeReader(Granularity granularity) {
        this.granularity = granularity;
    }

    @Override
    public Dataset read(Path file, ReadOptions options) throws IOException {
        List<String> names = !options.labelNames().isEmpty() ? options.labelNames()
                : granularity == Granularity.FINE ? FINE_LABELS : BINARY_LABELS;
        int expected = granularity == Granularity.FINE ? 5 : 2;
        if (names.size() != expected) {
            throw new DatasetException("SST " + granularity.name().toLowerCase() + " labels need " + expected
                    + " class names, got " + names);
        }
        MalformedPolicy policy = new MalformedPolicy(file, options);
        List<Document> docs = new ArrayList<>();
        String idPrefix = file.getFileName() + ":";
        TextFile.forEachLine(file, policy, (number, line) -> {
            TreeParser parser = new TreeParser(line);
            List<String> leaves = new ArrayList<>();
            int root;
            try {
                root = parser.parseTree(leaves);
            } catch (IllegalArgumentException e) {
                policy.malformed(number, e.getMessage());
                return;
            }
            if (root > 4) {
                policy.malformed(number, "root label " + root + " is out of range 0..4");
                return;
            }
            int label = root;
            if (granularity == Granularity.BINARY) {
                if (root == 2) {
                    return;
                }
                label = root < 2 ? 0 : 1;
            }
            docs.add(new Document(idPrefix + number, String.join(" ", leaves), label));
        });
        return new Dataset(file.getFileName().toString(), names, docs, policy.skipped());
    }

    /** Recursive-descent parser of one bracketed tree; errors carry the 1-based column. */
    private static final class TreeParser {
        private final String s;
        private int pos;

        TreeParser(String s) {
            this.s = s;
        }

        /** Parses the whole line as one tree and returns the root label. */
        int parseTree(List<String> leaves) {
            skipSpaces();
            if (pos >= s.length()) {
                throw new IllegalArgumentException("empty line where a tree was expected");
            }
            int root = node(leaves);
            skipSpaces();
            if (pos < s.length()) {
                throw new IllegalArgumentException("unbalanced tree: text after the closing parenthesis of the root"
                        + " at column " + (pos + 1));
            }
            if (leaves.isEmpty()) {
                throw new IllegalArgumentException("tree has no words");
            }
            return root;
        }

        private int node(List<String> leaves) {
            expect('(');
            int label = label();
            skipSpaces();
            if (pos < s.length() && s.charAt(pos) == '(') {
                while (pos < s.length() && s.charAt(pos) == '(') {
                    node(leaves);
                    skipSpaces();
                }
            } else {
                int start = pos;
                while (pos < s.length() && s.charAt(pos) != ')' && s.charAt(pos) != '(' && s.charAt(pos) != ' ') {
                    pos++;
                }
                if (pos == start) {
                    throw new IllegalArgumentException("node without a word or children at column " + (start + 1));
                }
                leaves.add(unescape(s.substring(start, pos)));
                skipSpaces();
            }
            if (pos >= s.length()) {
                throw new IllegalArgumentException("unbalanced tree: missing closing parenthesis at end of line");
            }
            expect(')');
            return label;
        }

        private int label() {
            int start = pos;
            while (pos < s.length() && Character.isDigit(s.charAt(pos))) {
                pos++;
            }
            if (start == pos) {
                throw new IllegalArgumentException("expected a numeric node label at column " + (start + 1));
            }
            try {
                return Integer.parseInt(s.substring(start, pos));
            } catch (NumberFormatException e) {
                throw new IllegalArgumentException("node label too large at column " + (start + 1));
            }
        }

        private void expect(char c) {
            if (pos >= s.length() || s.charAt(pos) != c) {
                String found = pos >= s.length() ? "end of line" : "'" + s.charAt(pos) + "'";
                throw new IllegalArgumentException((c == ')' ? "unbalanced tree: " : "") + "expected '" + c
                        + "' at column " + (pos + 1) + ", found " + found);
            }
            pos++;
        }

        private void skipSpaces() {
            while (pos < s.length() && Character.isWhitespace(s.charAt(pos))) {
                pos++;
            }
        }
    }

    static String unescape(String token) {
        switch (token) {
            case "-LRB-": return "(";
            case "-RRB-": return ")";
            default:
                return token.indexOf('\\') < 0 ? token : token.replace("\\/", "/").replace("\\*", "*");
        }
    }
}
