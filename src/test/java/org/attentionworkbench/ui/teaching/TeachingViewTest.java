package org.attentionworkbench.ui.teaching;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javafx.scene.Scene;
import javafx.scene.control.Button;
import javafx.scene.control.Label;
import javafx.scene.input.KeyCode;
import javafx.stage.Stage;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.ui.export.TestExplanations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.testfx.api.FxRobot;
import org.testfx.framework.junit5.ApplicationExtension;
import org.testfx.framework.junit5.Start;
import org.testfx.util.WaitForAsyncUtils;

@ExtendWith(ApplicationExtension.class)
class TeachingViewTest {

    private final Explanation explanation = TestExplanations.of(
            List.of("not", "bad", "at", "all", ",", "a", "fine", "little", "film", "."), 5);
    private TeachingViewModel model;

    @Start
    void start(Stage stage) {
        model = new TeachingViewModel();
        model.explanationProperty().set(explanation);
        TeachingView view = new TeachingView(model);
        // A focused button in the scene: the presenter's Space must still step, not press it.
        view.setRight(new Button("focus thief"));
        stage.setScene(new Scene(view, 1000, 700));
        stage.show();
        view.getRight().requestFocus();
    }

    @Test
    void presenterKeysStepForwardAndBack(FxRobot robot) {
        Label caption = robot.lookup("#teachingCaption").queryAs(Label.class);
        Label title = robot.lookup("#teachingTitle").queryAs(Label.class);
        String first = caption.getText();
        assertTrue(title.getText().startsWith("1."), title.getText());

        robot.type(KeyCode.RIGHT);
        assertEquals(1, model.indexProperty().get());
        assertNotEquals(first, caption.getText());
        robot.type(KeyCode.SPACE);
        robot.type(KeyCode.PAGE_DOWN);
        assertEquals(3, model.indexProperty().get());
        assertTrue(title.getText().startsWith("4."), title.getText());
        robot.type(KeyCode.LEFT);
        robot.type(KeyCode.PAGE_UP);
        assertEquals(1, model.indexProperty().get());
        robot.type(KeyCode.LEFT, 5);
        assertEquals(0, model.indexProperty().get());
        assertEquals(first, caption.getText());
        robot.type(KeyCode.RIGHT, 20);
        assertEquals(6, model.indexProperty().get(), "the seventh and last step: no uniform-trained twin here");
        assertEquals(7, model.stepCount());
        WaitForAsyncUtils.waitForFxEvents();
    }

    @Test
    void storyHasSevenDistinctStepsWithPictures() {
        List<TeachingStep> steps = TeachingStory.of(explanation);
        assertEquals(7, steps.size());
        Set<String> captions = new HashSet<>();
        for (TeachingStep s : steps) {
            assertTrue(captions.add(s.caption()), "repeated caption " + s.caption());
            assertTrue(!s.panels().isEmpty(), s.kind() + " draws nothing");
            assertTrue(!s.caption().contains("not computed"), s.caption());
        }
        assertEquals(List.of(TeachingStep.Kind.values()).subList(0, 7), steps.stream().map(TeachingStep::kind).toList(),
                "the trained-uniform step needs a twin");
        // Every step paints something other than white paper.
        TeachingPainter painter = new TeachingPainter();
        for (TeachingStep s : steps) {
            BufferedImage img = new BufferedImage(900, 500, BufferedImage.TYPE_INT_RGB);
            var g = img.createGraphics();
            painter.paint(g, s, 900, 500);
            g.dispose();
            Set<Integer> colours = new HashSet<>();
            for (int y = 0; y < 500; y += 3) for (int x = 0; x < 900; x += 3) colours.add(img.getRGB(x, y));
            assertTrue(colours.size() > 5, s.kind() + ": " + colours.size() + " colours");
        }
    }
}
