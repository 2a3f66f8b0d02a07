package org.attentionworkbench.data;

import java.util.ArrayList;
import java.util.List;

/**
 * RFC 4180 record splitting fed one physical line at a time, so a quoted field may span lines.
 * Quotes are only special at the start of a field; {@code ""} inside a quoted field is one quote.
 * A quote inside an unquoted field, or text after a closing quote, is an error rather than a guess.
 */
final class CsvRecordParser {

    private final List<String> fields = new ArrayList<>();
    private final StringBuilder field = new StringBuilder();
    private boolean inQuotes;
    private boolean fieldWasQuoted;
    private String error;

    /**
     * Adds a physical line (without its line terminator).
     *
     * @return true when a record is complete ({@link #fields()}), false when a quoted field continues
     *         on the next line
     * @throws IllegalStateException never; a quoting error is reported by {@link #error()} and a
     *                               complete (discardable) record
     */
    boolean feed(String line) {
        int i = 0;
        if (inQuotes) {
            field.append('\n'); // the line break belonged to the quoted field
        }
        while (i < line.length()) {
            char c = line.charAt(i);
            if (inQuotes) {
                if (c == '"') {
                    if (i + 1 < line.length() && line.charAt(i + 1) == '"') {
                        field.append('"');
                        i += 2;
                        continue;
                    }
                    inQuotes = false;
                    i++;
                    if (i < line.length() && line.charAt(i) != ',') {
                        error = "unexpected character '" + line.charAt(i) + "' after closing quote";
                        return true;
                    }
                    continue;
                }
                field.append(c);
                i++;
            } else if (c == ',') {
                endField();
                i++;
            } else if (c == '"') {
                if (field.length() > 0 || fieldWasQuoted) {
                    error = "quote inside an unquoted field (quote the whole field and double inner quotes)";
                    return true;
                }
                inQuotes = true;
                fieldWasQuoted = true;
                i++;
            } else {
                field.append(c);
                i++;
            }
        }
        if (inQuotes) {
            return false;
        }
        endField();
        return true;
    }

    private void endField() {
        fields.add(field.toString());
        field.setLength(0);
        fieldWasQuoted = false;
    }

    /** Whether a quoted field is still open (at end of file this is an error). */
    boolean inQuotedField() {
        return inQuotes;
    }

    /** The quoting error of the last record, or null. */
    String error() {
        return error;
    }

    /** The fields of the completed record; resets the parser for the next one. */
    List<String> takeFields() {
        List<String> out = List.copyOf(fields);
        fields.clear();
        field.setLength(0);
        inQuotes = false;
        fieldWasQuoted = false;
        error = null;
        return out;
    }
}
