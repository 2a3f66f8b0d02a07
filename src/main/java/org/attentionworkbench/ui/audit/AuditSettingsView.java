package org.attentionworkbench.ui.audit;

import java.io.File;
import javafx.beans.property.ObjectProperty;
import javafx.scene.control.Button;
import javafx.scene.control.CheckBox;
import javafx.scene.control.ComboBox;
import javafx.scene.control.Label;
import javafx.scene.control.ListView;
import javafx.scene.control.Spinner;
import javafx.scene.control.SpinnerValueFactory;
import javafx.scene.control.TextField;
import javafx.scene.control.Tooltip;
import javafx.scene.control.cell.CheckBoxListCell;
import javafx.scene.layout.GridPane;
import javafx.scene.layout.HBox;
import javafx.scene.layout.Priority;
import javafx.scene.layout.Region;
import javafx.scene.layout.VBox;
import javafx.stage.DirectoryChooser;
import javafx.stage.FileChooser;
import javafx.util.StringConverter;
import org.attentionworkbench.audit.GroupBy;
import org.attentionworkbench.explain.Section;

/** The plan: models, data, sections, limit, threads, grouping of the report and output folder. */
final class AuditSettingsView extends VBox {

    // Bidirectional bindings hold their ends weakly: the Integer views of the properties live here.
    private final ObjectProperty<Integer> limitValue;
    private final ObjectProperty<Integer> threadsValue;
    private final ObjectProperty<Integer> sanityValue;

