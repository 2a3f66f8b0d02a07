package org.attentionworkbench.ui.browser;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import javafx.scene.Scene;
import javafx.scene.control.Label;
import javafx.scene.control.TableView;
import javafx.stage.Stage;
import org.attentionworkbench.text.Document;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class DatasetBrowserViewTest {

    @TempDir
    Path dir;

    private DatasetBrowserViewModel vm;
    private final List<Document> opened = new ArrayList<>();

    @Start
    void start(Stage stage) {
        vm = new DatasetBrowserViewModel();
        DatasetBrowserView view = new DatasetBrowserView(vm);
        view.setOnOpen(opened::add);
        stage.setScene(new Scene(view, 1000, 600));
        stage.show();
    }

    /** A share that flips the decision but rounds to 0% reads "<1%"; none is "0%", never is said apart. */
    @Test
    void aTinyShareToFlipIsNotShownAsNone() {
        assertEquals("<1%", DatasetBrowserView.cellText("%.0f%%", 100.0 / 601));
        assertEquals("0%", DatasetBrowserView.cellText("%.0f%%", 0));
        assertEquals("1%", DatasetBrowserView.cellText("%.0f%%", 0.5));
        assertEquals("0.001", DatasetBrowserView.cellText("%.3f", 0.001));
    }

    @Test
    void binaryFileShowsAMessageThenADatasetLoadsAndRowsOpen(FxRobot robot) throws Exception {
        Path bin = dir.resolve("model.bin");
        byte[] junk = new byte[2048];
        for (int i = 0; i < junk.length; i++) junk[i] = (byte) (i * 31);
        Files.write(bin, junk);
        robot.interact(() -> vm.open(bin));
        Label message = robot.lookup("#browserMessage").queryAs(Label.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> message.getText().startsWith("Cannot open"));
        assertTrue(vm.errorProperty().get());

        Path tsv = dir.resolve("d.tsv");
        Files.writeString(tsv, "1\tgood\n0\tbad film\n1\tgreat fun\n");
        robot.interact(() -> vm.open(tsv));
        @SuppressWarnings("unchecked")
        TableView<BrowserRow> table = robot.lookup("#browserTable").queryAs(TableView.class);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().size() == 3);
        assertTrue(message.getText().contains("3 documents"), message.getText());
        // A click selects without opening; a double click opens, Enter too.
        robot.interact(() -> table.getSelectionModel().select(1));
        assertEquals(0, opened.size(), "selecting a row does not open it");
        robot.interact(table::requestFocus);
        robot.type(javafx.scene.input.KeyCode.ENTER);
        assertEquals(1, opened.size());
        assertEquals(table.getItems().get(1).document(), opened.get(0));
        javafx.scene.Node cell = robot.lookup("#browserTable .table-row-cell").nth(2).query();
        robot.doubleClickOn(cell);
        assertEquals(2, opened.size());
        assertEquals(table.getItems().get(2).document(), opened.get(1));
    }
}
