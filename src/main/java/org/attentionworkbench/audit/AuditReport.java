package org.attentionworkbench.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.data.Json;
import org.attentionworkbench.model.ModelCatalog;

/**
 * Writes an audit's outputs from its {@code documents.csv}: {@code summary.json}, the tables (CSV and
 * LaTeX) and the figures (PNG and SVG). Reads the whole CSV, so the report covers every row of a
 * resumed audit, and can be rebuilt at any time from the folder alone.
 */
public final class AuditReport {

    /** The summary file name. */
    public static final String SUMMARY = "summary.json";

    private static final ObjectMapper JSON = Json.mapper();

    private AuditReport() {
    }

    /** The summary of the rows in {@code dir}. */
    public static AuditSummary summarise(Path dir, AuditPlan plan, List<String> classes) throws IOException {
        return new AuditSummary(plan.models(), classes, DocumentsCsv.read(dir.resolve(DocumentsCsv.FILE_NAME)),
                plan.groupBy());
    }

    /**
     * Writes summary, tables and figures into {@code dir}, with the provenance of the shipped
     * catalog's archives for the plan's models.
     *
     * @param run what the last run did (for the timing part of summary.json), or null
     * @return the files written
     */
    public static List<Path> write(Path dir, AuditPlan plan, List<String> classes, AuditRunner.Result run)
            throws IOException {
        return write(dir, plan, classes, run,
                Provenance.of(plan.models(), name -> ModelCatalog.fromEnvironment().resolve(name)));
    }

    /**
     * Writes summary, tables and figures into {@code dir}. summary.json records the plan (every
     * setting) and {@code provenance}: the versions and the model archives' sha256 of the run writing
     * the report; each line of runs.jsonl records those of its own run.
     *
     * @param run what the last run did (for the timing part of summary.json), or null
     * @return the files written
     */
    public static List<Path> write(Path dir, AuditPlan plan, List<String> classes, AuditRunner.Result run,
                                   Provenance provenance) throws IOException {
        AuditSummary summary = summarise(dir, plan, classes);
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("plan", plan.toMap());
        root.put("provenance", provenance.toMap());
        root.put("classes", classes);
        root.put("group_by", plan.groupBy().id());
        root.put("models", summary.toMap());
        root.put("runs", runs(dir, run, provenance));
        List<Path> files = new ArrayList<>();
        // summary.json last, every file atomically: when a table or figure cannot be written (a
        // full disk) the previous summary stays whole, and a current summary.json means the whole
        // report beside it is current.
        List<Path> rest = new ArrayList<>(new AuditTables(summary, plan.data()).write(dir, plan.sections()));
        rest.addAll(new AuditFigures(summary).write(dir, plan.sections()));
        Path s = dir.resolve(SUMMARY);
        ReportFile.write(s, JSON.writeValueAsBytes(root));
        files.add(s);
        files.addAll(rest);
        return files;
    }

    /** The log of runs that computed rows, one JSON object per line. */
    public static final String RUNS = "runs.jsonl";

    /**
     * Every run that computed rows in this folder (speed, memory, time by part), this one appended:
     * a resumed audit keeps the figures of each of its runs, and rebuilding the report (a run with
     * nothing left to compute) does not erase them.
     */
    @SuppressWarnings("unchecked")
    private static List<Object> runs(Path dir, AuditRunner.Result run, Provenance provenance) throws IOException {
        Path log = dir.resolve(RUNS);
        if (run != null && run.rowsThisRun() > 0) {
            // Rewritten whole and moved into place, not appended: an append cut short by a full
            // disk left a half line that made every later report fail to read the log.
            String earlier = Files.exists(log) ? Files.readString(log, StandardCharsets.UTF_8) : "";
            if (!earlier.isEmpty() && !earlier.endsWith("\n")) earlier += "\n";
            Map<String, Object> line = runMap(run);
            line.put("provenance", provenance.toMap());
            ReportFile.write(log, (earlier + Json.compactWriter().writeValueAsString(line) + "\n")
                    .getBytes(StandardCharsets.UTF_8));
        }
        List<Object> out = new ArrayList<>();
        if (Files.exists(log)) {
            for (String line : Files.readAllLines(log, StandardCharsets.UTF_8)) {
                if (line.isBlank()) continue;
                try {
                    out.add(JSON.readValue(line, Map.class));
                } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
                    // A line cut short by an older version's in-place append: its figures are lost,
                    // the rows are not; the report goes on without them.
                }
            }
        }
        return out;
    }

    /** The run's speed, memory and time by part. */
    public static Map<String, Object> runMap(AuditRunner.Result run) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("finished", java.time.Instant.now().toString());
        m.put("rows", run.rowsThisRun());
        Map<String, Object> per = new LinkedHashMap<>();
        run.perModel().forEach((name, v) -> {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("rows", (int) v[0]);
            x.put("seconds", Stats.num(v[1]));
            x.put("documents_per_second", Stats.num(v[1] > 0 ? v[0] / v[1] : Double.NaN));
            per.put(name, x);
        });
        m.put("per_model", per);
        m.put("wall_seconds", Stats.num(run.wallSeconds()));
        m.put("documents_per_second", Stats.num(run.docsPerSecond()));
        m.put("cancelled", run.cancelled());
        m.put("resident_mb_after_warmup", Stats.num(run.residentMb()[0]));
        m.put("resident_mb_end", Stats.num(run.residentMb()[1]));
        m.put("resident_mb_max", Stats.num(run.residentMb()[2]));
        Map<String, Object> tenths = new LinkedHashMap<>();
        run.residentByTenth().forEach((pct, mb) -> tenths.put(pct + "%", Stats.num(mb)));
        m.put("resident_mb_by_progress", tenths);
        Map<String, Object> parts = new LinkedHashMap<>();
        run.msByPart().forEach((k, v) -> parts.put(k, Math.round(v)));
        m.put("worker_ms_by_part", parts);
        return m;
    }
}
