package org.attentionworkbench.ui.audit;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.geometry.Pos;
import javafx.scene.control.Label;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableView;
import org.attentionworkbench.data.Csv;

/**
 * A read-only table of one of the audit's CSV tables (AuditTables), so that the window shows
 * exactly what the report's {@code table_*.csv} files hold; numbers with three decimals.
 */
final class CsvTableView extends TableView<List<String>> {

    private String shown;

    CsvTableView() {
        setPlaceholder(new Label("The tables appear with the first rows."));
        setColumnResizePolicy(TableView.UNCONSTRAINED_RESIZE_POLICY);
    }

    /** Shows {@code csv} (header line first); the same text again changes nothing. */
    void show(String csv) {
        if (csv == null || csv.equals(shown)) return;
        shown = csv;
        String[] lines = csv.split("\n");
        List<String> header = parse(lines[0]);
        if (getColumns().size() != header.size() || !header.equals(getColumns().stream().map(TableColumn::getText).toList())) {
            List<TableColumn<List<String>, String>> cols = new ArrayList<>();
            for (int i = 0; i < header.size(); i++) cols.add(column(header.get(i), i));
            getColumns().setAll(cols);
        }
        List<List<String>> rows = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) if (!lines[i].isBlank()) rows.add(parse(lines[i]));
        getItems().setAll(rows);
    }

    private static TableColumn<List<String>, String> column(String title, int index) {
        TableColumn<List<String>, String> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> new ReadOnlyObjectWrapper<>(index < cd.getValue().size() ? cd.getValue().get(index) : ""));
        c.setSortable(false); // the table's own order (model, method, class) is the reading order
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                String t = empty || v == null ? "" : format(v);
                setText(t);
                setAlignment(t.equals(v) && !isNumber(v) ? Pos.CENTER_LEFT : Pos.CENTER_RIGHT);
            }
        });
        c.setPrefWidth(Math.max(70, 8 * title.length() + 20));
        return c;
    }

    static String format(String v) {
        if (!isNumber(v) || !v.contains(".")) return v;
        double d = Double.parseDouble(v);
        return Double.isFinite(d) ? String.format(Locale.ROOT, "%.3f", d) : v;
    }

    private static boolean isNumber(String v) {
        try {
            Double.parseDouble(v);
            return true;
        } catch (NumberFormatException e) {
            return false;
        }
    }

    /** One line of a table the audit wrote (the data package's CSV rules); a broken line is shown whole. */
    static List<String> parse(String line) {
        try {
            return Csv.splitLine(line);
        } catch (IllegalArgumentException e) {
            return List.of(line);
        }
    }
}
