package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicReference;
import javafx.application.Application;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.TextArea;
import javafx.stage.Stage;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.session.ConfigDirectory;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.PreferencesStore;
import org.attentionworkbench.session.SessionSettings;
import org.attentionworkbench.session.SessionStore;
import org.attentionworkbench.ui.analysis.AnalysisViewModel;
import org.attentionworkbench.ui.grid.ComparisonGridViewModel;
import org.controlsfx.control.StatusBar;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * Sessions and preferences on the real window and a real model, each test with a config folder
 * of its own: what a saved session brings back, the remembered window size, and file problems
 * shown in the status bar rather than swallowed.
 */
class WorkbenchSessionTest extends FxRobot {

    private static final Path ARCHIVE = Path.of("models", "sst2-average.zip");

    @TempDir
    Path config;

    private String previousConfig;
    private Stage stage;
    private Application app;

    @BeforeEach
    void setUp() throws Exception {
        Assumptions.assumeTrue(Files.isRegularFile(ARCHIVE), "no model archive at " + ARCHIVE.toAbsolutePath());
        previousConfig = System.getProperty(ConfigDirectory.PROPERTY);
        System.setProperty(ConfigDirectory.PROPERTY, config.toString());
        stage = FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        if (app != null) FxToolkit.cleanupApplication(app);
        if (previousConfig == null) System.clearProperty(ConfigDirectory.PROPERTY);
        else System.setProperty(ConfigDirectory.PROPERTY, previousConfig);
    }

    private void startApp() throws Exception {
        app = FxToolkit.setupApplication(WorkbenchApp.class, "--model=" + ARCHIVE.toAbsolutePath());
        // The window shows first; its view is built on the next pulse.
        WaitForAsyncUtils.waitForFxEvents();
    }

    private StatusBar status() {
        return lookup("#statusBar").queryAs(StatusBar.class);
    }

    private void waitForStatus(String part, int seconds) throws TimeoutException {
        try {
            WaitForAsyncUtils.waitFor(seconds, TimeUnit.SECONDS, () -> status().getText().contains(part));
        } catch (TimeoutException e) {
            throw new AssertionError("status still '" + status().getText() + "', waited for '" + part + "'", e);
        }
    }

    @Test
    void aSavedSessionBringsBackSeedSaliencyMethodAndScaleMode() throws Exception {
        AtomicReference<WorkbenchViewModel> vm = new AtomicReference<>();
        AtomicReference<WorkbenchView> view = new AtomicReference<>();
        AtomicReference<WorkbenchActions> actions = new AtomicReference<>();
        interact(() -> {
            vm.set(new WorkbenchViewModel(ModelCatalog.of(Path.of("models")),
                    FxTasks.runner("test-loader"), FxTasks.runner("test-analysis")));
            view.set(new WorkbenchView(vm.get(), vm.get().analysis()));
            actions.set(new WorkbenchActions(vm.get(), vm.get().analysis(), view.get(), false));
            vm.get().start(Optional.of(ARCHIVE));
        });
        WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.get().modelProperty().get() != null);
        AnalysisViewModel analysis = vm.get().analysis();
        ComparisonGridViewModel grid = view.get().grid().viewModel();
        Path file = config.resolve("s" + SessionStore.EXTENSION);
        try {
            interact(() -> {
                analysis.seedProperty().set(42);
                analysis.saliencyMethodProperty().set(SaliencyMethod.INTEGRATED_GRADIENTS);
                grid.sharedScaleProperty().set(true);
                view.get().eraser().rankingProperty().set(org.attentionworkbench.ui.eraser.RankingKind.ORACLE);
                try {
                    actions.get().saveSession(file);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
                // Back to a fresh window's choices, then open the file.
                analysis.seedProperty().set(1);
                analysis.saliencyMethodProperty().set(SaliencyMethod.GRADIENT);
                grid.sharedScaleProperty().set(false);
                view.get().eraser().rankingProperty().set(org.attentionworkbench.ui.eraser.RankingKind.ATTENTION);
            });
            SessionSettings saved = new SessionStore().load(file).settings();
            assertEquals(42, saved.seed());
            assertEquals("integrated_gradients", saved.method());
            assertEquals(SessionSettings.SHARED, saved.scaleMode(), "the scale mode is written as documented");
            assertTrue(Files.readString(file).contains("\"scaleMode\" : \"shared\""), Files.readString(file));

            interact(() -> actions.get().openSession(file));
            // The file is read off the FX thread, then applied on it.
            WaitForAsyncUtils.waitFor(20, TimeUnit.SECONDS, () -> analysis.seedProperty().get() == 42);
            WaitForAsyncUtils.waitForFxEvents();
            assertEquals(42, analysis.seedProperty().get(), "seed restored");
            assertEquals(SaliencyMethod.INTEGRATED_GRADIENTS, analysis.saliencyMethodProperty().get(), "method restored");
            assertTrue(grid.sharedScaleProperty().get(), "scale mode restored");
            assertEquals(org.attentionworkbench.ui.eraser.RankingKind.ORACLE, view.get().eraser().rankingProperty().get(),
                    "the eraser's ranking restored");
        } finally {
            interact(() -> {
                actions.get().close();
                vm.get().close();
            });
        }
    }

