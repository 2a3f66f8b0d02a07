package org.attentionworkbench.audit;

import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.attentionworkbench.data.Csv;

/**
 * {@code documents.csv}: one row per document and model, appended as each document finishes. The
 * file is the audit's memory: a run that is killed leaves every finished row on disk (each row is
 * written with one call and flushed to the device), and at most one half-written last line, which
 * {@link #read} cuts off. Resuming reads the keys that are there and skips them.
 */
public final class DocumentsCsv implements AutoCloseable {

    /** The file name inside an audit's output folder. */
    public static final String FILE_NAME = "documents.csv";

    private final Path file;
    private final FileChannel channel;
    private final OutputStream out;
    private int rowsWritten;

    private DocumentsCsv(Path file, FileChannel channel) {
        this.file = file;
        this.channel = channel;
        this.out = java.nio.channels.Channels.newOutputStream(channel);
    }

    /**
     * Opens the file for appending, writing the header if it is new or empty. Call {@link #read}
     * first when resuming: it also repairs a cut-off last line.
     */
    public static DocumentsCsv append(Path file) throws IOException {
        boolean fresh = !Files.exists(file) || Files.size(file) == 0;
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.APPEND);
        DocumentsCsv csv = new DocumentsCsv(file, ch);
        if (fresh) csv.writeLine(String.join(",", AuditColumns.all()));
        return csv;
    }

    /**
     * Appends one row and forces it to the device before returning.
     *
     * @throws AuditException naming the file and what to do when the row cannot be written (a full
     *                        disk): the rows before it are on disk, and a re-run continues from them
     */
    public synchronized void write(AuditRow row) {
        try {
            writeLine(format(row));
            rowsWritten++;
        } catch (IOException e) {
            throw new AuditException(ReportFile.problem(file, -1, e) + "; " + rowsWritten
                    + " rows of this run were written and the audit continues from them", e);
        }
    }

    /**
     * Appends several rows with one write and one force to the device: what another engine's
     * driver receives together (a Spark partition). A kill during the write leaves whole rows and at
     * most a cut-off last line, which {@link #read} removes, as with {@link #write}.
     *
     * @throws AuditException as {@link #write}
     */
    public synchronized void writeAll(java.util.List<AuditRow> rows) {
        if (rows.isEmpty()) return;
        StringBuilder b = new StringBuilder();
        for (AuditRow row : rows) b.append(format(row)).append('\n');
        try {
            out.write(b.toString().getBytes(StandardCharsets.UTF_8));
            out.flush();
            channel.force(false);
            rowsWritten += rows.size();
        } catch (IOException e) {
            throw new AuditException(ReportFile.problem(file, -1, e) + "; " + rowsWritten
                    + " rows of this run were written and the audit continues from them", e);
        }
    }

    private void writeLine(String line) throws IOException {
        out.write((line + "\n").getBytes(StandardCharsets.UTF_8));
        out.flush();
        channel.force(false);
    }

    @Override
    public synchronized void close() throws IOException {
        channel.close();
    }

    /**
     * One row as its line of the file, without the line break: how another engine carries a row
     * from where it was computed to the one writer of the file, so the file holds the same bytes.
     */
    public static String line(AuditRow row) {
        return format(row);
    }

    /**
     * A line of the file (as {@link #line} makes it) back as a row.
     *
     * @throws AuditException when the line is malformed, naming {@code source}
     */
    public static AuditRow parseLine(String line, Path source) {
        return parse(line, source, 0);
    }

    /** One row as a CSV line (RFC 4180 quoting of the text fields; NaN as an empty field). */
    static String format(AuditRow row) {
        StringBuilder b = new StringBuilder();
        b.append(quote(row.model())).append(',').append(row.index()).append(',').append(quote(row.id())).append(',')
                .append(quote(row.trueLabel())).append(',').append(quote(row.prediction())).append(',')
                .append(number(row.confidence())).append(',').append(row.length());
        for (String c : AuditColumns.VALUES) b.append(',').append(number(row.value(c)));
        return b.toString();
    }

    /**
     * Reads every complete row. A last line without its line break (the run was killed while
     * writing it) is cut off the file, so that appending continues on a clean line.
     *
     * @throws AuditException if the file is not an audit's documents.csv, or a complete line is malformed
     */
    public static List<AuditRow> read(Path file) throws IOException {
        if (!Files.exists(file)) return List.of();
        if (!Files.isRegularFile(file)) {
            throw new AuditException(file + " is not a file; use another --out folder, or move it away");
        }
        byte[] bytes = Files.readAllBytes(file);
        int end = bytes.length;
        while (end > 0 && bytes[end - 1] != '\n') end--;
        if (end < bytes.length) {
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(end);
                ch.force(false);
            }
        }
        String text = new String(bytes, 0, end, StandardCharsets.UTF_8);
        if (text.isEmpty()) return List.of();
        String[] lines = text.split("\n");
        List<String> header = split(lines[0], file, 1);
        if (!header.equals(AuditColumns.all())) {
            throw new AuditException(file + " is not a documents.csv of this version of the audit (its columns"
                    + " differ); use another --out folder or --restart");
        }
        List<AuditRow> rows = new ArrayList<>(lines.length - 1);
        Map<String, Integer> lineOf = new java.util.HashMap<>();
        for (int i = 1; i < lines.length; i++) {
            if (lines[i].isEmpty()) continue;
            AuditRow row = parse(lines[i], file, i + 1);
            Integer first = lineOf.putIfAbsent(row.key(), i + 1);
            if (first != null) throw duplicate(file, row, first, i + 1);
            rows.add(row);
        }
        return rows;
    }

    /**
     * A document twice in one file: refused rather than de-duplicated. Only two writers at once (an
     * audit of a version without the folder lock, or files joined by hand) produce it; the rows are
     * then not known to be one run's, and counting either copy silently would hide that the folder
     * was written twice. Rows are reproducible, so --restart gets them back.
     */
    private static AuditException duplicate(Path file, AuditRow row, int firstLine, int line) {
        return new AuditException(file + " holds document " + row.index() + " of model " + row.model()
                + " twice (lines " + firstLine + " and " + line + "), so two audits wrote into this folder at once;"
                + " run again with --restart (or another --out folder) to compute each document once");
    }

    private static AuditRow parse(String line, Path file, int lineNumber) {
        List<String> f = split(line, file, lineNumber);
        int id = AuditColumns.IDENTITY.size();
        if (f.size() != id + AuditColumns.VALUES.size()) {
            throw new AuditException(file + " line " + lineNumber + ": expected " + (id + AuditColumns.VALUES.size())
                    + " fields, found " + f.size());
        }
        try {
            Map<String, Double> values = new LinkedHashMap<>();
            for (int j = 0; j < AuditColumns.VALUES.size(); j++) {
                String s = f.get(id + j);
                if (!s.isEmpty()) values.put(AuditColumns.VALUES.get(j), Double.parseDouble(s));
            }
            return new AuditRow(f.get(0), Integer.parseInt(f.get(1)), f.get(2), f.get(3), f.get(4),
                    f.get(5).isEmpty() ? Double.NaN : Double.parseDouble(f.get(5)), Integer.parseInt(f.get(6)), values);
        } catch (NumberFormatException e) {
            throw new AuditException(file + " line " + lineNumber + ": not a number (" + e.getMessage() + ")");
        }
    }

    /** Splits one line (the data package's CSV rules); broken quoting is a malformed line of {@code file}. */
    private static List<String> split(String line, Path file, int lineNumber) {
        try {
            return Csv.splitLine(line);
        } catch (IllegalArgumentException e) {
            throw new AuditException(file + " line " + lineNumber + ": " + e.getMessage());
        }
    }

    /** A text field for CSV: quoted (quotes doubled) when it holds a comma or a quote; line breaks become spaces. */
    static String quote(String s) {
        String clean = s.replace('\n', ' ').replace('\r', ' ');
        if (clean.indexOf(',') < 0 && clean.indexOf('"') < 0) return clean;
        return '"' + clean.replace("\"", "\"\"") + '"';
    }

    /** Shortest round-trip text of a double; NaN as empty. */
    static String number(double v) {
        if (!Double.isFinite(v)) return "";
        if (v == Math.rint(v) && Math.abs(v) < 1e15) return Long.toString((long) v);
        String s = Double.toString(v);
        return s.toLowerCase(Locale.ROOT);
    }
}
