package org.attentionworkbench.ui.browser;

import java.io.File;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Function;
import javafx.beans.binding.Bindings;
import javafx.beans.property.ReadOnlyObjectWrapper;
import javafx.beans.value.ObservableValue;
import javafx.collections.transformation.SortedList;
import javafx.geometry.Insets;
import javafx.geometry.Pos;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ProgressIndicator;
import javafx.scene.control.ScrollBar;
import javafx.scene.control.TableCell;
import javafx.scene.control.TableColumn;
import javafx.scene.control.TableRow;
import javafx.scene.control.TableView;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.input.DragEvent;
import javafx.scene.input.TransferMode;
import javafx.scene.layout.BorderPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.Duration;
import org.attentionworkbench.explain.DocumentFigures;
import org.attentionworkbench.data.Dataset;
import org.attentionworkbench.text.Document;
import org.attentionworkbench.text.TokenLimit;
import org.controlsfx.control.RangeSlider;

/**
 * The dataset browser: open a dataset file or folder (buttons or drag and drop), see every
 * document with its true label, prediction, confidence, length and the figures of docs/methods.md
 * (tau attention-vs-gradient, epsilon-max JSD, fraction erased before the first flip), filter
 * and sort, and open a document by selecting its row ({@link #setOnOpen}).
 * Problems (a binary file, a malformed dataset) are shown in the view; the app stays up.
 */
public final class DatasetBrowserView extends BorderPane {

    private final DatasetBrowserViewModel model;
    private final TableView<BrowserRow> table = new TableView<>();
    private final Label message = new Label();
    private final RangeSlider lengthSlider = new RangeSlider(0, 1, 0, 1);
    private final ComboBox<String> classBox = new ComboBox<>();
    private Consumer<Document> onOpen = d -> { };

    public DatasetBrowserView(DatasetBrowserViewModel model) {
        this.model = model;
        setId("datasetBrowser");
        table.setId("browserTable");
        message.setId("browserMessage");
        setTop(new VBox(6, toolbar(), filters()));
        setCenter(table);
        setBottom(statusLine());
        BorderPane.setMargin(getTop(), new Insets(6));
        BorderPane.setMargin(getBottom(), new Insets(4, 6, 4, 6));
        buildTable();
        installDragAndDrop();
        model.datasetProperty().addListener((o, a, d) -> datasetChanged(d));
    }

    /** Called with the document of the row the user selects (click or arrow keys). */
    public void setOnOpen(Consumer<Document> onOpen) {
        this.onOpen = onOpen == null ? d -> { } : onOpen;
    }

    /** The view model (for wiring the model property). */
    public DatasetBrowserViewModel viewModel() {
        return model;
    }