    AuditSettingsView(AuditViewModel vm) {
        getStyleClass().add("audit-settings");
        setSpacing(6);

        ListView<ModelChoice> models = new ListView<>(vm.models());
        models.setId("auditModels");
        models.setCellFactory(CheckBoxListCell.forListView(ModelChoice::selectedProperty, new StringConverter<>() {
            @Override
            public String toString(ModelChoice m) {
                return m == null ? "" : m.name();
            }

            @Override
            public ModelChoice fromString(String s) {
                return null;
            }
        }));
        models.setPrefHeight(150);

        ComboBox<String> data = new ComboBox<>();
        data.setId("auditData");
        data.setEditable(true);
        data.getItems().setAll(AuditViewModel.DATASETS);
        data.valueProperty().bindBidirectional(vm.dataProperty());
        data.setMaxWidth(Double.MAX_VALUE);
        // A typed value counts without Enter: focus leaves the field (for Run, say) before Run acts.
        data.getEditor().focusedProperty().addListener((o, was, focused) -> {
            if (!focused) vm.dataProperty().set(data.getEditor().getText());
        });
        Button browse = new Button("Browse...");
        browse.setOnAction(e -> {
            FileChooser fc = new FileChooser();
            fc.setTitle("Audit a dataset file");
            fc.getExtensionFilters().addAll(new FileChooser.ExtensionFilter("Datasets (TSV, CSV, SST trees, gz)",
                    "*.tsv", "*.csv", "*.txt", "*.gz"), new FileChooser.ExtensionFilter("All files", "*.*"));
            File f = fc.showOpenDialog(getScene().getWindow());
            if (f != null) vm.dataProperty().set(f.getAbsolutePath());
        });
        HBox dataRow = new HBox(6, data, browse);
        HBox.setHgrow(data, Priority.ALWAYS);

        VBox sections = new VBox(3);
        for (Section s : Section.values()) {
            CheckBox box = new CheckBox(s.id());
            box.setId("auditSection-" + s.id());
            box.selectedProperty().bindBidirectional(vm.sectionProperty(s));
            sections.getChildren().add(box);
        }

        Spinner<Integer> limit = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 1_000_000,
                vm.limitProperty().get(), 10));
        limit.setId("auditLimit");
        limit.setTooltip(new Tooltip("Documents per model, drawn with a fixed seed; 0 = every document"));
        limitValue = vm.limitProperty().asObject();
        editable(limit, limitValue);
        Spinner<Integer> threads = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(1,
                Math.max(1, 2 * Runtime.getRuntime().availableProcessors()), vm.threadsProperty().get()));
        threads.setId("auditThreads");
        threads.setTooltip(new Tooltip("Worker threads, one document each (results do not depend on it)"));
        threadsValue = vm.threadsProperty().asObject();
        editable(threads, threadsValue);
        Spinner<Integer> sanity = new Spinner<>(new SpinnerValueFactory.IntegerSpinnerValueFactory(0, 10_000,
                vm.sanityProperty().get(), 5));
        sanity.setId("auditSanity");
        sanity.setTooltip(new Tooltip("Sanity check (Adebayo et al. 2018) on the first N documents, after the report:"
                + " the cascade re-initialises decoder, attention, encoder and embeddings; about five explanations"
                + " per document; 0 = none"));
        sanityValue = vm.sanityProperty().asObject();
        editable(sanity, sanityValue);
        ComboBox<GroupBy> groupBy = new ComboBox<>();
        groupBy.setId("auditGroupBy");
        groupBy.getItems().setAll(GroupBy.values());
        groupBy.valueProperty().bindBidirectional(vm.groupByProperty());
        groupBy.setConverter(new StringConverter<>() {
            @Override
            public String toString(GroupBy g) {
                // Short enough for the settings column at 1440 px ("Predicted class (publi..." was cut);
                // the tooltip says that the predicted class is the published grouping.
                return g == null ? "" : g == GroupBy.PREDICTED ? "Predicted (published)" : "True class";
            }

            @Override
            public GroupBy fromString(String s) {
                return null;
            }
        });
        groupBy.setTooltip(new Tooltip("Which class the Kendall and top-k tables and the tau histograms group a"
                + " document under: its predicted class (as the published code does) or its true class; only the"
                + " report depends on it"));
        GridPane numbers = new GridPane();
        numbers.setHgap(8);
        numbers.setVgap(4);
        numbers.addRow(0, fixed("Limit"), limit);
        numbers.addRow(1, fixed("Threads"), threads);
        numbers.addRow(2, fixed("Group by"), groupBy);
        numbers.addRow(3, fixed("Sanity check"), sanity);

        TextField folder = new TextField();
        folder.setId("auditFolder");
        folder.textProperty().bindBidirectional(vm.folderProperty());
        folder.setOnKeyTyped(e -> vm.folderChosenProperty().set(true));
        Button choose = new Button("Choose...");
        choose.setOnAction(e -> {
            DirectoryChooser dc = new DirectoryChooser();
            dc.setTitle("Audit output folder");
            File f = dc.showDialog(getScene().getWindow());
            if (f != null) {
                vm.folderChosenProperty().set(true);
                vm.folderProperty().set(f.getAbsolutePath());
            }
        });
        Button reset = new Button("Default");
        reset.setTooltip(new Tooltip("A folder named after the data, models, limit and sections"));
        reset.setOnAction(e -> vm.folderChosenProperty().set(false));
        CheckBox restart = new CheckBox("Start over (discard earlier rows)");
        restart.setId("auditRestart");
        restart.selectedProperty().bindBidirectional(vm.restartProperty());

        getChildren().addAll(caption("Models"), models, caption("Data"), dataRow, caption("Sections"), sections,
                numbers, caption("Output folder"), folder, new HBox(6, choose, reset), restart);
    }

    private static Label caption(String text) {
        Label l = new Label(text);
        l.getStyleClass().add("section-caption");
        return l;
    }

    /** A typed number counts when the field loses focus, not only on Enter. */
    private static void editable(Spinner<Integer> spinner, ObjectProperty<Integer> value) {
        spinner.setEditable(true);
        spinner.setPrefWidth(110);
        spinner.getValueFactory().valueProperty().bindBidirectional(value);
        spinner.getEditor().focusedProperty().addListener((o, was, focused) -> {
            if (!focused) {
                try {
                    spinner.getValueFactory().setValue(Integer.parseInt(spinner.getEditor().getText().trim()));
                } catch (NumberFormatException e) {
                    spinner.getEditor().setText(String.valueOf(spinner.getValue()));
                }
            }
        });
    }

    /** A form label that keeps its whole text ("Sanity c..." was cut at 1440 px); the field beside it gives way. */
    private static Label fixed(String text) {
        Label l = new Label(text);
        l.setMinWidth(Region.USE_PREF_SIZE);
        return l;
    }
}
