package org.attentionworkbench.ui.grid;

import org.attentionworkbench.figures.PanelContents;
import org.attentionworkbench.figures.PanelContent;
import org.attentionworkbench.figures.PanelKind;
import org.attentionworkbench.figures.PanelFigures;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.Color;
import java.awt.geom.Rectangle2D;
import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.attentionworkbench.task.Cancellation;
import org.attentionworkbench.explain.ExplainSettings;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.explain.ExplanationEngine;
import org.attentionworkbench.explain.SaliencyMethod;
import org.attentionworkbench.model.AttentionModel;
import org.attentionworkbench.explain.EncodedDocument;
import org.attentionworkbench.figures.AttentionPalette;
import org.attentionworkbench.figures.HeatmapLayout;
import org.attentionworkbench.explain.AdversaryKind;
import org.attentionworkbench.figures.FigureLayout;
import org.attentionworkbench.figures.GridExporter;
import org.attentionworkbench.figures.HeatmapExporter;
import org.attentionworkbench.figures.HeatmapFigure;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;
import org.w3c.dom.NodeList;

/**
 * Panel and grid exports of a real document (sst2-bilstm, the engine's default explanation): the
 * files decode, carry every title, and paint each token in the colour the screen gives its value.
 * No window: the panel contents are built as the grid's view model builds them.
 */
class PanelExportTest {

    private static final Path ARCHIVE = Path.of("models", "sst2-bilstm.zip");
    /** Signed, so its panel is painted on the diverging scale. */
    private static final SaliencyMethod SIGNED = SaliencyMethod.INTEGRATED_GRADIENTS;

    private static EncodedDocument doc;
    private static Map<PanelKind, PanelContent> contents;

    @TempDir
    Path dir;

    @BeforeAll
    static void explain() {
        Assumptions.assumeTrue(Files.isRegularFile(ARCHIVE), "no model archive");
        AttentionModel model = AttentionModel.load(ARCHIVE);
        doc = model.encode("a dull , lifeless and boring film with one great scene");
        Explanation ex = new ExplanationEngine(model).explain(doc, -1, ExplainSettings.defaults(), p -> { }, Cancellation.NEVER);
        PanelContents.Choices choices = new PanelContents.Choices(AdversaryKind.EXACT, SIGNED, 1);
        contents = new EnumMap<>(PanelKind.class);
        for (PanelKind k : PanelKind.values()) contents.put(k, PanelContents.of(k, doc, ex, choices));
    }

    private static HeatmapFigure figure(PanelKind kind) {
        return PanelFigures.of(contents.get(kind), doc.tokens());
    }

    @Test
    void panelPngPaintsTheLargestTokenInTheScreensColour() throws Exception {
        for (PanelKind kind : List.of(PanelKind.ORIGINAL, PanelKind.SALIENCY)) {
            HeatmapFigure f = figure(kind);
            Path png = dir.resolve(kind + ".png");
            HeatmapExporter exporter = new HeatmapExporter();
            exporter.write(f, png);
            BufferedImage img = ImageIO.read(png.toFile());
            assertNotNull(img, kind + " decodes");
            assertTrue(colours(img) > 10, kind + " is not blank");
            FigureLayout layout = exporter.layout(f);
            int top = argmax(f.values());
            assertEquals(screenColour(contents.get(kind), top), pixelAt(img, layout, 0, 0, top), kind + " token " + top);
            if (kind == PanelKind.SALIENCY) {
                // The most negative score is red on screen, so it must be red in the file too.
                int bottom = argmax(negate(f.values()));
                assertEquals(screenColour(contents.get(kind), bottom), pixelAt(img, layout, 0, 0, bottom));
                Color c = new Color(pixelAt(img, layout, 0, 0, bottom));
                assertTrue(c.getRed() > c.getBlue(), "negative evidence is red: " + c);
            }
        }
    }

    @Test
    void panelSvgPdfLatexAndHtmlCarryTheTitleAndTheScreensColours() throws Exception {
        PanelContent saliency = contents.get(PanelKind.SALIENCY);
        assertEquals(AttentionPalette.Kind.DIVERGING, saliency.scale().kind(), "a signed method diverges");
        HeatmapFigure f = figure(PanelKind.SALIENCY);
        HeatmapExporter exporter = new HeatmapExporter();

        Path svg = dir.resolve("s.svg");
        exporter.write(f, svg);
        String text = svgText(svg);
        assertTrue(text.contains("Saliency"), text);
        assertTrue(text.contains("vs original"), "the metrics line: " + text);

        Path pdf = dir.resolve("s.pdf");
        exporter.write(f, pdf);
        assertPdf(Files.readAllBytes(pdf));

        Path tex = dir.resolve("s.tex");
        exporter.write(f, tex);
        String latex = Files.readString(tex);
        assertTrue(latex.contains("% Saliency\n"), latex);
        List<String> rgbs = colorboxes(latex);
        assertEquals(doc.size(), rgbs.size(), "one \\colorbox per token");
        double[] v = saliency.values();
        for (int i = 0; i < v.length; i++) assertEquals(rgb(saliency.scale().color(v[i])), rgbs.get(i), "token " + i);

        // The attention panel's LaTeX is on its sequential scale (the old API's colours).
        PanelContent original = contents.get(PanelKind.ORIGINAL);
        Path tex2 = dir.resolve("o.tex");
        exporter.write(figure(PanelKind.ORIGINAL), tex2);
        List<String> seq = colorboxes(Files.readString(tex2));
        for (int i = 0; i < doc.size(); i++) {
            assertEquals(rgb(original.scale().color(original.values()[i])), seq.get(i), "token " + i);
        }

        Path html = dir.resolve("s.html");
        exporter.write(f, html);
        String page = Files.readString(html);
        int top = argmax(v);
        Color c = saliency.scale().color(v[top]);
        assertTrue(page.contains(String.format(Locale.ROOT, "background-color:#%02x%02x%02x", c.getRed(), c.getGreen(),
                c.getBlue())), "the largest score's colour");
        assertTrue(page.contains("<h1") && page.contains("Saliency</h1>"));
    }

