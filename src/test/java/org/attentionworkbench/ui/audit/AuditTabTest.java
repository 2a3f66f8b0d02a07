package org.attentionworkbench.ui.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.BooleanSupplier;
import javafx.application.Application;
import javafx.geometry.Point2D;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.control.TabPane;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextArea;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.audit.DocumentsCsv;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.ui.WorkbenchApp;
import org.attentionworkbench.ui.export.WindowSnapshot;
import org.jfree.chart.entity.XYItemEntity;
import org.jfree.chart.fx.ChartCanvas;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The Audit tab in the real window, with a shipped model and the real SST-2 test set: a small
 * audit runs to the end with its report, is cancelled and resumed without duplicates, opens its
 * documents in the comparison grid from a row and from a scatter point, and reports bad input
 * as a message.
 */
class AuditTabTest extends FxRobot {

    private static final String MODEL = "sst2-average";

    @TempDir
    Path dir;

    private Application app;
    private AuditView view;
    private AuditViewModel vm;

    @BeforeEach
    void start() throws Exception {
        Path archive = Path.of("models", MODEL + ".zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive at " + archive.toAbsolutePath());
        Assumptions.assumeTrue(datasetAvailable(), "SST-2 is not available locally");
        FxToolkit.registerPrimaryStage();
        app = FxToolkit.setupApplication(WorkbenchApp.class, "--model=" + archive.toAbsolutePath());
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> lookup("#statusBar").queryAs(
                org.controlsfx.control.StatusBar.class).getText().contains("tokens"));
        interact(() -> tabs().getSelectionModel().select(indexOfAuditTab()));
        view = lookup("#auditView").queryAs(AuditView.class);
        vm = view.viewModel();
    }

    private static boolean datasetAvailable() {
        try {
            return org.attentionworkbench.data.DatasetLoader.load("sst2:test").size() > 0;
        } catch (Exception e) {
            return false;
        }
    }

    @AfterEach
    void stop() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
    }

    private TabPane tabs() {
        return lookup("#analysisTabs").queryAs(TabPane.class);
    }

    private int indexOfAuditTab() {
        TabPane t = tabs();
        for (int i = 0; i < t.getTabs().size(); i++) if ("auditTab".equals(t.getTabs().get(i).getId())) return i;
        throw new AssertionError("no Audit tab");
    }

    private void settings(String data, int limit, int threads, Path folder) {
        interact(() -> {
            vm.models().forEach(m -> m.selectedProperty().set(m.name().equals(MODEL)));
            vm.dataProperty().set(data);
            vm.limitProperty().set(limit);
            vm.threadsProperty().set(threads);
            vm.folderChosenProperty().set(true);
            vm.folderProperty().set(folder.toString());
        });
    }

    private void await(long seconds, BooleanSupplier condition) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, condition::getAsBoolean);
        } catch (TimeoutException e) {
            throw new AssertionError("timed out; the tab says: " + vm.messageProperty().get(), e);
        }
        WaitForAsyncUtils.waitForFxEvents();
    }

    private String reviewText() {
        return lookup("#reviewText").queryAs(TextArea.class).getText();
    }

    @Test
    void aSmallAuditShowsRowsFiguresAndTablesWritesItsReportAndOpensDocuments() throws Exception {
        Path out = dir.resolve("audit");
        settings("sst2:test", 8, 2, out);
        assertEquals(List.of(MODEL), vm.checkedModels());
        // Group by: the published code's predicted class by default; the control carries a choice into the plan.
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<org.attentionworkbench.audit.GroupBy> groupBy =
                lookup("#auditGroupBy").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals(org.attentionworkbench.audit.GroupBy.PREDICTED, groupBy.getValue());
        interact(() -> groupBy.setValue(org.attentionworkbench.audit.GroupBy.TRUE));
        assertEquals(org.attentionworkbench.audit.GroupBy.TRUE, vm.groupByProperty().get());
        // The sanity check on the first document of the sample, asked for in its spinner.
        @SuppressWarnings("unchecked")
        javafx.scene.control.Spinner<Integer> sanity = lookup("#auditSanity").queryAs(javafx.scene.control.Spinner.class);
        assertEquals(0, sanity.getValue(), "none by default");
        interact(() -> sanity.getValueFactory().setValue(1));
        assertEquals(1, vm.sanityProperty().get());
        clickOn("#auditRun");
        await(180, () -> !vm.runningProperty().get() && vm.messageProperty().get().startsWith("Finished"));
        List<String> sanityRows = Files.readAllLines(out.resolve("sanity.csv"));
        assertTrue(sanityRows.stream().anyMatch(l -> l.startsWith(MODEL + ",attention,decoder,1.000000,1,")),
                String.join("\n", sanityRows));
        assertTrue(Files.isRegularFile(out.resolve("fig_sanity_" + MODEL + ".png")));
        // ... and its chart is a tab of the figures, before the tables.
        var figureTabs = view.figures().getTabs();
        assertEquals(figureTabs.indexOf(tabOf("auditTablesTab")) - 1, figureTabs.indexOf(tabOf("auditSanity-" + MODEL)));
        assertTrue(tabOf("auditSanity-" + MODEL).getContent() instanceof org.attentionworkbench.ui.charts.ChartView);
        assertEquals(1.0, vm.sanityResultsProperty().get().get(MODEL).meanTau("attention", 0), 1e-12);

        assertEquals(8, vm.rows().size());
        assertEquals(8, vm.progressProperty().get().done());
        assertEquals(8, vm.progressProperty().get().total());
        assertTrue(lookup("#auditProgressText").queryAs(Label.class).getText().startsWith("8/8"));
        assertEquals(8, DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME)).size());
        for (String f : List.of("summary.json", "table_kendall.csv", "table_flip_fractions.csv", "fig_delta_js.png",
                "fig_tau_gradient.svg", "fig_flip_fractions.png")) {
            assertTrue(Files.isRegularFile(out.resolve(f)), f + " written");
        }
        assertTrue(vm.messageProperty().get().contains(out.toString()), "says where the report is");
        assertEquals(out, vm.reportFolderProperty().get());

        // Figures and tables of all 8 rows.
        await(30, () -> vm.resultsProperty().get() != null && vm.resultsProperty().get().rows() == 8);
        AuditResults results = vm.resultsProperty().get();
        assertEquals(org.attentionworkbench.audit.GroupBy.TRUE, results.summary().groupBy(), "shown as the run grouped");
        assertTrue(Files.readString(out.resolve("summary.json")).contains("\"group_by\" : \"true\""));
        assertTrue(Files.readString(out.resolve("table_kendall.tex")).contains("by true class"));
        assertNotNull(view.figures().scatterView(), "the scatter is the first tab and is drawn");
        assertSame(results.charts().get(AuditResults.SCATTER), view.figures().scatterView().viewer().getChart());
        assertTrue(lookup("#auditProgress").query().getBoundsInParent().getHeight() > 5, "the progress bar is in sight");
        // A picture of the tab for a look at it (not compared with anything).
        WindowSnapshot.render(view.getScene().getRoot(), (int) view.getScene().getWidth(),
                (int) view.getScene().getHeight(), Path.of("target", "audit-tab.png"));
        for (String fig : List.of("fig_tau_gradient", "fig_flip_fractions")) {
            interact(() -> view.figures().getSelectionModel().select(tabOf("auditFigure-" + fig)));
            assertNotNull(lookup("#auditChart-" + fig).tryQuery().orElse(null), fig + " shown");
        }
        interact(() -> view.figures().getSelectionModel().select(tabOf("auditTablesTab")));
        TableView<?> kendall = lookup("#auditTable").queryAs(TableView.class);
        assertFalse(kendall.getItems().isEmpty(), "the Kendall table has rows");
        assertEquals("model", kendall.getColumns().get(0).getText());
        interact(() -> lookup("#auditTableChoice").queryAs(javafx.scene.control.ComboBox.class)
                .getSelectionModel().select("flip_fractions"));
        assertEquals("ranking", kendall.getColumns().get(1).getText());

        // A click on a row opens its document in the comparison grid.
        Dataset data = vm.datasetProperty().get();
        @SuppressWarnings("unchecked")
        TableRow<AuditRow> row = (TableRow<AuditRow>) lookup("#auditRows .table-row-cell").queryAll().stream()
                .filter(n -> n instanceof TableRow<?> r && r.getItem() != null && r.getIndex() == 2)
                .findFirst().orElseThrow();
        AuditRow clicked = row.getItem();
        clickOn(row.lookup(".table-cell")); // the row is wider than the table: its centre is out of sight
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(data.documents().get(clicked.index()).text(), reviewText());
        assertEquals("compareTab", tabs().getSelectionModel().getSelectedItem().getId());

        // A click on a point of the Delta-JS scatter opens the document behind it.
        interact(() -> tabs().getSelectionModel().select(indexOfAuditTab()));
        interact(() -> view.figures().getSelectionModel().select(tabOf("auditFigure-" + AuditResults.SCATTER)));
        ChartCanvas canvas = view.figures().scatterView().viewer().getCanvas();
        await(10, () -> canvas.getRenderingInfo() != null && point(canvas) != null);
        XYItemEntity point = point(canvas);
        AuditRow behind = results.scatterRow(point.getSeriesIndex(), point.getItem());
        assertNotNull(behind);
        interact(() -> lookup("#reviewText").queryAs(TextArea.class).setText("something else"));
        var bounds = point.getArea().getBounds2D();
        Point2D onScreen = canvas.localToScreen(bounds.getCenterX(), bounds.getCenterY());
        clickOn(onScreen);
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(data.documents().get(behind.index()).text(), reviewText());
        assertEquals("compareTab", tabs().getSelectionModel().getSelectedItem().getId());
    }

    /** A point of the scatter away from the plot's edges (the first series' middle item). */
    private static XYItemEntity point(ChartCanvas canvas) {
        if (canvas.getRenderingInfo() == null) return null;
        List<XYItemEntity> items = new java.util.ArrayList<>();
        for (Object e : canvas.getRenderingInfo().getEntityCollection().getEntities()) {
            if (e instanceof XYItemEntity x) items.add(x);
        }
        return items.isEmpty() ? null : items.get(items.size() / 2);
    }

    private javafx.scene.control.Tab tabOf(String id) {
        return view.figures().getTabs().stream().filter(t -> id.equals(t.getId())).findFirst().orElseThrow();
    }

    /** The settings' labels and the group-by choice read whole in the window as it opens (they were cut at 1440 px). */
    @Test
    void theSettingsReadWhole() {
        for (String text : java.util.List.of("Limit", "Threads", "Group by", "Sanity check")) {
            javafx.scene.control.Label l = lookup((javafx.scene.Node n) -> n instanceof javafx.scene.control.Label x
                    && text.equals(x.getText())).queryAs(javafx.scene.control.Label.class);
            assertTrue(l.getWidth() >= l.prefWidth(-1) - 0.5, text + " is cut: " + l.getWidth());
        }
        @SuppressWarnings("unchecked")
        javafx.scene.control.ComboBox<org.attentionworkbench.audit.GroupBy> groupBy =
                lookup("#auditGroupBy").queryAs(javafx.scene.control.ComboBox.class);
        assertEquals("Predicted (published)", groupBy.getConverter().toString(org.attentionworkbench.audit.GroupBy.PREDICTED));
    }

    @Test
    void cancelKeepsTheRowsAndTheNextRunResumesWithoutDuplicates() throws Exception {
        Path out = dir.resolve("cancelled");
        int limit = 300; // large enough that the run is still going when Cancel is clicked (sst2-average does ~20 sentences/s)
        settings("sst2:test", limit, 1, out);
        clickOn("#auditRun");
        await(120, () -> vm.rows().size() >= 3);
        clickOn("#auditCancel");
        int atCancel = DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME)).size();
        await(60, () -> !vm.runningProperty().get());
        assertTrue(vm.messageProperty().get().startsWith("Cancelled"), vm.messageProperty().get());
        List<AuditRow> kept = DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME));
        assertTrue(kept.size() >= 3 && kept.size() < limit, kept.size() + " rows kept");
        assertTrue(kept.size() - atCancel <= 2, "stopped within a document or two: " + atCancel + " -> " + kept.size());
        assertEquals(kept.size(), vm.rows().size(), "the window shows the rows in the folder");
        assertFalse(Files.exists(out.resolve("summary.json")), "no report for a cancelled run");
        assertFalse(lookup("#auditRun").queryAs(Button.class).isDisabled());

        clickOn("#auditRun");
        await(180, () -> !vm.runningProperty().get() && vm.messageProperty().get().startsWith("Finished"));
        List<AuditRow> all = DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME));
        assertEquals(limit, all.size());
        Set<String> keys = new HashSet<>();
        for (AuditRow r : all) assertTrue(keys.add(r.key()), "row " + r.key() + " twice");
        assertEquals(limit, vm.rows().size());
        assertEquals(limit, new HashSet<>(vm.rows().stream().map(AuditRow::key).toList()).size());
        assertTrue(Files.isRegularFile(out.resolve("summary.json")));

        // The same folder with another plan is refused with the core's message.
        interact(() -> vm.limitProperty().set(limit + 1));
        clickOn("#auditRun");
        await(60, () -> !vm.runningProperty().get() && vm.errorProperty().get());
        assertTrue(vm.messageProperty().get().contains("holds an audit with other settings"),
                vm.messageProperty().get());
        assertEquals(limit, DocumentsCsv.read(out.resolve(DocumentsCsv.FILE_NAME)).size(), "nothing was mixed in");
    }

    @Test
    void badInputIsAMessageAndTheTabKeepsWorking() throws Exception {
        settings("no-such-dataset:test", 4, 1, dir.resolve("bad"));
        clickOn("#auditRun");
        await(60, () -> !vm.runningProperty().get() && vm.errorProperty().get());
        String m = lookup("#auditMessage").queryAs(Label.class).getText();
        assertTrue(m.startsWith("Cannot read the data") && m.contains("no-such-dataset"), m);
        assertFalse(m.contains("Exception") || m.contains("\tat "), m);

        Path file = Files.writeString(dir.resolve("a-file"), "not a folder");
        settings("sst2:test", 4, 1, file.resolve("out"));
        clickOn("#auditRun");
        await(60, () -> !vm.runningProperty().get() && vm.errorProperty().get());
        m = vm.messageProperty().get();
        assertTrue(m.startsWith("Cannot use ") && m.contains("a-file"), m);

        interact(() -> vm.models().forEach(c -> c.selectedProperty().set(false)));
        clickOn("#auditRun");
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals("Check at least one model.", vm.messageProperty().get());
        assertFalse(vm.runningProperty().get());
        assertTrue(vm.rows().isEmpty());
        // The window still answers: the review can be edited and is analysed.
        interact(() -> lookup("#reviewText").queryAs(TextArea.class).setText("a fine film"));
        assertEquals("a fine film", reviewText());
    }
}
