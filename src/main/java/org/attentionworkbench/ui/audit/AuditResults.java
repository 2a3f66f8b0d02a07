package org.attentionworkbench.ui.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.attentionworkbench.audit.AuditFigures;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditSummary;
import org.attentionworkbench.audit.AuditTables;
import org.attentionworkbench.audit.GroupBy;
import org.jfree.chart.JFreeChart;

/**
 * What the results area shows for a set of rows: the summary, every figure (the Delta-JS scatter
 * with the rows behind its points) and every table as CSV. Built off the FX thread.
 *
 * @param rows    number of rows summarised
 * @param charts  figures by file stem, as {@link AuditFigures#all()}
 * @param scatter the Delta-JS scatter (also {@code charts.get("fig_delta_js")})
 * @param tables  CSV of each of {@link AuditTables#NAMES}
 */
public record AuditResults(int rows, AuditSummary summary, Map<String, JFreeChart> charts, AuditFigures.Scatter scatter,
                    Map<String, String> tables) {

    /** The scatter's file stem. */
    public static final String SCATTER = "fig_delta_js";

    /** The results grouped as the published code groups them (by the predicted class). */
    public static AuditResults of(List<String> models, List<String> classes, List<AuditRow> rows, String dataName) {
        return of(models, classes, rows, dataName, GroupBy.PREDICTED);
    }

    /** The results with per-class statistics grouped by {@code groupBy}. */
    public static AuditResults of(List<String> models, List<String> classes, List<AuditRow> rows, String dataName,
                                  GroupBy groupBy) {
        AuditSummary summary = new AuditSummary(models, classes, rows, groupBy);
        AuditFigures figures = new AuditFigures(summary);
        Map<String, JFreeChart> charts = new LinkedHashMap<>(figures.all());
        AuditFigures.Scatter scatter = figures.deltaScatter();
        charts.put(SCATTER, scatter.chart()); // the chart whose points the rows belong to
        AuditTables t = new AuditTables(summary, dataName);
        Map<String, String> tables = new LinkedHashMap<>();
        for (String name : AuditTables.NAMES) tables.put(name, t.csv(name));
        return new AuditResults(rows.size(), summary, charts, scatter, tables);
    }

    /** The row behind item {@code item} of series {@code series} of the scatter, or null. */
    public AuditRow scatterRow(int series, int item) {
        List<List<AuditRow>> bySeries = scatter.rowsBySeries();
        if (series < 0 || series >= bySeries.size()) return null;
        List<AuditRow> rows = bySeries.get(series);
        return item >= 0 && item < rows.size() ? rows.get(item) : null;
    }
}
