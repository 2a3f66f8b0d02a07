package org.attentionworkbench.ui.audit;

import java.util.LinkedHashMap;
import java.util.Map;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.StackPane;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.AuditTables;
import org.attentionworkbench.ui.charts.ChartView;
import org.jfree.chart.JFreeChart;
import org.jfree.chart.entity.ChartEntity;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.interaction.ChartMouseEventFX;
import org.jfree.chart.fx.interaction.ChartMouseListenerFX;
import org.jfree.chart.plot.XYPlot;

/**
 * The audit's figures (one tab each, with export) and tables, rebuilt from the rows as they
 * come. A figure is redrawn only while its tab is shown (a hidden scatter of thousands of points
 * would cost the FX thread for nothing). A click on a point of the Delta-JS scatter opens its
 * document.
 */
final class AuditFiguresView extends TabPane {

    /** Figure file stems and their tab titles, in tab order. */
    static final Map<String, String> FIGURES = new LinkedHashMap<>();
    /**
     * Short tab titles (the full ones are the tooltips): eight full titles overflowed the figure
     * pane at the default window on a laptop ("Advers...").
     */
    static final Map<String, String> SHORT = new LinkedHashMap<>();

    static {
        FIGURES.put(AuditResults.SCATTER, "\u0394JS scatter");
        FIGURES.put("fig_tau_gradient", "\u03c4 gradient");
        FIGURES.put("fig_tau_leave_one_out", "\u03c4 leave-one-out");
        FIGURES.put("fig_tau_integrated_gradients", "\u03c4 IG");
        FIGURES.put("fig_permutation_tvd", "Permutation");
        FIGURES.put("fig_adversarial_jsd", "Adversarial");
        FIGURES.put("fig_flip_fractions", "Flip fractions");
        SHORT.put(AuditResults.SCATTER, "\u0394JS");
        SHORT.put("fig_tau_gradient", "\u03c4 grad");
        SHORT.put("fig_tau_leave_one_out", "\u03c4 LOO");
        SHORT.put("fig_tau_integrated_gradients", "\u03c4 IG");
        SHORT.put("fig_permutation_tvd", "Perm.");
        SHORT.put("fig_adversarial_jsd", "Adv.");
        SHORT.put("fig_flip_fractions", "Flips");
    }

    /** Per-point tooltips (document id) only up to this many points: beyond, they cost more than they help. */
    static final int TOOLTIP_POINTS = 1000;

    private final AuditViewModel vm;
    private final Map<String, StackPane> holders = new LinkedHashMap<>();
    private final Map<String, ChartView> views = new LinkedHashMap<>();
    /** The results each figure shows (the scatter's rows must be the ones of the chart on screen). */
    private final Map<String, AuditResults> drawn = new LinkedHashMap<>();
    private final CsvTableView table = new CsvTableView();
    private final ComboBox<String> tableChoice = new ComboBox<>();

    AuditFiguresView(AuditViewModel vm) {
        this.vm = vm;
        setId("auditFigures");
        for (Map.Entry<String, String> f : FIGURES.entrySet()) {
            StackPane holder = new StackPane(new Label("The figure appears with the first rows."));
            holders.put(f.getKey(), holder);
            Tab tab = new Tab(SHORT.getOrDefault(f.getKey(), f.getValue()), holder);
            tab.setTooltip(new javafx.scene.control.Tooltip(f.getValue()));
            tab.setId("auditFigure-" + f.getKey());
            tab.setClosable(false);
            tab.setUserData(f.getKey());
            getTabs().add(tab);
        }
        tableChoice.setId("auditTableChoice");
        tableChoice.getItems().setAll(AuditTables.NAMES);
        tableChoice.getSelectionModel().select("kendall");
        tableChoice.valueProperty().addListener((o, a, b) -> showTable(vm.resultsProperty().get()));
        table.setId("auditTable");
        BorderPane tables = new BorderPane(table);
        HBox bar = new HBox(8, new Label("Table"), tableChoice);
        bar.getStyleClass().add("audit-table-bar");
        tables.setTop(bar);
        Tab tablesTab = new Tab("Tables", tables);
        tablesTab.setId("auditTablesTab");
        tablesTab.setClosable(false);
        getTabs().add(tablesTab);

        vm.resultsProperty().addListener((o, a, r) -> update(r));
        vm.sanityResultsProperty().addListener((o, a, checks) -> showSanity(checks));
        getSelectionModel().selectedItemProperty().addListener((o, a, t) -> update(vm.resultsProperty().get()));
    }

