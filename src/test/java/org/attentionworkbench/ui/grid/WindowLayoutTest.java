package org.attentionworkbench.ui.grid;

import org.attentionworkbench.ui.FxTasks;
import org.attentionworkbench.figures.PanelKind;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import javafx.event.Event;
import javafx.geometry.Bounds;
import javafx.scene.Node;
import javafx.scene.Parent;
import javafx.scene.Scene;
import javafx.scene.control.Labeled;
import javafx.scene.control.Spinner;
import javafx.scene.control.Tab;
import javafx.scene.input.ScrollEvent;
import javafx.scene.text.Text;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.Section;
import org.attentionworkbench.model.ModelCatalog;
import org.attentionworkbench.session.ConfigDirectory;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.ui.HeatmapView;
import org.attentionworkbench.task.LatestTaskRunner;
import org.attentionworkbench.ui.Theme;
import org.attentionworkbench.ui.WorkbenchActions;
import org.attentionworkbench.ui.WorkbenchView;
import org.attentionworkbench.ui.WorkbenchViewModel;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.io.TempDir;
import org.testfx.api.FxRobot;
import org.testfx.api.FxToolkit;
import org.testfx.util.WaitForAsyncUtils;

/**
 * The whole window laid out headless at the default window (90% of the screen, less a title bar)
 * of a 1280x720, a 1440x900 and a 1920x1080 screen, over a real two-class, a real five-class and a twenty-class
 * model, and measured from the scene graph: every Compare panel shows at least three whole lines
 * of a 31-token review, no header text is cut, the Eraser tab's charts have a usable height, and
 * a wheel scroll moves every panel to one clamped position.
 */
class WindowLayoutTest extends FxRobot {

    /** 31 tokens. */
    static final String REVIEW = "the film is a bit too long , but its compelling performances and a sharp , witty script"
            + " make it one of the most enjoyable comedies of the whole year .";

    /** Screen sizes and the scene a default window (90%, minus a 30 px title bar) gets on them. */
    private static final int[][] SCREENS = {{1280, 720}, {1440, 900}, {1920, 1080}};

    /** Smallest height a chart of the Eraser tab may get at the default window. */
    static final double MIN_CHART_HEIGHT = 150;

    @TempDir
    Path config;

    private String previousConfig;
    private WorkbenchViewModel vm;
    private WorkbenchActions actions;

    @BeforeEach
    void setUp() throws Exception {
        previousConfig = System.getProperty(ConfigDirectory.PROPERTY);
        System.setProperty(ConfigDirectory.PROPERTY, config.toString());
        FxToolkit.registerPrimaryStage();
    }

    @AfterEach
    void tearDown() throws Exception {
        interact(() -> {
            if (actions != null) actions.close();
            if (vm != null) vm.close();
        });
        if (previousConfig == null) System.clearProperty(ConfigDirectory.PROPERTY);
        else System.setProperty(ConfigDirectory.PROPERTY, previousConfig);
    }

