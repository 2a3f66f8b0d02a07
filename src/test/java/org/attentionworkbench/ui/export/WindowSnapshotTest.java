package org.attentionworkbench.ui.export;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.atomic.AtomicReference;
import javafx.scene.control.Label;
import javafx.scene.layout.BorderPane;
import javafx.scene.shape.Rectangle;
import javafx.scene.paint.Color;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxToolkit;

class WindowSnapshotTest {

    @TempDir
    Path dir;

    @Test
    void writesAWindowSizedNonBlankPng() throws Exception {
        FxToolkit.registerPrimaryStage();
        AtomicReference<BorderPane> root = new AtomicReference<>();
        FxToolkit.setupFixture(() -> {
            BorderPane p = new BorderPane(new Rectangle(200, 120, Color.STEELBLUE));
            p.setTop(new Label("Attention Workbench snapshot"));
            root.set(p);
        });
        Path png = dir.resolve("sub/window.png");
        WindowSnapshot.render(root.get(), 640, 400, png); // from the test thread: hands over to FX
        BufferedImage img = ImageIO.read(png.toFile());
        assertEquals(640, img.getWidth());
        assertEquals(400, img.getHeight());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < 400; y += 2) for (int x = 0; x < 640; x += 2) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 3, "blank snapshot: " + colours.size() + " colours");
    }
}