    /**
     * A session whose document came from a dataset names the dataset and the index (not a copy of
     * the text): opening it reads the dataset again and shows that document, and saving it again
     * keeps the reference.
     */
    @Test
    void aSessionOfADatasetDocumentNamesTheDatasetAndIndex() throws Exception {
        Path tsv = config.resolve("reviews.tsv");
        Files.writeString(tsv, "1\tgood fun\n0\ta dull film\n1\ta great cast and a clever plot\n");
        Path file = config.resolve("doc" + SessionStore.EXTENSION);
        new SessionStore().save(org.attentionworkbench.session.Session.of("sst2-average",
                org.attentionworkbench.session.DocumentRef.ofDataset(tsv.toString(), 2), java.util.List.of(),
                null, java.util.Map.of()), file);
        AtomicReference<WorkbenchViewModel> vm = new AtomicReference<>();
        AtomicReference<WorkbenchActions> actions = new AtomicReference<>();
        interact(() -> {
            vm.set(new WorkbenchViewModel(ModelCatalog.of(Path.of("models")),
                    FxTasks.runner("test-loader"), FxTasks.runner("test-analysis")));
            WorkbenchView view = new WorkbenchView(vm.get(), vm.get().analysis());
            actions.set(new WorkbenchActions(vm.get(), vm.get().analysis(), view, false));
            vm.get().start(Optional.of(ARCHIVE));
        });
        try {
            WaitForAsyncUtils.waitFor(60, TimeUnit.SECONDS, () -> vm.get().modelProperty().get() != null);
            interact(() -> actions.get().openSession(file));
            WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS,
                    () -> "a great cast and a clever plot".equals(vm.get().textProperty().get()));
            Path again = config.resolve("again" + SessionStore.EXTENSION);
            interact(() -> {
                try {
                    actions.get().saveSession(again);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            org.attentionworkbench.session.DocumentRef ref = new SessionStore().load(again).document();
            assertEquals(tsv.toString(), ref.dataset());
            assertEquals(2, ref.index());
            // Once the text is edited it is the user's own text.
            interact(() -> vm.get().textProperty().set("a great cast and a clever plot , but slow"));
            interact(() -> {
                try {
                    actions.get().saveSession(again);
                } catch (java.io.IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            assertEquals("a great cast and a clever plot , but slow", new SessionStore().load(again).document().text());
        } finally {
            interact(() -> {
                actions.get().close();
                vm.get().close();
            });
        }
    }

    @Test
    void theDatasetOpenedLastComesBackAtStart() throws Exception {
        Path tsv = config.resolve("last.tsv");
        Files.writeString(tsv, "1\tgood fun\n0\ta dull film\n1\tgreat\n");
        new PreferencesStore(config).save(Preferences.defaults().withLastDataset(tsv.toString()));
        startApp();
        javafx.scene.control.TabPane tabs = lookup("#analysisTabs").queryAs(javafx.scene.control.TabPane.class);
        interact(() -> tabs.getSelectionModel().select(tabs.getTabs().stream()
                .filter(t -> "datasetTab".equals(t.getId())).findFirst().orElseThrow()));
        @SuppressWarnings("unchecked")
        javafx.scene.control.TableView<org.attentionworkbench.ui.browser.BrowserRow> table =
                lookup("#browserTable").queryAs(javafx.scene.control.TableView.class);
        // The model loads too: the built-in examples must not replace the reopened file.
        waitForStatus("tokens", 60);
        WaitForAsyncUtils.waitFor(30, TimeUnit.SECONDS, () -> table.getItems().size() == 3
                && table.getItems().get(0).document().text().equals("good fun"));
        WaitForAsyncUtils.sleep(1, TimeUnit.SECONDS);
        assertEquals(3, table.getItems().size(), "still the reopened dataset");
    }

    @Test
    void theRememberedWindowSizeIsUsedAtStart() throws Exception {
        new PreferencesStore(config).save(Preferences.defaults().withWindowSize(900, 650));
        startApp();
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(900, stage.getWidth(), 0.5);
        assertEquals(650, stage.getHeight(), 0.5);
    }

    @Test
    void aWindowSizeIsFittedToTheScreen() {
        Rectangle2D screen = new Rectangle2D(0, 0, 1280, 800);
        assertEquals(new Dimension2D(1280, 800), WorkbenchActions.fitWindow(3840, 2160, screen), "larger: the screen");
        assertEquals(new Dimension2D(1000, 700), WorkbenchActions.fitWindow(1000, 700, screen), "fits: as saved");
        assertEquals(WorkbenchActions.MIN_WINDOW, WorkbenchActions.fitWindow(10, 10, screen), "tiny: the minimum");
        assertEquals(new Dimension2D(500, 400), WorkbenchActions.fitWindow(900, 600, new Rectangle2D(0, 0, 500, 400)),
                "a screen below the minimum: the screen");
    }

    /**
     * Damaged preferences and a failing autosave are said in the status bar. The autosave file is
     * made a folder with a file in it, so that the write's move fails (as root too, for whom an
     * unwritable folder is writable).
     */
    @Test
    void fileProblemsAppearInTheStatusBar() throws Exception {
        Files.writeString(config.resolve("settings.json"), "not json");
        Path autosave = config.resolve("autosave" + SessionStore.EXTENSION);
        Files.createDirectories(autosave);
        Files.writeString(autosave.resolve("in-the-way"), "x");
        startApp();
        waitForStatus("tokens", 60);
        assertTrue(status().getText().contains("could not be read"), status().getText());

        TextArea review = lookup("#reviewText").queryAs(TextArea.class);
        interact(() -> review.setText("a dull and boring film"));
        waitForStatus("Autosave failed", 30);
        assertTrue(status().getText().contains("autosave" + SessionStore.EXTENSION), status().getText());
        assertFalse(status().getText().contains("could not be read"), "the newer problem is shown");
    }
}
