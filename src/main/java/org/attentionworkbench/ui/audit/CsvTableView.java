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

    /** One CSV line; quoted fields may hold commas and doubled quotes. */
    static List<String> parse(String line) {
        List<String> out = new ArrayList<>();
        StringBuilder b = new StringBuilder();
        boolean quoted = false;
        for (int i = 0; i < line.length(); i++) {
            char c = line.charAt(i);
            if (quoted) {
                if (c == '"' && i + 1 < line.length() && line.charAt(i + 1) == '"') {
                    b.append('"');
                    i++;
                } else if (c == '"') {
                    quoted = false;
                } else {
                    b.append(c);
                }
            } else if (c == '"') {
                quoted = true;
            } else if (c == ',') {
                out.add(b.toString());
                b.setLength(0);
            } else {
                b.append(c);
            }
        }
        out.add(b.toString());
        return out;
    }
}