    @Test
    void gridPageHoldsEveryPanelInOrderInTheScreensColours() throws Exception {
        // A non-default order, as the side bar would leave it.
        List<PanelKind> order = List.of(PanelKind.SALIENCY, PanelKind.ORIGINAL, PanelKind.UNIFORM,
                PanelKind.ADVERSARIAL, PanelKind.PERMUTED);
        List<HeatmapFigure> figures = new ArrayList<>();
        for (PanelKind k : order) figures.add(figure(k));
        GridExporter exporter = new GridExporter();

        Path png = dir.resolve("grid.png");
        exporter.write(figures, png);
        BufferedImage img = ImageIO.read(png.toFile());
        assertNotNull(img);
        assertTrue(colours(img) > 20);
        GridExporter.PageLayout page = exporter.layout(figures);
        assertEquals(page.width(), img.getWidth(), 1);
        HeatmapLayout shared = page.cells().get(0).layout().tokens();
        for (int c = 0; c < order.size(); c++) {
            GridExporter.Cell cell = page.cells().get(c);
            assertTrue(cell.layout().tokens() == shared, "one token layout for every cell, as on screen");
            PanelContent content = contents.get(order.get(c));
            int top = argmax(content.values());
            assertEquals(screenColour(content, top), pixelAt(img, cell.layout(), cell.x(), cell.y(), top),
                    order.get(c) + " token " + top);
        }
        assertTrue(page.cells().get(0).x() < page.cells().get(1).x(), "two columns");
        assertTrue(page.cells().get(0).y() < page.cells().get(2).y(), "rows in order");

        Path svg = dir.resolve("grid.svg");
        exporter.write(figures, svg);
        String text = svgText(svg);
        for (PanelKind k : order) assertTrue(text.contains(k.title()), k.title() + " in the SVG");

        Path pdf = dir.resolve("grid.pdf");
        exporter.write(figures, pdf);
        assertPdf(Files.readAllBytes(pdf));
    }

    /** The colour the panel on screen gives token {@code i}: its scale's colour of its value. */
    private static int screenColour(PanelContent c, int i) {
        return c.scale().color(c.values()[i]).getRGB() & 0xffffff;
    }

    /** The pixel inside token {@code i}'s box, left of its text (inside the padding, clear of the rounded corners). */
    private static int pixelAt(BufferedImage img, FigureLayout layout, double x, double y, int i) {
        Rectangle2D b = layout.tokens().boxes().get(i).bounds();
        int px = (int) Math.floor(x + b.getX()) + 1;
        int py = (int) Math.floor(y + layout.tokensTop() + b.getCenterY());
        return img.getRGB(px, py) & 0xffffff;
    }

    private static int colours(BufferedImage img) {
        Set<Integer> seen = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) seen.add(img.getRGB(x, y));
        return seen.size();
    }

    private static int argmax(double[] v) {
        int best = 0;
        for (int i = 1; i < v.length; i++) if (v[i] > v[best]) best = i;
        return best;
    }

    private static double[] negate(double[] v) {
        double[] out = v.clone();
        for (int i = 0; i < out.length; i++) out[i] = -out[i];
        return out;
    }

    /** All text of an SVG file, which must parse as XML. */
    private static String svgText(Path svg) throws Exception {
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        // The SVG DOCTYPE names a DTD on w3.org: parse without fetching it (tests run offline).
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document d = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(svg)));
        assertEquals("svg", d.getDocumentElement().getNodeName());
        NodeList texts = d.getElementsByTagName("text");
        StringBuilder sb = new StringBuilder();
        for (int i = 0; i < texts.getLength(); i++) sb.append(texts.item(i).getTextContent()).append('\n');
        return sb.toString();
    }

    private static void assertPdf(byte[] b) {
        assertEquals("%PDF", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(new String(b, StandardCharsets.ISO_8859_1).strip().endsWith("%%EOF"), "ends with %%EOF");
    }

    private static List<String> colorboxes(String latex) {
        Matcher m = Pattern.compile("\\\\colorbox\\[rgb\\]\\{([^}]*)\\}").matcher(latex);
        List<String> out = new ArrayList<>();
        while (m.find()) out.add(m.group(1));
        return out;
    }

    private static String rgb(Color c) {
        return String.format(Locale.ROOT, "%.3f,%.3f,%.3f", c.getRed() / 255.0, c.getGreen() / 255.0, c.getBlue() / 255.0);
    }
}
