package org.attentionworkbench.figures;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.awt.image.BufferedImage;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import javax.imageio.ImageIO;
import javax.xml.parsers.DocumentBuilderFactory;
import org.attentionworkbench.explain.Explanation;
import org.attentionworkbench.ui.export.TestExplanations;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.w3c.dom.Document;

class HeatmapExporterTest {

    @TempDir
    Path dir;

    private final List<String> tokens = TestExplanations.tokens();
    private final double[] weights = weights(tokens.size());

    private static double[] weights(int n) {
        double[] w = new double[n];
        double s = 0;
        for (int i = 0; i < n; i++) s += w[i] = 1 + (i * 7 % 5);
        for (int i = 0; i < n; i++) w[i] /= s;
        return w;
    }

    @Test
    void pngDecodesAndIsNotBlank() throws Exception {
        Path f = dir.resolve("h.png");
        new HeatmapExporter().write(tokens, weights, f);
        BufferedImage img = ImageIO.read(f.toFile());
        assertNotNull(img);
        assertEquals(800, img.getWidth());
        Set<Integer> colours = new HashSet<>();
        for (int y = 0; y < img.getHeight(); y += 2) for (int x = 0; x < img.getWidth(); x += 2) colours.add(img.getRGB(x, y));
        assertTrue(colours.size() > 10, "only " + colours.size() + " colours");
    }

    @Test
    void svgIsXmlWithOneTextPerToken() throws Exception {
        Path f = dir.resolve("h.svg");
        new HeatmapExporter().write(tokens, weights, f);
        DocumentBuilderFactory dbf = DocumentBuilderFactory.newInstance();
        // The SVG DOCTYPE names a DTD on w3.org: parse without fetching it (tests run offline).
        dbf.setFeature("http://apache.org/xml/features/nonvalidating/load-external-dtd", false);
        Document doc = dbf.newDocumentBuilder().parse(new ByteArrayInputStream(Files.readAllBytes(f)));
        assertEquals("svg", doc.getDocumentElement().getNodeName());
        assertTrue(doc.getElementsByTagName("text").getLength() >= tokens.size());
    }

    @Test
    void pdfHasAPdfHeader() throws Exception {
        Path f = dir.resolve("h.pdf");
        new HeatmapExporter().write(tokens, weights, f);
        byte[] b = Files.readAllBytes(f);
        assertEquals("%PDF", new String(b, 0, 4, StandardCharsets.US_ASCII));
        assertTrue(b.length > 500);
        // Tokens are any Unicode: drawn as outlines by the one figure writer, no standard font.
        assertFalse(new String(b, StandardCharsets.ISO_8859_1).contains("/Font"), "text written with a PDF font");
    }

    @Test
    void latexEscapesEverySpecialCharacter() {
        assertEquals("\\& \\% \\$ \\# \\_ \\{ \\} \\textasciitilde{} \\textasciicircum{} \\textbackslash{}",
                LatexHeatmap.escape("& % $ # _ { } ~ ^ \\"));
        String tex = LatexHeatmap.render(tokens, weights);
        assertEquals(tokens.size(), tex.split("\\\\colorbox\\[rgb\\]\\{", -1).length - 1);
        assertTrue(tex.contains("{\\strut 50\\%}") || tex.contains("{\\textcolor{white}{50\\%}}"), tex);
        assertTrue(tex.contains("snake\\_case"));
        assertFalse(tex.contains("{\\strut \\}"), "unescaped backslash token");
    }

    @Test
    void htmlHasOneColouredSpanPerTokenAndEscapes() {
        String html = HtmlHeatmap.fragment(tokens, weights);
        assertEquals(tokens.size(), html.split("<span style=\"background-color:#", -1).length - 1);
        assertTrue(html.contains("&lt;b&gt;"));
        assertTrue(html.contains("&amp;"));
        assertFalse(html.contains("<b>"));
    }

    @Test
    void csvAndJsonHoldEveryMethod() throws Exception {
        Explanation e = TestExplanations.of(tokens, 3);
        TokenValuesTable t = TokenValuesTable.of(e);
        String[] lines = t.toCsv().split("\n");
        assertEquals(tokens.size() + 1, lines.length);
        assertTrue(lines[0].startsWith("index,token,attention,adversarial_exact,adversarial_search,gradient"), lines[0]);
        assertTrue(lines[0].contains("integrated_gradients"));
        assertTrue(t.toCsv().contains("\"a,b\""));
        assertTrue(t.toCsv().contains("\"\"\"q\"\"\""));
        var tree = new com.fasterxml.jackson.databind.ObjectMapper().readTree(t.toJson());
        assertEquals(tokens.size(), tree.get("tokens").size());
        assertEquals("&", tree.get("tokens").get(4).get("token").asText());
        assertEquals(e.document().attention()[0], tree.get("tokens").get(0).get("attention").asDouble(), 1e-12);
    }
}
