package org.attentionworkbench.data;

import java.util.List;

/**
 * One CSV line split into its fields, by the same RFC 4180 rules as the dataset reader
 * ({@link CsvReader}): for the CSV files the workbench writes and reads back itself (an audit's
 * {@code documents.csv} and tables), which hold no line breaks inside fields.
 */
public final class Csv {

    private Csv() {
    }

    /**
     * The fields of {@code line}; {@code ""} inside a quoted field is one quote.
     *
     * @throws IllegalArgumentException with a one-line reason when the quoting is broken (a quote
     *                                  inside an unquoted field, text after a closing quote, a quote
     *                                  never closed)
     */
    public static List<String> splitLine(String line) {
        CsvRecordParser parser = new CsvRecordParser();
        if (!parser.feed(line)) {
            throw new IllegalArgumentException("quoted field is never closed");
        }
        String error = parser.error();
        if (error != null) {
            throw new IllegalArgumentException(error);
        }
        return parser.takeFields();
    }
}
