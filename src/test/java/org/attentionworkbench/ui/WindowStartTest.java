package org.attentionworkbench.ui;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;

import java.nio.file.Path;
import javafx.geometry.Dimension2D;
import javafx.geometry.Rectangle2D;
import javafx.scene.control.Label;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;
import org.attentionworkbench.session.Preferences;
import org.attentionworkbench.session.PreferencesStore;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The window's size at start, and the tabs whose contents wait for their first showing. */
class WindowStartTest {

    @Test
    void aFirstStartTakesNinetyPercentOfTheScreenALaterOneTheRememberedSize(@TempDir Path config) throws Exception {
        Rectangle2D laptop = new Rectangle2D(0, 0, 1280, 720);
        PreferencesStore store = new PreferencesStore(config);
        assertEquals(new Dimension2D(1152, 648), WorkbenchApp.initialWindowSize(store, laptop));
        store.save(Preferences.defaults().withWindowSize(1000, 600));
        assertEquals(new Dimension2D(1000, 600), WorkbenchApp.initialWindowSize(store, laptop));
        store.save(Preferences.defaults().withWindowSize(1900, 1000));
        assertEquals(new Dimension2D(1280, 720), WorkbenchApp.initialWindowSize(store, laptop), "fitted to the screen");
    }

    @Test
    void unselectedTabsGetTheirContentWhenFirstSelected() throws Exception {
        org.testfx.api.FxToolkit.registerPrimaryStage();
        org.testfx.api.FxToolkit.setupFixture(WindowStartTest::tabsCheck);
    }

    private static void tabsCheck() {
        Label a = new Label("a");
        Label b = new Label("b");
        TabPane tabs = new TabPane(new Tab("A", a), new Tab("B", b));
        LazyTabs.deferUnselected(tabs);
        assertSame(a, tabs.getTabs().get(0).getContent(), "the selected tab keeps its content");
        assertNull(tabs.getTabs().get(1).getContent(), "the other waits");
        tabs.getSelectionModel().select(1);
        assertSame(b, tabs.getTabs().get(1).getContent());
    }
}
