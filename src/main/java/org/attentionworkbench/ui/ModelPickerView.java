package org.attentionworkbench.ui;

import java.util.Locale;
import javafx.scene.control.ComboBox;
import javafx.scene.control.ListCell;
import org.attentionworkbench.model.ModelCard;
import org.attentionworkbench.model.ModelCatalog;

/** A ComboBox over the catalog; each model shown with its card: name, dataset, encoder, accuracy. */
public final class ModelPickerView extends ComboBox<ModelCatalog.Entry> {

    public ModelPickerView(WorkbenchViewModel viewModel) {
        super(viewModel.models());
        setId("modelPicker");
        getStyleClass().add("model-picker");
        setPromptText("No models");
        setCellFactory(list -> new EntryCell(false));
        // The closed picker shows the short line (name, encoder, accuracy): the dataset
        // description cut mid-word squeezed the tool bar's buttons off a laptop screen. The list
        // and the tooltip keep the whole card.
        setButtonCell(new EntryCell(true));
        valueProperty().bindBidirectional(viewModel.selectedModelProperty());
    }

    /** One line describing a model. */
    static String describe(ModelCatalog.Entry e) {
        ModelCard c = e.card();
        String acc = Double.isFinite(c.test_accuracy())
                ? String.format(Locale.ROOT, "test acc %.1f%%", 100 * c.test_accuracy()) : "not evaluated";
        // Accuracy before the dataset: dataset descriptions can be long and are what gets cut off.
        return String.format(Locale.ROOT, "%s  \u2014  %s \u00b7 %s \u00b7 %s", e.name(), c.encoderLabel(), acc, c.dataset());
    }

    /** The short line of the closed picker: name, encoder and accuracy. */
    static String brief(ModelCatalog.Entry e) {
        ModelCard c = e.card();
        String acc = Double.isFinite(c.test_accuracy())
                ? String.format(Locale.ROOT, "test acc %.1f%%", 100 * c.test_accuracy()) : "not evaluated";
        return String.format(Locale.ROOT, "%s  \u2014  %s \u00b7 %s", e.name(), c.encoderLabel(), acc);
    }

    /** The whole card, for the tooltip of each entry. */
    static String card(ModelCatalog.Entry e) {
        ModelCard c = e.card();
        return String.format(Locale.ROOT, "%s (%s)%ndata: %s%nclasses: %s%nencoder %s, embedding %d, hidden %d, "
                        + "vocabulary %,d, max length %d%ntrain / dev / test: %,d / %,d / %,d%n"
                        + "dev accuracy %.4f, test accuracy %.4f, test macro-F1 %.4f%n"
                        + "%d epochs in %.0f s, seed %d, embeddings %s%ncreated %s%n%s",
                c.name(), e.path(), c.dataset(), String.join(", ", c.labels()), c.encoder(), c.embedding_dim(),
                c.hidden_size(), c.vocab_size(), c.max_length(), c.train_size(), c.dev_size(), c.test_size(),
                c.dev_accuracy(), c.test_accuracy(), c.test_macro_f1(), c.epochs(), c.train_seconds(), c.seed(),
                c.embeddings(), c.created(), c.notes() == null ? "" : c.notes());
    }

    private static final class EntryCell extends ListCell<ModelCatalog.Entry> {
        private final boolean brief;

        EntryCell(boolean brief) {
            this.brief = brief;
        }

        @Override
        protected void updateItem(ModelCatalog.Entry item, boolean empty) {
            super.updateItem(item, empty);
            setText(empty || item == null ? null : brief ? brief(item) : describe(item));
            setTooltip(empty || item == null ? null : new javafx.scene.control.Tooltip(card(item)));
        }
    }
}
