package org.attentionworkbench.ui.audit;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javafx.beans.property.SimpleObjectProperty;
import javafx.collections.FXCollections;
import org.attentionworkbench.model.ModelCatalog;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Audit tab's ticked model follows the window's open model until the user ticks by hand. */
class AuditModelChoiceTest {

    @Test
    void theTickFollowsTheOpenModelUntilTheUserPicks(@TempDir Path audits) {
        Assumptions.assumeTrue(Files.isDirectory(Path.of("models")), "no models folder");
        List<ModelCatalog.Entry> entries = ModelCatalog.of(Path.of("models")).entries();
        Assumptions.assumeTrue(entries.size() >= 3, "needs three shipped models");
        SimpleObjectProperty<ModelCatalog.Entry> current = new SimpleObjectProperty<>(entries.get(0));
        AuditViewModel vm = new AuditViewModel(FXCollections.observableArrayList(entries), current, audits);
        assertEquals(List.of(entries.get(0).name()), ticked(vm));
        // The window opens the remembered model after the catalog's default: the tick moves with it.
        current.set(entries.get(1));
        assertEquals(List.of(entries.get(1).name()), ticked(vm), "the open model is the one ticked");
        // Once the user ticks by hand, the choice is theirs.
        vm.models().get(2).selectedProperty().set(true);
        current.set(entries.get(0));
        assertEquals(List.of(entries.get(1).name(), entries.get(2).name()), ticked(vm));
    }

    private static List<String> ticked(AuditViewModel vm) {
        return vm.models().stream().filter(m -> m.selectedProperty().get()).map(ModelChoice::name).toList();
    }
}