    @ParameterizedTest
    @ValueSource(strings = {"sst2-average", "sst5-bilstm", "20news-cnn"})
    void everyPanelShowsThreeWholeLinesAndNoHeaderIsCut(String modelName) throws Exception {
        Path archive = Path.of("models", modelName + ".zip");
        Assumptions.assumeTrue(Files.isRegularFile(archive), "no model archive " + archive);
        AtomicReference<WorkbenchView> view = new AtomicReference<>();
        AtomicReference<Scene> scene = new AtomicReference<>();
        interact(() -> {
            vm = new WorkbenchViewModel(ModelCatalog.of(Path.of("models")), FxTasks.runner("layout-loader"),
                    FxTasks.runner("layout-analysis"));
            view.set(new WorkbenchView(vm, vm.analysis()));
            actions = new WorkbenchActions(vm, vm.analysis(), view.get(), false);
            scene.set(new Scene(view.get(), 1152, 618));
            Theme.apply(scene.get(), false);
            vm.textProperty().set(REVIEW);
            vm.start(Optional.of(archive));
        });
        WaitForAsyncUtils.waitFor(180, TimeUnit.SECONDS, () -> complete(vm.analysis().explanationProperty().get()));
        WaitForAsyncUtils.waitForFxEvents();
        assertEquals(31, vm.analysis().documentProperty().get().size(), "the review has 31 tokens");
        ComparisonGrid grid = view.get().grid();
        assertEquals(5, grid.viewModel().shown().size(), "all five panels shown");

        List<String> report = new ArrayList<>();
        for (int[] screen : SCREENS) {
            int w = (int) Math.round(screen[0] * 0.9);
            int h = (int) Math.round(screen[1] * 0.9) - 30;
            interact(() -> layOut(view.get(), w, h));
            StringBuilder line = new StringBuilder(modelName + " " + screen[0] + "x" + screen[1] + " (scene " + w + "x" + h + "):");
            for (PanelKind k : grid.viewModel().shown()) {
                PanelView p = grid.panel(k);
                int lines = wholeLinesVisible(p.heatmap());
                int total = totalLines(p.heatmap().layoutProperty().get());
                int room = lineCapacity(p.heatmap());
                line.append(' ').append(k.name().toLowerCase()).append('=').append(lines).append('/').append(total)
                        .append(" (room ").append(room).append(", ").append((int) p.heatmap().viewportHeightProperty().get())
                        .append(" px)");
                assertTrue(room >= 3, modelName + " at " + w + "x" + h + ": " + k + " has room for " + room + " lines in "
                        + p.heatmap().viewportHeightProperty().get() + " px (header " + p.header().getHeight() + " px)");
                // Three whole lines, or the whole text where it takes fewer.
                assertTrue(lines >= Math.min(3, total), modelName + " at " + w + "x" + h + ": " + k + " shows "
                        + lines + " of " + total + " lines whole in " + p.heatmap().viewportHeightProperty().get() + " px");
                for (String cut : cutTexts(p.header())) {
                    throw new AssertionError(modelName + " at " + w + "x" + h + ": " + k + " header cuts '" + cut + "'");
                }
                assertTrue(p.header().getBoundsInParent().getMaxX() <= p.getWidth() + 0.5,
                        k + " header wider than its panel");
                // The figures are what panels are compared by: they wrap, they never vanish.
                for (Labeled figure : List.of(p.header().metrics(),
                        (Labeled) p.header().lookup("#prediction-" + k.name()))) {
                    assertTrue(figure.getText().isEmpty() || (figure.isManaged() && visible(figure, p)),
                            modelName + " at " + w + "x" + h + ": " + k + " header hides '" + figure.getText() + "'");
                }
                assertTrue(p.getBoundsInParent().getMaxX() <= grid.getWidth() + 0.5, k + " panel outside the grid");
                assertTrue(tokensFitTheirBoxes(p.heatmap().layoutProperty().get()), k + ": a token is wider than its box");
            }
            report.add(line.toString());

            // One wheel scroll far down over one panel: every panel at the same position, clamped.
            HeatmapView original = grid.panel(PanelKind.ORIGINAL).heatmap();
            interact(() -> Event.fireEvent(original.lookup(".heatmap-body"), new ScrollEvent(ScrollEvent.SCROLL,
                    10, 10, 10, 10, false, false, false, false, false, false, 0, -5000, 0, -5000,
                    ScrollEvent.HorizontalTextScrollUnits.NONE, 0, ScrollEvent.VerticalTextScrollUnits.NONE, 0, 0, null)));
            HeatmapLayout layout = original.layoutProperty().get();
            double viewport = grid.viewModel().shown().stream()
                    .mapToDouble(k -> grid.panel(k).heatmap().viewportHeightProperty().get()).min().orElseThrow();
            double max = Math.max(0, layout.height() - viewport);
            for (PanelKind k : grid.viewModel().shown()) {
                assertEquals(grid.scrollTop(), grid.panel(k).heatmap().scrollTopProperty().get(), 1e-9, k + " scrolled alike");
            }
            assertTrue(grid.scrollTop() <= max + 1e-9, "clamped to the text: " + grid.scrollTop() + " > " + max);
            interact(() -> grid.scrollTo(0));

            // The Eraser tab: both charts in view with a usable height.
            Tab eraser = view.get().tabs().getTabs().stream().filter(t -> "eraserTab".equals(t.getId())).findFirst().orElseThrow();
            interact(() -> {
                view.get().tabs().getSelectionModel().select(eraser);
                layOut(view.get(), w, h);
            });
            int charts = 0;
            StringBuilder chartHeights = new StringBuilder(" chart px:");
            for (Node n : view.get().lookupAll(".chart-view")) {
                if (!(n instanceof org.attentionworkbench.ui.charts.ChartView chart) || !visible(chart, view.get())) continue;
                charts++;
                double height = chart.viewer().getHeight();
                chartHeights.append(' ').append((int) height);
                assertTrue(height >= MIN_CHART_HEIGHT, modelName + " at " + w + "x" + h + ": the chart is " + height + " px high");
            }
            assertEquals(1, charts, "one chart in view on the Eraser tab");
            report.set(report.size() - 1, report.get(report.size() - 1) + chartHeights);
            interact(() -> view.get().tabs().getSelectionModel().select(0));
        }
        report.forEach(r -> System.out.println("[layout] " + r));

        // The dark theme: heatmaps on the theme's dark paper, and the button names the other theme.
        javafx.scene.control.ToggleButton dark = (javafx.scene.control.ToggleButton) view.get().lookup("#darkToggle");
        assertEquals("Dark", dark.getText());
        interact(() -> {
            view.get().darkThemeProperty().set(true);
            Theme.apply(scene.get(), true);
            layOut(view.get(), 1152, 618);
        });
        assertEquals("Light", dark.getText());
        javafx.scene.layout.Region body = (javafx.scene.layout.Region) grid.panel(PanelKind.ORIGINAL).heatmap().lookup(".heatmap-body");
        javafx.scene.paint.Color paper = (javafx.scene.paint.Color) body.getBackground().getFills().get(0).getFill();
        assertTrue(paper.getBrightness() < 0.4, "dark paper under the tokens, got " + paper);
    }