    private HBox toolbar() {
        Button openFile = new Button("Open file...");
        openFile.setId("openDatasetFile");
        openFile.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Open dataset file");
            fc.getExtensionFilters().addAll(
                    new FileChooser.ExtensionFilter("Datasets (TSV, CSV, SST trees, gz)", "*.tsv", "*.csv", "*.txt",
                            "*.gz"),
                    new FileChooser.ExtensionFilter("All files", "*.*"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) model.open(f.toPath());
        });
        Button openFolder = new Button("Open folder...");
        openFolder.setId("openDatasetFolder");
        openFolder.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Open dataset folder (aclImdb, 20 Newsgroups)");
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) model.open(f.toPath());
        });
        ProgressIndicator busy = new ProgressIndicator();
        busy.setPrefSize(18, 18);
        busy.visibleProperty().bind(model.busyProperty());
        Label hint = new Label("or drop a file or folder here");
        hint.setStyle("-fx-text-fill: #666666;");
        HBox box = new HBox(8, openFile, openFolder, hint, busy);
        box.setAlignment(Pos.CENTER_LEFT);
        return box;
    }

    private HBox filters() {
        TextField search = new TextField();
        search.setId("browserSearch");
        search.setPromptText("Search text or id");
        search.setPrefColumnCount(16);
        model.searchProperty().bind(search.textProperty());

        CheckBox mis = new CheckBox("Misclassified only");
        mis.setId("misclassifiedOnly");
        model.misclassifiedOnlyProperty().bind(mis.selectedProperty());

        classBox.setId("classFilter");
        classBox.getItems().add("All classes");
        classBox.getSelectionModel().select(0);
        classBox.valueProperty().addListener((o, a, b) ->
                model.classFilterProperty().set(Math.max(-1, classBox.getSelectionModel().getSelectedIndex() - 1)));

        lengthSlider.setId("lengthRange");
        lengthSlider.setPrefWidth(220);
        lengthSlider.setShowTickLabels(true);
        lengthSlider.setShowTickMarks(false);
        model.minLengthProperty().bind(lengthSlider.lowValueProperty());
        model.maxLengthProperty().bind(lengthSlider.highValueProperty());
        Label lengthLabel = new Label();
        lengthLabel.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT,
                "%d - %d tokens", Math.round(lengthSlider.getLowValue()), Math.round(lengthSlider.getHighValue())),
                lengthSlider.lowValueProperty(), lengthSlider.highValueProperty()));
        lengthLabel.setMinWidth(Region.USE_PREF_SIZE);

        HBox box = new HBox(10, search, classBox, mis, new Label("Length:"), lengthSlider, lengthLabel);
        box.setAlignment(Pos.CENTER_LEFT);
        HBox.setHgrow(search, Priority.SOMETIMES);
        return box;
    }

    private HBox statusLine() {
        message.textProperty().bind(model.messageProperty());
        message.styleProperty().bind(Bindings.when(model.errorProperty())
                .then("-fx-text-fill: #b30000; -fx-font-weight: bold;").otherwise("-fx-text-fill: #333333;"));
        message.setWrapText(true);
        Label count = new Label();
        count.setId("browserCount");
        count.textProperty().bind(Bindings.createStringBinding(() -> String.format(Locale.ROOT, "%,d of %,d shown",
                model.filteredRows().size(), model.rows().size()), model.filteredRows(), model.rows()));
        count.setMinWidth(Region.USE_PREF_SIZE);
        Region spring = new Region();
        HBox.setHgrow(spring, Priority.ALWAYS);
        HBox.setHgrow(message, Priority.ALWAYS);
        return new HBox(8, message, spring, count);
    }

    private void buildTable() {
        SortedList<BrowserRow> sorted = new SortedList<>(model.filteredRows());
        sorted.comparatorProperty().bind(table.comparatorProperty());
        table.setItems(sorted);
        table.setPlaceholder(new Label("Open a dataset: TSV/CSV, SST trees, an aclImdb or 20 Newsgroups folder."));
        table.setColumnResizePolicy(TableView.CONSTRAINED_RESIZE_POLICY_FLEX_LAST_COLUMN);

        TableColumn<BrowserRow, String> id = column("id", r -> new ReadOnlyObjectWrapper<>(r.document().id()));
        TableColumn<BrowserRow, String> truth = column("true", r -> new ReadOnlyObjectWrapper<>(label(r.document().label())));
        TableColumn<BrowserRow, String> pred = column("predicted", r -> Bindings.createObjectBinding(
                () -> label(r.predictedProperty().get()), r.predictedProperty()));
        TableColumn<BrowserRow, Number> conf = number("confidence", r -> r.confidenceProperty(), "%.3f");
        TableColumn<BrowserRow, Number> len = number("tokens", r -> new ReadOnlyObjectWrapper<>(r.length()), "%.0f");
        TableColumn<BrowserRow, Number> tau = number("\u03c4 att/grad", r -> figure(r, DocumentFigures::tau), "%.2f");
        TableColumn<BrowserRow, Number> jsd = number("\u03b5-max JSD", r -> figure(r, DocumentFigures::epsilonMaxJsd), "%.3f");
        TableColumn<BrowserRow, Number> flip = number("to flip", r -> figure(r, f -> Double.isNaN(f.flipFraction())
                ? Double.POSITIVE_INFINITY : f.flipFraction()), "%.0f%%"); // infinite: never flips
        TableColumn<BrowserRow, String> text = column("text", r -> new ReadOnlyObjectWrapper<>(
                r.document().text().length() > 200 ? r.document().text().substring(0, 200) + "..." : r.document().text()));
        tau.setUserData(Boolean.TRUE);
        flip.setUserData(100.0);
        tooltip(len, "Tokens in the document; every tab and command reads at most the first "
                + String.format(java.util.Locale.ROOT, "%,d", TokenLimit.MAX_TOKENS) + " (the status line says when a"
                + " document is cut)");
        tooltip(truth, "The true class by the model's class names: integer labels are class indices, names match"
                + " the model's ignoring case");
        tooltip(tau, "Kendall tau-b of attention against |gradient| (1 = same ranking, 0 = unrelated)");
        tooltip(jsd, "Largest JSD of an attention keeping the output within epsilon (exact for two classes)");
        tooltip(flip, "Share of tokens erased in attention order before the decision flips (100%: only when"
                + " every token is gone); never: erasing never flips it; blank: still computing (figures are"
                + " computed for the rows in sight)");
        // Ids like "sst2_test.tsv:1820" were cut at 150 px: the column is as wide as the longest
        // id of the dataset (up to 320 px; longer ones show whole in the cell's tooltip).
        id.setPrefWidth(170);
        id.setMinWidth(170);
        sorted.addListener((javafx.collections.ListChangeListener<BrowserRow>) c -> fitIdColumn(id, sorted));
        id.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setTooltip(empty || v == null ? null : new javafx.scene.control.Tooltip(v));
            }
        });
        for (TableColumn<BrowserRow, ?> c : List.of(truth, pred, conf, len, tau, jsd, flip)) c.setMinWidth(84); // flex policy squeezes headers otherwise
        // Class names like rec.sport.baseball and rec.sport.hockey were both "rec.sport...." at 84 px.
        sorted.addListener((javafx.collections.ListChangeListener<BrowserRow>) c -> fitClassColumns(truth, pred));
        for (TableColumn<BrowserRow, String> c : List.of(truth, pred)) c.setCellFactory(col -> new javafx.scene.control.TableCell<>() {
            @Override
            protected void updateItem(String v, boolean empty) {
                super.updateItem(v, empty);
                setText(empty ? null : v);
                setTooltip(empty || v == null || v.isEmpty() ? null : new javafx.scene.control.Tooltip(v));
            }
        });
        text.setPrefWidth(600);
        table.getColumns().setAll(List.of(id, truth, pred, conf, len, tau, jsd, flip, text));

        table.setRowFactory(tv -> {
            TableRow<BrowserRow> row = new TableRow<>() {
                @Override
                protected void updateItem(BrowserRow item, boolean empty) {
                    super.updateItem(item, empty);
                    // Misclassified rows are marked; the predicted cell tells which way.
                    setStyle(item != null && item.misclassified() ? "-fx-background-color: #fde0dd;" : "");
                }
            };
            return row;
        });
        // A click selects (to read or compare rows); a double click or Enter opens the row in
        // Compare. Opening on selection made every click replace the review.
        table.setOnMouseClicked(e -> {
            if (e.getButton() == javafx.scene.input.MouseButton.PRIMARY && e.getClickCount() == 2) openSelected();
        });
        table.addEventHandler(javafx.scene.input.KeyEvent.KEY_PRESSED, e -> {
            if (e.getCode() == javafx.scene.input.KeyCode.ENTER) {
                openSelected();
                e.consume();
            }
        });
        // Figures are computed for the rows in sight: ask after each scroll and each filter/sort change.
        javafx.animation.PauseTransition debounce = new javafx.animation.PauseTransition(Duration.millis(150));
        debounce.setOnFinished(e -> model.request(visibleRows()));
        table.addEventFilter(javafx.scene.input.ScrollEvent.ANY, e -> debounce.playFromStart());
        sorted.addListener((javafx.collections.ListChangeListener<BrowserRow>) c -> debounce.playFromStart());
        table.skinProperty().addListener((o, a, s) -> {
            for (javafx.scene.Node n : table.lookupAll(".scroll-bar")) {
                if (n instanceof ScrollBar sb) sb.valueProperty().addListener((ob, x, y) -> debounce.playFromStart());
            }
        });
    }

    /** The true and predicted columns as wide as the longest class name shown (84 to 200 px). */
    private void fitClassColumns(TableColumn<BrowserRow, String> truth, TableColumn<BrowserRow, String> pred) {
        List<String> names = new ArrayList<>();
        var m = model.modelProperty().get();
        if (m != null) names.addAll(m.labels());
        Dataset d = model.datasetProperty().get();
        if (d != null) names.addAll(d.labels());
        double w = org.attentionworkbench.ui.ClassColumnWidth.of(names);
        for (TableColumn<BrowserRow, String> c : List.of(truth, pred)) {
            c.setMinWidth(w);
            c.setPrefWidth(w);
        }
    }

    private static void fitIdColumn(TableColumn<BrowserRow, String> id, List<BrowserRow> rows) {
        javafx.scene.text.Text probe = new javafx.scene.text.Text();
        probe.setFont(javafx.scene.text.Font.font(13));
        double widest = 0;
        int n = 0;
        for (BrowserRow r : rows) {
            if (n++ > 2000) break; // ids of one dataset share a pattern: the first 2,000 tell the width
            probe.setText(r.document().id());
            widest = Math.max(widest, probe.getLayoutBounds().getWidth());
        }
        double w = Math.min(320, Math.max(120, Math.ceil(widest) + 24));
        id.setMinWidth(w);
        id.setPrefWidth(w);
    }

    private void openSelected() {
        BrowserRow r = table.getSelectionModel().getSelectedItem();
        if (r != null) onOpen.accept(r.document());
    }

    private List<BrowserRow> visibleRows() {
        List<BrowserRow> out = new ArrayList<>();
        for (javafx.scene.Node n : table.lookupAll(".table-row-cell")) {
            if (n instanceof TableRow<?> r && r.getItem() instanceof BrowserRow b && r.isVisible()) out.add(b);
        }
        out.sort(java.util.Comparator.comparingInt(b -> table.getItems().indexOf(b)));
        return out;
    }

    private String label(int cls) {
        if (cls < 0) return "";
        // The model's class names first: a 0/1 file said 0/1 here while the window said neg/pos.
        var m = model.modelProperty().get();
        if (m != null && cls < m.labels().size()) return m.labels().get(cls);
        Dataset d = model.datasetProperty().get();
        return d != null && cls < d.labels().size() ? d.labels().get(cls) : Integer.toString(cls);
    }

    private static ObservableValue<Number> figure(BrowserRow r, java.util.function.ToDoubleFunction<DocumentFigures> f) {
        return Bindings.createDoubleBinding(() -> {
            DocumentFigures fig = r.figuresProperty().get();
            return fig == null ? Double.NaN : f.applyAsDouble(fig);
        }, r.figuresProperty());
    }

    private static <T> TableColumn<BrowserRow, T> column(String title, Function<BrowserRow, ObservableValue<T>> value) {
        TableColumn<BrowserRow, T> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> value.apply(cd.getValue()));
        return c;
    }

    private static TableColumn<BrowserRow, Number> number(String title,
                                                          Function<BrowserRow, ObservableValue<? extends Number>> value,
                                                          String format) {
        TableColumn<BrowserRow, Number> c = new TableColumn<>(title);
        c.setCellValueFactory(cd -> {
            @SuppressWarnings("unchecked")
            ObservableValue<Number> v = (ObservableValue<Number>) value.apply(cd.getValue());
            return v;
        });
        // NaN (not known yet, or "never") sorts last in both directions would need a custom
        // comparator per direction; last ascending is the useful case.
        c.setComparator((a, b) -> Double.compare(nanLast(a), nanLast(b)));
        c.setCellFactory(col -> new TableCell<>() {
            @Override
            protected void updateItem(Number v, boolean empty) {
                super.updateItem(v, empty);
                double scale = col.getUserData() instanceof Double s ? s : 1;
                setText(empty || v == null || Double.isNaN(v.doubleValue()) ? ""
                        : Double.isInfinite(v.doubleValue()) ? "never"
                        : cellText(format, v.doubleValue() * scale));
                setAlignment(Pos.CENTER_RIGHT);
            }
        });
        return c;
    }

    /**
     * A number in its column's format; a positive percentage that would round to "0%" reads "<1%"
     * (one token of a 601-token review flips it: 0.17%, which is not none).
     */
    static String cellText(String format, double shown) {
        if (format.endsWith("%%") && shown > 0 && shown < 0.5) return "<1%";
        return String.format(Locale.ROOT, format, shown);
    }

    /** 1, 2 or 5 times a power of ten: tick labels people can read. */
    private static double niceStep(double raw) {
        double p = Math.pow(10, Math.floor(Math.log10(Math.max(1, raw))));
        double m = raw / p;
        return (m < 1.5 ? 1 : m < 3.5 ? 2 : m < 7.5 ? 5 : 10) * p;
    }

    private static double nanLast(Number n) {
        return n == null || Double.isNaN(n.doubleValue()) ? Double.MAX_VALUE : n.doubleValue();
    }

    private static void tooltip(TableColumn<?, ?> c, String text) {
        Label l = new Label(c.getText());
        l.setTooltip(new Tooltip(text));
        c.setGraphic(l);
        c.setText("");
    }

    private void installDragAndDrop() {
        addEventHandler(DragEvent.DRAG_OVER, e -> {
            if (e.getDragboard().hasFiles()) e.acceptTransferModes(TransferMode.COPY);
            e.consume();
        });
        addEventHandler(DragEvent.DRAG_DROPPED, e -> {
            List<File> files = e.getDragboard().hasFiles() ? e.getDragboard().getFiles() : List.of();
            if (!files.isEmpty()) model.open(files.get(0).toPath());
            e.setDropCompleted(!files.isEmpty());
            e.consume();
        });
    }

    private void datasetChanged(Dataset d) {
        classBox.getItems().setAll("All classes");
        if (d != null) classBox.getItems().addAll(d.labels());
        classBox.getSelectionModel().select(0);
        int max = Math.max(1, model.maxTokensProperty().get());
        lengthSlider.setMax(max);
        lengthSlider.setHighValue(max);
        lengthSlider.setLowValue(0);
        lengthSlider.setMajorTickUnit(niceStep(max / 4.0));
        table.scrollTo(0);
    }
}
