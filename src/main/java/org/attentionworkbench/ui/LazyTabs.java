package org.attentionworkbench.ui;

import javafx.beans.value.ChangeListener;
import javafx.scene.Node;
import javafx.scene.control.Tab;
import javafx.scene.control.TabPane;

/**
 * Keeps the contents of the tabs not shown out of the scene until each is first selected. A tab's
 * content in the scene is styled and laid out even while hidden: with the Eraser's charts, the
 * Dataset table and the Audit tab in it, the window's first frame took seconds more to appear.
 * The contents are built as before (their view models and bindings work out of the scene); only
 * their first CSS and layout pass waits.
 */
public final class LazyTabs {

    private LazyTabs() {
    }

    /** Detaches the content of every tab of {@code tabs} but the selected one until it is selected. */
    public static void deferUnselected(TabPane tabs) {
        for (Tab t : tabs.getTabs()) {
            if (t.isSelected() || t.getContent() == null) continue;
            Node content = t.getContent();
            t.setContent(null);
            t.selectedProperty().addListener(new ChangeListener<>() {
                @Override
                public void changed(javafx.beans.value.ObservableValue<? extends Boolean> o, Boolean was, Boolean now) {
                    if (!now) return;
                    t.selectedProperty().removeListener(this);
                    t.setContent(content);
                }
            });
        }
    }
}