    private static boolean inside(Node n, Node ancestor) {
        for (Node p = n; p != null; p = p.getParent()) if (p == ancestor) return true;
        return false;
    }

    private static void layOut(Parent root, int w, int h) {
        root.resize(w, h);
        root.applyCss();
        root.layout();
        // Listeners (the shared token layout, the headers' fit) react to the first pass.
        root.applyCss();
        root.layout();
    }

    /** Lines of tokens wholly inside the panel's viewport at its scroll position. */
    static int wholeLinesVisible(HeatmapView heatmap) {
        double top = heatmap.scrollTopProperty().get();
        double bottom = top + heatmap.viewportHeightProperty().get();
        TreeSet<Double> lines = new TreeSet<>();
        for (HeatmapLayout.TokenBox b : heatmap.layoutProperty().get().boxes()) {
            if (b.bounds().getMinY() >= top && b.bounds().getMaxY() <= bottom) lines.add(b.bounds().getMinY());
        }
        return lines.size();
    }

    /** Whole lines the panel's viewport holds from the top, however long the text. */
    static int lineCapacity(HeatmapView heatmap) {
        List<HeatmapLayout.TokenBox> boxes = heatmap.layoutProperty().get().boxes();
        double first = boxes.get(0).bounds().getMinY();
        double lineHeight = boxes.get(0).bounds().getHeight();
        double pitch = boxes.stream().mapToDouble(b -> b.bounds().getMinY()).filter(y -> y > first).min()
                .orElse(first + lineHeight + 5) - first;
        double viewport = heatmap.viewportHeightProperty().get();
        int n = 0;
        while (first + n * pitch + lineHeight <= viewport) n++;
        return n;
    }

    static int totalLines(HeatmapLayout layout) {
        return (int) layout.boxes().stream().mapToDouble(b -> b.bounds().getMinY()).distinct().count();
    }

    /** Texts in {@code root} that are shown cut (an ellipsis, or a field narrower than its text). */
    static List<String> cutTexts(Parent root) {
        List<String> cut = new ArrayList<>();
        for (Node n : all(root)) {
            if (!visible(n, root)) continue;
            if (n instanceof Labeled l && l.getText() != null && !l.getText().isEmpty()) {
                for (Node c : l.getChildrenUnmodifiable()) {
                    if (c instanceof Text t && !t.getText().equals(l.getText())) cut.add(l.getText() + " -> " + t.getText());
                }
            }
            if (n instanceof Spinner<?> s) {
                Text probe = new Text(s.getEditor().getText());
                probe.setFont(s.getEditor().getFont());
                double room = s.getEditor().getWidth() - s.getEditor().snappedLeftInset() - s.getEditor().snappedRightInset();
                if (probe.getLayoutBounds().getWidth() > room + 0.5) cut.add(s.getEditor().getText() + " in " + room + " px");
            }
            // Measured in the header's own coordinates: its parts sit on lines (HBoxes) inside it.
            if (n instanceof javafx.scene.control.Control && n.isManaged()) {
                Bounds b = root.sceneToLocal(n.localToScene(n.getLayoutBounds()));
                if (b.getMaxX() > root.getLayoutBounds().getWidth() + 0.5) cut.add(n + " beyond the header's right edge");
            }
        }
        return cut;
    }

    private static boolean visible(Node n, Node root) {
        for (Node p = n; p != null && p != root; p = p.getParent()) if (!p.isVisible()) return false;
        return true;
    }

    private static List<Node> all(Parent root) {
        List<Node> out = new ArrayList<>();
        for (Node c : root.getChildrenUnmodifiable()) {
            out.add(c);
            if (c instanceof Parent p) out.addAll(all(p));
        }
        return out;
    }

    /** Every token's on-screen width (JavaFX's rendering of the painter's font) fits its box. */
    static boolean tokensFitTheirBoxes(HeatmapLayout layout) {
        Text probe = new Text();
        probe.setFont(javafx.scene.text.Font.font(java.awt.Font.SANS_SERIF, 15));
        for (HeatmapLayout.TokenBox b : layout.boxes()) {
            probe.setText(b.token());
            if (probe.getLayoutBounds().getWidth() > b.bounds().getWidth() - 4) return false;
        }
        return true;
    }

    static boolean complete(Explanation e) {
        if (e == null) return false;
        for (Section s : e.settings().sections()) if (!e.has(s)) return false;
        return true;
    }
}
