package org.attentionworkbench.data;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.attentionworkbench.text.Document;

/**
 * Reads a CSV file with a header (RFC 4180 quoting, UTF-8, plain or gzip), such as the Jain &amp;
 * Wallace SST file {@code text,label,exp_split}. The columns used are {@code text} and {@code label}
 * (case-insensitive); with {@link ReadOptions#split()} set, only rows whose {@code exp_split} (or
 * {@code split}) column equals it are kept. Labels follow the same rules as the TSV reader. Document
 * ids are {@code <file name>:<line of the record's start>}.
 */
public final class CsvReader implements DatasetReader {

    @Override
    public Dataset read(Path file, ReadOptions options) throws IOException {
        MalformedPolicy policy = new MalformedPolicy(file, options);
        LabelIndex labels = new LabelIndex(options.labelNames());
        List<Document> docs = new ArrayList<>();
        CsvRecordParser parser = new CsvRecordParser();
        int[] columns = {-1, -1, -1, 0}; // text, label, split, header width
        int[] recordStart = {0};
        String[] error = new String[1];
        String idPrefix = file.getFileName() + ":";
        // The first line of the current record that is not valid UTF-8, and what is wrong with it.
        int[] badLine = {0};
        String[] badDetail = {null};
        TextFile.LineHandler lines = (number, line) -> {
            if (!parser.inQuotedField()) {
                recordStart[0] = number;
            }
            if (!parser.feed(line)) {
                return;
            }
            String quoting = parser.error();
            List<String> fields = parser.takeFields();
            if (badLine[0] > 0) {
                // The whole record is malformed, reported at its invalid line; the lenient text was
                // parsed only so that a quoted field spanning lines still ends where it ends.
                int at = badLine[0];
                badLine[0] = 0;
                if (recordStart[0] == 1) {
                    throw new DatasetFormatException(file, at, "header " + badDetail[0]);
                }
                policy.malformed(at, badDetail[0]);
                return;
            }
            if (recordStart[0] == 1) {
                header(file, quoting, fields, columns, options);
                return;
            }
            if (quoting != null) {
                policy.malformed(number, quoting);
                return;
            }
            if (fields.size() != columns[3]) {
                policy.malformed(recordStart[0], "expected " + columns[3] + " fields as in the header, found "
                        + fields.size());
                return;
            }
            if (options.split() != null && !options.split().equals(fields.get(columns[2]))) {
                return;
            }
            int label = labels.parse(fields.get(columns[1]), error);
            if (label < 0) {
                policy.malformed(recordStart[0], error[0]);
                return;
            }
            docs.add(new Document(idPrefix + recordStart[0], fields.get(columns[0]), label));
        };
        TextFile.forEachLine(file, lines, (number, lenient, detail) -> {
            if (badLine[0] == 0) {
                badLine[0] = number;
                badDetail[0] = detail;
            }
            lines.line(number, lenient);
        });
        if (parser.inQuotedField()) {
            // An unclosed quote swallows the rest of the file; say where it started.
            throw new DatasetFormatException(file, recordStart[0], "quoted field is never closed");
        }
        if (columns[3] == 0) {
            throw new DatasetFormatException(file, 1, "missing CSV header");
        }
        String name = file.getFileName() + (options.split() == null ? "" : ":" + options.split());
        return new Dataset(name, labels.names(), labels.finish(docs), policy.skipped());
    }

    private static void header(Path file, String quoting, List<String> fields, int[] columns, ReadOptions options)
            throws DatasetFormatException {
        if (quoting != null) {
            throw new DatasetFormatException(file, 1, "header: " + quoting);
        }
        for (int i = 0; i < fields.size(); i++) {
            String h = fields.get(i).strip().toLowerCase(Locale.ROOT);
            switch (h) {
                case "text", "sentence" -> columns[0] = columns[0] < 0 ? i : columns[0];
                case "label" -> columns[1] = i;
                case "exp_split", "split" -> columns[2] = columns[2] < 0 ? i : columns[2];
                default -> { }
            }
        }
        if (columns[0] < 0 || columns[1] < 0) {
            throw new DatasetFormatException(file, 1, "header " + fields + " lacks a text and a label column");
        }
        if (options.split() != null && columns[2] < 0) {
            throw new DatasetFormatException(file, 1, "split \"" + options.split()
                    + "\" requested but the header " + fields + " has no exp_split or split column");
        }
        columns[3] = fields.size();
    }
}
