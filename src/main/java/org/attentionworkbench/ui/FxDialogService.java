package org.attentionworkbench.ui;

import java.io.File;
import java.nio.file.Path;
import java.util.Optional;
import java.util.function.Supplier;
import javafx.scene.control.Alert;
import javafx.stage.FileChooser;
import javafx.stage.Window;

/** The JavaFX dialogs of {@link DialogService}, owned by the window (called on the FX thread). */
final class FxDialogService implements DialogService {

    private final Supplier<Window> window;

    /** @param window the owner of the dialogs (null while the view is not in a window) */
    FxDialogService(Supplier<Window> window) {
        this.window = window;
    }

    @Override
    public Optional<Path> openFile(String title, String what, String... patterns) {
        return Optional.ofNullable(chooser(title, what, patterns).showOpenDialog(window.get())).map(File::toPath);
    }

    @Override
    public Optional<Path> saveFile(String title, String what, String initialName, String... patterns) {
        FileChooser fc = chooser(title, what, patterns);
        fc.setInitialFileName(initialName);
        return Optional.ofNullable(fc.showSaveDialog(window.get())).map(File::toPath);
    }

    @Override
    public void inform(String message) {
        Alert a = new Alert(Alert.AlertType.INFORMATION, message);
        a.initOwner(window.get());
        a.setHeaderText(null);
        a.show();
    }

    private static FileChooser chooser(String title, String what, String... patterns) {
        FileChooser fc = new FileChooser();
        fc.setTitle(title);
        fc.getExtensionFilters().add(new FileChooser.ExtensionFilter(what, patterns));
        return fc;
    }
}