    /**
     * One tab per model whose sanity check the run made (Adebayo et al.'s cascade, the chart of
     * {@code fig_sanity_MODEL}), before the tables; the tabs of an earlier run go.
     */
    private void showSanity(Map<String, org.attentionworkbench.explain.SanityCheck.Result> checks) {
        getTabs().removeIf(t -> t.getId() != null && t.getId().startsWith("auditSanity-"));
        int at = getTabs().indexOf(getTabs().stream().filter(t -> "auditTablesTab".equals(t.getId())).findFirst()
                .orElse(null));
        for (Map.Entry<String, org.attentionworkbench.explain.SanityCheck.Result> e : checks.entrySet()) {
            String stem = "fig_sanity_" + e.getKey();
            ChartView view = new ChartView(org.attentionworkbench.figures.SanityChart.chart(e.getValue(),
                    "Sanity check: " + e.getKey() + ", " + e.getValue().documents() + " documents"), stem);
            Tab tab = new Tab(checks.size() == 1 ? "Sanity" : "Sanity " + e.getKey(), view);
            tab.setTooltip(new javafx.scene.control.Tooltip("Sanity check (Adebayo et al. 2018) of " + e.getKey()
                    + ": Kendall \u03c4 of each explanation against the trained model's as the layers are re-initialised"));
            tab.setId("auditSanity-" + e.getKey());
            tab.setClosable(false);
            getTabs().add(at < 0 ? getTabs().size() : at++, tab);
        }
    }

    /** Draws the shown figure (or table) from {@code r}. */
    private void update(AuditResults r) {
        if (r == null) return;
        Tab selected = getSelectionModel().getSelectedItem();
        if (selected != null && selected.getUserData() instanceof String stem) draw(stem, r);
        else showTable(r);
    }

    private void draw(String stem, AuditResults r) {
        if (drawn.get(stem) == r) return;
        JFreeChart chart = r.charts().get(stem);
        if (chart == null) return;
        if (stem.equals(AuditResults.SCATTER)) tooltips(r);
        ChartView view = views.get(stem);
        if (view == null) {
            view = new ChartView(chart, stem);
            view.setId("auditChart-" + stem);
            if (stem.equals(AuditResults.SCATTER)) {
                view.viewer().addChartMouseListener(new ChartMouseListenerFX() {
                    @Override
                    public void chartMouseClicked(ChartMouseEventFX e) {
                        pointClicked(e.getEntity());
                    }

                    @Override
                    public void chartMouseMoved(ChartMouseEventFX e) {
                    }
                });
            }
            views.put(stem, view);
            holders.get(stem).getChildren().setAll(view);
        } else {
            view.viewer().setChart(chart);
        }
        drawn.put(stem, r);
    }

    /** The document id of each point as its tooltip (up to {@link #TOOLTIP_POINTS}). */
    private static void tooltips(AuditResults r) {
        if (r.rows() > TOOLTIP_POINTS) return;
        XYPlot plot = r.scatter().chart().getXYPlot();
        plot.getRenderer().setDefaultToolTipGenerator((dataset, series, item) -> {
            AuditRow row = r.scatterRow(series, item);
            return row == null ? null : row.model() + " \u00b7 " + row.id() + " (" + row.trueLabel() + ", n = "
                    + row.length() + ") \u2014 click to open";
        });
    }

    private void showTable(AuditResults r) {
        if (r != null) table.show(r.tables().get(tableChoice.getValue()));
    }

    /**
     * Opens the document behind a point of the Delta-JS scatter on screen (what a click on it
     * does); anything else is ignored.
     *
     * @return the row opened, or null
     */
    AuditRow pointClicked(ChartEntity entity) {
        AuditResults r = drawn.get(AuditResults.SCATTER);
        if (r == null || !(entity instanceof XYItemEntity item)) return null;
        AuditRow row = r.scatterRow(item.getSeriesIndex(), item.getItem());
        if (row != null) vm.open(row);
        return row;
    }

    /** The scatter's chart view, once drawn (for tests). */
    ChartView scatterView() {
        return views.get(AuditResults.SCATTER);
    }
}
