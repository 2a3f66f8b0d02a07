package org.attentionworkbench.ui.audit;

import java.util.List;
import java.util.Locale;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.Tooltip;
import javafx.scene.input.KeyCode;
import javafx.scene.input.MouseButton;
import org.attentionworkbench.audit.AuditColumns;
import org.attentionworkbench.audit.AuditRow;
import org.attentionworkbench.explain.SaliencyMethod;

/**
 * The audit's rows, one per document and model, sortable by every column. A click on a row (or
 * Enter on the selected one) opens its document. Opening follows clicks, not the selection: rows
 * arrive while the user looks, and an inserted row moving the selection must not open anything.
 */
final class AuditRowsTable extends TableView<AuditRow> {

    AuditRowsTable(AuditViewModel vm) {
        setId("auditRows");
        SortedList<AuditRow> sorted = new SortedList<>(vm.rows());
        sorted.comparatorProperty().bind(comparatorProperty());
        setItems(sorted);
        setPlaceholder(new Label("Rows appear here as documents are audited."));
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);

        TableColumn<AuditRow, String> model = text("model", AuditRow::model);
        TableColumn<AuditRow, String> id = text("id", AuditRow::id);
        TableColumn<AuditRow, String> truth = text("true", AuditRow::trueLabel);
        TableColumn<AuditRow, String> pred = text("predicted", AuditRow::prediction);
        TableColumn<AuditRow, Number> conf = number("confidence", AuditRow::confidence, "%.3f", null);
        TableColumn<AuditRow, Number> len = number("tokens", AuditRow::length, "%.0f", null);
        TableColumn<AuditRow, Number> tauGrad = value("\u03c4 grad", AuditColumns.tau(SaliencyMethod.GRADIENT), "%.2f",
                "Kendall tau-b of attention against |gradient|");
        TableColumn<AuditRow, Number> tauLoo = value("\u03c4 LOO", AuditColumns.tau(SaliencyMethod.LEAVE_ONE_OUT),
                "%.2f", "Kendall tau-b of attention against leave-one-out");
        TableColumn<AuditRow, Number> perm = value("perm TVD", "perm_median_tvd", "%.3f",
                "Median total variation distance of the output under random permutations of attention");
        TableColumn<AuditRow, Number> jsd = value("\u03b5-max JSD", "adv_jsd_search", "%.3f",
                "JSD of the adversarial attention from the published search (output within epsilon)");
        TableColumn<AuditRow, Number> jsdExact = value("exact JSD", "adv_jsd_exact", "%.3f",
                "Exact epsilon-max JSD (two classes)");
        TableColumn<AuditRow, Number> flipAtt = value("flip att", AuditColumns.flip("attention"), "%.2f",
                "Fraction of tokens erased in attention order before the decision flips (blank: never)");
        TableColumn<AuditRow, Number> flipRnd = value("flip rnd", AuditColumns.flip("random"), "%.2f",
                "The same in random order (mean over shuffles that flip)");
        TableColumn<AuditRow, Number> deltaJs = value("\u0394JS", "delta_js", "%.4f",
                "JS change erasing the top-attended token minus erasing a random one");
        TableColumn<AuditRow, Number> ms = value("ms", AuditColumns.ms("total"), "%.0f", "Time for the document");
        model.setPrefWidth(100);
        id.setPrefWidth(120);
        truth.setPrefWidth(60);
        pred.setPrefWidth(76);
        conf.setPrefWidth(92); // "confidence" whole (it was "confide..." at the default width)
        // Class names like comp.os.ms-windows.misc: the columns widen to the longest seen (up to 200 px).
        vm.rows().addListener((javafx.collections.ListChangeListener<AuditRow>) c -> {
            java.util.Set<String> names = new java.util.HashSet<>();
            while (c.next()) {
                for (AuditRow r : c.getAddedSubList()) {
                    names.add(r.trueLabel());
                    names.add(r.prediction());
                }
            }
            double w = org.attentionworkbench.ui.ClassColumnWidth.of(names);
            for (TableColumn<AuditRow, String> col : List.of(truth, pred)) {
                if (w > org.attentionworkbench.ui.ClassColumnWidth.MIN && w > col.getPrefWidth()) col.setPrefWidth(w);
            }
        });
        getColumns().setAll(List.of(model, id, truth, pred, conf, len, tauGrad, tauLoo, perm, jsd, jsdExact, flipAtt,
                flipRnd, deltaJs, ms));

        setRowFactory(tv -> {
            TableRow<AuditRow> row = new TableRow<>() {
                @Override
                protected void updateItem(AuditRow item, boolean empty) {
                    super.updateItem(item, empty);
                    getStyleClass().remove("misclassified");
                    if (item != null && !empty && !item.trueLabel().isEmpty() && !item.correct()) {
                        getStyleClass().add("misclassified");
                    }
                }
            };
            row.setOnMouseClicked(e -> {
                if (e.getButton() == MouseButton.PRIMARY && !row.isEmpty()) vm.open(row.getItem());
            });
            return row;
        });
        setOnKeyPressed(e -> {
            if (e.getCode() == KeyCode.ENTER) vm.open(getSelectionModel().getSelectedItem());
        });
    }

    private static TableColumn<AuditRow, String> text(String title, Function<AuditRow, String> f) {
        TableColumn<AuditRow, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.apply(cd.getValue())));
        return c;
    }

    private static TableColumn<AuditRow, Number> value(String title, String column, String format, String help) {
        return number(title, r -> r.value(column), format, help);
    }

    private static TableColumn<AuditRow, Number> number(String title, ToDoubleFunction<AuditRow> f, String format,
                                                        String help) {
        TableColumn<AuditRow, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(f.applyAsDouble(cd.getValue())));
        // Blank (not computed, or never flipped) sorts after every number.
        c.setComparator((a, b) -> Double.compare(nanLast(a), nanLast(b)));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty || v == null || Double.isNaN(v.doubleValue()) ? ""
                        : String.format(Locale.ROOT, format, v.doubleValue()));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        if (help != null) {
            Label l = new Label(title);
            l.setTooltip(new Tooltip(help));
            c.setGraphic(l);
            c.setText("");
        }
        c.setPrefWidth(78);
        return c;
    }

    private static double nanLast(Number n) {
        return n == null || Double.isNaN(n.doubleValue()) ? Double.MAX_VALUE : n.doubleValue();
    }
}
